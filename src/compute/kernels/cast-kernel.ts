// CAST over whole columns with Spark 3.5 non-ANSI semantics: invalid input gives null, numbers narrow like Java, text is read and written in the session time zone.
//
//   string → number   trimmed; integral types accept a fraction that is dropped ('1.9' → 1) and give null out of
//                     range; double/float accept Java's syntax (1e3, 1.5d) and inf/infinity/nan in any case
//   number → integral Java narrowing: BIGINT/DECIMAL → INT wraps, FLOAT/DOUBLE → INT/BIGINT truncate and saturate, NaN → 0
//   → decimal         HALF_UP to the scale, null when the precision overflows (and for NaN/±Infinity)
//   string → boolean  t/true/y/yes/1 and f/false/n/no/0, case-insensitive, else null; number → boolean is x != 0
//   string → date     yyyy, yyyy-[m]m, yyyy-[m]m-[d]d, then anything after ' ' or 'T'
//   string → timestamp the same, then [h]h:[m]m[:[s]s[.fraction]] and an optional zone (Z, +hh:mm, UTC+h, region id);
//                     without a zone the text is local time in ctx.timeZone. (Time-only text is not supported: null.)
//   number ↔ timestamp seconds since the epoch (timestamp → BIGINT/INT floors); date ↔ timestamp via local midnight
//   date → number/boolean null, as Spark
//   → string          dates yyyy-MM-dd, timestamps yyyy-MM-dd HH:mm:ss[.ffffff] (trailing zeros trimmed), doubles as
//                     Java prints them (1.0, 1.0E10), decimals with all their scale digits, binary as UTF-8,
//                     arrays [1, 2], structs {1, a}, maps {a -> 1}, nested nulls as null
//   string ↔ binary   UTF-8; INT/BIGINT → binary big-endian bytes
import { StringType, sameType } from '../../common/data-types.js';
import type { ArrayType, DataType, MapType, StructType } from '../../common/data-types.js';
import { internalError } from '../../common/errors.js';
import { castError } from '../../planner/expr/type-coercion.js';
import { allocateValues, internalValueAt, nullVector } from '../column-vector.js';
import type { ColumnVector, VectorValues } from '../column-vector.js';
import {
  MICROS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, daysToMicros, fromLocalMicros, microsToDays, timeZoneRules, toLocalMicros,
} from '../datetime-format.js';
import type { TimeZoneRules } from '../datetime-format.js';
import type { KernelContext } from '../kernel-registry.js';
import { makeVector, unaryKernel } from '../kernel-helpers.js';
import { toDecimal } from './math-kernels.js';
import type { NumericValues } from './math-kernels.js';

type Converter = (x: unknown) => unknown;

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const LONG_LIMIT = 2 ** 63; // Long.MAX_VALUE as a double: Java's (long) of a double saturates here
const MICROS = 1_000_000;

/**
 * CAST(v AS to) for every row (Spark 3.5, non-ANSI; see the header). The analyzer has checked canCast.
 * @example castVector(vectorFromValues(StringType, [' 42 ', 'x']), IntegerType, ctx) // [42, null]
 */
export function castVector(v: ColumnVector, to: DataType, ctx: KernelContext): ColumnVector {
  const from = v.dataType;
  if (sameType(from, to)) return v;
  const n = v.length;
  if (from.kind === 'null') return nullVector(to, n);
  const zone = timeZoneRules(ctx.timeZone);
  switch (to.kind) {
    case 'string': return castToString(v, zone);
    case 'array': return castArray(v, to, ctx);
    case 'map': return castMap(v, to, ctx);
    case 'struct': return castStruct(v, to, ctx);
    default: break;
  }
  const widened = widenNumbers(v, to);
  if (widened !== undefined) return widened;
  const convert = atomicConverter(from, to, zone);
  if (convert === undefined) throw castError(from, to);
  return unaryKernel(to, convert)([v], n);
}

