// JSON text → typed column vectors (from_json and the JSON file source), with Spark 3.5's parse modes and corrupt records.
//
// Per row:  value = JSON.parse(text)  (fallback: Jackson's single quotes / NaN / trailing text, see json-lenient.ts)
//           null or blank text            → null struct row
//           not an object (struct schema) → malformed: every field null, the corrupt-record field keeps the text
//           each schema field: value[name] (exact key, then case-insensitive); missing or JSON null → null;
//           a value the field's type cannot hold → that field null and the record malformed (Spark's partial result)
//           malformed + FAILFAST → external error quoting the record; the row indices are returned in malformedRows.
import type { DataType, StructType } from '../../common/data-types.js';
import { ddlTypeString } from '../../common/data-types.js';
import { assertNever, externalError } from '../../common/errors.js';
import { allocateValues, roundToScale } from '../column-vector.js';
import type { ColumnVector, VectorValues } from '../column-vector.js';
import { MICROS_PER_DAY, compileParser, timeZoneRules } from '../datetime-format.js';
import { parseDateText, parseTimestampText } from '../kernels/cast-kernel.js';
import { INVALID_JSON, parseJsonLenient } from './json-lenient.js';

export interface JsonParseOptions {
  mode: 'PERMISSIVE' | 'FAILFAST' | 'DROPMALFORMED';
  /** Default '_corrupt_record'. */
  columnNameOfCorruptRecord: string;
  /** Spark pattern; default: lenient ISO-8601 ('T' or ' ', optional fraction, optional Z/offset/zone id). */
  timestampFormat?: string;
  /** Spark pattern; default: lenient yyyy-MM-dd. */
  dateFormat?: string;
  /** Session time zone, for timestamps written without an offset. */
  timeZone: string;
}

export interface JsonParseResult {
  readonly vector: ColumnVector;
  /** Ascending indices of malformed rows (text that is not JSON, not an object, or holding a value of the wrong type). */
  readonly malformedRows: number[];
}

/** A compiled parser for one schema: texts (plus an optional null mask) → one vector. */
export type JsonColumnParser = (texts: ArrayLike<string | null>, nulls?: Uint8Array | null) => JsonParseResult;

/** The value a converter returns for a JSON value its type cannot hold. */
const MISMATCH: unique symbol = Symbol('MISMATCH');
type Converter = (v: unknown) => unknown;

const FROM_JSON_FEATURES = { singleQuotes: true, nonNumericNumbers: true, controlChars: false } as const;
const LONG_LIMIT = 9223372036854775808;

const TAG_STRING = 0;
const TAG_INT = 1;
const TAG_LONG = 2;
const TAG_DOUBLE = 3;
const TAG_BOOLEAN = 4;
const TAG_STRUCT = 5;
const TAG_OTHER = 6;
const TAG_NULL = 7;

/** One schema field, with what the hot loop needs resolved up front. */
interface Slot {
  readonly name: string;
  readonly lower: string;
  /** The name is also an Object.prototype member ('constructor'): only own keys may match. */
  readonly inherited: boolean;
  readonly type: DataType;
  readonly tag: number;
  readonly convert: Converter;
  readonly children: readonly Slot[] | null;
}

/** Column storage being filled for one slot. */
interface ColumnBuffer {
  readonly values: VectorValues;
  readonly nulls: Uint8Array;
  readonly children: readonly ColumnBuffer[] | null;
}

/**
 * Parses texts (null entries give a null struct row) into one STRUCT vector of `schema`.
 * @example
 * parseJsonColumn(['{"price":500}'], parseSchema('price INT'), { mode: 'PERMISSIVE', columnNameOfCorruptRecord: '_corrupt_record', timeZone: 'UTC' })
 * // { vector: <struct<price:int> with price 500>, malformedRows: [] }
 */
export function parseJsonColumn(texts: ArrayLike<string | null>, schema: StructType, options: JsonParseOptions): JsonParseResult {
  return compileJsonParser(schema, options)(texts);
}

