// Spark 3.5 (non-ANSI) implicit typing: which casts exist, wider/common types, literal types, and coercing bound expressions.
import {
  ArrayTypeOf, BinaryType, BooleanType, DecimalType, DoubleType, IntegerType, LongType, MapTypeOf, NullType,
  StringType, StructField, StructType, TimestampType, ddlTypeString, isIntegral, isNumeric, sameType,
} from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import { BrookError, userError } from '../../common/errors.js';
import type { SourceSpan } from '../../common/errors.js';
import { toInternal } from '../../common/internal-values.js';
import { boundCast, boundLiteral } from './bound-expression.js';
import type { BoundExpr } from './bound-expression.js';

/** Spark's largest decimal precision. */
export const MAX_DECIMAL_PRECISION = 38;

/** Spark's numericPrecedence (byte/short do not exist in brook); decimals are handled apart. */
const NUMERIC_PRECEDENCE = ['int', 'long', 'float', 'double'] as const;

function precedenceOf(t: DataType): number {
  return (NUMERIC_PRECEDENCE as readonly string[]).indexOf(t.kind);
}

function isDatetime(t: DataType): boolean {
  return t.kind === 'date' || t.kind === 'timestamp';
}

function isAtomic(t: DataType): boolean {
  return t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct';
}

/**
 * Whether CAST(from AS to) is allowed (Spark's Cast.canCast, non-ANSI). Nullability of nested types is not checked.
 * @example canCast(StringType, IntegerType) // true
 * @example canCast(StringType, new StructType().add('a', 'int')) // false
 */
export function canCast(from: DataType, to: DataType): boolean {
  if (sameType(from, to) || from.kind === 'null') return true;
  if (to.kind === 'string') return true; // every type, complex ones included, has a text form
  switch (to.kind) {
    case 'binary': return from.kind === 'string' || isIntegral(from);
    case 'boolean': return from.kind === 'string' || isNumeric(from) || isDatetime(from);
    case 'timestamp': return from.kind === 'string' || from.kind === 'boolean' || from.kind === 'date' || isNumeric(from);
    case 'date': return from.kind === 'string' || from.kind === 'timestamp';
    case 'int': case 'long': case 'float': case 'double': case 'decimal':
      return from.kind === 'string' || from.kind === 'boolean' || isDatetime(from) || isNumeric(from);
    case 'array': return from.kind === 'array' && canCast(from.elementType, to.elementType);
    case 'map': return from.kind === 'map' && canCast(from.keyType, to.keyType) && canCast(from.valueType, to.valueType);
    case 'struct':
      return from.kind === 'struct' && from.fields.length === to.fields.length
        && from.fields.every((f, i) => canCast(f.dataType, to.fields[i]!.dataType));
    case 'null': return false;
    default: return false;
  }
}

/**
 * The error for a CAST that canCast rejects.
 * @example throw castError(StringType, ArrayTypeOf(IntegerType)) // Cannot cast STRING to ARRAY<INT>
 */
export function castError(from: DataType, to: DataType, span?: SourceSpan): BrookError {
  return userError('CANNOT_CAST', `Cannot cast ${ddlTypeString(from)} to ${ddlTypeString(to)}`, { span });
}

/**
 * The DATATYPE_MISMATCH error of a call: `Cannot resolve '<sql>' due to data type mismatch: <reason>`.
 * @example throw typeMismatch('(a + b)', 'function add requires numeric arguments, got INT and BOOLEAN')
 */
export function typeMismatch(sql: string, reason: string, span?: SourceSpan): BrookError {
  return userError('DATATYPE_MISMATCH', `Cannot resolve '${sql}' due to data type mismatch: ${reason}`, { span });
}

/**
 * A decimal type capped at 38 digits (Spark's DecimalType.bounded).
 * @example boundedDecimal(40, 2) // decimal(38,2)
 */
export function boundedDecimal(precision: number, scale: number): DataType {
  return DecimalType(Math.min(precision, MAX_DECIMAL_PRECISION), Math.min(scale, MAX_DECIMAL_PRECISION));
}

