// Signatures of the SQL operators (+ - * / %, unary -, comparisons, <=>, AND/OR/NOT, IS [NOT] NULL, IN): Spark 3.5 non-ANSI typing and SQL text.
//
// Typing (Spark's PromoteStrings / DecimalPrecision / ImplicitTypeCasts, non-ANSI):
//   arithmetic  a STRING operand becomes DOUBLE; NULL takes the other side's type (both NULL → DOUBLE);
//               int+int → int, int+bigint → bigint, anything with float → float, with double → double;
//               `divide` of non-decimals → DOUBLE; decimals follow Spark's precision/scale rules (see decimalArithmeticType),
//               an integral operand counting as decimal(10,0)/(20,0), or just its digits when it is a literal.
//   comparison  both sides go to comparisonType (a STRING against a number is cast to that number's type).
// Numeric operands are left uncast when brook's storage already holds them exactly in the operand type (an INT read as
// a BIGINT or DOUBLE, a DECIMAL read as DOUBLE): the kernels accept mixed numeric inputs. Only a conversion to FLOAT
// (which rounds) is cast.
import { BooleanType, DoubleType, FloatType, ddlTypeString, isNumeric } from '../../../common/data-types.js';
import type { DataType } from '../../../common/data-types.js';
import type { BoundExpr } from '../bound-expression.js';
import type { FunctionSignature, ResolveContext, ResolvedCall } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';
import { renderExpression } from '../render-expression.js';
import { resolveIntervalArithmetic } from './interval-functions.js';
import {
  MAX_DECIMAL_PRECISION, coerceTo, comparisonType, isOrderable, literalDecimalType, typeMismatch, widerType,
} from '../type-coercion.js';

/** Binary operators whose result type follows the arithmetic rules (pmod is registered by math-functions). */
export type ArithmeticOperator = 'add' | 'subtract' | 'multiply' | 'divide' | 'mod' | 'pmod';

const MINIMUM_ADJUSTED_SCALE = 6;

/** Spark's DecimalType.adjustPrecisionScale (spark.sql.decimalOperations.allowPrecisionLoss = true). */
function adjustPrecisionScale(precision: number, scale: number): DataType {
  if (precision <= MAX_DECIMAL_PRECISION) return { kind: 'decimal', precision, scale };
  const intDigits = precision - scale;
  const minScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
  return { kind: 'decimal', precision: MAX_DECIMAL_PRECISION, scale: Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale) };
}

/**
 * The result type of decimal arithmetic, Spark 3.5 rules with precision loss allowed:
 * add/subtract (max(s1,s2) + max(p1-s1,p2-s2) + 1, max(s1,s2)); multiply (p1+p2+1, s1+s2);
 * divide (p1-s1+s2+max(6,s1+p2+1), max(6,s1+p2+1)); mod/pmod (min(p1-s1,p2-s2)+max(s1,s2), max(s1,s2));
 * above 38 digits the scale shrinks (not below 6) to keep the integral digits.
 * Values are doubles in brook (column-vector.ts), so results are exact only to about 15 significant digits.
 * @example decimalArithmeticType('multiply', DecimalType(10, 2), DecimalType(3, 0)) // decimal(14,2)
 */
export function decimalArithmeticType(op: ArithmeticOperator, a: DataType, b: DataType): DataType {
  if (a.kind !== 'decimal' || b.kind !== 'decimal') return DoubleType;
  const { precision: p1, scale: s1 } = a;
  const { precision: p2, scale: s2 } = b;
  switch (op) {
    case 'add': case 'subtract': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
    case 'multiply': return adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
    case 'divide': {
      const scale = Math.max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1);
      return adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
    }
    case 'mod': case 'pmod': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
    default: return DoubleType;
  }
}

/**
 * Types a binary arithmetic call (see the header): the operands after implicit casts and the result type.
 * @example resolveArithmetic('add', [intRef, longRef], ctx, '(a + b)') // { dataType: LongType, … }
 */
