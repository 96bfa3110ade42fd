// Signatures of from_json, to_json, get_json_object, named_struct, struct and map: argument checks, result types, plan-time options.
import { ArrayTypeOf, MapTypeOf, StringType, StructField, StructType, ddlTypeString } from '../../../common/data-types.js';
import type { DataType } from '../../../common/data-types.js';
import { userError } from '../../../common/errors.js';
import type { BrookError } from '../../../common/errors.js';
import { parseDataType, parseSchema } from '../../../common/schema-parser.js';
import type { BoundExpr } from '../bound-expression.js';
import { registerFunctions } from '../function-catalog.js';
import type { FunctionSignature, ResolveContext } from '../function-catalog.js';
import { renderExpression } from '../render-expression.js';
import { coerceTo, typeMismatch, widerType } from '../type-coercion.js';

/** What from_json's kernel finds in `options` (the shape of compute/json's JsonParseOptions). */
export interface FromJsonOptions {
  readonly schema: DataType;
  readonly parseOptions: {
    readonly mode: 'PERMISSIVE' | 'FAILFAST';
    readonly columnNameOfCorruptRecord: string;
    readonly timestampFormat?: string;
    readonly dateFormat?: string;
    readonly timeZone: string;
  };
  /** False when timeZone is the session zone (the kernel then takes KernelContext.timeZone). */
  readonly explicitTimeZone: boolean;
}

/** What to_json's kernel finds in `options`. */
export interface ToJsonOptions {
  readonly timeZone?: string;
  readonly timestampFormat?: string;
  readonly dateFormat?: string;
  readonly ignoreNullFields: boolean;
}

function fail(ctx: ResolveContext, code: string, message: string, hint?: string): BrookError {
  return userError(code, message, { span: ctx.span, hint });
}

/** The literal string of a bound expression, or undefined when it is not a (non-null) string literal. */
function stringLiteral(e: BoundExpr | undefined): string | undefined {
  return e !== undefined && e.kind === 'literal' && typeof e.value === 'string' ? e.value : undefined;
}

/**
 * Reads an options argument: a MAP<STRING,STRING> literal (JS Map or plain object) or a call of map() with string
 * literal arguments. Keys are lower-cased (Spark's options are case-insensitive).
 */
function readOptions(arg: BoundExpr | undefined, ctx: ResolveContext): Map<string, string> {
  const out = new Map<string, string>();
  if (arg === undefined) return out;
  const put = (k: unknown, v: unknown) => {
    if (typeof k !== 'string' || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) {
      throw fail(ctx, 'INVALID_OPTIONS', `${ctx.functionName}: options must map strings to strings, got the entry ${String(k)} -> ${String(v)}`);
    }
    out.set(k.toLowerCase(), String(v));
  };
  if (arg.kind === 'literal') {
    if (arg.value instanceof Map) for (const [k, v] of arg.value) put(k, v);
    else if (typeof arg.value === 'object' && arg.value !== null) for (const [k, v] of Object.entries(arg.value)) put(k, v);
    else if (arg.value !== null && arg.value !== undefined) {
      throw fail(ctx, 'INVALID_OPTIONS', `${ctx.functionName}: the options argument must be a map of strings, such as map('mode', 'FAILFAST')`);
    }
    return out;
  }
  if (arg.kind === 'call' && arg.name.toLowerCase() === 'map') {
    for (let k = 0; k + 1 < arg.args.length; k += 2) {
      const key = stringLiteral(arg.args[k]);
      const value = arg.args[k + 1]?.kind === 'literal' ? (arg.args[k + 1] as { value: unknown }).value : undefined;
      if (key === undefined || value === undefined) {
        throw fail(ctx, 'INVALID_OPTIONS', `${ctx.functionName}: option names and values must be string literals`);
      }
      put(key, value);
    }
    return out;
  }
  throw fail(ctx, 'INVALID_OPTIONS', `${ctx.functionName}: the options argument must be a map of string literals, such as map('mode', 'FAILFAST')`);
}