/**
 * The decimal that holds every value of an integral type exactly: INT → decimal(10,0), BIGINT → decimal(20,0).
 * @example decimalOfIntegral(LongType) // decimal(20,0)
 */
export function decimalOfIntegral(t: DataType): DataType | undefined {
  if (t.kind === 'int') return DecimalType(10, 0);
  if (t.kind === 'long') return DecimalType(20, 0);
  if (t.kind === 'decimal') return t;
  return undefined;
}

function widerDecimal(a: DataType, b: DataType): DataType | undefined {
  if (a.kind === 'decimal' && (b.kind === 'float' || b.kind === 'double')) return DoubleType;
  if (b.kind === 'decimal' && (a.kind === 'float' || a.kind === 'double')) return DoubleType;
  const da = decimalOfIntegral(a);
  const db = decimalOfIntegral(b);
  if (da?.kind !== 'decimal' || db?.kind !== 'decimal' || (a.kind !== 'decimal' && b.kind !== 'decimal')) return undefined;
  const scale = Math.max(da.scale, db.scale);
  const range = Math.max(da.precision - da.scale, db.precision - db.scale);
  return boundedDecimal(range + scale, scale);
}

/** Spark's findTightestCommonType: equal types, NULL with anything, int<bigint<float<double, DATE with TIMESTAMP. */
function tightestCommonType(a: DataType, b: DataType): DataType | undefined {
  if (sameType(a, b)) return a;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  const pa = precedenceOf(a);
  const pb = precedenceOf(b);
  if (pa >= 0 && pb >= 0) return pa >= pb ? a : b;
  if (isDatetime(a) && isDatetime(b)) return TimestampType;
  return undefined;
}

function stringPromotion(a: DataType, b: DataType): DataType | undefined {
  const promotable = (t: DataType) => isAtomic(t) && t.kind !== 'binary' && t.kind !== 'boolean';
  if (a.kind === 'string' && promotable(b)) return StringType;
  if (b.kind === 'string' && promotable(a)) return StringType;
  return undefined;
}

