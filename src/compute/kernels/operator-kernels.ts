// Vectorised kernels of the SQL operators: arithmetic, unary minus, comparisons, <=>, AND/OR/NOT, IS [NOT] NULL, IN (Spark 3.5 non-ANSI).
//
// Semantics: a null operand gives null; INT overflow wraps like Java (Int32Array stores, Math.imul); BIGINT is a double
// in brook, so BIGINT arithmetic is exact only up to 2^53 and does not wrap (documented limitation); division and
// remainder by zero give null for every type (Spark non-ANSI, doubles included); DECIMAL results are rounded HALF_UP to
// the result scale and are null when they overflow its precision. Numeric operands may arrive in different storages
// (the signatures leave exact conversions uncast, see operator-functions.ts): loops read them as plain numbers.
// Comparisons follow Spark's ordering of doubles: NaN = NaN is true and NaN is greater than every other value; -0.0 = 0.0.
// Strings compare by UTF-16 code units (JS `<`); Spark compares UTF-8 bytes, which orders identically except when a
// character outside the BMP meets one in U+E000–U+FFFF.
import { BooleanType } from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import { assertNever, internalError } from '../../common/errors.js';
import type { ColumnVector } from '../column-vector.js';
import { allocateValues, internalValueAt } from '../column-vector.js';
import type { Kernel, KernelFactory } from '../kernel-registry.js';
import { registerKernels } from '../kernel-registry.js';
import { makeVector, unionNulls } from '../kernel-helpers.js';
import { fitDecimal, zeroNullSlots } from './math-kernels.js';
import type { NumericValues } from './math-kernels.js';

type ArithmeticOp = 'add' | 'subtract' | 'multiply' | 'divide' | 'mod';
type CompareOp = 'eq' | 'gt' | 'ge' | 'lt' | 'le';

/** How a kernel reads a type's values: as numbers (numeric, BOOLEAN, DATE, TIMESTAMP), as strings, or row by row. */
type Storage = 'number' | 'string' | 'other';

function storageOf(t: DataType): Storage {
  switch (t.kind) {
    case 'int': case 'long': case 'float': case 'double': case 'decimal': case 'boolean': case 'date': case 'timestamp':
      return 'number';
    case 'string': return 'string';
    default: return 'other';
  }
}

// ---------------------------------------------------------------- arithmetic

// The loops skip rows that are null (`skip`): their output slot keeps the 0 of the fresh array, as ColumnVector requires.

/** INT op INT with Java wrapping; only `mod` can add nulls (by zero). */
function intArithmetic(op: ArithmeticOp, a: Int32Array, b: Int32Array, out: Int32Array, n: number, skip: Uint8Array | null): Uint8Array | null {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! + b[i]!; } return skip;
    case 'subtract': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! - b[i]!; } return skip;
    case 'multiply': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = Math.imul(a[i]!, b[i]!); } return skip;
    case 'mod': {
      const mask = skip ?? new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (mask[i] === 1) continue;
        const d = b[i]!;
        if (d === 0) mask[i] = 1;
        else out[i] = a[i]! % d;
      }
      return mask;
    }
    case 'divide': throw internalError('divide never produces INT');
    default: return assertNever(op, 'arithmetic operator');
  }
}

/** Arithmetic in doubles for BIGINT, FLOAT, DOUBLE and DECIMAL results; `divide`/`mod` by zero mark the row null. */
function floatArithmetic(op: ArithmeticOp, a: NumericValues, b: NumericValues, out: Float64Array | Float32Array, n: number, skip: Uint8Array | null): Uint8Array | null {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! + b[i]!; } return skip;
    case 'subtract': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! - b[i]!; } return skip;
    case 'multiply': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! * b[i]!; } return skip;
    case 'divide': {
      const mask = skip ?? new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (mask[i] === 1) continue;
        const d = b[i]!;
        if (d === 0) mask[i] = 1;
        else out[i] = a[i]! / d;
      }
      return mask;
    }
    case 'mod': {
      const mask = skip ?? new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (mask[i] === 1) continue;
        const d = b[i]!;
        if (d === 0) mask[i] = 1;
        else out[i] = a[i]! % d;
      }
      return mask;
    }
    default: return assertNever(op, 'arithmetic operator');
  }
}