/**
 * Compiles the parser for a schema once (field lookups, converters, date formats) for reuse on every batch.
 * A STRUCT schema gives struct rows; an ARRAY or MAP schema (from_json allows them) gives one value per row,
 * null when malformed. An ARRAY<STRUCT> schema also takes a single object as a one-element array (Spark).
 * @example const parse = compileJsonParser(schema, options); const { vector } = parse(texts, nullMask)
 */
export function compileJsonParser(schema: DataType, options: JsonParseOptions): JsonColumnParser {
  const context = new ConverterContext(options);
  if (schema.kind === 'struct') return compileStructParser(schema, options, context);
  return compileValueParser(schema, options, context);
}

/** Date and timestamp readers: Spark's strict pattern when one is given, else its lenient CAST-style parsing. */
class ConverterContext {
  readonly parseTimestamp: (text: string) => number | null;
  readonly parseDate: (text: string) => number | null;
  constructor(options: JsonParseOptions) {
    if (options.timestampFormat === undefined) {
      const zone = timeZoneRules(options.timeZone);
      this.parseTimestamp = (text) => parseTimestampText(text, zone);
    } else {
      this.parseTimestamp = compileParser(options.timestampFormat, options.timeZone);
    }
    if (options.dateFormat === undefined) {
      this.parseDate = parseDateText;
    } else {
      const parse = compileParser(options.dateFormat, 'UTC');
      this.parseDate = (text) => {
        const micros = parse(text);
        return micros === null ? null : Math.floor(micros / MICROS_PER_DAY);
      };
    }
  }
}

function makeSlot(name: string, type: DataType, context: ConverterContext): Slot {
  const children = type.kind === 'struct' ? type.fields.map((f) => makeSlot(f.name, f.dataType, context)) : null;
  return {
    name,
    lower: name.toLowerCase(),
    inherited: name in Object.prototype,
    type,
    tag: tagOf(type),
    convert: makeConverter(type, context),
    children,
  };
}

function tagOf(type: DataType): number {
  switch (type.kind) {
    case 'string': return TAG_STRING;
    case 'int': return TAG_INT;
    case 'long': return TAG_LONG;
    case 'double': return TAG_DOUBLE;
    case 'boolean': return TAG_BOOLEAN;
    case 'struct': return TAG_STRUCT;
    case 'null': return TAG_NULL;
    default: return TAG_OTHER;
  }
}

function lookup(obj: Record<string, unknown>, slot: Slot): unknown {
  const v = slot.inherited ? (Object.hasOwn(obj, slot.name) ? obj[slot.name] : undefined) : obj[slot.name];
  if (v !== undefined) return v;
  const n = slot.name.length;
  for (const key in obj) {
    if (key.length === n && key.toLowerCase() === slot.lower) return obj[key];
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON.parse, then the lenient reader; undefined for blank text, INVALID_JSON when neither accepts it. */
function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseJsonLenient(text, FROM_JSON_FEATURES);
  }
}

function allocateBuffer(slot: Slot, n: number): ColumnBuffer {
  return {
    values: slot.tag === TAG_STRUCT || slot.tag === TAG_NULL ? [] : allocateValues(slot.type, n),
    nulls: new Uint8Array(n),
    children: slot.children === null ? null : slot.children.map((c) => allocateBuffer(c, n)),
  };
}

function setNullDeep(buffer: ColumnBuffer, i: number): void {
  buffer.nulls[i] = 1;
  if (buffer.children !== null) for (const c of buffer.children) setNullDeep(c, i);
}

function finishBuffer(slot: Slot, buffer: ColumnBuffer, n: number): ColumnVector {
  const nulls = slot.tag === TAG_NULL ? buffer.nulls.fill(1) : buffer.nulls.indexOf(1) >= 0 ? buffer.nulls : null;
  if (buffer.children !== null) {
    return { dataType: slot.type, length: n, values: [], nulls, fields: buffer.children.map((c, k) => finishBuffer(slot.children![k]!, c, n)) };
  }
  return { dataType: slot.type, length: n, values: buffer.values, nulls };
}

