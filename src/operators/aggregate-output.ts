// The output columns of an aggregation: one vector per key or result, filled straight from the groups' values.
import type { DataType } from '../common/data-types.js';
import { isNumberBacked } from '../compute/aggregates/aggregate-state-codec.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { allocateValues, vectorFromInternal } from '../compute/column-vector.js';

/**
 * The vector of `n` internal values `valueAt(0 … n-1)` (null = null), as vectorFromInternal builds it. Number-backed
 * types, and structs of them (time windows), are written into their typed arrays without an intermediate array.
 * @example outputVector(LongType, 2, (i) => [5, null][i]) // { values: Float64Array [5, 0], nulls: Uint8Array [0, 1] }
 */
export function outputVector(type: DataType, n: number, valueAt: (i: number) => unknown): ColumnVector {
  if (isNumberBacked(type)) return numberVector(type, n, valueAt);
  if (type.kind === 'struct' && type.fields.every((f) => isNumberBacked(f.dataType))) {
    let nulls: Uint8Array | null = null;
    const rows = new Array<Readonly<Record<string, unknown>> | null>(n);
    for (let i = 0; i < n; i++) {
      const row = valueAt(i) as Readonly<Record<string, unknown>> | null | undefined;
      if (row === null || row === undefined) {
        (nulls ??= new Uint8Array(n))[i] = 1;
        rows[i] = null;
      } else rows[i] = row;
    }
    const fields = type.fields.map((f) => numberVector(f.dataType, n, (i) => {
      const row = rows[i];
      return row === null || row === undefined ? null : row[f.name] ?? null;
    }));
    return { dataType: type, length: n, values: [], nulls, fields };
  }
  const values = new Array<unknown>(n);
  for (let i = 0; i < n; i++) values[i] = valueAt(i);
  return vectorFromInternal(type, values);
}

function numberVector(type: DataType, n: number, valueAt: (i: number) => unknown): ColumnVector {
  const values = allocateValues(type, n) as Float64Array;
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = valueAt(i);
    if (v === null || v === undefined) (nulls ??= new Uint8Array(n))[i] = 1;
    else values[i] = v as number;
  }
  return { dataType: type, length: n, values, nulls };
}
