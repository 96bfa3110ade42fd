// Signatures of Spark 3.5 string functions (concat, substring, split, regexp_*, like, rlike, pads, …): implicit casts, result types, SQL text.
//
// Argument typing follows Spark's ImplicitCastInputTypes: where a STRING is expected any atomic value (number, boolean,
// date, timestamp, binary) is cast to STRING; where an INT is expected numbers and strings are cast to INT; NULL takes
// the expected type. Optional arguments get their default as a literal, so names read like Spark's
// (`substring(s, 2, 2147483647)`, `split(s, ,, -1)`). Argument order is Spark SQL's: trim(trimStr, str), locate(substr, str, pos).
import { ArrayTypeOf, BinaryType, BooleanType, IntegerType, StringType, ddlTypeString, sameType } from '../../../common/data-types.js';
import type { DataType } from '../../../common/data-types.js';
import { assertNever, userError } from '../../../common/errors.js';
import { boundLiteral } from '../bound-expression.js';
import type { BoundExpr } from '../bound-expression.js';
import type { FunctionSignature, ResolveContext, ResolvedCall } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';
import { renderExpression } from '../render-expression.js';
import { coerceTo, typeMismatch } from '../type-coercion.js';

type Render = (args: readonly string[]) => string;
type Param = 'string' | 'int' | 'stringOrBinary';

const callText = (name: string): Render => (a) => `${name}(${a.join(', ')})`;

const isComplex = (t: DataType): boolean => t.kind === 'array' || t.kind === 'map' || t.kind === 'struct';

function mismatchError(name: string, render: Render, args: readonly BoundExpr[], position: number, expected: string, ctx: ResolveContext) {
  const arg = args[position]!;
  return typeMismatch(
    render(args.map(renderExpression)),
    `parameter ${position + 1} of ${name} requires the ${expected} type, however '${renderExpression(arg)}' has the type ${ddlTypeString(arg.dataType)}`,
    ctx.span,
  );
}

/** One argument cast the way Spark's ImplicitTypeCasts would, or a DATATYPE_MISMATCH error naming the function and parameter. */
function coerceParam(name: string, render: Render, args: readonly BoundExpr[], position: number, param: Param, ctx: ResolveContext): BoundExpr {
  const arg = args[position]!;
  const t = arg.dataType;
  switch (param) {
    case 'string':
      if (isComplex(t)) throw mismatchError(name, render, args, position, 'STRING', ctx);
      return coerceTo(arg, StringType);
    case 'stringOrBinary':
      if (t.kind === 'binary') return arg;
      if (isComplex(t)) throw mismatchError(name, render, args, position, 'STRING or BINARY', ctx);
      return coerceTo(arg, StringType);
    case 'int':
      if (t.kind === 'int' || t.kind === 'long' || t.kind === 'float' || t.kind === 'double' || t.kind === 'decimal' || t.kind === 'string' || t.kind === 'null') {
        return coerceTo(arg, IntegerType);
      }
      throw mismatchError(name, render, args, position, 'INT', ctx);
    default: return assertNever(param, 'parameter kind');
  }
}

interface Simple {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly params: readonly Param[];
  /** Literal values of the trailing optional parameters (their count sets minArgs). */
  readonly defaults?: readonly unknown[];
  /** The result type; a function of the coerced arguments when it depends on them (BINARY in, BINARY out). */
  readonly result: DataType | ((args: readonly BoundExpr[]) => DataType);
  readonly render?: Render;
  readonly nullable?: (args: readonly BoundExpr[]) => boolean;
}

const anyNullable = (args: readonly BoundExpr[]): boolean => args.some((a) => a.nullable);

/** A fixed-arity function: coerced parameters, defaults filled in as literals, result nullable when an argument is. */
function simple(spec: Simple): FunctionSignature {
  const defaults = spec.defaults ?? [];
  const render = spec.render ?? callText(spec.name);
  return {
    name: spec.name,
    aliases: spec.aliases,
    kind: 'scalar',
    minArgs: spec.params.length - defaults.length,
    maxArgs: spec.params.length,
    render,
    resolve(given, ctx): ResolvedCall {
      const full = [...given];
      for (let k = given.length; k < spec.params.length; k++) {
        const param = spec.params[k]!;
        full.push(boundLiteral(defaults[k - (spec.params.length - defaults.length)], param === 'int' ? IntegerType : StringType));
      }
      const args = full.map((_, k) => coerceParam(spec.name, render, full, k, spec.params[k]!, ctx));
      const dataType = typeof spec.result === 'function' ? spec.result(args) : spec.result;
      return { args, dataType, nullable: (spec.nullable ?? anyNullable)(args) };
    },
  };
}