/** Writes a non-null JSON value into row i of a slot's buffer; false when the type cannot hold it. */
function writeValue(slot: Slot, buffer: ColumnBuffer, i: number, v: unknown): boolean {
  switch (slot.tag) {
    case TAG_STRING:
      (buffer.values as string[])[i] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
      return true;
    case TAG_INT:
      if (typeof v !== 'number' || (v | 0) !== v) return false;
      (buffer.values as Int32Array)[i] = v;
      return true;
    case TAG_LONG:
      if (typeof v !== 'number' || !Number.isInteger(v) || v >= LONG_LIMIT || v < -LONG_LIMIT) return false;
      (buffer.values as Float64Array)[i] = v;
      return true;
    case TAG_DOUBLE:
      if (typeof v === 'number') { (buffer.values as Float64Array)[i] = v; return true; }
      break;
    case TAG_BOOLEAN:
      if (typeof v !== 'boolean') return false;
      (buffer.values as Uint8Array)[i] = v ? 1 : 0;
      return true;
    case TAG_STRUCT:
      return isObject(v) && writeObject(slot.children!, buffer.children!, i, v);
    case TAG_NULL:
      return true;
  }
  const r = slot.convert(v);
  if (r === MISMATCH) return false;
  (buffer.values as unknown[])[i] = r;
  return true;
}

/** Writes the fields of a nested object; false (and the caller nulls the struct) when one cannot be held. */
function writeObject(slots: readonly Slot[], buffers: readonly ColumnBuffer[], i: number, obj: Record<string, unknown>): boolean {
  for (let f = 0; f < slots.length; f++) {
    const slot = slots[f]!;
    const v = lookup(obj, slot);
    if (v === null || v === undefined) setNullDeep(buffers[f]!, i);
    else if (!writeValue(slot, buffers[f]!, i, v)) return false;
  }
  return true;
}

function compileStructParser(schema: StructType, options: JsonParseOptions, context: ConverterContext): JsonColumnParser {
  const slots = schema.fields.map((f) => makeSlot(f.name, f.dataType, context));
  const corruptIndex = schema.fields.findIndex((f) => f.name === options.columnNameOfCorruptRecord && f.dataType.kind === 'string');
  const failFast = options.mode === 'FAILFAST';
  const nf = slots.length;
  return (texts, inputNulls = null) => {
    const n = texts.length;
    const buffers = slots.map((s) => allocateBuffer(s, n));
    const rowNulls = new Uint8Array(n);
    const malformedRows: number[] = [];
    const markMalformed = (i: number, text: string) => {
      malformedRows.push(i);
      for (const b of buffers) setNullDeep(b, i);
      if (corruptIndex >= 0) {
        (buffers[corruptIndex]!.values as string[])[i] = text;
        buffers[corruptIndex]!.nulls[i] = 0;
      }
    };
    for (let i = 0; i < n; i++) {
      const text = texts[i];
      const obj = text === null || text === undefined || (inputNulls !== null && inputNulls[i] === 1) ? undefined : parseText(text);
      if (obj === undefined) {
        rowNulls[i] = 1;
        for (const b of buffers) setNullDeep(b, i);
        continue;
      }
      if (!isObject(obj)) {
        if (failFast) throw malformedError(text!, obj === INVALID_JSON ? 'the text is not valid JSON' : `the record is ${describeJson(obj)}, not a JSON object`);
        markMalformed(i, text!);
        continue;
      }
      let bad = -1;
      for (let f = 0; f < nf; f++) {
        if (f === corruptIndex) { buffers[f]!.nulls[i] = 1; continue; }
        const slot = slots[f]!;
        const v = lookup(obj, slot);
        if (v === null || v === undefined) setNullDeep(buffers[f]!, i);
        else if (!writeValue(slot, buffers[f]!, i, v)) {
          setNullDeep(buffers[f]!, i);
          if (bad < 0) bad = f;
        }
      }
      if (bad >= 0) {
        if (failFast) throw malformedError(text!, explainMismatch(context, slots[bad]!.type, lookup(obj, slots[bad]!), slots[bad]!.name));
        malformedRows.push(i);
        if (corruptIndex >= 0) {
          (buffers[corruptIndex]!.values as string[])[i] = text!;
          buffers[corruptIndex]!.nulls[i] = 0;
        }
      }
    }
    const fields = slots.map((s, f) => finishBuffer(s, buffers[f]!, n));
    const vector: ColumnVector = { dataType: schema, length: n, values: [], nulls: rowNulls.indexOf(1) >= 0 ? rowNulls : null, fields };
    return { vector, malformedRows };
  };
}

