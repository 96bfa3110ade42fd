// Compiles a resolved expression once per plan into a closure that computes a whole column from a batch.
import { assertNever, internalError } from '../common/errors.js';
import type { BoundExpr } from '../planner/expr/bound-expression.js';
import { allocateValues, constantVector } from './column-vector.js';
import type { ColumnBatch, ColumnVector } from './column-vector.js';
import { castVector } from './kernels/cast-kernel.js';
import type { KernelContext } from './kernel-registry.js';
import { lookupKernel } from './kernel-registry.js';
import { makeVector } from './kernel-helpers.js';
import './kernels/all-kernels.js';

/** A compiled expression: evaluates over all rows of a batch. */
export type CompiledExpression = (batch: ColumnBatch) => ColumnVector;

/**
 * Column indices, kernels and literal vectors are fixed here, so evaluation is a few typed-array loops.
 * @example const total = compileExpression(boundPriceTimesQuantity, ctx); const v = total(batch);
 */
export function compileExpression(e: BoundExpr, ctx: KernelContext): CompiledExpression {
  switch (e.kind) {
    case 'ref': {
      const index = e.index;
      return (batch) => batch.columns[index]!;
    }
    case 'literal': {
      let cached: ColumnVector | undefined;
      return (batch) => {
        if (cached === undefined || cached.length !== batch.numRows) cached = constantVector(e.dataType, e.value, batch.numRows);
        return cached;
      };
    }
    case 'call': {
      const factory = lookupKernel(e.name);
      if (!factory) throw internalError(`no kernel is registered for function '${e.name}'`);
      const kernel = factory(e, ctx);
      const args = e.args.map((a) => compileExpression(a, ctx));
      return (batch) => kernel(args.map((a) => a(batch)), batch.numRows);
    }
    case 'cast': {
      const child = compileExpression(e.child, ctx);
      const to = e.dataType;
      return (batch) => castVector(child(batch), to, ctx);
    }
    case 'getField': {
      const child = compileExpression(e.child, ctx);
      const index = e.fieldIndex;
      return (batch) => fieldOfStruct(child(batch), index);
    }
    case 'caseWhen': return compileCaseWhen(e, ctx);
    default: return assertNever(e, 'expression');
  }
}

/** A struct's field; rows where the struct itself is null are null in the field too. */
export function fieldOfStruct(struct: ColumnVector, index: number): ColumnVector {
  const field = struct.fields![index]!;
  if (struct.nulls === null) return field;
  const nulls = field.nulls === null ? struct.nulls.slice() : field.nulls.slice();
  if (field.nulls !== null) for (let i = 0; i < nulls.length; i++) nulls[i]! |= struct.nulls[i]!;
  return { ...field, nulls };
}

function compileCaseWhen(e: Extract<BoundExpr, { kind: 'caseWhen' }>, ctx: KernelContext): CompiledExpression {
  const conditions = e.branches.map((b) => compileExpression(b.condition, ctx));
  const values = e.branches.map((b) => compileExpression(b.value, ctx));
  const otherwise = compileExpression(e.otherwise, ctx);
  const type = e.dataType;
  if (type.kind === 'struct') throw internalError('CASE WHEN producing a STRUCT is not supported yet');
  return (batch) => {
    const n = batch.numRows;
    const out = allocateValues(type, n) as unknown[];
    const nulls = new Uint8Array(n);
    const chosen = new Int32Array(n).fill(-1);
    for (let b = 0; b < conditions.length; b++) {
      const cond = conditions[b]!(batch);
      const cv = cond.values as Uint8Array;
      for (let i = 0; i < n; i++) {
        if (chosen[i] === -1 && cv[i] === 1 && (cond.nulls === null || cond.nulls[i] === 0)) chosen[i] = b;
      }
    }
    const evaluated = values.map((v) => v(batch));
    const fallback = otherwise(batch);
    for (let i = 0; i < n; i++) {
      const src = chosen[i] === -1 ? fallback : evaluated[chosen[i]!]!;
      if (src.nulls !== null && src.nulls[i] === 1) nulls[i] = 1;
      else out[i] = (src.values as ArrayLike<unknown>)[i];
    }
    return makeVector(type, out as unknown as ColumnVector['values'], nulls, n);
  };
}

/** Evaluates a constant expression (no column references) to its internal value: the optimizer's constant folder. */
export function evaluateConstant(e: BoundExpr, ctx: KernelContext): unknown {
  const v = compileExpression(e, ctx)({ numRows: 1, columns: [] });
  if (v.nulls !== null && v.nulls[0] === 1) return null;
  if (v.dataType.kind === 'struct') throw internalError('cannot fold a STRUCT constant');
  return (v.values as ArrayLike<unknown>)[0];
}
