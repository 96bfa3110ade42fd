// The in-memory column used while computing: typed arrays for fixed-width types, JS arrays otherwise, a byte mask for nulls.
//
// Storage and JS value of each type (what collect() returns):
//   BOOLEAN   Uint8Array 0/1            → boolean
//   INT       Int32Array                → number
//   LONG      Float64Array              → number (exact up to 2^53; documented limitation)
//   FLOAT     Float32Array              → number
//   DOUBLE    Float64Array              → number
//   DECIMAL   Float64Array              → number, rounded to the scale (double precision; documented limitation)
//   STRING    string[]                  → string
//   BINARY    Uint8Array[]              → Uint8Array
//   DATE      Int32Array days since 1970-01-01 → string 'YYYY-MM-DD'
//   TIMESTAMP Float64Array µs since epoch (UTC) → Date
//   ARRAY     unknown[][] of JS values  → array
//   MAP       Map<unknown, unknown>[]   → Map
//   STRUCT    `fields` child vectors    → plain object
import type { DataType } from '../common/data-types.js';
import { assertNever } from '../common/errors.js';
import { fieldOf, formatEpochDays, toInternal } from '../common/internal-values.js';

export { formatEpochDays, roundToScale, toEpochDays, toEpochMicros, toInternal } from '../common/internal-values.js';

export type VectorValues = Uint8Array | Int32Array | Float32Array | Float64Array | unknown[];

export interface ColumnVector {
  readonly dataType: DataType;
  readonly length: number;
  /** Unused (empty) for STRUCT and NULL types. Slots under a null hold a zero value ('' / 0 / null). */
  readonly values: VectorValues;
  /** nulls[i] === 1 means row i is null; null when the column has no nulls. */
  readonly nulls: Uint8Array | null;
  /** STRUCT only: one child per field, each of the same length. */
  readonly fields?: readonly ColumnVector[];
}

/** A batch of rows as column vectors, the form compiled expressions read. */
export interface ColumnBatch {
  readonly numRows: number;
  readonly columns: readonly ColumnVector[];
}

export function isNullAt(v: ColumnVector, i: number): boolean {
  return v.nulls !== null && v.nulls[i] === 1;
}

/** Allocates the value storage for `n` rows of a type (zero-filled). */
export function allocateValues(type: DataType, n: number): VectorValues {
  switch (type.kind) {
    case 'boolean': return new Uint8Array(n);
    case 'int': case 'date': return new Int32Array(n);
    case 'long': case 'timestamp': case 'double': case 'decimal': return new Float64Array(n);
    case 'float': return new Float32Array(n);
    case 'string': return new Array<string>(n).fill('');
    case 'binary': case 'array': case 'map': return new Array<unknown>(n).fill(null);
    case 'struct': case 'null': return [];
    default: return assertNever(type, 'data type');
  }
}

/** A vector of `n` nulls. */
export function nullVector(type: DataType, n: number): ColumnVector {
  const nulls = new Uint8Array(n).fill(1);
  if (type.kind === 'struct') {
    return { dataType: type, length: n, values: [], nulls, fields: type.fields.map((f) => nullVector(f.dataType, n)) };
  }
  return { dataType: type, length: n, values: allocateValues(type, n), nulls };
}

/** A vector holding `value` (brook's internal representation, see above) in all `n` rows. */
export function constantVector(type: DataType, value: unknown, n: number): ColumnVector {
  if (value === null || value === undefined) return nullVector(type, n);
  if (type.kind === 'struct') return vectorFromValues(type, new Array(n).fill(value));
  const values = allocateValues(type, n);
  if (Array.isArray(values)) values.fill(value);
  else values.fill(value as number);
  return { dataType: type, length: n, values, nulls: null };
}

/** Builds a vector from JS values as collect() returns them (Date for TIMESTAMP, 'YYYY-MM-DD' or Date for DATE, …). */
export function vectorFromValues(type: DataType, input: readonly unknown[]): ColumnVector {
  const n = input.length;
  let nulls: Uint8Array | null = null;
  const markNull = (i: number) => {
    if (nulls === null) nulls = new Uint8Array(n);
    nulls[i] = 1;
  };
  if (type.kind === 'struct') {
    const rows = input.map((v, i) => {
      if (v === null || v === undefined) { markNull(i); return null; }
      return v as Record<string, unknown>;
    });
    const fields = type.fields.map((f) => vectorFromValues(f.dataType, rows.map((r) => (r === null ? null : fieldOf(r, f.name)))));
    return { dataType: type, length: n, values: [], nulls, fields };
  }
  if (type.kind === 'null') return nullVector(type, n);
  const values = allocateValues(type, n);
  for (let i = 0; i < n; i++) {
    const v = input[i];
    if (v === null || v === undefined) { markNull(i); continue; }
    (values as unknown[])[i] = toInternal(type, v);
  }
  return { dataType: type, length: n, values, nulls };
}

