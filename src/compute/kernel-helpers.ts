// Building blocks for kernels: null-mask merging and lifting per-value functions into whole-column kernels.
import type { DataType } from '../common/data-types.js';
import { allocateValues } from './column-vector.js';
import type { ColumnVector, VectorValues } from './column-vector.js';
import type { Kernel } from './kernel-registry.js';

/** The union of null masks (row null when any input is null), or null when no input has nulls. */
export function unionNulls(vectors: readonly ColumnVector[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const v of vectors) {
    if (v.nulls === null) continue;
    if (out === null) out = v.nulls.slice(0, n);
    else for (let i = 0; i < n; i++) out[i]! |= v.nulls[i]!;
  }
  return out;
}

/** A vector from values and a mask, dropping the mask when it marks nothing. */
export function makeVector(dataType: DataType, values: VectorValues, nulls: Uint8Array | null, length = values.length): ColumnVector {
  if (nulls !== null && nulls.indexOf(1) < 0) nulls = null;
  return { dataType, length, values, nulls };
}

/**
 * Lifts `fn(x)` over one column: null in → null out; `fn` returning null (or undefined) makes that row null.
 * @example unaryKernel(StringType, (s) => (s as string).toUpperCase())
 */
export function unaryKernel(outType: DataType, fn: (x: unknown) => unknown): Kernel {
  return (args, n) => {
    const a = args[0]!;
    const av = a.values as ArrayLike<unknown>;
    const values = allocateValues(outType, n) as unknown[];
    const nulls = a.nulls === null ? null : a.nulls.slice(0, n);
    let extra: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const r = fn(av[i]);
      if (r === null || r === undefined) {
        if (extra === null) extra = nulls ?? new Uint8Array(n);
        extra[i] = 1;
      } else values[i] = r;
    }
    return makeVector(outType, values as VectorValues, extra ?? nulls, n);
  };
}

/** Lifts `fn(x, y)` over two columns with null propagation (see unaryKernel). */
export function binaryKernel(outType: DataType, fn: (x: unknown, y: unknown) => unknown): Kernel {
  return (args, n) => {
    const av = args[0]!.values as ArrayLike<unknown>;
    const bv = args[1]!.values as ArrayLike<unknown>;
    const values = allocateValues(outType, n) as unknown[];
    let nulls = unionNulls(args, n);
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const r = fn(av[i], bv[i]);
      if (r === null || r === undefined) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls[i] = 1;
      } else values[i] = r;
    }
    return makeVector(outType, values as VectorValues, nulls, n);
  };
}

/** Lifts `fn(values)` over any number of columns; null in any argument → null (see unaryKernel). */
export function naryKernel(outType: DataType, fn: (xs: unknown[]) => unknown): Kernel {
  return (args, n) => {
    const cols = args.map((a) => a.values as ArrayLike<unknown>);
    const values = allocateValues(outType, n) as unknown[];
    let nulls = unionNulls(args, n);
    const xs = new Array<unknown>(cols.length);
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      for (let k = 0; k < cols.length; k++) xs[k] = cols[k]![i];
      const r = fn(xs);
      if (r === null || r === undefined) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls[i] = 1;
      } else values[i] = r;
    }
    return makeVector(outType, values as VectorValues, nulls, n);
  };
}

/**
 * Like naryKernel but `fn` sees nulls (as null) and decides itself: for coalesce, concat_ws, greatest.
 * Struct arguments are not supported here.
 */
export function nullAwareKernel(outType: DataType, fn: (xs: unknown[]) => unknown): Kernel {
  return (args, n) => {
    const values = allocateValues(outType, n) as unknown[];
    let nulls: Uint8Array | null = null;
    const xs = new Array<unknown>(args.length);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < args.length; k++) {
        const a = args[k]!;
        xs[k] = a.nulls !== null && a.nulls[i] === 1 ? null : (a.values as ArrayLike<unknown>)[i];
      }
      const r = fn(xs);
      if (r === null || r === undefined) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls[i] = 1;
      } else values[i] = r;
    }
    return makeVector(outType, values as VectorValues, nulls, n);
  };
}
