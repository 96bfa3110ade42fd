// Signatures of math functions (abs, round, bround, floor, ceil, sqrt, pow, exp, ln, log, log10, log2, signum, pmod) with Spark 3.5 result types.
import { DoubleType, IntegerType, LongType, ddlTypeString, isNumeric } from '../../../common/data-types.js';
import type { DataType } from '../../../common/data-types.js';
import { boundLiteral } from '../bound-expression.js';
import type { BoundExpr } from '../bound-expression.js';
import type { FunctionSignature, ResolveContext, ResolvedCall } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';
import { renderExpression } from '../render-expression.js';
import { boundedDecimal, coerceTo, typeMismatch } from '../type-coercion.js';
import { resolveArithmetic } from './operator-functions.js';

type Render = (args: readonly string[]) => string;

const callText = (name: string): Render => (a) => `${name}(${a.join(', ')})`;

function mismatch(render: Render, args: readonly BoundExpr[], name: string, ctx: ResolveContext) {
  const types = args.map((a) => ddlTypeString(a.dataType)).join(' and ');
  return typeMismatch(render(args.map(renderExpression)), `function ${name} requires numeric argument${args.length > 1 ? 's' : ''}, got ${types}`, ctx.span);
}

/** A numeric argument as it is, a STRING or NULL as DOUBLE (Spark's implicit cast); undefined for other types. */
function numericOperand(e: BoundExpr): BoundExpr | undefined {
  if (isNumeric(e.dataType)) return e;
  if (e.dataType.kind === 'string' || e.dataType.kind === 'null') return coerceTo(e, DoubleType);
  return undefined;
}

/** f(x1, …) over DOUBLE arguments giving DOUBLE; `nullForDomain` marks functions that give null outside their domain. */
function doubleFunction(name: string, arity: readonly [number, number], render: Render, options: { aliases?: readonly string[]; nullForDomain?: boolean } = {}): FunctionSignature {
  return {
    name, aliases: options.aliases, kind: 'scalar', minArgs: arity[0], maxArgs: arity[1], render,
    resolve(args, ctx): ResolvedCall {
      if (args.some((a) => numericOperand(a) === undefined)) throw mismatch(render, args, name, ctx);
      const coerced = args.map((a) => coerceTo(a, DoubleType));
      return { args: coerced, dataType: DoubleType, nullable: options.nullForDomain === true || coerced.some((a) => a.nullable) };
    },
  };
}

const renderAbs = callText('abs');
const abs: FunctionSignature = {
  name: 'abs', kind: 'scalar', minArgs: 1, maxArgs: 1, render: renderAbs,
  resolve(args, ctx) {
    const x = numericOperand(args[0]!);
    if (x === undefined) throw mismatch(renderAbs, args, 'abs', ctx);
    return { args: [x], dataType: x.dataType, nullable: x.nullable };
  },
};

/**
 * round/bround(x, scale = 0): scale must be an integer literal (kept in options.scale). INT, BIGINT, FLOAT and DOUBLE keep
 * their type; decimal(p,s) becomes decimal(p-s+1+min(s,scale), min(s,scale)), or decimal(max(p-s+1, 1-scale), 0) for a
 * negative scale (Spark 3.4+ RoundBase).
 */
function rounding(name: 'round' | 'bround'): FunctionSignature {
  const render: Render = (a) => `${name}(${a[0]}, ${a[1] ?? '0'})`;
  return {
    name, kind: 'scalar', minArgs: 1, maxArgs: 2, render,
    resolve(args, ctx) {
      const x = numericOperand(args[0]!);
      if (x === undefined) throw mismatch(render, args, name, ctx);
      const scaleArg = args[1];
      let scale = 0;
      if (scaleArg !== undefined) {
        const v = scaleArg.kind === 'literal' ? scaleArg.value : undefined;
        if ((scaleArg.dataType.kind !== 'int' && scaleArg.dataType.kind !== 'long') || typeof v !== 'number' || !Number.isInteger(v)) {
          throw typeMismatch(render(args.map(renderExpression)), `the scale of function ${name} must be an integer literal, got ${renderExpression(scaleArg)} of type ${ddlTypeString(scaleArg.dataType)}`, ctx.span);
        }
        scale = v;
      }
      let dataType: DataType = x.dataType;
      if (dataType.kind === 'decimal') {
        const integral = dataType.precision - dataType.scale + 1;
        if (scale < 0) dataType = boundedDecimal(Math.max(integral, 1 - scale), 0);
        else {
          const newScale = Math.min(dataType.scale, scale);
          dataType = boundedDecimal(integral + newScale, newScale);
        }
      }
      return { args: [x, boundLiteral(scale, IntegerType)], dataType, nullable: x.nullable || dataType.kind === 'decimal', options: { scale } };
    },
  };
}

/** floor/ceil: BIGINT for integral and floating input, decimal(p-s+1, 0) for decimals (decimal(p,0) stays). */
function floorOrCeil(name: 'floor' | 'ceil', aliases?: readonly string[]): FunctionSignature {
  const render: Render = (a) => `${name.toUpperCase()}(${a[0]})`;
  return {
    name, aliases, kind: 'scalar', minArgs: 1, maxArgs: 1, render,
    resolve(args, ctx) {
      const x = numericOperand(args[0]!);
      if (x === undefined) throw mismatch(render, args, name, ctx);
      const t = x.dataType;
      const dataType = t.kind === 'decimal' ? (t.scale === 0 ? t : boundedDecimal(t.precision - t.scale + 1, 0)) : LongType;
      return { args: [x], dataType, nullable: x.nullable };
    },
  };
}

const renderLog: Render = (a) => (a.length === 1 ? `LOG(E(), ${a[0]})` : `LOG(${a[0]}, ${a[1]})`);
const renderPmod = callText('pmod');

/**
 * Every math signature, registered in the catalog when this module loads.
 * @example lookupFunction('power')!.name // 'pow'
 */
export const MATH_FUNCTIONS: readonly FunctionSignature[] = [
  abs,
  rounding('round'),
  rounding('bround'),
  floorOrCeil('floor'),
  floorOrCeil('ceil', ['ceiling']),
  doubleFunction('sqrt', [1, 1], (a) => `SQRT(${a[0]})`),
  doubleFunction('exp', [1, 1], (a) => `EXP(${a[0]})`),
  doubleFunction('pow', [2, 2], (a) => `POWER(${a[0]}, ${a[1]})`, { aliases: ['power'] }),
  doubleFunction('ln', [1, 1], (a) => `ln(${a[0]})`, { nullForDomain: true }),
  doubleFunction('log', [1, 2], renderLog, { nullForDomain: true }),
  doubleFunction('log10', [1, 1], (a) => `LOG10(${a[0]})`, { nullForDomain: true }),
  doubleFunction('log2', [1, 1], (a) => `LOG2(${a[0]})`, { nullForDomain: true }),
  doubleFunction('signum', [1, 1], (a) => `SIGNUM(${a[0]})`, { aliases: ['sign'] }),
  {
    name: 'pmod', kind: 'scalar', minArgs: 2, maxArgs: 2, render: renderPmod,
    resolve: (args, ctx) => resolveArithmetic('pmod', args, ctx, () => renderPmod(args.map(renderExpression))),
  },
];

registerFunctions(MATH_FUNCTIONS);
