// Column values → JSON text as Spark's to_json writes it: null fields omitted, timestamps and dates formatted, binary as base64.
import type { DataType } from '../../common/data-types.js';
import { assertNever } from '../../common/errors.js';
import type { ColumnVector } from '../column-vector.js';
import { MICROS_PER_DAY, compileFormatter } from '../datetime-format.js';
import { doubleText, floatText, formatDateText } from '../kernels/cast-kernel.js';

/** Spark's default pattern for timestamps written as JSON. */
export const DEFAULT_JSON_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

export interface JsonWriteOptions {
  /** Session time zone timestamps are written in. */
  timeZone: string;
  /** Spark pattern; default `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`. */
  timestampFormat?: string;
  /** Spark pattern; default `yyyy-MM-dd`. */
  dateFormat?: string;
  /** Leave struct fields that are null out of the text (default true, Spark's spark.sql.jsonGenerator.ignoreNullFields). */
  ignoreNullFields?: boolean;
}

/** Writes row i of a vector (of the type it was compiled for) as JSON text; the row must not be null. */
export type JsonRowWriter = (v: ColumnVector, i: number) => string;
type ValueWriter = (x: unknown) => string;

interface WriteContext {
  readonly formatTimestamp: (micros: number) => string;
  readonly formatDate: (days: number) => string;
  readonly ignoreNullFields: boolean;
}

/**
 * Compiles the writer for one type once (formatters, field names) for use on every row.
 * @example compileJsonWriter(vector.dataType, { timeZone: 'UTC' })(vector, 0) // '{"a":1,"b":"x"}'
 */
export function compileJsonWriter(type: DataType, options: JsonWriteOptions): JsonRowWriter {
  const dateFormat = options.dateFormat;
  const formatDay = dateFormat === undefined ? null : compileFormatter(dateFormat, 'UTC');
  const context: WriteContext = {
    formatTimestamp: compileFormatter(options.timestampFormat ?? DEFAULT_JSON_TIMESTAMP_FORMAT, options.timeZone),
    formatDate: formatDay === null ? formatDateText : (days) => formatDay(days * MICROS_PER_DAY),
    ignoreNullFields: options.ignoreNullFields ?? true,
  };
  return makeRowWriter(type, context);
}

const writerCache = new WeakMap<object, Map<DataType, JsonRowWriter>>();

/**
 * Row i of a STRUCT, MAP or ARRAY vector as Spark's to_json text (any other type is written as its JSON value).
 * Writers are cached per options object, so pass the same object for every row.
 * @example toJsonText(structVector, 0, { timeZone: 'UTC' }) // '{"a":1,"b":"x"}'
 */
export function toJsonText(v: ColumnVector, i: number, options: JsonWriteOptions): string {
  let byType = writerCache.get(options);
  if (byType === undefined) {
    byType = new Map();
    writerCache.set(options, byType);
  }
  let writer = byType.get(v.dataType);
  if (writer === undefined) {
    writer = compileJsonWriter(v.dataType, options);
    byType.set(v.dataType, writer);
  }
  return writer(v, i);
}

/**
 * A STRING vector with the JSON text of every row; null rows stay null.
 * @example toJsonColumn(structVector, { timeZone: 'UTC' }).values // ['{"a":1}', '{"a":2}']
 */
export function toJsonColumn(v: ColumnVector, options: JsonWriteOptions): ColumnVector {
  const writer = compileJsonWriter(v.dataType, options);
  return writeColumn(v, writer);
}

/** Applies a compiled writer to every non-null row. */
export function writeColumn(v: ColumnVector, writer: JsonRowWriter): ColumnVector {
  const n = v.length;
  const out = new Array<string>(n);
  const nulls = v.nulls === null ? null : v.nulls.slice(0, n);
  for (let i = 0; i < n; i++) out[i] = nulls !== null && nulls[i] === 1 ? '' : writer(v, i);
  return { dataType: { kind: 'string' }, length: n, values: out, nulls: nulls !== null && nulls.indexOf(1) >= 0 ? nulls : null };
}

