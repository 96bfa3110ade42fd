// Signatures of the aggregate functions (count, sum, avg, min, max, first, last, approx_count_distinct, collect_list/set, count_if, bool_or/and, stddev/variance, max_by/min_by) with Spark 3.5 result types.
//
// Argument typing follows Spark 3.5 non-ANSI: sum/avg/stddev/variance take numbers, a STRING or NULL argument is
// cast to DOUBLE (Spark's implicit cast for NumericType), anything else is a DATATYPE_MISMATCH; count_if/bool_or/
// bool_and take BOOLEAN (NULL cast to BOOLEAN); min/max and the ordering of max_by/min_by must be orderable (no MAP);
// collect_set rejects MAP values. Literal-only arguments are moved to options and dropped from args, so the default
// rendering matches Spark's column names: first(x, true) → options.ignoreNulls, rendered `first(x)`;
// approx_count_distinct(x, 0.01) → options.relativeSD, rendered `approx_count_distinct(x)`. No signature has a custom
// render, so render-expression.ts writes `name(DISTINCT a, b)` for DISTINCT calls.
import { ArrayTypeOf, BooleanType, DoubleType, LongType, ddlTypeString, isIntegral, isNumeric } from '../../../common/data-types.js';
import type { DataType } from '../../../common/data-types.js';
import { userError } from '../../../common/errors.js';
import type { BoundExpr } from '../bound-expression.js';
import type { FunctionSignature, ResolveContext, ResolvedCall } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';
import { renderExpression } from '../render-expression.js';
import { boundedDecimal, coerceTo, isOrderable, typeMismatch } from '../type-coercion.js';

/** Relative standard deviations approx_count_distinct accepts: HLL++ precision 4 (Spark's minimum) to 24 (brook's maximum). */
const RSD_RANGE = { max: 1.106 / 2 ** 1.5, min: 1.106 / 2 ** 12 } as const;

function callSql(args: readonly BoundExpr[], ctx: ResolveContext): string {
  return `${ctx.functionName}(${args.map(renderExpression).join(', ')})`;
}

function mismatch(args: readonly BoundExpr[], ctx: ResolveContext, reason: string) {
  return typeMismatch(callSql(args, ctx), reason, ctx.span);
}

/** A number as it is; a STRING or NULL cast to DOUBLE; otherwise the function's type error. */
function numericArgument(args: readonly BoundExpr[], ctx: ResolveContext): BoundExpr {
  const x = args[0]!;
  if (isNumeric(x.dataType)) return x;
  if (x.dataType.kind === 'string' || x.dataType.kind === 'null') return coerceTo(x, DoubleType);
  throw mismatch(args, ctx, `function ${ctx.functionName} requires a numeric argument, got ${ddlTypeString(x.dataType)}`);
}

function booleanArgument(args: readonly BoundExpr[], ctx: ResolveContext): BoundExpr {
  const x = args[0]!;
  if (x.dataType.kind === 'boolean') return x;
  if (x.dataType.kind === 'null') return coerceTo(x, BooleanType);
  throw mismatch(args, ctx, `function ${ctx.functionName} requires a BOOLEAN argument, got ${ddlTypeString(x.dataType)}`);
}

function orderableArgument(args: readonly BoundExpr[], index: number, ctx: ResolveContext): BoundExpr {
  const x = args[index]!;
  if (!isOrderable(x.dataType)) {
    throw mismatch(args, ctx, `function ${ctx.functionName} does not support ordering on type ${ddlTypeString(x.dataType)}`);
  }
  return x;
}

function containsMap(t: DataType): boolean {
  if (t.kind === 'map') return true;
  if (t.kind === 'array') return containsMap(t.elementType);
  if (t.kind === 'struct') return t.fields.some((f) => containsMap(f.dataType));
  return false;
}

function aggregate(
  name: string, arity: readonly [number, number], resolve: FunctionSignature['resolve'], aliases?: readonly string[],
): FunctionSignature {
  return { name, aliases, kind: 'aggregate', minArgs: arity[0], maxArgs: arity[1], resolve };
}

/** count(x, …): LONG, never null. count(*) reaches here as count(1). */
function resolveCount(args: readonly BoundExpr[]): ResolvedCall {
  return { args, dataType: LongType, nullable: false };
}

/** sum: INT/BIGINT → BIGINT, FLOAT/DOUBLE (and STRING) → DOUBLE, DECIMAL(p,s) → DECIMAL(min(38, p+10), s). */
function resolveSum(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  const x = numericArgument(args, ctx);
  const t = x.dataType;
  const dataType = t.kind === 'decimal' ? boundedDecimal(t.precision + 10, t.scale) : isIntegral(t) ? LongType : DoubleType;
  return { args: [x], dataType, nullable: true };
}

/** avg: DECIMAL(p,s) → DECIMAL(min(38, p+4), min(38, s+4)), every other number → DOUBLE. */
function resolveAvg(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  const x = numericArgument(args, ctx);
  const t = x.dataType;
  return { args: [x], dataType: t.kind === 'decimal' ? boundedDecimal(t.precision + 4, t.scale + 4) : DoubleType, nullable: true };
}

