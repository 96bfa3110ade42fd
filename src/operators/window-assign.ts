// Window assignment (a stage step): each row goes to every event-time window containing it; the window struct is appended.
import { internalError } from '../common/errors.js';
import type { ColumnBatch, ColumnVector } from '../compute/column-vector.js';
import { deferredTakeRows } from '../compute/deferred-take.js';
import type { WindowSpec } from '../planner/logical/plan.js';
import { WINDOW_TYPE } from '../planner/logical/stateful-builder.js';

const MICROS_PER_MS = 1000;

/**
 * For time t (µs) and a sliding spec (size W, slide S, start O), the windows are [s, s + W) for every
 * s ≡ O (mod S) with s ≤ t < s + W: the last such start is t - ((t - O) mod S), then earlier ones by S.
 * A session spec gives the row's own window [t, t + gap). Rows with a null time are dropped (like Spark).
 *
 *   pass 1: count the output rows (windows per row);  pass 2: write the row index, start and end of each
 *   the input columns are repeated lazily (deferredTakeRows): a later projection keeps only the columns it reads, so
 *   the columns it drops are never copied. When every row has exactly one window the input columns are reused.
 */
export function assignWindows(batch: ColumnBatch, timeIndex: number, spec: WindowSpec): ColumnBatch {
  const time = batch.columns[timeIndex]!;
  if (time.dataType.kind !== 'timestamp') throw internalError('window time column is not a TIMESTAMP');
  const t = time.values as Float64Array;
  const timeNulls = time.nulls;
  const n = batch.numRows;
  let total: number;
  let rows: Int32Array;
  let starts: Float64Array;
  let ends: Float64Array;
  if (spec.type === 'session') {
    const gap = spec.gapMs * MICROS_PER_MS;
    total = 0;
    for (let i = 0; i < n; i++) if (timeNulls === null || timeNulls[i] !== 1) total++;
    rows = new Int32Array(total);
    starts = new Float64Array(total);
    ends = new Float64Array(total);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (timeNulls !== null && timeNulls[i] === 1) continue;
      rows[k] = i;
      starts[k] = t[i]!;
      ends[k++] = t[i]! + gap;
    }
  } else {
    const size = spec.sizeMs * MICROS_PER_MS;
    const slide = spec.slideMs * MICROS_PER_MS;
    const offset = spec.startMs * MICROS_PER_MS;
    total = 0;
    for (let i = 0; i < n; i++) {
      if (timeNulls !== null && timeNulls[i] === 1) continue;
      const ti = t[i]!;
      const remainder = (((ti - offset) % slide) + slide) % slide;
      for (let start = ti - remainder; start > ti - size; start -= slide) total++;
    }
    rows = new Int32Array(total);
    starts = new Float64Array(total);
    ends = new Float64Array(total);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (timeNulls !== null && timeNulls[i] === 1) continue;
      const ti = t[i]!;
      const remainder = (((ti - offset) % slide) + slide) % slide;
      for (let start = ti - remainder; start > ti - size; start -= slide) {
        rows[k] = i;
        starts[k] = start;
        ends[k++] = start + size;
      }
    }
  }
  // every row kept once, in order: the input columns serve as they are
  const sameRows = total === n && (timeNulls === null || isIdentity(rows));
  const columns: ColumnVector[] = sameRows ? [...batch.columns] : batch.columns.map((c) => deferredTakeRows(c, rows));
  const windowVector: ColumnVector = {
    dataType: WINDOW_TYPE,
    length: total,
    values: [],
    nulls: null,
    fields: [
      { dataType: WINDOW_TYPE.fields[0]!.dataType, length: total, values: starts, nulls: null },
      { dataType: WINDOW_TYPE.fields[1]!.dataType, length: total, values: ends, nulls: null },
    ],
  };
  columns.push(windowVector);
  return { numRows: total, columns };
}

function isIdentity(rows: Int32Array): boolean {
  for (let k = 0; k < rows.length; k++) if (rows[k] !== k) return false;
  return true;
}