function isPlainNumber(t: DataType): boolean {
  return t.kind === 'int' || t.kind === 'long' || t.kind === 'float' || t.kind === 'double' || t.kind === 'decimal';
}

/** Conversions the typed-array copy does exactly right: anything numeric → FLOAT/DOUBLE, INT → BIGINT. */
function widenNumbers(v: ColumnVector, to: DataType): ColumnVector | undefined {
  const from = v.dataType;
  if (!isPlainNumber(from)) return undefined;
  if (to.kind !== 'double' && to.kind !== 'float' && !(to.kind === 'long' && from.kind === 'int')) return undefined;
  const out = to.kind === 'float' ? new Float32Array(v.length) : new Float64Array(v.length);
  out.set(v.values as NumericValues);
  return { dataType: to, length: v.length, values: out, nulls: v.nulls === null ? null : v.nulls.slice() };
}

function atomicConverter(from: DataType, to: DataType, zone: TimeZoneRules): Converter | undefined {
  const f = from.kind;
  if (f === 'date' && to.kind !== 'timestamp' && to.kind !== 'string') return () => null; // Spark: DATE → numeric/boolean is null
  switch (to.kind) {
    case 'boolean':
      if (f === 'string') return (x) => parseBoolean(x as string);
      return (x) => ((x as number) !== 0 ? 1 : 0);
    case 'int':
      if (f === 'string') return (x) => parseIntegral(x as string, false);
      if (f === 'float' || f === 'double') return (x) => saturate(x as number, INT_MIN, INT_MAX);
      if (f === 'timestamp') return (x) => Math.floor((x as number) / MICROS) | 0;
      return (x) => (x as number) | 0; // BIGINT/DECIMAL: truncate, then keep the low 32 bits like Java
    case 'long':
      if (f === 'string') return (x) => parseIntegral(x as string, true);
      if (f === 'float' || f === 'double') return (x) => saturate(x as number, -LONG_LIMIT, LONG_LIMIT);
      if (f === 'timestamp') return (x) => Math.floor((x as number) / MICROS);
      return (x) => Math.trunc(x as number);
    case 'float': case 'double':
      if (f === 'string') return (x) => parseFloating(x as string);
      if (f === 'timestamp') return (x) => (x as number) / MICROS;
      return (x) => x;
    case 'decimal': {
      const { precision, scale } = to;
      if (f === 'string') return (x) => parseDecimal(x as string, precision, scale);
      if (f === 'timestamp') return (x) => toDecimal((x as number) / MICROS, precision, scale);
      return (x) => toDecimal(x as number, precision, scale);
    }
    case 'date':
      if (f === 'string') return (x) => parseDateText(x as string);
      if (f === 'timestamp') return (x) => microsToDays(x as number, zone);
      return undefined;
    case 'timestamp':
      if (f === 'string') return (x) => parseTimestampText(x as string, zone);
      if (f === 'date') return (x) => daysToMicros(x as number, zone);
      if (f === 'float' || f === 'double') return (x) => (Number.isFinite(x) ? saturate((x as number) * MICROS, -LONG_LIMIT, LONG_LIMIT) : null);
      if (f === 'decimal') return (x) => decimalSecondsToMicros(x as number);
      if (f === 'int' || f === 'long' || f === 'boolean') return (x) => (x as number) * (f === 'boolean' ? 1 : MICROS);
      return undefined;
    case 'binary':
      if (f === 'string') return (x) => utf8Encoder.encode(x as string);
      if (f === 'int') return (x) => { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, x as number); return b; };
      if (f === 'long') return (x) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt(Math.trunc(x as number))); return b; };
      return undefined;
    default: return undefined;
  }
}

/** Java's (int)/(long) of a double: truncate toward zero, saturate at the range, NaN → 0. */
function saturate(x: number, min: number, max: number): number {
  if (x !== x) return 0;
  if (x >= max) return max;
  if (x <= min) return min;
  return Math.trunc(x);
}