function compileValueParser(type: DataType, options: JsonParseOptions, context: ConverterContext): JsonColumnParser {
  const convert = makeConverter(type, context);
  const elementStruct = type.kind === 'array' && type.elementType.kind === 'struct' ? makeConverter(type.elementType, context) : null;
  const failFast = options.mode === 'FAILFAST';
  return (texts, inputNulls = null) => {
    const n = texts.length;
    const values = allocateValues(type, n) as unknown[];
    const nulls = new Uint8Array(n);
    const malformedRows: number[] = [];
    for (let i = 0; i < n; i++) {
      const text = texts[i];
      const parsed = text === null || text === undefined || (inputNulls !== null && inputNulls[i] === 1) ? undefined : parseText(text);
      if (parsed === undefined) { nulls[i] = 1; continue; }
      let r: unknown = MISMATCH;
      if (parsed !== null && parsed !== INVALID_JSON) {
        r = elementStruct !== null && isObject(parsed) ? wrapElement(elementStruct(parsed)) : convert(parsed);
      }
      if (r === MISMATCH) {
        if (failFast) {
          const reason = parsed === INVALID_JSON ? 'the text is not valid JSON' : parsed === null ? 'the record is a JSON null' : explainMismatch(context, type, parsed, '$');
          throw malformedError(text!, reason);
        }
        malformedRows.push(i);
        nulls[i] = 1;
        continue;
      }
      values[i] = r;
    }
    return { vector: { dataType: type, length: n, values, nulls: nulls.indexOf(1) >= 0 ? nulls : null }, malformedRows };
  };
}

function wrapElement(r: unknown): unknown {
  return r === MISMATCH ? MISMATCH : [r];
}

const NON_NUMERIC_TEXT: Readonly<Record<string, number>> = {
  'NaN': Number.NaN, '+INF': Infinity, '+Infinity': Infinity, 'Infinity': Infinity, '-INF': -Infinity, '-Infinity': -Infinity,
};
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

/** The converter of a JSON value (never null) to brook's internal value of `type`, or MISMATCH. */
function makeConverter(type: DataType, context: ConverterContext): Converter {
  switch (type.kind) {
    case 'null': return () => null;
    case 'boolean': return (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : MISMATCH);
    case 'int': return (v) => (typeof v === 'number' && (v | 0) === v ? v : MISMATCH);
    case 'long': return (v) => (typeof v === 'number' && Number.isInteger(v) && v < LONG_LIMIT && v >= -LONG_LIMIT ? v : MISMATCH);
    case 'float': case 'double': return (v) => {
      if (typeof v === 'number') return type.kind === 'float' ? Math.fround(v) : v;
      if (typeof v === 'string' && Object.hasOwn(NON_NUMERIC_TEXT, v)) return NON_NUMERIC_TEXT[v];
      return MISMATCH;
    };
    case 'decimal': {
      const limit = 10 ** (type.precision - type.scale);
      return (v) => {
        let x: number;
        if (typeof v === 'number') x = v;
        else if (typeof v === 'string' && DECIMAL_TEXT.test(v.replace(/,/g, ''))) x = Number(v.replace(/,/g, ''));
        else return MISMATCH;
        const r = roundToScale(x, type.scale);
        return Number.isFinite(r) && Math.abs(r) < limit ? r : MISMATCH;
      };
    }
    case 'string': return (v) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
    case 'binary': return (v) => {
      if (typeof v !== 'string' || v.length % 4 !== 0 || !BASE64_TEXT.test(v)) return MISMATCH;
      return new Uint8Array(Buffer.from(v, 'base64'));
    };
    case 'timestamp': return (v) => {
      if (typeof v === 'number') return Number.isInteger(v) ? v * 1_000_000 : MISMATCH;
      if (typeof v !== 'string' || v.length === 0) return MISMATCH;
      return context.parseTimestamp(v) ?? MISMATCH;
    };
    case 'date': return (v) => (typeof v === 'string' && v.length > 0 ? context.parseDate(v) ?? MISMATCH : MISMATCH);
    case 'array': {
      const element = makeConverter(type.elementType, context);
      return (v) => {
        if (!Array.isArray(v)) return MISMATCH;
        const out = new Array<unknown>(v.length);
        for (let k = 0; k < v.length; k++) {
          const e = v[k];
          if (e === null) { out[k] = null; continue; }
          const r = element(e);
          if (r === MISMATCH) return MISMATCH;
          out[k] = r;
        }
        return out;
      };
    }
    case 'map': {
      const key = mapKeyConverter(type.keyType);
      const value = makeConverter(type.valueType, context);
      return (v) => {
        if (!isObject(v)) return MISMATCH;
        const out = new Map<unknown, unknown>();
        for (const k in v) {
          const kk = key(k);
          if (kk === MISMATCH) return MISMATCH;
          const e = v[k];
          const r = e === null ? null : value(e);
          if (r === MISMATCH) return MISMATCH;
          out.set(kk, r);
        }
        return out;
      };
    }
    case 'struct': {
      const slots = type.fields.map((f) => makeSlot(f.name, f.dataType, context));
      return (v) => {
        if (!isObject(v)) return MISMATCH;
        const out: Record<string, unknown> = {};
        for (const slot of slots) {
          const e = lookup(v, slot);
          const r = e === null || e === undefined ? null : slot.convert(e);
          if (r === MISMATCH) return MISMATCH;
          out[slot.name] = r;
        }
        return out;
      };
    }
    default: return assertNever(type, 'data type');
  }
}

