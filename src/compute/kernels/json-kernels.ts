// Kernels of from_json, to_json, get_json_object, named_struct, struct and map over whole columns.
import type { DataType, StructType } from '../../common/data-types.js';
import { internalError, userError } from '../../common/errors.js';
import type { BoundCall } from '../../planner/expr/bound-expression.js';
import { allocateValues, internalValueAt } from '../column-vector.js';
import type { ColumnVector } from '../column-vector.js';
import { compileJsonParser } from '../json/json-parse.js';
import type { JsonParseOptions } from '../json/json-parse.js';
import { compileJsonPath, evaluateJsonPath } from '../json/json-path.js';
import type { JsonPath } from '../json/json-path.js';
import { compileJsonWriter, writeColumn } from '../json/json-write.js';
import { registerKernels } from '../kernel-registry.js';
import type { Kernel, KernelContext } from '../kernel-registry.js';
import { makeVector } from '../kernel-helpers.js';

const utf8 = new TextDecoder('utf-8');

function option<T>(call: BoundCall, name: string): T {
  const value = call.options?.[name];
  if (value === undefined) throw internalError(`${call.name}: the resolved call carries no '${name}' option`);
  return value as T;
}

/** from_json: the text column (BINARY decoded as UTF-8) parsed into the schema fixed at plan time. */
function fromJsonKernel(call: BoundCall, ctx: KernelContext): Kernel {
  const schema = option<DataType>(call, 'schema');
  const resolved = option<JsonParseOptions>(call, 'parseOptions');
  const explicitZone = call.options?.explicitTimeZone === true;
  // Inside from_json DROPMALFORMED can only arrive by a direct call (the signature rejects it): keep every row.
  const parseOptions: JsonParseOptions = {
    ...resolved,
    mode: resolved.mode === 'FAILFAST' ? 'FAILFAST' : 'PERMISSIVE',
    timeZone: explicitZone ? resolved.timeZone : ctx.timeZone,
  };
  const parse = compileJsonParser(schema, parseOptions);
  return (args, n) => {
    const input = args[0]!;
    if (input.dataType.kind !== 'binary') return parse(sliceTexts(input.values as string[], n), input.nulls).vector;
    const bytes = input.values as (Uint8Array | null)[];
    const texts = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const b = bytes[i];
      texts[i] = b === null || b === undefined || (input.nulls !== null && input.nulls[i] === 1) ? null : utf8.decode(b);
    }
    return parse(texts, null).vector;
  };
}

function sliceTexts(values: string[], n: number): ArrayLike<string | null> {
  return values.length === n ? values : values.slice(0, n);
}

function toJsonKernel(call: BoundCall, ctx: KernelContext): Kernel {
  const options = call.options ?? {};
  const writer = compileJsonWriter(call.args[0]!.dataType, {
    timeZone: (options.timeZone as string | undefined) ?? ctx.timeZone,
    timestampFormat: options.timestampFormat as string | undefined,
    dateFormat: options.dateFormat as string | undefined,
    ignoreNullFields: options.ignoreNullFields !== false,
  });
  return (args, n) => {
    const v = args[0]!;
    return writeColumn(v.length === n ? v : { ...v, length: n }, writer);
  };
}

function getJsonObjectKernel(call: BoundCall): Kernel {
  const literal = call.options?.path;
  const fixed = typeof literal === 'string' ? compileJsonPath(literal) : undefined;
  const cache = new Map<string, JsonPath | null>();
  const pathOf = (text: string): JsonPath | null => {
    if (fixed !== undefined) return fixed;
    let p = cache.get(text);
    if (p === undefined) {
      if (cache.size > 1000) cache.clear();
      p = compileJsonPath(text);
      cache.set(text, p);
    }
    return p;
  };
  return (args, n) => {
    const json = args[0]!;
    const path = args[1]!;
    const texts = json.values as string[];
    const paths = path.values as string[];
    const out = new Array<string>(n).fill('');
    const nulls = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if ((json.nulls !== null && json.nulls[i] === 1) || (path.nulls !== null && path.nulls[i] === 1)) { nulls[i] = 1; continue; }
      const compiled = pathOf(paths[i]!);
      const r = compiled === null ? null : evaluateJsonPath(texts[i]!, compiled);
      if (r === null) nulls[i] = 1;
      else out[i] = r;
    }
    return makeVector(call.dataType, out, nulls, n);
  };
}

/** named_struct and struct: the argument vectors become the fields, names come from the call's STRUCT type. */
function structKernel(call: BoundCall): Kernel {
  const dataType = call.dataType as StructType;
  if (dataType.kind !== 'struct') throw internalError(`${call.name}: the call's type is ${dataType.kind}, not a struct`);
  return (args, n) => ({ dataType, length: n, values: [], nulls: null, fields: args.map((a) => (a.length === n ? a : { ...a, length: n })) });
}

function keyText(v: ColumnVector, i: number): string {
  const x = internalValueAt(v, i);
  return typeof x === 'string' ? `'${x}'` : String(x);
}

function mapKernel(call: BoundCall): Kernel {
  return (args, n) => {
    const values = allocateValues(call.dataType, n) as Map<unknown, unknown>[];
    for (let i = 0; i < n; i++) {
      const m = new Map<unknown, unknown>();
      for (let k = 0; k + 1 < args.length; k += 2) {
        const keys = args[k]!;
        if (keys.nulls !== null && keys.nulls[i] === 1) throw userError('NULL_MAP_KEY', 'Cannot use null as map key in map()');
        const key = internalValueAt(keys, i);
        if (m.has(key)) {
          throw userError('DUPLICATED_MAP_KEY', `Duplicate map key ${keyText(keys, i)} was found in map(); each key may appear only once`, {
            hint: "Spark's default spark.sql.mapKeyDedupPolicy=EXCEPTION is followed",
          });
        }
        m.set(key, internalValueAt(args[k + 1]!, i));
      }
      values[i] = m;
    }
    return { dataType: call.dataType, length: n, values, nulls: null };
  };
}

registerKernels({
  from_json: fromJsonKernel,
  to_json: toJsonKernel,
  get_json_object: getJsonObjectKernel,
  named_struct: structKernel,
  struct: structKernel,
  map: mapKernel,
});