const sameAsFirst = (args: readonly BoundExpr[]): DataType => (args[0]!.dataType.kind === 'binary' ? BinaryType : StringType);

const INT_MAX = 2147483647;

// concat(a, …): all ARRAY → ARRAY concatenation, all BINARY → BINARY, else every argument as STRING; null if any is null
const concat: FunctionSignature = {
  name: 'concat', kind: 'scalar', minArgs: 0, maxArgs: Infinity, render: callText('concat'),
  resolve(args, ctx) {
    const render = callText('concat');
    if (args.length > 0 && args.every((a) => a.dataType.kind === 'array' || a.dataType.kind === 'null')) {
      const first = args.find((a) => a.dataType.kind === 'array');
      if (first !== undefined && first.dataType.kind === 'array') {
        const elementType = first.dataType.elementType;
        const bad = args.findIndex((a) => a.dataType.kind === 'array' && !sameType(a.dataType.elementType, elementType));
        if (bad >= 0) throw mismatchError('concat', render, args, bad, ddlTypeString(first.dataType), ctx);
        const dataType = ArrayTypeOf(elementType, args.some((a) => a.dataType.kind === 'array' && a.dataType.containsNull));
        return { args: args.map((a) => coerceTo(a, dataType)), dataType, nullable: anyNullable(args) };
      }
    }
    if (args.length > 0 && args.every((a) => a.dataType.kind === 'binary')) return { args, dataType: BinaryType, nullable: anyNullable(args) };
    const coerced = args.map((_, k) => coerceParam('concat', render, args, k, 'string', ctx));
    return { args: coerced, dataType: StringType, nullable: anyNullable(coerced) };
  },
};

// concat_ws(sep, a, …): skips null arguments and null array elements; ARRAY<STRING> arguments are flattened; null only when sep is null
const concatWs: FunctionSignature = {
  name: 'concat_ws', kind: 'scalar', minArgs: 1, maxArgs: Infinity, render: callText('concat_ws'),
  resolve(args, ctx) {
    const render = callText('concat_ws');
    const coerced = args.map((a, k) => {
      if (k > 0 && a.dataType.kind === 'array') {
        if (isComplex(a.dataType.elementType)) throw mismatchError('concat_ws', render, args, k, 'ARRAY<STRING> or STRING', ctx);
        return coerceTo(a, ArrayTypeOf(StringType, a.dataType.containsNull));
      }
      return coerceParam('concat_ws', render, args, k, 'string', ctx);
    });
    return { args: coerced, dataType: StringType, nullable: coerced[0]!.nullable };
  },
};

/** trim/ltrim/rtrim(str) or (trimStr, str), rendered as Spark's TRIM(BOTH trimStr FROM str). */
function trimFunction(name: string, direction: string): FunctionSignature {
  const render: Render = (a) => (a.length === 2 ? `TRIM(${direction} ${a[0]} FROM ${a[1]})` : `${name}(${a[0]})`);
  return {
    name, kind: 'scalar', minArgs: 1, maxArgs: 2, render,
    resolve(args, ctx) {
      const coerced = args.map((_, k) => coerceParam(name, render, args, k, 'string', ctx));
      return { args: coerced, dataType: StringType, nullable: anyNullable(coerced) };
    },
  };
}

// like(str, pattern[, escape]): the escape character must be a one-character string literal; it goes to options.escapeChar
function likeFunction(name: 'like' | 'ilike', keyword: string): FunctionSignature {
  const render = (a: readonly string[], options?: Readonly<Record<string, unknown>>): string => {
    const escape = options?.escapeChar;
    return `${a[0]} ${keyword} ${a[1]}${typeof escape === 'string' && escape !== '\\' ? ` ESCAPE '${escape}'` : ''}`;
  };
  return {
    name, kind: 'scalar', minArgs: 2, maxArgs: 3, render,
    resolve(args, ctx) {
      const plain: Render = (a) => render(a);
      const coerced = args.slice(0, 2).map((_, k) => coerceParam(name, plain, args, k, 'string', ctx));
      let escapeChar = '\\';
      const escape = args[2];
      if (escape !== undefined) {
        if (escape.kind !== 'literal' || typeof escape.value !== 'string' || Array.from(escape.value).length !== 1) {
          throw userError('INVALID_ESCAPE_CHAR', `The escape of ${name} must be a string literal of one character, got ${renderExpression(escape)}`, { span: ctx.span });
        }
        escapeChar = escape.value;
      }
      return { args: coerced, dataType: BooleanType, nullable: anyNullable(coerced), options: { escapeChar } };
    },
  };
}