function arithmeticKernel(op: ArithmeticOp): KernelFactory {
  return (call) => {
    const type = call.dataType;
    if (type.kind === 'int') {
      return (args, n) => {
        const out = new Int32Array(n);
        const nulls = intArithmetic(op, args[0]!.values as Int32Array, args[1]!.values as Int32Array, out, n, unionNulls(args, n));
        return makeVector(type, out, nulls, n);
      };
    }
    if (type.kind !== 'long' && type.kind !== 'float' && type.kind !== 'double' && type.kind !== 'decimal') {
      throw internalError(`${op} cannot produce ${type.kind}`);
    }
    return (args, n) => {
      const out = type.kind === 'float' ? new Float32Array(n) : new Float64Array(n);
      let nulls = floatArithmetic(op, args[0]!.values as NumericValues, args[1]!.values as NumericValues, out, n, unionNulls(args, n));
      if (type.kind === 'decimal') nulls = fitDecimal(out as Float64Array, nulls, n, type);
      return makeVector(type, out, nulls, n);
    };
  };
}

/** Unary minus in the operand's type (INT: -(-2147483648) wraps to itself). */
const negativeKernel: KernelFactory = (call) => (args, n) => {
  const a = args[0]!.values as NumericValues;
  const out = allocateValues(call.dataType, n) as NumericValues;
  for (let i = 0; i < n; i++) out[i] = -a[i]!;
  const nulls = args[0]!.nulls === null ? null : args[0]!.nulls.slice(0, n);
  zeroNullSlots(out, nulls, n);
  return makeVector(call.dataType, out, nulls, n);
};

// ---------------------------------------------------------------- comparison

/** Number comparisons with Spark's NaN rules (x !== x is NaN): NaN = NaN, NaN above everything. Null rows are skipped. */
function compareNumbers(op: CompareOp, a: NumericValues, b: NumericValues, out: Uint8Array, n: number, skip: Uint8Array | null): void {
  switch (op) {
    case 'eq': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; const x = a[i]!; const y = b[i]!; out[i] = x === y || (x !== x && y !== y) ? 1 : 0; } return;
    case 'gt': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; const x = a[i]!; const y = b[i]!; out[i] = x > y || (x !== x && y === y) ? 1 : 0; } return;
    case 'ge': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; const x = a[i]!; const y = b[i]!; out[i] = x >= y || x !== x ? 1 : 0; } return;
    case 'lt': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; const x = a[i]!; const y = b[i]!; out[i] = x < y || (y !== y && x === x) ? 1 : 0; } return;
    case 'le': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; const x = a[i]!; const y = b[i]!; out[i] = x <= y || y !== y ? 1 : 0; } return;
    default: assertNever(op, 'comparison');
  }
}

function compareStrings(op: CompareOp, a: readonly string[], b: readonly string[], out: Uint8Array, n: number, skip: Uint8Array | null): void {
  switch (op) {
    case 'eq': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i] === b[i] ? 1 : 0; } return;
    case 'gt': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! > b[i]! ? 1 : 0; } return;
    case 'ge': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! >= b[i]! ? 1 : 0; } return;
    case 'lt': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! < b[i]! ? 1 : 0; } return;
    case 'le': for (let i = 0; i < n; i++) { if (skip !== null && skip[i] === 1) continue; out[i] = a[i]! <= b[i]! ? 1 : 0; } return;
    default: assertNever(op, 'comparison');
  }
}

function testOrder(op: CompareOp, c: number): boolean {
  switch (op) {
    case 'eq': return c === 0;
    case 'gt': return c > 0;
    case 'ge': return c >= 0;
    case 'lt': return c < 0;
    case 'le': return c <= 0;
    default: return assertNever(op, 'comparison');
  }
}

/** Binary, arrays and structs: row by row through compareInternal (rows that are null are skipped). */
function compareRows(op: CompareOp, type: DataType, a: ColumnVector, b: ColumnVector, out: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = internalValueAt(a, i);
    const y = internalValueAt(b, i);
    if (x === null || y === null) continue;
    out[i] = testOrder(op, compareInternal(type, x, y)) ? 1 : 0;
  }
}

/** Fills out[i] = (a[i] op b[i]) for every row not marked in `skip` (null rows keep 0). */
type Comparer = (a: ColumnVector, b: ColumnVector, out: Uint8Array, n: number, skip: Uint8Array | null) => void;

