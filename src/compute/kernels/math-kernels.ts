// Vectorised math kernels (abs, round, bround, floor, ceil, sqrt, pow, exp, ln, log, log10, log2, signum, pmod) and the decimal rounding other kernels share.
import { DoubleType } from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import { internalError } from '../../common/errors.js';
import { allocateValues } from '../column-vector.js';
import type { Kernel, KernelFactory } from '../kernel-registry.js';
import { registerKernels } from '../kernel-registry.js';
import { makeVector, unionNulls } from '../kernel-helpers.js';

/** Storage of the numeric types (INT, BIGINT, FLOAT, DOUBLE, DECIMAL) and of BOOLEAN, DATE and TIMESTAMP. */
export type NumericValues = Int32Array | Float32Array | Float64Array | Uint8Array;

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 1e22

function pow10(exponent: number): number {
  return exponent >= 0 && exponent < POW10.length ? POW10[exponent]! : 10 ** exponent;
}

/**
 * `x` rounded to `scale` decimal places (negative: tens, hundreds…) as Java's BigDecimal does on the shortest decimal
 * form of the double (Spark rounds doubles through `BigDecimal(d)`), HALF_UP (ties away from zero) or HALF_EVEN.
 * No allocation unless `x` is within rounding noise of a tie, which is then decided on its decimal digits.
 * @example roundDecimal(2.675, 2) // 2.68 (Math.round(267.49999999999997) would give 2.67)
 * @example roundDecimal(2.5, 0, true) // 2
 */
export function roundDecimal(x: number, scale: number, halfEven = false): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (scale >= 0 && scale < POW10.length) {
    const f = POW10[scale]!;
    const y = Math.abs(x) * f;
    const floor = Math.floor(y);
    const frac = y - floor;
    if (Math.abs(frac - 0.5) > y * 1e-12 + 1e-12) {
      const r = (frac > 0.5 ? floor + 1 : floor) / f;
      return x < 0 ? -r : r;
    }
  }
  return roundByDigits(x, scale, halfEven);
}

function roundByDigits(x: number, scale: number, halfEven: boolean): number {
  const text = Math.abs(x).toExponential(); // shortest digits: d[.ddd]e±n
  const e = text.indexOf('e');
  const digits = text[0]! + text.slice(2, e);
  const keep = Number(text.slice(e + 1)) + 1 + scale; // digits left of the rounding position
  if (keep >= digits.length) return x;
  if (keep < 0) return 0;
  const head = keep === 0 ? 0 : Number(digits.slice(0, keep));
  const next = digits.charCodeAt(keep) - 48;
  // shortest digits never end in 0, so digits after `next` mean "more than a tie"
  const up = halfEven ? next > 5 || (next === 5 && (keep + 1 < digits.length || head % 2 === 1)) : next >= 5;
  const k = head + (up ? 1 : 0);
  const r = scale >= 0 ? k / pow10(scale) : k * pow10(-scale);
  return x < 0 ? -r : r;
}

/**
 * An integer rounded to a negative scale (tens, hundreds…) exactly; non-negative scales leave it unchanged.
 * @example roundIntegral(125, -1) // 130
 * @example roundIntegral(125, -1, true) // 120
 */
export function roundIntegral(x: number, scale: number, halfEven = false): number {
  if (scale >= 0 || x === 0) return x;
  const f = pow10(-scale);
  const ax = Math.abs(x);
  const q = Math.floor(ax / f);
  const twice = (ax - q * f) * 2;
  const up = halfEven ? twice > f || (twice === f && q % 2 === 1) : twice >= f;
  const r = (q + (up ? 1 : 0)) * f;
  return x < 0 ? -r : r;
}

/**
 * A value rounded HALF_UP to a decimal type, or null when it needs more than precision - scale integral digits
 * (Spark's non-ANSI decimal overflow).
 * @example toDecimal(123.456, 5, 2) // 123.46
 * @example toDecimal(1234.5, 5, 2) // null
 */