function makeRowWriter(type: DataType, context: WriteContext): JsonRowWriter {
  if (type.kind !== 'struct') {
    const write = makeValueWriter(type, context);
    return (v, i) => write((v.values as ArrayLike<unknown>)[i]);
  }
  const names = type.fields.map((f) => JSON.stringify(f.name) + ':');
  const writers = type.fields.map((f) => makeRowWriter(f.dataType, context));
  const ignoreNulls = context.ignoreNullFields;
  return (v, i) => {
    const fields = v.fields!;
    let out = '{';
    let first = true;
    for (let f = 0; f < writers.length; f++) {
      const child = fields[f]!;
      const isNull = child.nulls !== null && child.nulls[i] === 1;
      if (isNull && ignoreNulls) continue;
      if (!first) out += ',';
      first = false;
      out += names[f]! + (isNull ? 'null' : writers[f]!(child, i));
    }
    return out + '}';
  };
}

/** A double as Jackson writes it: Java's Double.toString (`500.0`, `1.0E7`), NaN and infinities as strings. */
function jsonDoubleText(x: number): string {
  return Number.isFinite(x) ? doubleText(x) : `"${doubleText(x)}"`;
}

/** A float as Jackson writes it: Java's Float.toString (`0.1`), NaN and infinities as strings. */
function jsonFloatText(x: number): string {
  return Number.isFinite(x) ? floatText(x) : `"${floatText(x)}"`;
}

function makeValueWriter(type: DataType, context: WriteContext): ValueWriter {
  switch (type.kind) {
    case 'null': return () => 'null';
    case 'boolean': return (x) => (x === 1 || x === true ? 'true' : 'false');
    case 'int': case 'long': return (x) => String(x);
    case 'float': return (x) => jsonFloatText(x as number);
    case 'double': return (x) => jsonDoubleText(x as number);
    case 'decimal': return (x) => (x as number).toFixed(type.scale);
    case 'string': return (x) => JSON.stringify(x);
    case 'binary': return (x) => `"${Buffer.from(x as Uint8Array).toString('base64')}"`;
    case 'date': return (x) => `"${context.formatDate(x as number)}"`;
    case 'timestamp': return (x) => `"${context.formatTimestamp(x as number)}"`;
    case 'array': {
      const element = makeValueWriter(type.elementType, context);
      return (x) => {
        const items = x as readonly unknown[];
        let out = '[';
        for (let k = 0; k < items.length; k++) {
          const e = items[k];
          out += (k > 0 ? ',' : '') + (e === null || e === undefined ? 'null' : element(e));
        }
        return out + ']';
      };
    }
    case 'map': {
      const key = makeKeyWriter(type.keyType, context);
      const value = makeValueWriter(type.valueType, context);
      return (x) => {
        let out = '{';
        let first = true;
        for (const [k, e] of x as Map<unknown, unknown>) {
          out += (first ? '' : ',') + key(k) + ':' + (e === null || e === undefined ? 'null' : value(e));
          first = false;
        }
        return out + '}';
      };
    }
    case 'struct': {
      const fields = type.fields.map((f) => ({ name: f.name, prefix: JSON.stringify(f.name) + ':', write: makeValueWriter(f.dataType, context) }));
      return (x) => {
        const row = x as Record<string, unknown>;
        let out = '{';
        let first = true;
        for (const f of fields) {
          const e = row[f.name];
          const isNull = e === null || e === undefined;
          if (isNull && context.ignoreNullFields) continue;
          out += (first ? '' : ',') + f.prefix + (isNull ? 'null' : f.write(e));
          first = false;
        }
        return out + '}';
      };
    }
    default: return assertNever(type, 'data type');
  }
}

/** Map keys become JSON names: the key's text (strings as they are, dates and timestamps formatted). */
function makeKeyWriter(type: DataType, context: WriteContext): ValueWriter {
  switch (type.kind) {
    case 'string': return (k) => JSON.stringify(k);
    case 'date': return (k) => JSON.stringify(context.formatDate(k as number));
    case 'timestamp': return (k) => JSON.stringify(context.formatTimestamp(k as number));
    case 'boolean': return (k) => (k === 1 || k === true ? '"true"' : '"false"');
    default: {
      const write = makeValueWriter(type, context);
      return (k) => {
        const text = write(k);
        return text.startsWith('"') ? text : JSON.stringify(text);
      };
    }
  }
}