function comparer(op: CompareOp, left: DataType, right: DataType): Comparer {
  const ls = storageOf(left);
  const rs = storageOf(right);
  if (ls === 'number' && rs === 'number') return (a, b, out, n, skip) => compareNumbers(op, a.values as NumericValues, b.values as NumericValues, out, n, skip);
  if (ls === 'string' && rs === 'string') return (a, b, out, n, skip) => compareStrings(op, a.values as string[], b.values as string[], out, n, skip);
  return (a, b, out, n) => compareRows(op, left, a, b, out, n);
}

function comparisonKernel(op: CompareOp, negate = false): KernelFactory {
  return (call) => {
    const compare = comparer(op, call.args[0]!.dataType, call.args[1]!.dataType);
    return (args, n) => {
      const out = new Uint8Array(n);
      const nulls = unionNulls(args, n);
      compare(args[0]!, args[1]!, out, n, nulls);
      if (negate) for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) out[i]! ^= 1;
      return makeVector(BooleanType, out, nulls, n);
    };
  };
}

/** a <=> b: equality where two nulls are equal and null against a value is false; never null. */
const eqNullSafeKernel: KernelFactory = (call) => {
  const compare = comparer('eq', call.args[0]!.dataType, call.args[1]!.dataType);
  return (args, n) => {
    const a = args[0]!;
    const b = args[1]!;
    const out = new Uint8Array(n);
    compare(a, b, out, n, null);
    if (a.nulls !== null || b.nulls !== null) {
      for (let i = 0; i < n; i++) {
        const aNull = a.nulls !== null && a.nulls[i] === 1;
        const bNull = b.nulls !== null && b.nulls[i] === 1;
        if (aNull || bNull) out[i] = aNull && bNull ? 1 : 0;
      }
    }
    return makeVector(BooleanType, out, null, n);
  };
};

/**
 * Spark's ordering of two non-null internal values of one type: numbers with NaN greatest, strings by UTF-16 code
 * units, binary by unsigned bytes, arrays and structs element by element with nulls first. MAP has no order.
 * @example compareInternal(DoubleType, Number.NaN, 1) // 1
 */
