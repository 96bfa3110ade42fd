// Runs a catalog function the way a compiled plan would: resolve its signature, build its kernel, feed it vectors.
import type { DataType } from '../../src/common/data-types.js';
import { constantVector, valueAt, vectorFromValues } from '../../src/compute/column-vector.js';
import type { ColumnVector } from '../../src/compute/column-vector.js';
import { castVector } from '../../src/compute/kernels/cast-kernel.js';
import { lookupKernel } from '../../src/compute/kernel-registry.js';
import type { KernelContext } from '../../src/compute/kernel-registry.js';
import { boundLiteral } from '../../src/planner/expr/bound-expression.js';
import type { BoundCall, BoundExpr } from '../../src/planner/expr/bound-expression.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';

export const kctx: KernelContext = { timeZone: 'UTC', batchTimestampMs: () => 0 };

/** A column of values (JS values as users pass them) or a literal argument. */
export type Input = { type: DataType; values: readonly unknown[]; name?: string } | { literal: unknown; type: DataType };

export const col = (type: DataType, values: readonly unknown[], name?: string): Input => ({ type, values, name });
export const lit = (literal: unknown, type: DataType): Input => ({ literal, type });

/** Resolves `name` over column/literal inputs, runs its kernel and returns the result type and rows. */
export function evaluate(name: string, inputs: readonly Input[]): { type: DataType; rows: unknown[]; call: BoundCall } {
  const n = Math.max(1, ...inputs.map((x) => ('values' in x ? x.values.length : 1)));
  const columns: ColumnVector[] = [];
  const args: BoundExpr[] = inputs.map((x, i) => {
    if ('literal' in x) return boundLiteral(x.literal, x.type);
    columns.push(vectorFromValues(x.type, x.values));
    return { kind: 'ref', index: columns.length - 1, name: x.name ?? `c${i}`, dataType: x.type, nullable: true };
  });
  const sig = lookupFunction(name)!;
  const resolved = sig.resolve(args, { timeZone: 'UTC', functionName: name });
  const call: BoundCall = { kind: 'call', name: sig.name, args: resolved.args, dataType: resolved.dataType, nullable: resolved.nullable, options: resolved.options };
  const vectors = resolved.args.map((a) => evalArg(a, columns, n));
  const out = lookupKernel(sig.name)!(call, kctx)(vectors, n);
  return { type: out.dataType, rows: Array.from({ length: n }, (_, i) => valueAt(out, i)), call };
}

function evalArg(e: BoundExpr, columns: readonly ColumnVector[], n: number): ColumnVector {
  switch (e.kind) {
    case 'ref': return columns[e.index]!;
    case 'literal': return constantVector(e.dataType, e.value, n);
    case 'cast': return castVector(evalArg(e.child, columns, n), e.dataType, kctx);
    default: throw new Error(`unexpected ${e.kind}`);
  }
}

export { errorOf } from './errors.js';