export function toDecimal(x: number, precision: number, scale: number): number | null {
  if (!Number.isFinite(x)) return null;
  const r = roundDecimal(x, scale);
  if (Math.abs(r) >= pow10(precision - scale)) return null;
  return r === 0 ? 0 : r;
}

/**
 * Rounds every non-null row to the decimal type (HALF_UP), nulling overflows; returns the (possibly new) mask.
 * @example const nulls = fitDecimal(values, null, values.length, DecimalType(5, 2))
 */
export function fitDecimal(out: Float64Array, nulls: Uint8Array | null, n: number, type: DataType): Uint8Array | null {
  if (type.kind !== 'decimal') return nulls;
  const limit = pow10(type.precision - type.scale);
  const scale = type.scale;
  const f = pow10(scale);
  const exact = scale < POW10.length;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const x = out[i]!;
    // the fast path of roundDecimal, inlined: this runs for every row of decimal arithmetic
    const y = Math.abs(x) * f;
    const floor = Math.floor(y);
    const frac = y - floor;
    let r: number;
    if (exact && Math.abs(frac - 0.5) > y * 1e-12 + 1e-12) {
      r = (frac > 0.5 ? floor + 1 : floor) / f;
      if (x < 0) r = -r;
    } else r = roundDecimal(x, scale);
    if (Math.abs(r) < limit) out[i] = r === 0 ? 0 : r;
    else {
      if (nulls === null) nulls = new Uint8Array(n);
      nulls[i] = 1;
      out[i] = 0;
    }
  }
  return nulls;
}

/**
 * Writes 0 under every null row (the ColumnVector convention).
 * @example zeroNullSlots(out, nulls, n)
 */
export function zeroNullSlots(out: NumericValues, nulls: Uint8Array | null, n: number): void {
  if (nulls === null) return;
  for (let i = 0; i < n; i++) if (nulls[i] === 1) out[i] = 0;
}

function numericOut(type: DataType, n: number): Int32Array | Float32Array | Float64Array {
  const values = allocateValues(type, n);
  if (values instanceof Int32Array || values instanceof Float32Array || values instanceof Float64Array) return values;
  throw internalError(`math kernel over non-numeric type ${type.kind}`);
}

/** A DOUBLE → DOUBLE function; `inDomain` false gives null (ln(0), log10(-1)). */
function doubleKernel(fn: (x: number) => number, inDomain?: (x: number) => boolean): Kernel {
  return (args, n) => {
    const a = args[0]!.values as Float64Array;
    const out = new Float64Array(n);
    let nulls = unionNulls(args, n);
    for (let i = 0; i < n; i++) {
      const x = a[i]!;
      if (inDomain !== undefined && !inDomain(x)) {
        if (nulls === null) nulls = new Uint8Array(n);
        nulls[i] = 1;
      } else out[i] = fn(x);
    }
    zeroNullSlots(out, nulls, n);
    return makeVector(DoubleType, out, nulls, n);
  };
}

const positive = (x: number) => x > 0;

/** log(x) natural, or log(base, x) = ln(x) / ln(base); null when x or base is not positive (Spark's Logarithm). */
const logKernel: KernelFactory = (call) => {
  if (call.args.length === 1) return doubleKernel(Math.log, positive);
  return (args, n) => {
    const base = args[0]!.values as Float64Array;
    const x = args[1]!.values as Float64Array;
    const out = new Float64Array(n);
    const nulls = unionNulls(args, n) ?? new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const b = base[i]!;
      const v = x[i]!;
      if (b <= 0 || v <= 0) nulls[i] = 1;
      else out[i] = Math.log(v) / Math.log(b);
    }
    zeroNullSlots(out, nulls, n);
    return makeVector(DoubleType, out, nulls, n);
  };
};

const powKernel: KernelFactory = () => (args, n) => {
  const a = args[0]!.values as Float64Array;
  const b = args[1]!.values as Float64Array;
  const out = new Float64Array(n);
  const nulls = unionNulls(args, n);
  for (let i = 0; i < n; i++) out[i] = Math.pow(a[i]!, b[i]!);
  zeroNullSlots(out, nulls, n);
  return makeVector(DoubleType, out, nulls, n);
};

