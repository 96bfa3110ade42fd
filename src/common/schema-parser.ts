// Parses Spark DDL schema strings ('a INT, geo STRUCT<lat: DOUBLE>') and type names ('array<bigint>') into DataTypes.
import {
  ArrayTypeOf, BinaryType, BooleanType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapTypeOf,
  NullType, StringType, StructField, StructType, TimestampType,
} from './data-types.js';
import type { DataType } from './data-types.js';
import { userError } from './errors.js';

interface Token {
  readonly text: string;
  readonly kind: 'ident' | 'number' | 'punct' | 'string';
  readonly offset: number;
}

// Built on first use: data-types.ts and this module import each other, so the constants may not exist at load time.
let simpleTypes: Record<string, DataType> | undefined;

function simpleTypeNamed(name: string): DataType | undefined {
  simpleTypes ??= {
    boolean: BooleanType, bool: BooleanType,
    tinyint: IntegerType, byte: IntegerType, smallint: IntegerType, short: IntegerType,
    int: IntegerType, integer: IntegerType,
    bigint: LongType, long: LongType,
    float: FloatType, real: FloatType,
    double: DoubleType,
    string: StringType, text: StringType,
    binary: BinaryType,
    date: DateType,
    timestamp: TimestampType, timestamp_ltz: TimestampType,
    void: NullType,
  };
  return simpleTypes[name];
}

/**
 * Parses a DDL schema string into a StructType.
 * @example parseSchema('event_id STRING, price INT, geo STRUCT<lat: DOUBLE, lon: DOUBLE>')
 */
export function parseSchema(ddl: string): StructType {
  const p = new TypeParser(ddl);
  if (p.atEnd()) throw schemaError(ddl, 0, 'the schema string is empty');
  // Spark also accepts a bare struct type: 'struct<a:int>'
  if (p.peekIdent('struct') && p.peekAt(1)?.text === '<') {
    const t = p.parseType();
    p.expectEnd();
    return t as StructType;
  }
  const fields: StructField[] = [];
  do {
    fields.push(p.parseField(' '));
  } while (p.accept(','));
  p.expectEnd();
  return new StructType(fields);
}

/**
 * Parses one type name such as 'bigint', 'decimal(10,2)', 'array<string>' or 'map<string,int>'.
 * @example parseDataType('array<struct<a: int>>')
 */
export function parseDataType(text: string): DataType {
  const p = new TypeParser(text);
  const t = p.parseType();
  p.expectEnd();
  return t;
}

class TypeParser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  peekAt(ahead: number): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  peekIdent(word: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  accept(punct: string): boolean {
    const t = this.tokens[this.pos];
    if (t && t.kind === 'punct' && t.text === punct) {
      this.pos++;
      return true;
    }
    return false;
  }

  expect(punct: string): void {
    if (!this.accept(punct)) this.fail(`expected '${punct}'`);
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail('unexpected text');
  }

  fail(what: string): never {
    const t = this.tokens[this.pos];
    const offset = t ? t.offset : this.text.length;
    throw schemaError(this.text, offset, t ? `${what} at '${t.text}'` : `${what} at the end of the text`);
  }

  parseField(separator: ' ' | ':'): StructField {
    const nameToken = this.tokens[this.pos];
    if (!nameToken || (nameToken.kind !== 'ident' && nameToken.kind !== 'string')) this.fail('expected a field name');
    this.pos++;
    if (separator === ':') this.expect(':');
    else this.accept(':');
    const type = this.parseType();
    let nullable = true;
    if (this.peekIdent('not') && this.tokens[this.pos + 1]?.text.toLowerCase() === 'null') {
      this.pos += 2;
      nullable = false;
    }
    if (this.peekIdent('comment')) {
      this.pos++;
      if (this.tokens[this.pos]?.kind !== 'string') this.fail('expected a quoted comment');
      this.pos++;
    }
    return new StructField(nameToken.text, type, nullable);
  }

  parseType(): DataType {
    const t = this.tokens[this.pos];
    if (!t || t.kind !== 'ident') this.fail('expected a type name');
    this.pos++;
    const name = t.text.toLowerCase();
    if (name === 'array') {
      this.expect('<');
      const element = this.parseType();
      this.expect('>');
      return ArrayTypeOf(element);
    }
    if (name === 'map') {
      this.expect('<');
      const key = this.parseType();
      this.expect(',');
      const value = this.parseType();
      this.expect('>');
      return MapTypeOf(key, value);
    }
    if (name === 'struct') {
      this.expect('<');
      const fields: StructField[] = [];
      if (!this.accept('>')) {
        do {
          fields.push(this.parseField(' '));
        } while (this.accept(','));
        this.expect('>');
      }
      return new StructType(fields);
    }
    if (name === 'decimal' || name === 'dec' || name === 'numeric') {
      if (!this.accept('(')) return DecimalType(10, 0);
      const precision = this.parseInteger();
      let scale = 0;
      if (this.accept(',')) scale = this.parseInteger();
      this.expect(')');
      if (precision < 1 || precision > 38 || scale > precision) {
        throw schemaError(this.text, t.offset, `decimal(${precision},${scale}) is out of range: precision must be 1..38 and scale at most the precision`);
      }
      return DecimalType(precision, scale);
    }
    if ((name === 'varchar' || name === 'char') && this.accept('(')) {
      this.parseInteger();
      this.expect(')');
      return StringType;
    }
    const simple = simpleTypeNamed(name);
    if (!simple) {
      throw schemaError(this.text, t.offset, `unknown data type '${t.text}'`,
        'use one of BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), STRING, BINARY, DATE, TIMESTAMP, ARRAY<T>, MAP<K,V>, STRUCT<...>');
    }
    return simple;
  }

  parseInteger(): number {
    const t = this.tokens[this.pos];
    if (!t || t.kind !== 'number') this.fail('expected a number');
    this.pos++;
    return Number(t.text);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      tokens.push({ text: text.slice(i, j), kind: 'ident', offset: i });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      tokens.push({ text: text.slice(i, j), kind: 'number', offset: i });
      i = j;
    } else if (c === '`') {
      let j = i + 1;
      let value = '';
      while (j < text.length) {
        if (text[j] === '`') {
          if (text[j + 1] === '`') { value += '`'; j += 2; continue; }
          break;
        }
        value += text[j];
        j++;
      }
      if (j >= text.length) throw schemaError(text, i, 'unterminated `quoted` name');
      tokens.push({ text: value, kind: 'ident', offset: i });
      i = j + 1;
    } else if (c === "'" || c === '"') {
      const j = text.indexOf(c, i + 1);
      if (j < 0) throw schemaError(text, i, 'unterminated string');
      tokens.push({ text: text.slice(i + 1, j), kind: 'string', offset: i });
      i = j + 1;
    } else if ('<>(),:'.includes(c)) {
      tokens.push({ text: c, kind: 'punct', offset: i });
      i++;
    } else {
      throw schemaError(text, i, `unexpected character '${c}'`);
    }
  }
  return tokens;
}

function schemaError(text: string, offset: number, what: string, hint?: string) {
  return userError('INVALID_SCHEMA', `Cannot parse the schema string '${text}': ${what} (position ${offset + 1})`, { hint });
}
