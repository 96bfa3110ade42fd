// Kernels for INTERVAL literals (a constant of µs) and for TIMESTAMP/DATE ± INTERVAL, the add/subtract calls typed TIMESTAMP or DATE.
//
// add/subtract keep their catalog names when an operand is an interval (see planner/expr/functions/interval-functions.ts),
// so this module wraps the arithmetic kernels of operator-kernels.ts: a call typed TIMESTAMP or DATE is computed here,
// every other call goes to the wrapped kernel unchanged.
//   TIMESTAMP ± INTERVAL  → µs ± µs (Float64Array), null in → null out
//   DATE ± INTERVAL       → days ± whole days of the interval (Int32Array); the signature only types DATE for whole days
import { LongType } from '../../common/data-types.js';
import { internalError } from '../../common/errors.js';
import { constantVector } from '../column-vector.js';
import type { ColumnVector } from '../column-vector.js';
import type { KernelFactory } from '../kernel-registry.js';
import { lookupKernel, registerKernels } from '../kernel-registry.js';
import { makeVector, unionNulls } from '../kernel-helpers.js';
import './operator-kernels.js';

const MICROS_PER_DAY = 86_400_000_000;

/** `interval('1 minute')`: the constant µs fixed at resolution (options.intervalMicros). */
const intervalKernel: KernelFactory = (call) => {
  const micros = call.options?.intervalMicros;
  if (typeof micros !== 'number') throw internalError('an interval call without options.intervalMicros reached the kernels');
  return (_args, n) => constantVector(LongType, micros, n);
};

/** Row-wise base ± sign·interval over a TIMESTAMP (µs) or DATE (days) column; `intervalFirst` for INTERVAL + TIMESTAMP. */
function shiftKernel(sign: 1 | -1, intervalFirst: boolean, unit: number): (args: readonly ColumnVector[], n: number) => ColumnVector {
  return (args, n) => {
    const base = args[intervalFirst ? 1 : 0]!;
    const interval = args[intervalFirst ? 0 : 1]!;
    const bv = base.values as Float64Array | Int32Array;
    const iv = interval.values as Float64Array;
    const out = unit === 1 ? new Float64Array(n) : new Int32Array(n);
    const nulls = unionNulls(args, n);
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      out[i] = bv[i]! + sign * Math.trunc(iv[i]! / unit);
    }
    return makeVector(base.dataType, out, nulls, n);
  };
}

/** Wraps the arithmetic kernel `name` so that calls typed TIMESTAMP or DATE shift by an interval. */
function withIntervalShift(name: 'add' | 'subtract'): KernelFactory {
  const arithmetic = lookupKernel(name);
  if (!arithmetic) throw internalError(`the '${name}' kernel must be registered before interval-kernels.ts loads`);
  const sign = name === 'add' ? 1 : -1;
  return (call, ctx) => {
    const kind = call.dataType.kind;
    if (kind !== 'timestamp' && kind !== 'date') return arithmetic(call, ctx);
    const intervalFirst = call.args[0]!.dataType.kind === 'long';
    return shiftKernel(sign, intervalFirst, kind === 'date' ? MICROS_PER_DAY : 1);
  };
}

registerKernels({
  interval: intervalKernel,
  add: withIntervalShift('add'),
  subtract: withIntervalShift('subtract'),
});
