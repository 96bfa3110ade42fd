// Kernels for element access: array[i] (0-based, like Spark's getItem) and map[key].
import type { ColumnVector } from '../column-vector.js';
import { allocateValues } from '../column-vector.js';
import { makeVector } from '../kernel-helpers.js';
import type { KernelFactory } from '../kernel-registry.js';
import { registerKernels } from '../kernel-registry.js';

const getArrayItem: KernelFactory = (call) => (args, n) => {
  const [arrays, indices] = args as [ColumnVector, ColumnVector];
  const values = allocateValues(call.dataType, n) as unknown[];
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const arr = (arrays.values as unknown[])[i] as unknown[] | null;
    const k = (indices.values as Int32Array)[i]!;
    const isNull = (arrays.nulls !== null && arrays.nulls[i] === 1) || (indices.nulls !== null && indices.nulls[i] === 1);
    const item = isNull || arr === null || k < 0 || k >= arr.length ? null : arr[k];
    if (item === null || item === undefined) nulls[i] = 1;
    else values[i] = item;
  }
  return makeVector(call.dataType, values as ColumnVector['values'], nulls, n);
};

const getMapValue: KernelFactory = (call) => (args, n) => {
  const [maps, keys] = args as [ColumnVector, ColumnVector];
  const values = allocateValues(call.dataType, n) as unknown[];
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const map = (maps.values as unknown[])[i] as Map<unknown, unknown> | null;
    const isNull = (maps.nulls !== null && maps.nulls[i] === 1) || (keys.nulls !== null && keys.nulls[i] === 1);
    const item = isNull || map === null ? null : map.get((keys.values as ArrayLike<unknown>)[i]);
    if (item === null || item === undefined) nulls[i] = 1;
    else values[i] = item;
  }
  return makeVector(call.dataType, values as ColumnVector['values'], nulls, n);
};

registerKernels({ get_array_item: getArrayItem, get_map_value: getMapValue });
