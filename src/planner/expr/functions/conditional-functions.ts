// Signatures of null/NaN-handling conditionals: coalesce, nvl (ifnull), nullif, if, greatest, least, isnan, nanvl (Spark 3.5 typing).
import { BooleanType, DoubleType, FloatType, ddlTypeString, isNumeric } from '../../../common/data-types.js';
import type { DataType } from '../../../common/data-types.js';
import type { BoundExpr } from '../bound-expression.js';
import type { FunctionSignature, ResolveContext, ResolvedCall } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';
import { renderExpression } from '../render-expression.js';
import { coerceTo, comparisonType, isOrderable, typeMismatch, widerType, widerTypeWithoutStringPromotion } from '../type-coercion.js';

type Render = (args: readonly string[]) => string;

const callText = (name: string): Render => (a) => `${name}(${a.join(', ')})`;

function sql(render: Render, args: readonly BoundExpr[]): string {
  return render(args.map(renderExpression));
}

function commonType(
  name: string, render: Render, args: readonly BoundExpr[], ctx: ResolveContext,
  wider: (a: DataType, b: DataType) => DataType | undefined,
): DataType {
  let type: DataType | undefined = args[0]!.dataType;
  for (const a of args.slice(1)) type = type === undefined ? undefined : wider(type, a.dataType);
  if (type === undefined) {
    throw typeMismatch(sql(render, args), `the arguments of function ${name} have incompatible types: ${args.map((a) => ddlTypeString(a.dataType)).join(', ')}`, ctx.span);
  }
  return type;
}

/** coalesce / nvl: every argument in the wider type of all; null only when all are. */
function firstNonNull(name: string, minArgs: number, maxArgs: number, aliases?: readonly string[]): FunctionSignature {
  const render = callText(name);
  return {
    name, aliases, kind: 'scalar', minArgs, maxArgs, render,
    resolve(args, ctx) {
      const type = commonType(name, render, args, ctx, widerType);
      const coerced = args.map((a) => coerceTo(a, type));
      return { args: coerced, dataType: type, nullable: coerced.every((a) => a.nullable) };
    },
  };
}

const renderNullIf = callText('nullif');
/** nullif(a, b): a unless a = b (compared in comparisonType, kept in options.compareType); the type of a. */
const nullIf: FunctionSignature = {
  name: 'nullif', kind: 'scalar', minArgs: 2, maxArgs: 2, render: renderNullIf,
  resolve(args, ctx) {
    const [a, b] = [args[0]!, args[1]!];
    const compareType = comparisonType(a.dataType, b.dataType);
    if (compareType === undefined || !isOrderable(compareType)) {
      throw typeMismatch(sql(renderNullIf, args), `function nullif cannot compare ${ddlTypeString(a.dataType)} with ${ddlTypeString(b.dataType)}`, ctx.span);
    }
    return { args, dataType: a.dataType, nullable: true, options: { compareType } };
  },
};

const renderIf: Render = (a) => `(IF(${a[0]}, ${a[1]}, ${a[2]}))`;
/** if(cond, a, b): a where cond is true, b where it is false or null. */
const ifFunction: FunctionSignature = {
  name: 'if', kind: 'scalar', minArgs: 3, maxArgs: 3, render: renderIf,
  resolve(args, ctx) {
    const cond = args[0]!;
    if (cond.dataType.kind !== 'boolean' && cond.dataType.kind !== 'null') {
      throw typeMismatch(sql(renderIf, args), `the first argument of function if must be BOOLEAN, got ${ddlTypeString(cond.dataType)}`, ctx.span);
    }
    const type = commonType('if', renderIf, args.slice(1), ctx, widerType);
    const values = [coerceTo(args[1]!, type), coerceTo(args[2]!, type)];
    return { args: [coerceTo(cond, BooleanType), ...values], dataType: type, nullable: values.some((v) => v.nullable) };
  },
};

/** greatest / least: at least two arguments of one orderable type (no string promotion); nulls are skipped. */
function extremum(name: 'greatest' | 'least'): FunctionSignature {
  const render = callText(name);
  return {
    name, kind: 'scalar', minArgs: 2, maxArgs: Infinity, render,
    resolve(args, ctx) {
      const type = commonType(name, render, args, ctx, widerTypeWithoutStringPromotion);
      if (!isOrderable(type)) {
        throw typeMismatch(sql(render, args), `function ${name} does not support ordering on type ${ddlTypeString(type)}`, ctx.span);
      }
      const coerced = args.map((a) => coerceTo(a, type));
      return { args: coerced, dataType: type, nullable: coerced.every((a) => a.nullable) };
    },
  };
}

/** FLOAT stays FLOAT, other numbers, strings and NULL become DOUBLE (Spark's implicit cast to DoubleType). */
function floatingType(e: BoundExpr): DataType | undefined {
  const t = e.dataType;
  if (t.kind === 'float' || t.kind === 'double') return t;
  if (isNumeric(t) || t.kind === 'string' || t.kind === 'null') return DoubleType;
  return undefined;
}

const renderIsNan = callText('isnan');
const isNan: FunctionSignature = {
  name: 'isnan', kind: 'scalar', minArgs: 1, maxArgs: 1, render: renderIsNan,
  resolve(args, ctx) {
    const type = floatingType(args[0]!);
    if (type === undefined) throw typeMismatch(sql(renderIsNan, args), `function isnan requires a DOUBLE or FLOAT argument, got ${ddlTypeString(args[0]!.dataType)}`, ctx.span);
    return { args: [coerceTo(args[0]!, type)], dataType: BooleanType, nullable: false };
  },
};

const renderNanvl = callText('nanvl');
const nanvl: FunctionSignature = {
  name: 'nanvl', kind: 'scalar', minArgs: 2, maxArgs: 2, render: renderNanvl,
  resolve(args, ctx): ResolvedCall {
    const ta = floatingType(args[0]!);
    const tb = floatingType(args[1]!);
    if (ta === undefined || tb === undefined) {
      throw typeMismatch(sql(renderNanvl, args), `function nanvl requires DOUBLE or FLOAT arguments, got ${ddlTypeString(args[0]!.dataType)} and ${ddlTypeString(args[1]!.dataType)}`, ctx.span);
    }
    const type = ta.kind === 'float' && tb.kind === 'float' ? FloatType : DoubleType;
    const coerced = [coerceTo(args[0]!, type), coerceTo(args[1]!, type)];
    return { args: coerced, dataType: type, nullable: coerced.some((a) => a.nullable) };
  },
};

/**
 * Every conditional signature, registered in the catalog when this module loads.
 * @example lookupFunction('ifnull')!.name // 'nvl'
 */
export const CONDITIONAL_FUNCTIONS: readonly FunctionSignature[] = [
  firstNonNull('coalesce', 1, Infinity),
  firstNonNull('nvl', 2, 2, ['ifnull']),
  nullIf,
  ifFunction,
  extremum('greatest'),
  extremum('least'),
  isNan,
  nanvl,
];

registerFunctions(CONDITIONAL_FUNCTIONS);