export function resolveArithmetic(op: ArithmeticOperator, args: readonly BoundExpr[], ctx: ResolveContext, sql: () => string): ResolvedCall {
  const original = args;
  let l = args[0]!;
  let r = args[1]!;
  if (l.dataType.kind === 'string') l = coerceTo(l, DoubleType);
  if (r.dataType.kind === 'string') r = coerceTo(r, DoubleType);
  if (l.dataType.kind === 'null' && r.dataType.kind === 'null') {
    l = coerceTo(l, DoubleType);
    r = coerceTo(r, DoubleType);
  } else if (l.dataType.kind === 'null') l = coerceTo(l, r.dataType);
  else if (r.dataType.kind === 'null') r = coerceTo(r, l.dataType);
  if (!isNumeric(l.dataType) || !isNumeric(r.dataType)) {
    throw typeMismatch(sql(), `function ${op} requires numeric arguments, got ${ddlTypeString(original[0]!.dataType)} and ${ddlTypeString(original[1]!.dataType)}`, ctx.span);
  }
  const dataType = arithmeticResultType(op, l, r);
  if (dataType.kind === 'float') {
    l = coerceTo(l, FloatType);
    r = coerceTo(r, FloatType);
  }
  const nullable = l.nullable || r.nullable || op === 'divide' || op === 'mod' || op === 'pmod' || dataType.kind === 'decimal';
  return { args: [l, r], dataType, nullable };
}

function arithmeticResultType(op: ArithmeticOperator, l: BoundExpr, r: BoundExpr): DataType {
  const a = l.dataType;
  const b = r.dataType;
  if (a.kind === 'decimal' || b.kind === 'decimal') {
    if (a.kind === 'float' || a.kind === 'double' || b.kind === 'float' || b.kind === 'double') return DoubleType;
    return decimalArithmeticType(op, literalDecimalType(l)!, literalDecimalType(r)!);
  }
  if (op === 'divide') return DoubleType;
  return widerType(a, b)!;
}

/** A comparison operand in the comparison type: numbers stay as they are unless FLOAT is the target (see header). */
function asComparand(e: BoundExpr, target: DataType): BoundExpr {
  if (isNumeric(e.dataType) && isNumeric(target) && target.kind !== 'float') return e;
  return coerceTo(e, target);
}

function resolveComparison(name: string, args: readonly BoundExpr[], ctx: ResolveContext, sql: () => string, nullSafe: boolean): ResolvedCall {
  const l = args[0]!;
  const r = args[1]!;
  const common = comparisonType(l.dataType, r.dataType);
  if (common === undefined) {
    throw typeMismatch(sql(), `function ${name} cannot compare ${ddlTypeString(l.dataType)} with ${ddlTypeString(r.dataType)}`, ctx.span);
  }
  if (!isOrderable(common)) {
    throw typeMismatch(sql(), `function ${name} does not support comparing values of type ${ddlTypeString(common)}`, ctx.span);
  }
  const target = common.kind === 'null' ? BooleanType : common;
  const coerced = [asComparand(l, target), asComparand(r, target)];
  return { args: coerced, dataType: BooleanType, nullable: !nullSafe && (l.nullable || r.nullable) };
}

function resolveIn(args: readonly BoundExpr[], ctx: ResolveContext, sql: () => string): ResolvedCall {
  let common: DataType | undefined = args[0]!.dataType;
  for (const a of args.slice(1)) common = common === undefined ? undefined : widerType(common, a.dataType);
  if (common === undefined) {
    throw typeMismatch(sql(), `the arguments of function in have incompatible types: ${args.map((a) => ddlTypeString(a.dataType)).join(', ')}`, ctx.span);
  }
  if (!isOrderable(common)) {
    throw typeMismatch(sql(), `function in does not support comparing values of type ${ddlTypeString(common)}`, ctx.span);
  }
  const target = common.kind === 'null' ? BooleanType : common;
  return { args: args.map((a) => asComparand(a, target)), dataType: BooleanType, nullable: args.some((a) => a.nullable) };
}

function resolveLogical(name: string, args: readonly BoundExpr[], ctx: ResolveContext, sql: () => string): ResolvedCall {
  if (args.some((a) => a.dataType.kind !== 'boolean' && a.dataType.kind !== 'null')) {
    const types = args.map((a) => ddlTypeString(a.dataType)).join(' and ');
    throw typeMismatch(sql(), `function ${name} requires BOOLEAN argument${args.length > 1 ? 's' : ''}, got ${types}`, ctx.span);
  }
  const coerced = args.map((a) => coerceTo(a, BooleanType));
  return { args: coerced, dataType: BooleanType, nullable: coerced.some((a) => a.nullable) };
}