/** stddev/variance: DOUBLE (numbers are read as they are; a STRING is cast to DOUBLE). */
function resolveMoment(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  return { args: [numericArgument(args, ctx)], dataType: DoubleType, nullable: true };
}

function resolveExtremum(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  const x = orderableArgument(args, 0, ctx);
  return { args: [x], dataType: x.dataType, nullable: true };
}

function resolveExtremumBy(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  const ordering = orderableArgument(args, 1, ctx);
  return { args: [args[0]!, ordering], dataType: args[0]!.dataType, nullable: true };
}

/** first/last(x[, ignoreNulls]): the second argument must be a BOOLEAN literal; it goes to options.ignoreNulls. */
function resolveFirstLast(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  const x = args[0]!;
  let ignoreNulls = false;
  const flag = args[1];
  if (flag !== undefined) {
    const value = flag.kind === 'literal' ? flag.value : undefined;
    if (flag.dataType.kind !== 'boolean' || value === null || value === undefined) {
      throw mismatch(args, ctx, `the second argument of function ${ctx.functionName} must be a BOOLEAN literal, got ${renderExpression(flag)} of type ${ddlTypeString(flag.dataType)}`);
    }
    ignoreNulls = value === true || value === 1;
  }
  return { args: [x], dataType: x.dataType, nullable: true, options: { ignoreNulls } };
}

/** approx_count_distinct(x[, rsd]): rsd must be a DOUBLE or DECIMAL literal (Spark); it goes to options.relativeSD. */
function resolveApproxCountDistinct(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  let relativeSD = 0.05;
  const rsd = args[1];
  if (rsd !== undefined) {
    const value = rsd.kind === 'literal' ? rsd.value : undefined;
    if ((rsd.dataType.kind !== 'double' && rsd.dataType.kind !== 'decimal') || typeof value !== 'number') {
      throw mismatch(args, ctx, `the second argument of function ${ctx.functionName} must be a DOUBLE literal, got ${renderExpression(rsd)} of type ${ddlTypeString(rsd.dataType)}`);
    }
    if (!(value < RSD_RANGE.max && value >= RSD_RANGE.min)) {
      throw userError('INVALID_FUNCTION_ARGUMENT', `${ctx.functionName} needs a relative standard deviation between 0.00027 and 0.39, got ${value}`, {
        span: ctx.span,
        hint: 'HyperLogLog++ needs at least 4 bits for addressing (rsd at most 0.39); brook keeps at most 2^24 registers per group',
      });
    }
    relativeSD = value;
  }
  return { args: [args[0]!], dataType: LongType, nullable: false, options: { relativeSD } };
}

function resolveCollect(setSemantics: boolean) {
  return (args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall => {
    const x = args[0]!;
    if (setSemantics && containsMap(x.dataType)) {
      throw mismatch(args, ctx, `function ${ctx.functionName} cannot collect values of type ${ddlTypeString(x.dataType)}`);
    }
    return { args: [x], dataType: ArrayTypeOf(x.dataType, false), nullable: false };
  };
}

function resolveCountIf(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  return { args: [booleanArgument(args, ctx)], dataType: LongType, nullable: false };
}

function resolveBool(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  return { args: [booleanArgument(args, ctx)], dataType: BooleanType, nullable: true };
}

/**
 * Every aggregate signature, registered in the catalog when this module loads.
 * @example lookupFunction('mean')!.name // 'avg'
 */
export const AGGREGATE_FUNCTIONS: readonly FunctionSignature[] = [
  aggregate('count', [1, Infinity], resolveCount),
  aggregate('sum', [1, 1], resolveSum),
  aggregate('avg', [1, 1], resolveAvg, ['mean']),
  aggregate('min', [1, 1], resolveExtremum),
  aggregate('max', [1, 1], resolveExtremum),
  aggregate('max_by', [2, 2], resolveExtremumBy),
  aggregate('min_by', [2, 2], resolveExtremumBy),
  aggregate('first', [1, 2], resolveFirstLast, ['first_value']),
  aggregate('last', [1, 2], resolveFirstLast, ['last_value']),
  aggregate('approx_count_distinct', [1, 2], resolveApproxCountDistinct),
  aggregate('collect_list', [1, 1], resolveCollect(false)),
  aggregate('collect_set', [1, 1], resolveCollect(true)),
  aggregate('count_if', [1, 1], resolveCountIf),
  aggregate('bool_or', [1, 1], resolveBool, ['any', 'some']),
  aggregate('bool_and', [1, 1], resolveBool, ['every']),
  aggregate('stddev', [1, 1], resolveMoment, ['stddev_samp', 'std']),
  aggregate('stddev_pop', [1, 1], resolveMoment),
  aggregate('variance', [1, 1], resolveMoment, ['var_samp']),
  aggregate('var_pop', [1, 1], resolveMoment),
];

registerFunctions(AGGREGATE_FUNCTIONS);