/** Spark's JSON schema format: {"type":"struct","fields":[{"name":"a","type":"integer","nullable":true}]}. */
function dataTypeFromJson(json: unknown, text: string): DataType {
  const bad = (): never => {
    throw userError('INVALID_SCHEMA', `Cannot parse the JSON schema '${text}': ${JSON.stringify(json)} is not a data type`);
  };
  if (typeof json === 'string') return parseDataType(json === 'integer' ? 'int' : json);
  if (typeof json !== 'object' || json === null) return bad();
  const o = json as Record<string, unknown>;
  switch (o.type) {
    case 'struct': {
      if (!Array.isArray(o.fields)) return bad();
      return new StructType(o.fields.map((f: unknown) => {
        const field = f as Record<string, unknown>;
        if (typeof field.name !== 'string') return bad();
        return new StructField(field.name, dataTypeFromJson(field.type, text), field.nullable !== false);
      }));
    }
    case 'array': return ArrayTypeOf(dataTypeFromJson(o.elementType, text), o.containsNull !== false);
    case 'map': return MapTypeOf(dataTypeFromJson(o.keyType, text), dataTypeFromJson(o.valueType, text), o.valueContainsNull !== false);
    default: return bad();
  }
}

/** A schema string: Spark's JSON schema format, a DDL field list, or one type name ('array<struct<a:int>>'). */
export function parseSchemaText(text: string): DataType {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw userError('INVALID_SCHEMA', `Cannot parse the schema '${text}': it starts with '{' but is not valid JSON`);
    }
    return dataTypeFromJson(json, text);
  }
  try {
    return parseSchema(text);
  } catch (ddlError) {
    try {
      return parseDataType(text);
    } catch {
      throw ddlError;
    }
  }
}

/** The type with every field, element and value nullable (Spark's asNullable, applied to from_json schemas). */
function asNullable(t: DataType): DataType {
  switch (t.kind) {
    case 'struct': return new StructType(t.fields.map((f) => new StructField(f.name, asNullable(f.dataType), true, { ...f.metadata })));
    case 'array': return ArrayTypeOf(asNullable(t.elementType), true);
    case 'map': return MapTypeOf(asNullable(t.keyType), asNullable(t.valueType), true);
    default: return t;
  }
}

function schemaArgument(arg: BoundExpr | undefined, ctx: ResolveContext): DataType {
  if (arg !== undefined && arg.kind === 'literal') {
    if (typeof arg.value === 'string') return parseSchemaText(arg.value);
    if (arg.value instanceof StructType) return arg.value;
  }
  throw fail(ctx, 'INVALID_SCHEMA', `${ctx.functionName}: the schema must be a string literal such as 'a INT, b STRING'`);
}

/** `name(a, b)` of resolved arguments, for DATATYPE_MISMATCH messages. */
function callSql(name: string, args: readonly BoundExpr[]): string {
  return `${name}(${args.map(renderExpression).join(', ')})`;
}

/** A STRING parameter (Spark's implicit cast: any atomic value and NULL become STRING; BINARY passes where allowed). */
function stringArgument(args: readonly BoundExpr[], position: number, ctx: ResolveContext, allowBinary: boolean): BoundExpr {
  const arg = args[position]!;
  const kind = arg.dataType.kind;
  if (allowBinary && kind === 'binary') return arg;
  if (kind !== 'struct' && kind !== 'array' && kind !== 'map') return coerceTo(arg, StringType);
  throw typeMismatch(callSql(ctx.functionName, args),
    `parameter ${position + 1} of ${ctx.functionName} requires the STRING${allowBinary ? ' or BINARY' : ''} type, `
    + `however '${renderExpression(arg)}' has the type ${ddlTypeString(arg.dataType)}`, ctx.span);
}

const PARSE_MODES = ['PERMISSIVE', 'FAILFAST', 'DROPMALFORMED'];