/** Seconds as a decimal → µs, exact for decimal digits (the double product is snapped when it is only rounding noise). */
function decimalSecondsToMicros(x: number): number {
  const r = x * MICROS;
  const k = Math.round(r);
  return Math.abs(r - k) <= Math.abs(r) * 4e-16 + 1e-9 ? k : Math.trunc(r);
}

// ---------------------------------------------------------------- text → values

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** Drops leading/trailing whitespace and control characters (code ≤ 0x20), as Spark's trimAll/Java's trim do. */
function trimControl(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const TRUE_TEXT = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE_TEXT = new Set(['f', 'false', 'n', 'no', '0']);

function parseBoolean(text: string): number | null {
  const s = trimControl(text).toLowerCase();
  return TRUE_TEXT.has(s) ? 1 : FALSE_TEXT.has(s) ? 0 : null;
}

/** Spark's UTF8String.toInt/toLong: [+-]digits[.digits], the fraction dropped; null when invalid or out of range. */
function parseIntegral(text: string, long: boolean): number | null {
  const s = trimControl(text);
  const n = s.length;
  let i = 0;
  const c0 = s.charCodeAt(0);
  const negative = c0 === 45;
  if (negative || c0 === 43) i = 1;
  const digitsStart = i;
  let value = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return null;
    value = value * 10 + (c - 48);
  }
  const digits = i - digitsStart;
  let fractionDigits = 0;
  if (i < n) {
    for (i++; i < n; i++, fractionDigits++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return null;
    }
  }
  if (digits + fractionDigits === 0) return null;
  if (long) {
    if (digits >= 16) {
      const big = BigInt(s.slice(digitsStart, digitsStart + digits));
      if (negative ? big > 9223372036854775808n : big > 9223372036854775807n) return null;
      const r = Number(big);
      return negative && r !== 0 ? -r : r;
    }
  } else if (negative ? value > -INT_MIN : value > INT_MAX) return null;
  return negative && value !== 0 ? -value : value;
}

const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/** Java's Double.parseDouble (decimal syntax, optional d/f suffix), then Spark's inf/infinity/nan in any case. */
function parseFloating(text: string): number | null {
  const s = trimControl(text);
  if (JAVA_DOUBLE.test(s)) {
    const last = s.charCodeAt(s.length - 1) | 0x20;
    return Number(last === 0x64 || last === 0x66 ? s.slice(0, -1) : s); // strip d/f
  }
  switch (s.toLowerCase()) {
    case 'inf': case '+inf': case 'infinity': case '+infinity': return Infinity;
    case '-inf': case '-infinity': return -Infinity;
    case 'nan': return Number.NaN;
    default: return null;
  }
}

const JAVA_BIG_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseDecimal(text: string, precision: number, scale: number): number | null {
  const s = trimControl(text);
  return JAVA_BIG_DECIMAL.test(s) ? toDecimal(Number(s), precision, scale) : null;
}

// Results of the last scanDateTime (module scratch: parsing allocates nothing per row).
let scanPos = 0;
let scanDays = 0;
let scanMicrosOfDay = 0;
let scanZoneStart = -1;
let scanEnd = 0;

/** Reads 1..max digits at `start`; the value, or -1 when there is no digit. Sets scanPos after the digits. */
function readDigits(s: string, start: number, end: number, max: number): number {
  let v = 0;
  let q = start;
  while (q < end && q - start < max) {
    const c = s.charCodeAt(q);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    q++;
  }
  scanPos = q;
  return q === start ? -1 : v;
}

