// JSON-safe encoding of internal values per type (aggregate buffers in checkpoints) and the canonical keys DISTINCT uses.
//
// Encoding (what JSON.stringify/JSON.parse keep unchanged):
//   number-backed types (BOOLEAN 0/1, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE days, TIMESTAMP µs) → the number, with
//     NaN/Infinity/-Infinity/-0 as the strings 'NaN', 'Infinity', '-Infinity', '-0'
//   STRING → the string;  BINARY → base64;  ARRAY → array;  MAP → array of [key, value] pairs;
//   STRUCT → array of the field values in field order;  null → null
// Keys: number-backed and STRING values are their own key (JS Map/Set equality already puts NaN with NaN and -0 with 0,
// as Spark's grouping does); other values and tuples become the JSON text of their encoding with -0 written as 0.
import type { DataType } from '../../common/data-types.js';
import { assertNever, internalError } from '../../common/errors.js';

/** A value that JSON.stringify followed by JSON.parse gives back unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Whether the internal value of a type is a JS number (BOOLEAN 0/1, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE, TIMESTAMP).
 * @example isNumberBacked(DateType) // true
 */
export function isNumberBacked(type: DataType): boolean {
  switch (type.kind) {
    case 'boolean': case 'int': case 'long': case 'float': case 'double': case 'decimal': case 'date': case 'timestamp':
      return true;
    default:
      return false;
  }
}

/**
 * A number in JSON-safe form: finite numbers as they are, NaN/±Infinity/-0 as strings.
 * @example encodeNumber(Number.NaN) // 'NaN'
 */
export function encodeNumber(x: number): number | string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? '-0' : x;
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

/**
 * The inverse of encodeNumber.
 * @example decodeNumber('-Infinity') // -Infinity
 */
export function decodeNumber(state: unknown): number {
  if (typeof state === 'number') return state;
  switch (state) {
    case 'NaN': return Number.NaN;
    case 'Infinity': return Number.POSITIVE_INFINITY;
    case '-Infinity': return Number.NEGATIVE_INFINITY;
    case '-0': return -0;
    default: throw internalError(`aggregate state holds ${JSON.stringify(state)} where a number was expected`);
  }
}

/**
 * An internal value of `type` in JSON-safe form (see the file header); `forKey` writes -0 as 0.
 * @example encodeValue(ArrayTypeOf(DoubleType), [1, Number.NaN]) // [1, 'NaN']
 */
export function encodeValue(type: DataType, value: unknown, forKey = false): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'boolean': return value === true || value === 1 ? 1 : 0;
    case 'int': case 'long': case 'float': case 'double': case 'decimal': case 'date': case 'timestamp': {
      const x = value as number;
      return encodeNumber(forKey && x === 0 ? 0 : x);
    }
    case 'string': return value as string;
    case 'binary': {
      const bytes = value as Uint8Array;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    }
    case 'array': return (value as readonly unknown[]).map((e) => encodeValue(type.elementType, e, forKey));
    case 'map': {
      const pairs: JsonValue[] = [];
      for (const [k, v] of value as ReadonlyMap<unknown, unknown>) {
        pairs.push([encodeValue(type.keyType, k, forKey), encodeValue(type.valueType, v, forKey)]);
      }
      return pairs;
    }
    case 'struct': {
      const row = value as Readonly<Record<string, unknown>>;
      return type.fields.map((f) => encodeValue(f.dataType, row[f.name], forKey));
    }
    case 'null': return null;
    default: return assertNever(type, 'data type');
  }
}

/**
 * The inverse of encodeValue: the internal value of `type` that `state` encodes.
 * @example decodeValue(BinaryType, 'AQI=') // Uint8Array [1, 2]
 */
export function decodeValue(type: DataType, state: unknown): unknown {
  if (state === null || state === undefined) return null;
  switch (type.kind) {
    case 'boolean': case 'int': case 'long': case 'float': case 'double': case 'decimal': case 'date': case 'timestamp':
      return decodeNumber(state);
    case 'string': return String(state);
    case 'binary': return new Uint8Array(Buffer.from(String(state), 'base64'));
    case 'array': return stateArray(state).map((e) => decodeValue(type.elementType, e));
    case 'map': {
      const out = new Map<unknown, unknown>();
      for (const pair of stateArray(state)) {
        const [k, v] = stateArray(pair);
        out.set(decodeValue(type.keyType, k), decodeValue(type.valueType, v));
      }
      return out;
    }
    case 'struct': {
      const values = stateArray(state);
      const row: Record<string, unknown> = {};
      type.fields.forEach((f, i) => { row[f.name] = decodeValue(f.dataType, values[i]); });
      return row;
    }
    case 'null': return null;
    default: return assertNever(type, 'data type');
  }
}

/**
 * An array read back from aggregate state; anything else is a corrupt checkpoint.
 * @example stateArray(JSON.parse('[1,2]')) // [1, 2]
 */
export function stateArray(state: unknown): readonly unknown[] {
  if (!Array.isArray(state)) throw internalError(`aggregate state holds ${JSON.stringify(state)} where an array was expected`);
  return state;
}

/**
 * The function giving the DISTINCT key of a non-null value of `type`: the value itself for number-backed and STRING
 * types, else the JSON text of its encoding (so equal arrays, structs and byte strings share one key).
 * @example distinctKeyOf(ArrayTypeOf(IntegerType))([1, 2]) // '[1,2]'
 */
export function distinctKeyOf(type: DataType): (value: unknown) => unknown {
  if (isNumberBacked(type) || type.kind === 'string') return (value) => value;
  return (value) => JSON.stringify(encodeValue(type, value, true));
}

/**
 * The DISTINCT key of a tuple of argument values (count(DISTINCT a, b)): the JSON text of their encodings.
 * @example tupleKeyOf([IntegerType, StringType])([1, 'x']) // '[1,"x"]'
 */
export function tupleKeyOf(types: readonly DataType[]): (values: readonly unknown[]) => string {
  return (values) => JSON.stringify(types.map((t, i) => encodeValue(t, values[i], true)));
}
