// Spark's JSON schema inference for JSON Lines text: LONG/DOUBLE/STRING/BOOLEAN, structs sorted by name, widening on conflict.
import {
  ArrayTypeOf, BooleanType, DecimalType, DoubleType, LongType, NullType, StringType, StructField, StructType,
} from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import { assertNever } from '../../common/errors.js';

/** Thrown inside the scanner for text that is not JSON. */
class MalformedJson {
  readonly position: number;
  constructor(position: number) {
    this.position = position;
  }
}

const LONG_MAX_DIGITS = '9223372036854775807';

/** A recursive-descent walk over one JSON text that returns its type without building values. */
class TypeScanner {
  private pos = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** The type of the whole text (one value, nothing after it but whitespace). */
  scanDocument(): DataType {
    const t = this.scanValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) throw new MalformedJson(this.pos);
    return t;
  }

  private skipWhitespace(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  private scanValue(): DataType {
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case '{': return this.scanObject();
      case '[': return this.scanArray();
      case '"': this.scanString(); return StringType;
      case 't': return this.scanWord('true', BooleanType);
      case 'f': return this.scanWord('false', BooleanType);
      case 'n': return this.scanWord('null', NullType);
      default: return this.scanNumber();
    }
  }

  private scanWord(word: string, type: DataType): DataType {
    if (!this.text.startsWith(word, this.pos)) throw new MalformedJson(this.pos);
    this.pos += word.length;
    return type;
  }

  private scanNumber(): DataType {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (found === null) {
      for (const word of ['NaN', 'Infinity', '+Infinity', '-Infinity']) {
        if (this.text.startsWith(word, this.pos)) { this.pos += word.length; return DoubleType; }
      }
      throw new MalformedJson(this.pos);
    }
    this.pos += found[0].length;
    if (found[2] !== undefined || found[3] !== undefined) return DoubleType;
    const digits = found[1]!;
    const fitsLong = digits.length < LONG_MAX_DIGITS.length
      || (digits.length === LONG_MAX_DIGITS.length && (digits <= LONG_MAX_DIGITS || (found[0].startsWith('-') && digits === '9223372036854775808')));
    if (fitsLong) return LongType;
    return digits.length <= 38 ? DecimalType(digits.length, 0) : DoubleType;
  }

  /** Reads a string token and returns its decoded text. */
  private scanString(): string {
    const s = this.text;
    const start = ++this.pos;
    let simple = true;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        const raw = s.slice(start, this.pos++);
        return simple ? raw : (JSON.parse(`"${raw}"`) as string);
      }
      if (c === 0x5c) { simple = false; this.pos += 2; continue; }
      if (c < 0x20) throw new MalformedJson(this.pos);
      this.pos++;
    }
    throw new MalformedJson(this.pos);
  }

  private scanObject(): DataType {
    this.pos++;
    const fields = new Map<string, DataType>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') { this.pos++; return new StructType(); }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') throw new MalformedJson(this.pos);
      const name = this.scanString();
      this.skipWhitespace();
      if (this.text[this.pos++] !== ':') throw new MalformedJson(this.pos - 1);
      const t = this.scanValue();
      const before = fields.get(name);
      fields.set(name, before === undefined ? t : mergeJsonTypes(before, t));
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === '}') break;
      if (next !== ',') throw new MalformedJson(this.pos - 1);
    }
    return sortedStruct([...fields].map(([name, t]) => new StructField(name, t, true)));
  }

  private scanArray(): DataType {
    this.pos++;
    let element: DataType = NullType;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') { this.pos++; return ArrayTypeOf(element); }
    for (;;) {
      element = mergeJsonTypes(element, this.scanValue());
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === ']') break;
      if (next !== ',') throw new MalformedJson(this.pos - 1);
    }
    return ArrayTypeOf(element);
  }
}

