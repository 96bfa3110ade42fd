// Window assignment (a stage step): each row goes to every event-time window containing it; the window struct is appended.
import { internalError } from '../common/errors.js';
import type { ColumnBatch, ColumnVector } from '../compute/column-vector.js';
import { takeRows } from '../compute/column-vector.js';
import type { WindowSpec } from '../planner/logical/plan.js';
import { WINDOW_TYPE } from '../planner/logical/stateful-builder.js';

const MICROS_PER_MS = 1000;

/**
 * For time t (µs) and a sliding spec (size W, slide S, start O), the windows are [s, s + W) for every
 * s ≡ O (mod S) with s ≤ t < s + W: the last such start is t - ((t - O) mod S), then earlier ones by S.
 * A session spec gives the row's own window [t, t + gap). Rows with a null time are dropped (like Spark).
 */
export function assignWindows(batch: ColumnBatch, timeIndex: number, spec: WindowSpec): ColumnBatch {
  const time = batch.columns[timeIndex]!;
  if (time.dataType.kind !== 'timestamp') throw internalError('window time column is not a TIMESTAMP');
  const t = time.values as Float64Array;
  const n = batch.numRows;
  const rows: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  if (spec.type === 'session') {
    const gap = spec.gapMs * MICROS_PER_MS;
    for (let i = 0; i < n; i++) {
      if (time.nulls !== null && time.nulls[i] === 1) continue;
      rows.push(i);
      starts.push(t[i]!);
      ends.push(t[i]! + gap);
    }
  } else {
    const size = spec.sizeMs * MICROS_PER_MS;
    const slide = spec.slideMs * MICROS_PER_MS;
    const offset = spec.startMs * MICROS_PER_MS;
    for (let i = 0; i < n; i++) {
      if (time.nulls !== null && time.nulls[i] === 1) continue;
      const ti = t[i]!;
      const remainder = (((ti - offset) % slide) + slide) % slide;
      for (let start = ti - remainder; start > ti - size; start -= slide) {
        rows.push(i);
        starts.push(start);
        ends.push(start + size);
      }
    }
  }
  const indices = Int32Array.from(rows);
  const sameRows = indices.length === n && spec.type === 'session' && time.nulls === null;
  const columns = sameRows ? [...batch.columns] : batch.columns.map((c) => takeRows(c, indices));
  const windowVector: ColumnVector = {
    dataType: WINDOW_TYPE,
    length: indices.length,
    values: [],
    nulls: null,
    fields: [
      { dataType: WINDOW_TYPE.fields[0]!.dataType, length: indices.length, values: Float64Array.from(starts), nulls: null },
      { dataType: WINDOW_TYPE.fields[1]!.dataType, length: indices.length, values: Float64Array.from(ends), nulls: null },
    ],
  };
  columns.push(windowVector);
  return { numRows: indices.length, columns };
}