function widerComplex(a: DataType, b: DataType, wider: (x: DataType, y: DataType) => DataType | undefined): DataType | undefined {
  if (a.kind === 'array' && b.kind === 'array') {
    const e = wider(a.elementType, b.elementType);
    return e === undefined ? undefined : ArrayTypeOf(e, a.containsNull || b.containsNull);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = wider(a.keyType, b.keyType);
    const v = wider(a.valueType, b.valueType);
    return k === undefined || v === undefined ? undefined : MapTypeOf(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  if (a.kind === 'struct' && b.kind === 'struct' && a.fields.length === b.fields.length) {
    const fields: StructField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!;
      const fb = b.fields[i]!;
      if (fa.name.toLowerCase() !== fb.name.toLowerCase()) return undefined;
      const t = wider(fa.dataType, fb.dataType);
      if (t === undefined) return undefined;
      fields.push(new StructField(fa.name, t, fa.nullable || fb.nullable));
    }
    return new StructType(fields);
  }
  return undefined;
}

/**
 * The type two values are both converted to when they meet in CASE WHEN, coalesce, IN or UNION
 * (Spark's findWiderTypeForTwo): numeric promotion int<bigint<float<double, decimals widened to hold both
 * (integral types count as decimal(10,0)/(20,0); a decimal with a float/double gives DOUBLE), NULL with anything,
 * DATE with TIMESTAMP → TIMESTAMP, a STRING with any atomic type except BINARY/BOOLEAN → STRING, and the same rules
 * inside arrays, maps and structs (same field names). `undefined` when there is none.
 * @example widerType(IntegerType, LongType) // LongType
 * @example widerType(DecimalType(10, 2), IntegerType) // decimal(12,2)
 * @example widerType(IntegerType, StringType) // StringType
 */
export function widerType(a: DataType, b: DataType): DataType | undefined {
  return tightestCommonType(a, b) ?? widerDecimal(a, b) ?? stringPromotion(a, b) ?? widerComplex(a, b, widerType);
}

/**
 * widerType without the STRING promotion (Spark's findWiderTypeWithoutStringPromotion): used by greatest/least.
 * @example widerTypeWithoutStringPromotion(IntegerType, StringType) // undefined
 */
export function widerTypeWithoutStringPromotion(a: DataType, b: DataType): DataType | undefined {
  return tightestCommonType(a, b) ?? widerDecimal(a, b) ?? widerComplex(a, b, widerTypeWithoutStringPromotion);
}

/**
 * The type both sides of a comparison (=, <, <=>, …) are cast to, Spark 3.5 non-ANSI: a STRING against a number, a
 * BOOLEAN, a DATE or a TIMESTAMP is cast to that type (against a DECIMAL both become DOUBLE), DATE vs TIMESTAMP →
 * TIMESTAMP, numbers as in widerType. `undefined` when the types cannot be compared.
 * @example comparisonType(StringType, IntegerType) // IntegerType
 * @example comparisonType(DateType, TimestampType) // TimestampType
 */
export function comparisonType(a: DataType, b: DataType): DataType | undefined {
  if (sameType(a, b)) return a;
  if (a.kind === 'string' && b.kind === 'null') return StringType;
  if (b.kind === 'string' && a.kind === 'null') return StringType;
  if ((a.kind === 'string' && b.kind === 'decimal') || (a.kind === 'decimal' && b.kind === 'string')) return DoubleType;
  if (a.kind === 'string' && isAtomic(b) && b.kind !== 'null') return b;
  if (b.kind === 'string' && isAtomic(a) && a.kind !== 'null') return a;
  return tightestCommonType(a, b) ?? widerDecimal(a, b) ?? widerComplex(a, b, widerTypeWithoutStringPromotion);
}

/**
 * Whether values of a type have an order (Spark: atomic types, and arrays/structs of orderable types; never maps).
 * @example isOrderable(MapTypeOf(StringType, IntegerType)) // false
 */
export function isOrderable(t: DataType): boolean {
  if (t.kind === 'map') return false;
  if (t.kind === 'array') return isOrderable(t.elementType);
  if (t.kind === 'struct') return t.fields.every((f) => isOrderable(f.dataType));
  return true;
}

/** Whether a cast can never give null for a non-null input (widening numeric casts). */
function castIsTotal(from: DataType, to: DataType): boolean {
  if (to.kind === 'string') return isAtomic(from) && from.kind !== 'binary';
  if (to.kind === 'double' || to.kind === 'float') return isNumeric(from) || from.kind === 'boolean';
  if (to.kind === 'long') return isIntegral(from) || from.kind === 'boolean';
  if (to.kind === 'decimal') {
    const d = decimalOfIntegral(from);
    return d?.kind === 'decimal' && d.precision - d.scale <= to.precision - to.scale && d.scale <= to.scale;
  }
  return false;
}

/**
 * `expr` as type `to`: unchanged when it already has that type, a retyped literal for NULL and for numeric literals
 * that convert exactly (so `price > 0` keeps a plain literal), else a cast.
 * @example coerceTo(intLiteral5, DoubleType) // literal 5 of type DOUBLE
 * @example coerceTo(quantityRef, LongType) // CAST(quantity AS BIGINT)
 */
export function coerceTo(expr: BoundExpr, to: DataType): BoundExpr {
  if (sameType(expr.dataType, to)) return expr;
  if (expr.kind === 'literal') {
    if (expr.value === null || expr.value === undefined) return boundLiteral(null, to);
    const folded = foldNumericLiteral(expr.value, expr.dataType, to);
    if (folded !== undefined) return boundLiteral(folded, to);
  }
  const cast = boundCast(expr, to);
  return castIsTotal(expr.dataType, to) ? { ...cast, nullable: expr.nullable } : cast;
}

/** The literal's value in type `to` when the conversion is exact and numeric-to-numeric, else undefined. */
function foldNumericLiteral(value: unknown, from: DataType, to: DataType): number | undefined {
  if (typeof value !== 'number' || !isNumeric(from) || !isNumeric(to)) return undefined;
  if (!Number.isFinite(value)) return to.kind === 'double' || to.kind === 'float' ? value : undefined;
  switch (to.kind) {
    case 'long': return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : undefined;
    case 'int': return Number.isInteger(value) && (value | 0) === value ? value : undefined;
    case 'double': return value;
    case 'float': return Math.fround(value) === value ? value : undefined;
    case 'decimal': {
      const scaled = value * 10 ** to.scale;
      return Number.isInteger(scaled) && Math.abs(value) < 10 ** (to.precision - to.scale) ? value : undefined;
    }
    default: return undefined;
  }
}

/**
 * The decimal type Spark gives an integral literal next to a decimal: just wide enough for its digits
 * (`2` → decimal(1,0)); other expressions get decimalOfIntegral.
 * @example literalDecimalType(boundLiteral(120, IntegerType)) // decimal(3,0)
 */
export function literalDecimalType(expr: BoundExpr): DataType | undefined {
  if (expr.dataType.kind === 'decimal') return expr.dataType;
  if (!isIntegral(expr.dataType)) return undefined;
  if (expr.kind === 'literal' && typeof expr.value === 'number' && Number.isInteger(expr.value) && Math.abs(expr.value) < 1e15) {
    return DecimalType(Math.max(1, String(Math.abs(expr.value)).length), 0);
  }
  return decimalOfIntegral(expr.dataType);
}

/**
 * Spark's type for a JS value used as a literal (lit(x)): integers in int32 range → INT, other integers and bigint →
 * BIGINT, other numbers → DOUBLE, Date → TIMESTAMP, Uint8Array → BINARY, null → NULL (VOID), arrays → ARRAY of the
 * wider element type, Map → MAP, plain objects → STRUCT.
 * @example inferLiteralType(42) // IntegerType
 * @example inferLiteralType([1, 2.5]) // ARRAY<DOUBLE>
 */
export function inferLiteralType(value: unknown): DataType {
  if (value === null || value === undefined) return NullType;
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value)) return (value | 0) === value ? IntegerType : LongType;
      return DoubleType;
    case 'bigint': return LongType;
    case 'string': return StringType;
    case 'boolean': return BooleanType;
    default: break;
  }
  if (value instanceof Date) return TimestampType;
  if (value instanceof Uint8Array) return BinaryType;
  if (Array.isArray(value)) {
    const element = commonTypeOf(value, 'array');
    return ArrayTypeOf(element, value.some((v) => v === null || v === undefined));
  }
  if (value instanceof Map) {
    const key = commonTypeOf([...value.keys()], 'map key');
    const values = [...value.values()];
    return MapTypeOf(key, commonTypeOf(values, 'map value'), values.some((v) => v === null || v === undefined));
  }
  if (typeof value === 'object') {
    return new StructType(Object.entries(value).map(([k, v]) => new StructField(k, inferLiteralType(v), true)));
  }
  throw userError('UNSUPPORTED_LITERAL', `Cannot use a value of JavaScript type ${typeof value} as a literal`);
}