// regexp_replace(str, regexp, rep[, position]): position must be a literal >= 1 (Spark requires a foldable positive value)
const regexpReplace: FunctionSignature = (() => {
  const base = simple({ name: 'regexp_replace', params: ['string', 'string', 'string', 'int'], defaults: [1], result: StringType });
  return {
    ...base,
    resolve(args, ctx) {
      const resolved = base.resolve(args, ctx);
      const position = resolved.args[3]!;
      if (position.kind !== 'literal' || (position.value !== null && (position.value as number) < 1)) {
        throw typeMismatch(
          callText('regexp_replace')(resolved.args.map(renderExpression)),
          `the position of regexp_replace must be an integer literal of at least 1, got ${renderExpression(args[3]!)}`,
          ctx.span,
        );
      }
      return resolved;
    },
  };
})();

// reverse(str) or reverse(array)
const reverse: FunctionSignature = {
  name: 'reverse', kind: 'scalar', minArgs: 1, maxArgs: 1, render: callText('reverse'),
  resolve(args, ctx) {
    const a = args[0]!;
    if (a.dataType.kind === 'array') return { args, dataType: a.dataType, nullable: a.nullable };
    const s = coerceParam('reverse', callText('reverse'), args, 0, 'string', ctx);
    return { args: [s], dataType: StringType, nullable: s.nullable };
  },
};

const SPLIT_RESULT = ArrayTypeOf(StringType, false);

registerFunctions([
  concat,
  concatWs,
  simple({ name: 'upper', aliases: ['ucase'], params: ['string'], result: StringType }),
  simple({ name: 'lower', aliases: ['lcase'], params: ['string'], result: StringType }),
  simple({ name: 'initcap', params: ['string'], result: StringType }),
  trimFunction('trim', 'BOTH'),
  trimFunction('ltrim', 'LEADING'),
  trimFunction('rtrim', 'TRAILING'),
  simple({ name: 'btrim', params: ['string', 'string'], defaults: [' '], result: StringType }),
  simple({ name: 'substring', aliases: ['substr'], params: ['stringOrBinary', 'int', 'int'], defaults: [INT_MAX], result: sameAsFirst }),
  simple({ name: 'length', aliases: ['char_length', 'character_length', 'len'], params: ['stringOrBinary'], result: IntegerType }),
  simple({ name: 'split', params: ['string', 'string', 'int'], defaults: [-1], result: SPLIT_RESULT }),
  simple({ name: 'regexp_extract', params: ['string', 'string', 'int'], defaults: [1], result: StringType }),
  simple({ name: 'regexp_extract_all', params: ['string', 'string', 'int'], defaults: [1], result: SPLIT_RESULT }),
  regexpReplace,
  likeFunction('like', 'LIKE'),
  likeFunction('ilike', 'ILIKE'),
  simple({ name: 'rlike', aliases: ['regexp', 'regexp_like'], params: ['string', 'string'], result: BooleanType, render: (a) => `${a[0]} RLIKE ${a[1]}` }),
  simple({ name: 'lpad', params: ['string', 'int', 'string'], defaults: [' '], result: StringType }),
  simple({ name: 'rpad', params: ['string', 'int', 'string'], defaults: [' '], result: StringType }),
  simple({ name: 'instr', params: ['string', 'string'], result: IntegerType }),
  simple({
    name: 'locate', aliases: ['position'], params: ['string', 'string', 'int'], defaults: [1], result: IntegerType,
    nullable: (args) => args[0]!.nullable || args[1]!.nullable, // a null position gives 0, not null
  }),
  simple({ name: 'replace', params: ['string', 'string', 'string'], defaults: [''], result: StringType }),
  reverse,
  simple({ name: 'repeat', params: ['string', 'int'], result: StringType }),
  simple({ name: 'ascii', params: ['string'], result: IntegerType }),
  simple({ name: 'translate', params: ['string', 'string', 'string'], result: StringType }),
]);
