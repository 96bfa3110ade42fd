// Kernel of window_time: a window's end minus one microsecond.
import type { ColumnVector } from '../column-vector.js';
import { makeVector } from '../kernel-helpers.js';
import { registerKernels } from '../kernel-registry.js';

registerKernels({
  window_time: (call) => (args, n) => {
    const window = args[0]!;
    const end = window.fields![1]!;
    const ends = end.values as Float64Array;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = ends[i]! - 1;
    const nulls = window.nulls ?? end.nulls;
    return makeVector(call.dataType, out as ColumnVector['values'], nulls === null ? null : nulls.slice(), n);
  },
});
