// Vectorised conditionals: coalesce, nvl, nullif, if, greatest, least, isnan, nanvl — each picks, per row, which argument's value to copy.
import { BooleanType } from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import { allocateValues, internalValueAt, nullVector } from '../column-vector.js';
import type { ColumnVector, VectorValues } from '../column-vector.js';
import type { KernelContext, KernelFactory } from '../kernel-registry.js';
import { registerKernels } from '../kernel-registry.js';
import { makeVector } from '../kernel-helpers.js';
import { castVector } from './cast-kernel.js';
import type { NumericValues } from './math-kernels.js';
import { compareInternal } from './operator-kernels.js';

function isNullRow(v: ColumnVector, i: number): boolean {
  return v.nulls !== null && v.nulls[i] === 1;
}

/**
 * Row i of the result is row i of sources[choice[i]], or null when choice[i] is -1. All sources have `type`;
 * structs are gathered field by field.
 * @example gatherRows(IntegerType, [a, b], Int32Array.of(0, 1, -1), 3) // [a[0], b[1], null]
 */
export function gatherRows(type: DataType, sources: readonly ColumnVector[], choice: Int32Array, n: number): ColumnVector {
  if (type.kind === 'null') return nullVector(type, n);
  const nulls = new Uint8Array(n);
  if (type.kind === 'struct') {
    let any = false;
    for (let i = 0; i < n; i++) {
      const c = choice[i]!;
      if (c < 0 || isNullRow(sources[c]!, i)) {
        nulls[i] = 1;
        any = true;
      }
    }
    const fields = type.fields.map((f, k) => gatherRows(f.dataType, sources.map((s) => s.fields![k]!), choice, n));
    return { dataType: type, length: n, values: [], nulls: any ? nulls : null, fields };
  }
  const values = allocateValues(type, n) as unknown[];
  for (let i = 0; i < n; i++) {
    const c = choice[i]!;
    if (c < 0) {
      nulls[i] = 1;
      continue;
    }
    const s = sources[c]!;
    if (isNullRow(s, i)) nulls[i] = 1;
    else values[i] = (s.values as ArrayLike<unknown>)[i];
  }
  return makeVector(type, values as VectorValues, nulls, n);
}

/** coalesce / nvl: the first argument that is not null. */
const coalesceKernel: KernelFactory = (call) => (args, n) => {
  const choice = new Int32Array(n).fill(-1);
  let pending = n;
  for (let k = 0; k < args.length && pending > 0; k++) {
    const a = args[k]!;
    for (let i = 0; i < n; i++) {
      if (choice[i] === -1 && !isNullRow(a, i)) {
        choice[i] = k;
        pending--;
      }
    }
  }
  return gatherRows(call.dataType, args, choice, n);
};

/** if(cond, a, b): a where cond is true, b where it is false or null. */
const ifKernel: KernelFactory = (call) => (args, n) => {
  const cond = args[0]!;
  const cv = cond.values as Uint8Array;
  const choice = new Int32Array(n);
  for (let i = 0; i < n; i++) choice[i] = cv[i] === 1 && !isNullRow(cond, i) ? 1 : 2;
  return gatherRows(call.dataType, args, choice, n);
};

/** Per-row comparison of two vectors of one type through compareInternal. */
function valueAtRow(v: ColumnVector, i: number): unknown {
  return v.dataType.kind === 'struct' ? internalValueAt(v, i) : (v.values as ArrayLike<unknown>)[i];
}

/** greatest / least: the largest (smallest) non-null argument; NaN counts as the largest number. */
function extremumKernel(sign: 1 | -1): KernelFactory {
  return (call) => {
    const type = call.dataType;
    return (args, n) => {
      const choice = new Int32Array(n).fill(-1);
      for (let k = 0; k < args.length; k++) {
        const a = args[k]!;
        for (let i = 0; i < n; i++) {
          if (isNullRow(a, i)) continue;
          const best = choice[i]!;
          if (best < 0 || sign * compareInternal(type, valueAtRow(a, i), valueAtRow(args[best]!, i)) > 0) choice[i] = k;
        }
      }
      return gatherRows(type, args, choice, n);
    };
  };
}

/** nullif(a, b): null where a = b (compared in options.compareType), else a. */
function nullIfKernel(call: Parameters<KernelFactory>[0], ctx: KernelContext) {
  const compareType = (call.options?.['compareType'] as DataType | undefined) ?? call.args[0]!.dataType;
  return (args: readonly ColumnVector[], n: number): ColumnVector => {
    const a = castVector(args[0]!, compareType, ctx);
    const b = castVector(args[1]!, compareType, ctx);
    const choice = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (isNullRow(a, i) || isNullRow(b, i)) continue;
      if (compareInternal(compareType, valueAtRow(a, i), valueAtRow(b, i)) === 0) choice[i] = -1;
    }
    return gatherRows(call.dataType, [args[0]!], choice, n);
  };
}

/** isnan(x): true for NaN, false otherwise (null included); never null. */
const isNanKernel: KernelFactory = () => (args, n) => {
  const a = args[0]!;
  const av = a.values as NumericValues;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = av[i]!;
    out[i] = x !== x && !isNullRow(a, i) ? 1 : 0;
  }
  return makeVector(BooleanType, out, null, n);
};

/** nanvl(a, b): b where a is NaN, else a (null stays null). */
const nanvlKernel: KernelFactory = (call) => (args, n) => {
  const a = args[0]!;
  const av = a.values as NumericValues;
  const choice = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = av[i]!;
    if (x !== x && !isNullRow(a, i)) choice[i] = 1;
  }
  return gatherRows(call.dataType, args, choice, n);
};

registerKernels({
  coalesce: coalesceKernel,
  nvl: coalesceKernel,
  nullif: nullIfKernel,
  if: ifKernel,
  greatest: extremumKernel(1),
  least: extremumKernel(-1),
  isnan: isNanKernel,
  nanvl: nanvlKernel,
});