/** Map keys arrive as JSON object names: kept as text for STRING keys, read as numbers for numeric keys. */
function mapKeyConverter(keyType: DataType): (key: string) => unknown {
  switch (keyType.kind) {
    case 'string': return (k) => k;
    case 'int': case 'long': return (k) => (/^-?\d+$/.test(k) && (keyType.kind === 'long' || (Number(k) | 0) === Number(k)) ? Number(k) : MISMATCH);
    case 'float': case 'double': case 'decimal': return (k) => (DECIMAL_TEXT.test(k) ? Number(k) : MISMATCH);
    case 'boolean': return (k) => (k === 'true' ? 1 : k === 'false' ? 0 : MISMATCH);
    default: return () => MISMATCH;
  }
}

/** Walks down to the innermost value that does not fit its type, for the FAILFAST message (error path only). */
function explainMismatch(context: ConverterContext, type: DataType, v: unknown, path: string): string {
  const fits = (t: DataType, x: unknown) => x === null || x === undefined || makeConverter(t, context)(x) !== MISMATCH;
  if (type.kind === 'struct' && isObject(v)) {
    for (const f of type.fields) {
      const inner = lookup(v, makeSlot(f.name, f.dataType, context));
      if (!fits(f.dataType, inner)) return explainMismatch(context, f.dataType, inner, `${path}.${f.name}`);
    }
  } else if (type.kind === 'array' && Array.isArray(v)) {
    const k = v.findIndex((e) => !fits(type.elementType, e));
    if (k >= 0) return explainMismatch(context, type.elementType, v[k], `${path}[${k}]`);
  } else if (type.kind === 'map' && isObject(v)) {
    for (const key in v) {
      if (!fits(type.valueType, v[key])) return explainMismatch(context, type.valueType, v[key], `${path}['${key}']`);
    }
  }
  return `field '${path}' of type ${ddlTypeString(type)} cannot hold ${describeJson(v)}`;
}

function describeJson(v: unknown): string {
  const text = v === INVALID_JSON ? '' : JSON.stringify(v) ?? String(v);
  const shown = text.length > 100 ? `${text.slice(0, 100)}...` : text;
  if (v === null) return 'a JSON null';
  if (Array.isArray(v)) return `the JSON array ${shown}`;
  if (typeof v === 'object') return `the JSON object ${shown}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return `the JSON number ${String(v)}`;
  return `the JSON ${typeof v} ${shown}`;
}

function malformedError(text: string, reason: string) {
  const record = text.length > 1000 ? `${text.slice(0, 1000)}...` : text;
  return externalError('MALFORMED_RECORD',
    `Malformed records are detected in record parsing. Parse Mode: FAILFAST. Cause: ${reason}. `
    + `To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. Bad record: ${record}`);
}