/** abs in the input's type; INT wraps like Java (abs(-2147483648) = -2147483648). */
const absKernel: KernelFactory = (call) => (args, n) => {
  const a = args[0]!.values as NumericValues;
  const out = numericOut(call.dataType, n);
  for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]!);
  return makeVector(call.dataType, out, args[0]!.nulls === null ? null : args[0]!.nulls.slice(0, n), n);
};

/** round / bround to options.scale: integers exactly, doubles on their decimal digits, decimals re-fitted to the result type. */
function roundingKernel(halfEven: boolean): KernelFactory {
  return (call) => {
    const scale = Number(call.options?.['scale'] ?? 0);
    const inputKind = call.args[0]!.dataType.kind;
    const type = call.dataType;
    return (args, n) => {
      const a = args[0]!.values as NumericValues;
      const out = numericOut(type, n);
      let nulls = unionNulls([args[0]!], n);
      if (inputKind === 'int' || inputKind === 'long') {
        for (let i = 0; i < n; i++) out[i] = roundIntegral(a[i]!, scale, halfEven);
      } else {
        for (let i = 0; i < n; i++) out[i] = roundDecimal(a[i]!, scale, halfEven);
      }
      if (type.kind === 'decimal') nulls = fitDecimal(out as Float64Array, nulls, n, type);
      return makeVector(type, out, nulls, n);
    };
  };
}

const LONG_LIMIT = 2 ** 63; // Long.MAX_VALUE as a double: Java's (long) of a double saturates here

/** floor / ceil: BIGINT (Java's saturating (long) of the double; NaN → 0) or a decimal of scale 0. */
function floorCeilKernel(fn: (x: number) => number): KernelFactory {
  return (call) => (args, n) => {
    const a = args[0]!.values as NumericValues;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = fn(a[i]!);
      out[i] = r !== r ? 0 : r >= LONG_LIMIT ? LONG_LIMIT : r <= -LONG_LIMIT ? -LONG_LIMIT : r;
    }
    const nulls = args[0]!.nulls === null ? null : args[0]!.nulls.slice(0, n);
    zeroNullSlots(out, nulls, n);
    return makeVector(call.dataType, out, nulls, n);
  };
}

/** pmod(a, n): (a % n + n) % n when a % n < 0, null for n = 0; in the arithmetic result type. */
const pmodKernel: KernelFactory = (call) => {
  const type = call.dataType;
  return (args, n) => {
    const a = args[0]!.values as NumericValues;
    const b = args[1]!.values as NumericValues;
    const out = numericOut(type, n);
    let nulls: Uint8Array | null = unionNulls(args, n) ?? new Uint8Array(n);
    const isInt = type.kind === 'int';
    for (let i = 0; i < n; i++) {
      const d = b[i]!;
      if (d === 0) {
        nulls[i] = 1;
        continue;
      }
      let r = a[i]! % d;
      if (r < 0) r = isInt ? ((r + d) | 0) % d : (r + d) % d;
      out[i] = r;
    }
    if (type.kind === 'decimal') nulls = fitDecimal(out as Float64Array, nulls, n, type);
    zeroNullSlots(out, nulls, n);
    return makeVector(type, out, nulls, n);
  };
};

registerKernels({
  abs: absKernel,
  round: roundingKernel(false),
  bround: roundingKernel(true),
  floor: floorCeilKernel(Math.floor),
  ceil: floorCeilKernel(Math.ceil),
  sqrt: () => doubleKernel(Math.sqrt),
  exp: () => doubleKernel(Math.exp),
  pow: powKernel,
  ln: () => doubleKernel(Math.log, positive),
  log: logKernel,
  log10: () => doubleKernel(Math.log10, positive),
  log2: () => doubleKernel((x) => Math.log(x) / Math.LN2, positive),
  signum: () => doubleKernel(Math.sign),
  pmod: pmodKernel,
});