function sortedStruct(fields: StructField[]): StructType {
  return new StructType([...fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}

/**
 * The type of one JSON text, or null when it is not valid JSON.
 * @example jsonTextType('{"b": 1, "a": [1.5]}') // struct<a:array<double>,b:bigint>
 */
export function jsonTextType(text: string): DataType | null {
  try {
    return new TypeScanner(text).scanDocument();
  } catch (error) {
    if (error instanceof MalformedJson) return null;
    throw error;
  }
}

/**
 * The common type of two inferred JSON types, as Spark widens them: null gives way to anything, bigint and double
 * become double, bigint and decimal a wide enough decimal, structs merge their fields, arrays their elements, and
 * any other conflict falls back to string.
 * @example mergeJsonTypes(LongType, DoubleType) // DoubleType
 */
export function mergeJsonTypes(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === b.kind && a.kind !== 'decimal' && a.kind !== 'struct' && a.kind !== 'array' && a.kind !== 'map') return a;
  if (a.kind === 'struct' && b.kind === 'struct') {
    const merged = new Map<string, DataType>();
    for (const f of a.fields) merged.set(f.name, f.dataType);
    for (const f of b.fields) {
      const before = merged.get(f.name);
      merged.set(f.name, before === undefined ? f.dataType : mergeJsonTypes(before, f.dataType));
    }
    return sortedStruct([...merged].map(([name, t]) => new StructField(name, t, true)));
  }
  if (a.kind === 'array' && b.kind === 'array') return ArrayTypeOf(mergeJsonTypes(a.elementType, b.elementType));
  const numeric = (t: DataType) => t.kind === 'long' || t.kind === 'double' || t.kind === 'decimal';
  if (numeric(a) && numeric(b)) {
    if (a.kind === 'double' || b.kind === 'double') return DoubleType;
    const asDecimal = (t: DataType) => (t.kind === 'decimal' ? t : DecimalType(20, 0));
    const x = asDecimal(a) as { precision: number; scale: number };
    const y = asDecimal(b) as { precision: number; scale: number };
    const scale = Math.max(x.scale, y.scale);
    const integral = Math.max(x.precision - x.scale, y.precision - y.scale);
    return integral + scale > 38 ? DoubleType : DecimalType(integral + scale, scale);
  }
  return StringType;
}

/** Types with nothing known (null, empty arrays) become string, as Spark's canonicalisation does. */
export function canonicalJsonType(t: DataType): DataType {
  switch (t.kind) {
    case 'null': return StringType;
    case 'array': return ArrayTypeOf(canonicalJsonType(t.elementType));
    case 'map': return t;
    case 'struct': return new StructType(t.fields.map((f) => new StructField(f.name, canonicalJsonType(f.dataType), true)));
    case 'boolean': case 'int': case 'long': case 'float': case 'double': case 'decimal':
    case 'string': case 'binary': case 'date': case 'timestamp':
      return t;
    default: return assertNever(t, 'data type');
  }
}

/** What to do with a record that is not a JSON object. */
export type JsonParseMode = 'PERMISSIVE' | 'FAILFAST' | 'DROPMALFORMED';

/** A line that inference could not read (for FAILFAST errors). */
export interface MalformedLine {
  readonly text: string;
  readonly lineNumber: number;
}

/**
 * Accumulates the schema of many JSON Lines records. Top-level arrays of objects count as one record per element;
 * anything else that is not an object is malformed: PERMISSIVE adds the corrupt-record column (string), DROPMALFORMED
 * skips it, FAILFAST reports it through `onMalformed`.
 * @example
 * const inference = new JsonSchemaInference('PERMISSIVE', '_corrupt_record');
 * inference.add('{"b": 1, "a": "x"}', 1); inference.schema() // a STRING, b BIGINT
 */
export class JsonSchemaInference {
  private root: DataType = NullType;
  private sawCorrupt = false;
  private records = 0;
  private readonly mode: JsonParseMode;
  private readonly corruptColumn: string;

  constructor(mode: JsonParseMode, corruptColumn: string) {
    this.mode = mode;
    this.corruptColumn = corruptColumn;
  }

  /** Adds one non-blank line; returns the malformed line for FAILFAST to report, else null. */
  add(text: string, lineNumber: number): MalformedLine | null {
    const t = jsonTextType(text);
    const records = t === null ? null : t.kind === 'struct' ? [t] : t.kind === 'array' && t.elementType.kind === 'struct' ? [t.elementType] : null;
    if (records === null) {
      if (this.mode === 'FAILFAST') return { text, lineNumber };
      if (this.mode === 'PERMISSIVE') this.sawCorrupt = true;
      return null;
    }
    for (const r of records) this.root = mergeJsonTypes(this.root, r);
    this.records++;
    return null;
  }

  /** True when no record (valid or corrupt) was seen. */
  get isEmpty(): boolean {
    return this.records === 0 && !this.sawCorrupt;
  }

  /** The inferred schema: fields sorted by name, the corrupt-record column among them when a malformed line was kept. */
  schema(): StructType {
    let root = this.root.kind === 'struct' ? this.root : new StructType();
    if (this.sawCorrupt && root.indexOf(this.corruptColumn) < 0) {
      root = mergeJsonTypes(root, new StructType([new StructField(this.corruptColumn, StringType, true)])) as StructType;
    }
    return canonicalJsonType(root) as StructType;
  }
}