/** Scans Spark's date/timestamp cast text (see the header) into the scratch fields; false when it is not valid. */
function scanDateTime(s: string, withTime: boolean): boolean {
  let p = 0;
  let end = s.length;
  while (p < end && s.charCodeAt(p) <= 32) p++;
  while (end > p && s.charCodeAt(end - 1) <= 32) end--;
  if (p >= end) return false;
  const sign = s.charCodeAt(p);
  if (sign === 45 || sign === 43) p++;
  let year = readDigits(s, p, end, 7);
  if (scanPos - p < 4) return false;
  if (sign === 45) year = -year;
  p = scanPos;
  let month = 1;
  let day = 1;
  let hasDay = false;
  let micros = 0;
  scanZoneStart = -1;
  if (p < end) {
    if (s.charCodeAt(p) !== 45) return false;
    month = readDigits(s, p + 1, end, 2);
    if (month < 0) return false;
    p = scanPos;
  }
  if (p < end) {
    if (s.charCodeAt(p) !== 45) return false;
    day = readDigits(s, p + 1, end, 2);
    if (day < 0) return false;
    hasDay = true;
    p = scanPos;
  }
  if (p < end) {
    const c = s.charCodeAt(p);
    if ((c !== 32 && c !== 84) || !hasDay) return false;
    p++;
    if (withTime && p < end) {
      const time = scanTime(s, p, end);
      if (time < 0) return false;
      micros = time;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  scanDays = daysFromCivil(year, month, day);
  scanMicrosOfDay = micros;
  scanEnd = end;
  return true;
}

/** [h]h:[m]m[:[s]s[.fraction]] then an optional zone (its start goes to scanZoneStart); µs of day or -1. */
function scanTime(s: string, start: number, end: number): number {
  const hour = readDigits(s, start, end, 2);
  if (hour < 0 || scanPos >= end || s.charCodeAt(scanPos) !== 58) return -1;
  const minute = readDigits(s, scanPos + 1, end, 2);
  if (minute < 0) return -1;
  let p = scanPos;
  let second = 0;
  let fraction = 0;
  if (p < end && s.charCodeAt(p) === 58) {
    second = readDigits(s, p + 1, end, 2);
    if (second < 0) return -1;
    p = scanPos;
    if (p < end && s.charCodeAt(p) === 46) {
      let q = p + 1;
      let count = 0;
      for (; q < end; q++, count++) {
        const c = s.charCodeAt(q);
        if (c < 48 || c > 57) break;
        if (count < 6) fraction = fraction * 10 + (c - 48);
      }
      if (count > 9) return -1;
      for (let k = count; k < 6; k++) fraction *= 10;
      p = q;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return -1;
  while (p < end && s.charCodeAt(p) === 32) p++;
  if (p < end) scanZoneStart = p;
  return ((hour * 60 + minute) * 60 + second) * MICROS + fraction;
}

/**
 * Days since the epoch of a date text as CAST(… AS DATE) reads it, or null.
 * @example parseDateText('2024-2-9T10:00') // 19762
 */
export function parseDateText(text: string): number | null {
  return scanDateTime(text, false) ? scanDays : null;
}

const textZones = new Map<string, TimeZoneRules | null>();

function zoneOfText(id: string): TimeZoneRules | null {
  let zone = textZones.get(id);
  if (zone === undefined) {
    try {
      zone = timeZoneRules(id);
    } catch {
      zone = null; // an unknown zone id in the data makes that value null, like Spark
    }
    if (textZones.size >= 1000) textZones.clear();
    textZones.set(id, zone);
  }
  return zone;
}

/**
 * µs since the epoch of a timestamp text as CAST(… AS TIMESTAMP) reads it (local time in `zone` unless the text
 * names a zone), or null.
 * @example parseTimestampText('2024-01-31 12:00:00.5Z', timeZoneRules('UTC')) // 1706702400500000
 */
export function parseTimestampText(text: string, zone: TimeZoneRules): number | null {
  if (!scanDateTime(text, true)) return null;
  const local = scanDays * MICROS_PER_DAY + scanMicrosOfDay;
  if (scanZoneStart < 0) return fromLocalMicros(local, zone);
  const named = zoneOfText(text.slice(scanZoneStart, scanEnd));
  return named === null ? null : fromLocalMicros(local, named);
}

// ---------------------------------------------------------------- values → text

const ymd = new Int32Array(3);
// The date text of the last timestamp formatted: neighbouring timestamps usually share their day.
let lastDays = Number.NaN;
let lastDateText = '';

function pad2(x: number): string {
  return x < 10 ? `0${x}` : `${x}`;
}

/**
 * `yyyy-MM-dd` of a day number (years past 9999 get a '+' like Spark).
 * @example formatDateText(19753) // '2024-01-31'
 */
export function formatDateText(days: number): string {
  civilFromDays(days, ymd);
  const y = ymd[0]!;
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : y > 9999 ? `+${y}` : `-${String(-y).padStart(4, '0')}`;
  return `${year}-${pad2(ymd[1]!)}-${pad2(ymd[2]!)}`;
}

/**
 * `yyyy-MM-dd HH:mm:ss[.ffffff]` of an instant in a zone, the fraction only when non-zero and without trailing zeros.
 * @example formatTimestampText(1706702400500000, timeZoneRules('UTC')) // '2024-01-31 12:00:00.5'
 */
export function formatTimestampText(micros: number, zone: TimeZoneRules): string {
  const local = toLocalMicros(Math.floor(micros), zone);
  const days = Math.floor(local / MICROS_PER_DAY);
  const ofDay = local - days * MICROS_PER_DAY;
  const seconds = Math.floor(ofDay / MICROS);
  const fraction = ofDay - seconds * MICROS;
  if (days !== lastDays) {
    lastDays = days;
    lastDateText = formatDateText(days);
  }
  const text = `${lastDateText} ${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  if (fraction === 0) return text;
  return `${text}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}`;
}

/**
 * A double as Java's Double.toString prints it: `1.0`, `0.001`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity`.
 * @example doubleText(1e7) // '1.0E7'
 */
export function doubleText(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const s = x.toExponential();
  const e = s.indexOf('e');
  const mantissa = s.slice(0, e);
  const exponent = s.slice(e + 1);
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/**
 * A float as Java's Float.toString prints it (the shortest digits that identify the float).
 * @example floatText(Math.fround(0.1)) // '0.1'
 */
export function floatText(x: number): string {
  if (!Number.isFinite(x) || x === 0) return doubleText(x);
  for (let p = 1; p <= 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return doubleText(y);
  }
  return doubleText(x);
}

/**
 * The text CAST(… AS STRING) gives for one non-null internal value of a type.
 * @example valueText(ArrayTypeOf(IntegerType), [1, null], timeZoneRules('UTC')) // '[1, null]'
 */
export function valueText(type: DataType, raw: unknown, zone: TimeZoneRules): string {
  switch (type.kind) {
    case 'null': return 'null';
    case 'boolean': return raw === 1 || raw === true ? 'true' : 'false';
    case 'int': case 'long': return String(raw);
    case 'float': return floatText(raw as number);
    case 'double': return doubleText(raw as number);
    case 'decimal': return (raw as number).toFixed(type.scale);
    case 'string': return raw as string;
    case 'binary': return utf8Decoder.decode(raw as Uint8Array);
    case 'date': return formatDateText(raw as number);
    case 'timestamp': return formatTimestampText(raw as number, zone);
    case 'array': return `[${(raw as readonly unknown[]).map((e) => nestedText(type.elementType, e, zone)).join(', ')}]`;
    case 'map': {
      const parts: string[] = [];
      for (const [k, v] of raw as ReadonlyMap<unknown, unknown>) parts.push(`${nestedText(type.keyType, k, zone)} -> ${nestedText(type.valueType, v, zone)}`);
      return `{${parts.join(', ')}}`;
    }
    case 'struct': {
      const row = raw as Readonly<Record<string, unknown>>;
      return `{${type.fields.map((f) => nestedText(f.dataType, row[f.name], zone)).join(', ')}}`;
    }
    default: throw internalError(`no text form for ${(type as DataType).kind}`);
  }
}

function nestedText(type: DataType, raw: unknown, zone: TimeZoneRules): string {
  return raw === null || raw === undefined ? 'null' : valueText(type, raw, zone);
}

function castToString(v: ColumnVector, zone: TimeZoneRules): ColumnVector {
  const from = v.dataType;
  if (from.kind !== 'struct') return unaryKernel(StringType, (x) => valueText(from, x, zone))([v], v.length);
  const n = v.length;
  const values = new Array<string>(n).fill('');
  for (let i = 0; i < n; i++) {
    const row = internalValueAt(v, i);
    if (row !== null) values[i] = valueText(from, row, zone);
  }
  return makeVector(StringType, values, v.nulls === null ? null : v.nulls.slice(0, n), n);
}

// ---------------------------------------------------------------- nested types

/** A vector over internal values (struct rows as objects keyed by field name). */
function vectorOfInternal(type: DataType, values: readonly unknown[]): ColumnVector {
  const n = values.length;
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (values[i] === null || values[i] === undefined) nulls[i] = 1;
  if (type.kind === 'struct') {
    const fields = type.fields.map((f) => vectorOfInternal(f.dataType, values.map((r) => (r === null || r === undefined ? null : (r as Readonly<Record<string, unknown>>)[f.name] ?? null))));
    return { dataType: type, length: n, values: [], nulls: nulls.indexOf(1) < 0 ? null : nulls, fields };
  }
  if (type.kind === 'null') return nullVector(type, n);
  const out = allocateValues(type, n) as unknown[];
  for (let i = 0; i < n; i++) if (nulls[i] === 0) out[i] = values[i];
  return makeVector(type, out as VectorValues, nulls, n);
}

function castArray(v: ColumnVector, to: ArrayType, ctx: KernelContext): ColumnVector {
  const from = v.dataType;
  if (from.kind !== 'array') throw castError(from, to);
  const n = v.length;
  const rows = v.values as readonly (readonly unknown[] | null)[];
  const flat: unknown[] = [];
  for (let i = 0; i < n; i++) if (internalValueAt(v, i) !== null) flat.push(...rows[i]!);
  const elements = castVector(vectorOfInternal(from.elementType, flat), to.elementType, ctx);
  const out = new Array<unknown>(n).fill(null);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (internalValueAt(v, i) === null) continue;
    const len = rows[i]!.length;
    const arr = new Array<unknown>(len);
    for (let j = 0; j < len; j++) arr[j] = internalValueAt(elements, k++);
    out[i] = arr;
  }
  return { dataType: to, length: n, values: out, nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
}

function castMap(v: ColumnVector, to: MapType, ctx: KernelContext): ColumnVector {
  const from = v.dataType;
  if (from.kind !== 'map') throw castError(from, to);
  const n = v.length;
  const rows = v.values as readonly (ReadonlyMap<unknown, unknown> | null)[];
  const keys: unknown[] = [];
  const values: unknown[] = [];
  for (let i = 0; i < n; i++) {
    if (internalValueAt(v, i) === null) continue;
    for (const [key, value] of rows[i]!) {
      keys.push(key);
      values.push(value);
    }
  }
  const castKeys = castVector(vectorOfInternal(from.keyType, keys), to.keyType, ctx);
  const castValues = castVector(vectorOfInternal(from.valueType, values), to.valueType, ctx);
  const out = new Array<unknown>(n).fill(null);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (internalValueAt(v, i) === null) continue;
    const m = new Map<unknown, unknown>();
    for (let j = 0; j < rows[i]!.size; j++, k++) m.set(internalValueAt(castKeys, k), internalValueAt(castValues, k));
    out[i] = m;
  }
  return { dataType: to, length: n, values: out, nulls: v.nulls === null ? null : v.nulls.slice(0, n) };
}

function castStruct(v: ColumnVector, to: StructType, ctx: KernelContext): ColumnVector {
  const from = v.dataType;
  if (from.kind !== 'struct' || from.fields.length !== to.fields.length) throw castError(from, to);
  const fields = to.fields.map((f, k) => castVector(v.fields![k]!, f.dataType, ctx));
  return { dataType: to, length: v.length, values: [], nulls: v.nulls === null ? null : v.nulls.slice(0, v.length), fields };
}