const fromJson: FunctionSignature = {
  name: 'from_json',
  kind: 'scalar',
  minArgs: 2,
  maxArgs: 3,
  resolve(args, ctx) {
    const input = stringArgument(args, 0, ctx, true);
    const schema = asNullable(schemaArgument(args[1], ctx));
    if (schema.kind !== 'struct' && schema.kind !== 'array' && schema.kind !== 'map') {
      throw fail(ctx, 'INVALID_SCHEMA', `from_json: the schema ${ddlTypeString(schema)} must be a STRUCT, an ARRAY or a MAP`);
    }
    const options = readOptions(args[2], ctx);
    const mode = (options.get('mode') ?? 'PERMISSIVE').toUpperCase();
    if (!PARSE_MODES.includes(mode)) {
      throw fail(ctx, 'INVALID_PARSE_MODE', `from_json: unknown parse mode '${options.get('mode')}'; the modes are PERMISSIVE and FAILFAST`);
    }
    // Spark 3.x (SPARK-25243): from_json rejects DROPMALFORMED; only the JSON file source can drop records.
    if (mode === 'DROPMALFORMED') {
      throw fail(ctx, 'PARSE_MODE_UNSUPPORTED', "from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE and FAILFAST.");
    }
    const corrupt = options.get('columnnameofcorruptrecord') ?? '_corrupt_record';
    if (schema.kind === 'struct') {
      const field = schema.fields.find((f) => f.name === corrupt);
      if (field !== undefined && field.dataType.kind !== 'string') {
        throw fail(ctx, 'INVALID_CORRUPT_RECORD_COLUMN',
          `from_json: the field '${corrupt}' for corrupt records must be of type STRING, but it is ${ddlTypeString(field.dataType)}`);
      }
    }
    const timeZone = options.get('timezone');
    const resolved: FromJsonOptions = {
      schema,
      parseOptions: {
        mode: mode as 'PERMISSIVE' | 'FAILFAST',
        columnNameOfCorruptRecord: corrupt,
        timestampFormat: options.get('timestampformat'),
        dateFormat: options.get('dateformat'),
        timeZone: timeZone ?? ctx.timeZone,
      },
      explicitTimeZone: timeZone !== undefined,
    };
    return { args: [input], dataType: schema, nullable: true, options: { ...resolved } };
  },
  render: (args) => `from_json(${args[0] ?? ''})`,
};

const toJson: FunctionSignature = {
  name: 'to_json',
  kind: 'scalar',
  minArgs: 1,
  maxArgs: 2,
  resolve(args, ctx) {
    const input = args[0]!;
    const kind = input.dataType.kind;
    if (kind !== 'struct' && kind !== 'map' && kind !== 'array') {
      throw typeMismatch(callSql('to_json', [input]),
        `parameter 1 of to_json requires a STRUCT, MAP or ARRAY, however '${renderExpression(input)}' has the type ${ddlTypeString(input.dataType)}`, ctx.span);
    }
    const options = readOptions(args[1], ctx);
    const ignore = (options.get('ignorenullfields') ?? 'true').toLowerCase();
    if (ignore !== 'true' && ignore !== 'false') {
      throw fail(ctx, 'INVALID_OPTIONS', `to_json: the option ignoreNullFields must be 'true' or 'false', got '${options.get('ignorenullfields')}'`);
    }
    const resolved: ToJsonOptions = {
      timeZone: options.get('timezone'),
      timestampFormat: options.get('timestampformat'),
      dateFormat: options.get('dateformat'),
      ignoreNullFields: ignore === 'true',
    };
    return { args: [input], dataType: StringType, nullable: input.nullable, options: { ...resolved } };
  },
  render: (args) => `to_json(${args[0] ?? ''})`,
};