function resolveNegative(args: readonly BoundExpr[], ctx: ResolveContext, sql: () => string): ResolvedCall {
  const a = args[0]!;
  if (a.dataType.kind === 'string' || a.dataType.kind === 'null') {
    const x = coerceTo(a, DoubleType);
    return { args: [x], dataType: DoubleType, nullable: x.nullable };
  }
  if (!isNumeric(a.dataType)) throw typeMismatch(sql(), `function negative requires a numeric argument, got ${ddlTypeString(a.dataType)}`, ctx.span);
  return { args: [a], dataType: a.dataType, nullable: a.nullable };
}

/** The SQL text of a call before resolution, for error messages. */
function sqlText(render: (args: readonly string[]) => string, args: readonly BoundExpr[]): () => string {
  return () => render(args.map(renderExpression));
}

function arithmetic(name: Exclude<ArithmeticOperator, 'pmod'>, symbol: string): FunctionSignature {
  const render = (a: readonly string[]) => `(${a[0]} ${symbol} ${a[1]})`;
  return {
    name, kind: 'scalar', minArgs: 2, maxArgs: 2, render,
    resolve: (args, ctx) => resolveIntervalArithmetic(name, args, ctx, sqlText(render, args)) ?? resolveArithmetic(name, args, ctx, sqlText(render, args)),
  };
}

function comparison(name: string, render: (a: readonly string[]) => string, nullSafe = false): FunctionSignature {
  return { name, kind: 'scalar', minArgs: 2, maxArgs: 2, render, resolve: (args, ctx) => resolveComparison(name, args, ctx, sqlText(render, args), nullSafe) };
}

function logical(name: string, minArgs: number, render: (a: readonly string[]) => string): FunctionSignature {
  return { name, kind: 'scalar', minArgs, maxArgs: minArgs, render, resolve: (args, ctx) => resolveLogical(name, args, ctx, sqlText(render, args)) };
}

function nullTest(name: string, render: (a: readonly string[]) => string): FunctionSignature {
  return { name, kind: 'scalar', minArgs: 1, maxArgs: 1, render, resolve: (args) => ({ args, dataType: BooleanType, nullable: false }) };
}

const binary = (symbol: string) => (a: readonly string[]) => `(${a[0]} ${symbol} ${a[1]})`;
const renderNegative = (a: readonly string[]) => `(- ${a[0]})`;
const renderIn = (a: readonly string[]) => `(${a[0]} IN (${a.slice(1).join(', ')}))`;

/**
 * Every operator signature, registered in the catalog when this module loads.
 * @example lookupFunction('add')!.render!(['a', 'b']) // '(a + b)'
 */
export const OPERATOR_FUNCTIONS: readonly FunctionSignature[] = [
  arithmetic('add', '+'),
  arithmetic('subtract', '-'),
  arithmetic('multiply', '*'),
  arithmetic('divide', '/'),
  arithmetic('mod', '%'),
  { name: 'negative', kind: 'scalar', minArgs: 1, maxArgs: 1, render: renderNegative, resolve: (args, ctx) => resolveNegative(args, ctx, sqlText(renderNegative, args)) },
  comparison('equal', binary('=')),
  comparison('not_equal', (a) => `(NOT (${a[0]} = ${a[1]}))`),
  comparison('gt', binary('>')),
  comparison('ge', binary('>=')),
  comparison('lt', binary('<')),
  comparison('le', binary('<=')),
  comparison('eq_null_safe', binary('<=>'), true),
  logical('and', 2, binary('AND')),
  logical('or', 2, binary('OR')),
  logical('not', 1, (a) => `(NOT ${a[0]})`),
  nullTest('isnull', (a) => `(${a[0]} IS NULL)`),
  nullTest('isnotnull', (a) => `(${a[0]} IS NOT NULL)`),
  { name: 'in', kind: 'scalar', minArgs: 2, maxArgs: Infinity, render: renderIn, resolve: (args, ctx) => resolveIn(args, ctx, sqlText(renderIn, args)) },
];

registerFunctions(OPERATOR_FUNCTIONS);
