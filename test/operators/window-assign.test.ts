// Window assignment: sliding, tumbling and session windows, null times, and input columns copied only when read.
import { describe, expect, it } from 'vitest';
import { LongType, StringType, TimestampType } from '../../src/common/data-types.js';
import type { ColumnBatch, ColumnVector } from '../../src/compute/column-vector.js';
import { takeRows } from '../../src/compute/column-vector.js';
import { deferredTakeRows } from '../../src/compute/deferred-take.js';
import { assignWindows } from '../../src/operators/window-assign.js';
import type { WindowSpec } from '../../src/planner/logical/plan.js';

const S = 1_000_000; // µs per second

function batch(times: (number | null)[]): ColumnBatch {
  const n = times.length;
  const time: ColumnVector = {
    dataType: TimestampType, length: n, values: Float64Array.from(times, (t) => t ?? 0),
    nulls: times.includes(null) ? Uint8Array.from(times, (t) => (t === null ? 1 : 0)) : null,
  };
  const ids: ColumnVector = { dataType: LongType, length: n, values: Float64Array.from(times, (_, i) => 100 + i), nulls: null };
  const names: ColumnVector = { dataType: StringType, length: n, values: times.map((_, i) => `row${i}`), nulls: Uint8Array.from(times, (_, i) => (i === 1 ? 1 : 0)) };
  return { numRows: n, columns: [ids, names, time] };
}

function sliding(sizeS: number, slideS: number, startS = 0): WindowSpec {
  return { type: 'sliding', sizeMs: sizeS * 1000, slideMs: slideS * 1000, startMs: startS * 1000 };
}

function windows(out: ColumnBatch): [number, number][] {
  const w = out.columns[out.columns.length - 1]!;
  const starts = w.fields![0]!.values as Float64Array;
  const ends = w.fields![1]!.values as Float64Array;
  return Array.from(starts, (s, k) => [s / S, ends[k]! / S]);
}

describe('assignWindows', () => {
  it('puts each row in every sliding window containing it, latest window first, and repeats its columns', () => {
    // 10 s lies in [8, 18) and [4, 14), not in [0, 10)
    const out = assignWindows(batch([13 * S, 10 * S]), 2, sliding(10, 4));
    expect(out.numRows).toBe(5);
    expect(windows(out)).toEqual([[12, 22], [8, 18], [4, 14], [8, 18], [4, 14]]);
    expect(Array.from(out.columns[0]!.values as Float64Array)).toEqual([100, 100, 100, 101, 101]);
    expect(out.columns[1]!.values).toEqual(['row0', 'row0', 'row0', 'row1', 'row1']);
    expect(Array.from(out.columns[1]!.nulls!)).toEqual([0, 0, 0, 1, 1]);
  });

  it('handles window sizes that are not a multiple of the slide, offsets, and times before 1970', () => {
    const out = assignWindows(batch([-3 * S, 7 * S]), 2, sliding(5, 3, 1));
    // starts ≡ 1 (mod 3): -3 s lies in [-5, 0) only ([-8, -3) ends before it), 7 s in [7, 12) and [4, 9)
    expect(windows(out)).toEqual([[-5, 0], [7, 12], [4, 9]]);
  });

  it('drops rows with a null time (like Spark) and keeps the others in order', () => {
    const out = assignWindows(batch([5 * S, null, 25 * S]), 2, sliding(10, 10));
    expect(out.numRows).toBe(2);
    expect(windows(out)).toEqual([[0, 10], [20, 30]]);
    expect(Array.from(out.columns[0]!.values as Float64Array)).toEqual([100, 102]);
    expect(out.columns[1]!.nulls).toBeNull();
  });

  it('reuses the input columns when every row has exactly one window (tumbling, no null time)', () => {
    const input = batch([5 * S, 15 * S, 16 * S]);
    const out = assignWindows(input, 2, sliding(10, 10));
    expect(out.columns.slice(0, 3)).toEqual(input.columns);
    expect(out.columns[0]).toBe(input.columns[0]);
    expect(windows(out)).toEqual([[0, 10], [10, 20], [10, 20]]);
  });

  it('gives each row of a session spec its own window [t, t + gap)', () => {
    const out = assignWindows(batch([5 * S, null, 7 * S]), 2, { type: 'session', gapMs: 3000 });
    expect(windows(out)).toEqual([[5, 8], [7, 10]]);
    expect(Array.from(out.columns[0]!.values as Float64Array)).toEqual([100, 102]);
  });
});

describe('deferredTakeRows', () => {
  it('copies the rows only when read, once, and reads like takeRows (spread copies included)', () => {
    const source = batch([1, 2, 3]).columns[1]!;
    const indices = Int32Array.of(2, 2, 1);
    const lazy = deferredTakeRows(source, indices);
    expect([lazy.dataType, lazy.length]).toEqual([StringType, 3]);
    const expected = takeRows(source, indices);
    expect(lazy.values).toEqual(expected.values);
    expect(lazy.values).toBe(lazy.values);
    expect(lazy.nulls).toEqual(expected.nulls);
    expect({ ...lazy, length: 2 }).toEqual({ dataType: StringType, length: 2, values: ['row2', 'row2', 'row1'], nulls: Uint8Array.of(0, 0, 1) });
  });

  it('takes struct children and keeps a column without nulls free of them without copying', () => {
    const ids = batch([1, 2]).columns[0]!;
    const lazy = deferredTakeRows(ids, Int32Array.of(1));
    expect(lazy.nulls).toBeNull();
    expect(lazy.fields).toBeUndefined();
    const w = assignWindows(batch([1, 2]), 2, sliding(10, 10)).columns[3]!;
    const struct = deferredTakeRows(w, Int32Array.of(1, 0));
    expect(Array.from(struct.fields![0]!.values as Float64Array)).toEqual([0, 0]);
    expect(struct.values).toEqual([]);
  });
});