export function compareInternal(type: DataType, x: unknown, y: unknown): number {
  switch (type.kind) {
    case 'string': {
      const s = x as string;
      const t = y as string;
      return s < t ? -1 : s > t ? 1 : 0;
    }
    case 'binary': return compareBytes(x as Uint8Array, y as Uint8Array);
    case 'array': {
      const xs = x as readonly unknown[];
      const ys = y as readonly unknown[];
      const len = Math.min(xs.length, ys.length);
      for (let k = 0; k < len; k++) {
        const c = compareNullable(type.elementType, xs[k], ys[k]);
        if (c !== 0) return c;
      }
      return xs.length - ys.length < 0 ? -1 : xs.length > ys.length ? 1 : 0;
    }
    case 'struct': {
      const xr = x as Readonly<Record<string, unknown>>;
      const yr = y as Readonly<Record<string, unknown>>;
      for (const f of type.fields) {
        const c = compareNullable(f.dataType, xr[f.name], yr[f.name]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 'map': throw internalError('MAP values cannot be compared');
    case 'null': return 0;
    default: {
      const a = x as number;
      const b = y as number;
      if (a < b) return -1;
      if (a > b) return 1;
      if (a === b) return 0;
      const aNaN = a !== a;
      return aNaN === (b !== b) ? 0 : aNaN ? 1 : -1;
    }
  }
}

function compareNullable(type: DataType, x: unknown, y: unknown): number {
  const xNull = x === null || x === undefined;
  const yNull = y === null || y === undefined;
  if (xNull || yNull) return xNull === yNull ? 0 : xNull ? -1 : 1;
  return compareInternal(type, x, y);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const len = Math.min(a.length, b.length);
  for (let k = 0; k < len; k++) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

// ---------------------------------------------------------------- boolean logic and null tests

/** AND / OR with SQL three-valued logic: false AND null = false, true OR null = true, otherwise null wins. */
function logicalKernel(isAnd: boolean): KernelFactory {
  const decisive = isAnd ? 0 : 1;
  return () => (args, n) => {
    const a = args[0]!;
    const b = args[1]!;
    const av = a.values as Uint8Array;
    const bv = b.values as Uint8Array;
    const out = new Uint8Array(n);
    if (a.nulls === null && b.nulls === null) {
      if (isAnd) for (let i = 0; i < n; i++) out[i] = av[i]! & bv[i]!;
      else for (let i = 0; i < n; i++) out[i] = av[i]! | bv[i]!;
      return makeVector(BooleanType, out, null, n);
    }
    const an = a.nulls;
    const bn = b.nulls;
    const nulls = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const aNull = an !== null && an[i] === 1;
      const bNull = bn !== null && bn[i] === 1;
      if ((!aNull && av[i] === decisive) || (!bNull && bv[i] === decisive)) out[i] = decisive;
      else if (aNull || bNull) nulls[i] = 1;
      else out[i] = 1 - decisive;
    }
    return makeVector(BooleanType, out, nulls, n);
  };
}

const notKernel: KernelFactory = () => (args, n) => {
  const a = args[0]!.values as Uint8Array;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! ^ 1;
  const nulls = args[0]!.nulls === null ? null : args[0]!.nulls.slice(0, n);
  zeroNullSlots(out, nulls, n);
  return makeVector(BooleanType, out, nulls, n);
};

function nullTestKernel(wantNull: boolean): KernelFactory {
  return () => (args, n) => {
    const nulls = args[0]!.nulls;
    const out = new Uint8Array(n);
    if (nulls === null) {
      if (!wantNull) out.fill(1);
    } else if (wantNull) out.set(nulls.subarray(0, n));
    else for (let i = 0; i < n; i++) out[i] = nulls[i]! ^ 1;
    return makeVector(BooleanType, out, null, n);
  };
}

// ---------------------------------------------------------------- IN

/**
 * value IN (list): true when some item equals the value; else null when the value or some item is null; else false.
 * A list of literals over numbers or strings is a Set probed once per row.
 */
const inKernel: KernelFactory = (call) => {
  const valueType = call.args[0]!.dataType;
  const items = call.args.slice(1);
  if (storageOf(valueType) !== 'other' && items.every((a) => a.kind === 'literal')) {
    const set = new Set<unknown>();
    let listHasNull = false;
    for (const item of items) {
      const v = item.kind === 'literal' ? item.value : null;
      if (v === null || v === undefined) listHasNull = true;
      else set.add(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    return (args, n) => literalInKernel(args[0]!, set, listHasNull, n);
  }
  return generalInKernel(valueType);
};

function literalInKernel(value: ColumnVector, set: ReadonlySet<unknown>, listHasNull: boolean, n: number): ColumnVector {
  const values = value.values as ArrayLike<unknown>;
  const valueNulls = value.nulls;
  const out = new Uint8Array(n);
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (valueNulls !== null && valueNulls[i] === 1) nulls[i] = 1;
    else if (set.has(values[i])) out[i] = 1;
    else if (listHasNull) nulls[i] = 1;
  }
  return makeVector(BooleanType, out, nulls, n);
}

function generalInKernel(valueType: DataType): Kernel {
  return (args, n) => {
    const value = args[0]!;
    const items = args.slice(1);
    const out = new Uint8Array(n);
    const nulls = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = internalValueAt(value, i);
      if (x === null) {
        nulls[i] = 1;
        continue;
      }
      let sawNull = false;
      for (const item of items) {
        const y = internalValueAt(item, i);
        if (y === null) sawNull = true;
        else if (compareInternal(valueType, x, y) === 0) {
          out[i] = 1;
          break;
        }
      }
      if (out[i] === 0 && sawNull) nulls[i] = 1;
    }
    return makeVector(BooleanType, out, nulls, n);
  };
}

registerKernels({
  add: arithmeticKernel('add'),
  subtract: arithmeticKernel('subtract'),
  multiply: arithmeticKernel('multiply'),
  divide: arithmeticKernel('divide'),
  mod: arithmeticKernel('mod'),
  negative: negativeKernel,
  equal: comparisonKernel('eq'),
  not_equal: comparisonKernel('eq', true),
  gt: comparisonKernel('gt'),
  ge: comparisonKernel('ge'),
  lt: comparisonKernel('lt'),
  le: comparisonKernel('le'),
  eq_null_safe: eqNullSafeKernel,
  and: logicalKernel(true),
  or: logicalKernel(false),
  not: notKernel,
  isnull: nullTestKernel(true),
  isnotnull: nullTestKernel(false),
  in: inKernel,
});