/** Row i of a vector as the JS value collect() returns. */
export function valueAt(v: ColumnVector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  if (v.dataType.kind === 'struct') {
    const out: Record<string, unknown> = {};
    v.dataType.fields.forEach((f, k) => { out[f.name] = valueAt(v.fields![k]!, i); });
    return out;
  }
  return toExternal(v.dataType, (v.values as ArrayLike<unknown>)[i]);
}

/** An internal value converted to the JS value users see. */
export function toExternal(type: DataType, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (type.kind) {
    case 'boolean': return raw === 1 || raw === true;
    case 'date': return formatEpochDays(raw as number);
    case 'timestamp': return new Date(Math.floor((raw as number) / 1000));
    case 'array': return (raw as unknown[]).map((e) => toExternal(type.elementType, e));
    case 'map': return new Map([...(raw as Map<unknown, unknown>).entries()].map(([k, e]) => [toExternal(type.keyType, k), toExternal(type.valueType, e)]));
    case 'struct': {
      const row = raw as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of type.fields) out[f.name] = toExternal(f.dataType, row[f.name]);
      return out;
    }
    default: return raw;
  }
}

/** The internal value of row i (a struct row becomes an object of internal values). */
export function internalValueAt(v: ColumnVector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  if (v.dataType.kind === 'struct') {
    const out: Record<string, unknown> = {};
    v.dataType.fields.forEach((f, k) => { out[f.name] = internalValueAt(v.fields![k]!, i); });
    return out;
  }
  return (v.values as ArrayLike<unknown>)[i];
}

/** Rows of a batch as plain objects keyed by column name. */
export function batchToRows(batch: ColumnBatch, names: readonly string[]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < batch.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = valueAt(batch.columns[c]!, i);
    rows.push(row);
  }
  return rows;
}

/** Keeps the rows whose index is in `indices` (ascending), for filters. */
export function takeRows(v: ColumnVector, indices: Int32Array | readonly number[]): ColumnVector {
  const n = indices.length;
  let nulls: Uint8Array | null = null;
  if (v.nulls !== null) {
    nulls = new Uint8Array(n);
    let any = false;
    for (let k = 0; k < n; k++) if ((nulls[k] = v.nulls[indices[k]!]!) === 1) any = true;
    if (!any) nulls = null;
  }
  if (v.dataType.kind === 'struct') {
    return { dataType: v.dataType, length: n, values: [], nulls, fields: v.fields!.map((f) => takeRows(f, indices)) };
  }
  const src = v.values;
  let values: VectorValues;
  if (Array.isArray(src)) {
    const out = new Array<unknown>(n);
    for (let k = 0; k < n; k++) out[k] = src[indices[k]!];
    values = out;
  } else {
    const out = new (src.constructor as new (n: number) => Uint8Array | Int32Array | Float32Array | Float64Array)(n);
    for (let k = 0; k < n; k++) out[k] = src[indices[k]!]!;
    values = out;
  }
  return { dataType: v.dataType, length: n, values, nulls };
}

/** Concatenates vectors of one type. */
export function concatVectors(type: DataType, parts: readonly ColumnVector[]): ColumnVector {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((s, p) => s + p.length, 0);
  const anyNulls = parts.some((p) => p.nulls !== null);
  const nulls = anyNulls ? new Uint8Array(n) : null;
  let offset = 0;
  for (const p of parts) {
    if (nulls && p.nulls) nulls.set(p.nulls, offset);
    offset += p.length;
  }
  if (type.kind === 'struct') {
    return { dataType: type, length: n, values: [], nulls, fields: type.fields.map((f, k) => concatVectors(f.dataType, parts.map((p) => p.fields![k]!))) };
  }
  const values = allocateValues(type, n);
  offset = 0;
  for (const p of parts) {
    if (Array.isArray(values)) {
      const src = p.values as ArrayLike<unknown>;
      for (let k = 0; k < p.length; k++) values[offset + k] = src[k];
    } else {
      (values as Float64Array).set(p.values as Float64Array, offset);
    }
    offset += p.length;
  }
  return { dataType: type, length: n, values, nulls };
}

/** Builds a vector from values already in the internal representation (struct rows as objects of internal values). */
export function vectorFromInternal(type: DataType, input: readonly unknown[]): ColumnVector {
  const n = input.length;
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if (input[i] === null || input[i] === undefined) (nulls ??= new Uint8Array(n))[i] = 1;
  }
  if (type.kind === 'struct') {
    const fields = type.fields.map((f) => vectorFromInternal(f.dataType, input.map((r) => (r === null || r === undefined ? null : (r as Record<string, unknown>)[f.name]))));
    return { dataType: type, length: n, values: [], nulls, fields };
  }
  if (type.kind === 'null') return nullVector(type, n);
  const values = allocateValues(type, n);
  if (Array.isArray(values)) {
    for (let i = 0; i < n; i++) if (input[i] !== null && input[i] !== undefined) values[i] = input[i];
  } else {
    for (let i = 0; i < n; i++) if (input[i] !== null && input[i] !== undefined) values[i] = input[i] as number;
  }
  return { dataType: type, length: n, values, nulls };
}