const getJsonObject: FunctionSignature = {
  name: 'get_json_object',
  kind: 'scalar',
  minArgs: 2,
  maxArgs: 2,
  resolve(args, ctx) {
    const json = stringArgument(args, 0, ctx, false);
    const path = stringArgument(args, 1, ctx, false);
    const literalPath = stringLiteral(args[1]);
    return { args: [json, path], dataType: StringType, nullable: true, options: literalPath === undefined ? {} : { path: literalPath } };
  },
};

const namedStruct: FunctionSignature = {
  name: 'named_struct',
  kind: 'scalar',
  minArgs: 2,
  maxArgs: Infinity,
  resolve(args, ctx) {
    if (args.length % 2 !== 0) {
      throw fail(ctx, 'WRONG_NUM_ARGS', `named_struct expects name/value pairs, got ${args.length} arguments`);
    }
    const names: string[] = [];
    const values: BoundExpr[] = [];
    for (let k = 0; k < args.length; k += 2) {
      const name = stringLiteral(args[k]);
      if (name === undefined) {
        throw typeMismatch(callSql('named_struct', args),
          `only STRING literals are allowed to appear at odd positions of named_struct, but argument ${k + 1} is '${renderExpression(args[k]!)}'`, ctx.span);
      }
      names.push(name);
      values.push(args[k + 1]!);
    }
    const dataType = new StructType(values.map((v, k) => new StructField(names[k]!, v.dataType, v.nullable)));
    return { args: values, dataType, nullable: false, options: { names } };
  },
  render: (args, options) => {
    const names = (options?.names as readonly string[] | undefined) ?? [];
    return `named_struct(${args.map((a, k) => `${names[k] ?? ''}, ${a}`).join(', ')})`;
  },
};

const struct: FunctionSignature = {
  name: 'struct',
  kind: 'scalar',
  minArgs: 1,
  maxArgs: Infinity,
  resolve(args) {
    // Spark's CreateStruct: a column keeps its name, anything else is colN (the analyzer may rename fields).
    const fields = args.map((a, k) => new StructField(a.kind === 'ref' || a.kind === 'getField' ? a.name : `col${k + 1}`, a.dataType, a.nullable));
    return { args, dataType: new StructType(fields), nullable: false, options: {} };
  },
};

/** The common type of map()'s keys (or values), Spark's findWiderCommonType; a DATATYPE_MISMATCH naming them otherwise. */
function commonType(all: readonly BoundExpr[], part: readonly BoundExpr[], what: 'keys' | 'values', ctx: ResolveContext): DataType {
  let t: DataType | undefined = { kind: 'null' };
  for (const e of part) {
    t = t === undefined ? undefined : widerType(t, e.dataType);
  }
  if (t === undefined) {
    throw typeMismatch(callSql('map', all),
      `the ${what} of function map should all be the same type, but they are [${part.map((x) => ddlTypeString(x.dataType)).join(', ')}]`, ctx.span);
  }
  return t;
}

const map: FunctionSignature = {
  name: 'map',
  kind: 'scalar',
  minArgs: 0,
  maxArgs: Infinity,
  resolve(args, ctx) {
    if (args.length % 2 !== 0) {
      throw fail(ctx, 'WRONG_NUM_ARGS', `map expects key/value pairs (an even number of arguments), got ${args.length}`);
    }
    const keys = args.filter((_, k) => k % 2 === 0);
    const values = args.filter((_, k) => k % 2 === 1);
    const keyType = commonType(args, keys, 'keys', ctx);
    const valueType = commonType(args, values, 'values', ctx);
    if (keyType.kind === 'map') {
      throw typeMismatch(callSql('map', args), `the key of a map cannot be a MAP, but it is ${ddlTypeString(keyType)}`, ctx.span);
    }
    const cast = args.map((a, k) => coerceTo(a, k % 2 === 0 ? keyType : valueType));
    const dataType = MapTypeOf(keyType, valueType, values.some((v) => v.nullable));
    return { args: cast, dataType, nullable: false, options: {} };
  },
};

registerFunctions([fromJson, toJson, getJsonObject, namedStruct, struct, map]);
