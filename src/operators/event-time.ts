// Reading event time (ms) from a column: a TIMESTAMP (µs) or a window struct (its end), for watermark checks.
import type { ColumnVector } from '../compute/column-vector.js';

/** Row i's event time in ms; +Infinity for nulls (a null time is never late). */
export function eventTimeMsReader(v: ColumnVector): (i: number) => number {
  const source = v.dataType.kind === 'struct' ? v.fields![1]! : v;
  const values = source.values as Float64Array;
  const nulls = v.nulls;
  const fieldNulls = source === v ? null : source.nulls;
  return (i) => ((nulls !== null && nulls[i] === 1) || (fieldNulls !== null && fieldNulls[i] === 1) ? Number.POSITIVE_INFINITY : values[i]! / 1000);
}
