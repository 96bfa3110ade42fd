// Walking and rewriting resolved expressions: referenced inputs, ref substitution and remapping, cheapness.
import { assertNever } from '../../common/errors.js';
import type { BoundExpr } from './bound-expression.js';
import { lookupFunction } from './function-catalog.js';

/** Rewrites bottom-up: `fn` sees each node after its children were rewritten. */
export function transformUp(e: BoundExpr, fn: (node: BoundExpr) => BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'ref': case 'literal': return fn(e);
    case 'call': return fn({ ...e, args: e.args.map((a) => transformUp(a, fn)) });
    case 'cast': return fn({ ...e, child: transformUp(e.child, fn) });
    case 'getField': return fn({ ...e, child: transformUp(e.child, fn) });
    case 'caseWhen': return fn({
      ...e,
      branches: e.branches.map((b) => ({ condition: transformUp(b.condition, fn), value: transformUp(b.value, fn) })),
      otherwise: transformUp(e.otherwise, fn),
    });
    default: return assertNever(e, 'expression');
  }
}

export function childrenOfExpr(e: BoundExpr): readonly BoundExpr[] {
  switch (e.kind) {
    case 'ref': case 'literal': return [];
    case 'call': return e.args;
    case 'cast': case 'getField': return [e.child];
    case 'caseWhen': return [...e.branches.flatMap((b) => [b.condition, b.value]), e.otherwise];
    default: return assertNever(e, 'expression');
  }
}

/** Input ordinals an expression reads. */
export function referencedInputs(e: BoundExpr, into: Set<number> = new Set()): Set<number> {
  if (e.kind === 'ref') into.add(e.index);
  for (const c of childrenOfExpr(e)) referencedInputs(c, into);
  return into;
}

/** Counts how often each input ordinal is read. */
export function countReferences(e: BoundExpr, into: Map<number, number>): void {
  if (e.kind === 'ref') into.set(e.index, (into.get(e.index) ?? 0) + 1);
  for (const c of childrenOfExpr(e)) countReferences(c, into);
}

/** Replaces each ref i by replacements[i] (for pushing a filter or a projection through a projection). */
export function substituteRefs(e: BoundExpr, replacements: readonly BoundExpr[]): BoundExpr {
  return transformUp(e, (n) => (n.kind === 'ref' ? replacements[n.index]! : n));
}

/** Renumbers refs after columns were removed below. */
export function remapRefs(e: BoundExpr, mapping: ReadonlyMap<number, number>): BoundExpr {
  return transformUp(e, (n) => (n.kind === 'ref' ? { ...n, index: mapping.get(n.index)! } : n));
}

/** Cheap to evaluate twice: a column, a constant, or struct fields of a column. */
export function isCheap(e: BoundExpr): boolean {
  if (e.kind === 'ref' || e.kind === 'literal') return true;
  if (e.kind === 'getField') return isCheap(e.child);
  return false;
}

/** False when any call in the tree is non-deterministic (current_timestamp, rand). */
export function isDeterministic(e: BoundExpr): boolean {
  if (e.kind === 'call' && lookupFunction(e.name)?.deterministic === false) return false;
  return childrenOfExpr(e).every(isDeterministic);
}

export function isAggregateCall(e: BoundExpr): boolean {
  return e.kind === 'call' && lookupFunction(e.name)?.kind === 'aggregate';
}
