// Spark SQL data types as readonly data, StructType/StructField builders, and their names (simpleString / DDL).
import { assertNever } from './errors.js';
import { parseDataType as parseTypeName } from './schema-parser.js';

export type AtomicType =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'int' }
  | { readonly kind: 'long' }
  | { readonly kind: 'float' }
  | { readonly kind: 'double' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'string' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'date' }
  | { readonly kind: 'timestamp' };

export interface ArrayType {
  readonly kind: 'array';
  readonly elementType: DataType;
  readonly containsNull: boolean;
}

export interface MapType {
  readonly kind: 'map';
  readonly keyType: DataType;
  readonly valueType: DataType;
  readonly valueContainsNull: boolean;
}

/** One field of a struct. */
export class StructField {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly metadata: Readonly<Record<string, string>>;

  /** @example new StructField('price', IntegerType, true) */
  constructor(name: string, dataType: DataType, nullable = true, metadata: Record<string, string> = {}) {
    this.name = name;
    this.dataType = dataType;
    this.nullable = nullable;
    this.metadata = metadata;
  }
}

/**
 * A row type: ordered, named, typed fields. Immutable; `add` returns a new StructType.
 * @example new StructType().add('event_id', StringType).add('price', 'int')
 */
export class StructType {
  readonly kind = 'struct' as const;
  readonly fields: readonly StructField[];

  constructor(fields: readonly StructField[] = []) {
    this.fields = fields;
  }

  /** A new StructType with one more field; the type may be a DataType or a type name such as 'bigint'. */
  add(name: string, dataType: DataType | string, nullable = true): StructType {
    const type = typeof dataType === 'string' ? parseTypeName(dataType) : dataType;
    return new StructType([...this.fields, new StructField(name, type, nullable)]);
  }

  get fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }

  get length(): number {
    return this.fields.length;
  }

  /** Index of a field, matched case-insensitively like Spark; -1 when absent. */
  indexOf(name: string): number {
    const exact = this.fields.findIndex((f) => f.name === name);
    if (exact >= 0) return exact;
    const lower = name.toLowerCase();
    return this.fields.findIndex((f) => f.name.toLowerCase() === lower);
  }

  /** `struct<a:int,b:string>` */
  simpleString(): string {
    return simpleString(this);
  }

  /** `a INT, b STRING` */
  toDDL(): string {
    return this.fields.map((f) => `${quoteIdentifierIfNeeded(f.name)} ${ddlTypeString(f.dataType)}${f.nullable ? '' : ' NOT NULL'}`).join(', ');
  }

  /** The tree printed by printSchema(). */
  treeString(): string {
    const lines = ['root'];
    appendTree(lines, this, 1);
    return lines.join('\n') + '\n';
  }
}

export type DataType = AtomicType | ArrayType | MapType | StructType;

export const NullType: DataType = { kind: 'null' };
export const BooleanType: DataType = { kind: 'boolean' };
export const IntegerType: DataType = { kind: 'int' };
export const LongType: DataType = { kind: 'long' };
export const FloatType: DataType = { kind: 'float' };
export const DoubleType: DataType = { kind: 'double' };
export const StringType: DataType = { kind: 'string' };
export const BinaryType: DataType = { kind: 'binary' };
export const DateType: DataType = { kind: 'date' };
export const TimestampType: DataType = { kind: 'timestamp' };

export function DecimalType(precision = 10, scale = 0): DataType {
  return { kind: 'decimal', precision, scale };
}

export function ArrayTypeOf(elementType: DataType, containsNull = true): ArrayType {
  return { kind: 'array', elementType, containsNull };
}

export function MapTypeOf(keyType: DataType, valueType: DataType, valueContainsNull = true): MapType {
  return { kind: 'map', keyType, valueType, valueContainsNull };
}

export function isNumeric(t: DataType): boolean {
  return t.kind === 'int' || t.kind === 'long' || t.kind === 'float' || t.kind === 'double' || t.kind === 'decimal';
}

export function isIntegral(t: DataType): boolean {
  return t.kind === 'int' || t.kind === 'long';
}

export function isStruct(t: DataType): t is StructType {
  return t.kind === 'struct';
}

/** Structural equality of two types (field names compared exactly). */
export function sameType(a: DataType, b: DataType): boolean {
  return simpleString(a) === simpleString(b);
}

/** Spark's simpleString: `int`, `bigint`, `decimal(10,2)`, `array<string>`, `struct<a:int>`. */
export function simpleString(t: DataType): string {
  switch (t.kind) {
    case 'null': return 'void';
    case 'boolean': return 'boolean';
    case 'int': return 'int';
    case 'long': return 'bigint';
    case 'float': return 'float';
    case 'double': return 'double';
    case 'decimal': return `decimal(${t.precision},${t.scale})`;
    case 'string': return 'string';
    case 'binary': return 'binary';
    case 'date': return 'date';
    case 'timestamp': return 'timestamp';
    case 'array': return `array<${simpleString(t.elementType)}>`;
    case 'map': return `map<${simpleString(t.keyType)},${simpleString(t.valueType)}>`;
    case 'struct': return `struct<${t.fields.map((f) => `${f.name}:${simpleString(f.dataType)}`).join(',')}>`;
    default: return assertNever(t, 'data type');
  }
}

/** Type name as written in DDL: `INT`, `BIGINT`, `STRUCT<lat: DOUBLE>`. */
export function ddlTypeString(t: DataType): string {
  switch (t.kind) {
    case 'array': return `ARRAY<${ddlTypeString(t.elementType)}>`;
    case 'map': return `MAP<${ddlTypeString(t.keyType)}, ${ddlTypeString(t.valueType)}>`;
    case 'struct': return `STRUCT<${t.fields.map((f) => `${quoteIdentifierIfNeeded(f.name)}: ${ddlTypeString(f.dataType)}`).join(', ')}>`;
    case 'null': return 'VOID';
    default: return simpleString(t).toUpperCase();
  }
}

function quoteIdentifierIfNeeded(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

function appendTree(lines: string[], struct: StructType, depth: number): void {
  const prefix = ' |   '.repeat(depth - 1) + ' |-- ';
  for (const f of struct.fields) {
    lines.push(`${prefix}${f.name}: ${treeTypeName(f.dataType)} (nullable = ${f.nullable})`);
    appendNested(lines, f.dataType, depth + 1);
  }
}

function appendNested(lines: string[], t: DataType, depth: number): void {
  const prefix = ' |   '.repeat(depth - 1) + ' |-- ';
  if (t.kind === 'struct') appendTree(lines, t, depth);
  else if (t.kind === 'array') {
    lines.push(`${prefix}element: ${treeTypeName(t.elementType)} (containsNull = ${t.containsNull})`);
    appendNested(lines, t.elementType, depth + 1);
  } else if (t.kind === 'map') {
    lines.push(`${prefix}key: ${treeTypeName(t.keyType)}`);
    appendNested(lines, t.keyType, depth + 1);
    lines.push(`${prefix}value: ${treeTypeName(t.valueType)} (valueContainsNull = ${t.valueContainsNull})`);
    appendNested(lines, t.valueType, depth + 1);
  }
}

function treeTypeName(t: DataType): string {
  switch (t.kind) {
    case 'long': return 'long';
    case 'int': return 'integer';
    case 'array': case 'map': case 'struct': return t.kind;
    default: return simpleString(t);
  }
}