function commonTypeOf(values: readonly unknown[], what: string): DataType {
  let type: DataType = NullType;
  for (const v of values) {
    const t = inferLiteralType(v);
    const w = widerType(type, t);
    if (w === undefined) {
      throw userError('DATATYPE_MISMATCH', `Literal ${what} elements have incompatible types ${ddlTypeString(type)} and ${ddlTypeString(t)}`);
    }
    type = w;
  }
  return type;
}

/**
 * A user's JS value in brook's internal representation for `type` (see compute/column-vector.ts); null stays null.
 * @example toLiteralValue(new Date(0), TimestampType) // 0 (µs)
 * @example toLiteralValue('2024-01-31', DateType) // 19753 (days)
 */
export function toLiteralValue(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined || type.kind === 'null') return null;
  let internal: unknown;
  try {
    internal = toInternal(type, value);
  } catch (error) {
    if (error instanceof BrookError && error.domain === 'user') throw error;
    throw userError('INVALID_LITERAL', `Cannot use ${describeValue(value)} as a literal of type ${ddlTypeString(type)}`, { cause: error });
  }
  if (typeof internal === 'number' && Number.isNaN(internal) && typeof value !== 'number') {
    throw userError('INVALID_LITERAL', `Cannot use ${describeValue(value)} as a literal of type ${ddlTypeString(type)}`);
  }
  return internal;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
