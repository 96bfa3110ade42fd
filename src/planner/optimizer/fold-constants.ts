// Optimizer rule: evaluate deterministic calls whose inputs are all constants, and simplify boolean logic.
import { boundLiteral } from '../expr/bound-expression.js';
import type { BoundExpr } from '../expr/bound-expression.js';
import { childrenOfExpr, isAggregateCall, isDeterministic, transformUp } from '../expr/bound-utils.js';
import type { LogicalPlan } from '../logical/plan.js';
import { transformPlanUp } from './transform-plan.js';

/** Evaluates a constant expression to its internal value (supplied by the compute layer, which the planner may not import). */
export type ConstantEvaluator = (e: BoundExpr) => unknown;

export function foldConstants(plan: LogicalPlan, evaluate: ConstantEvaluator): LogicalPlan {
  const fold = (e: BoundExpr) => transformUp(e, (n) => foldNode(n, evaluate));
  return transformPlanUp(plan, (p) => {
    if (p.kind === 'project') return { ...p, projections: p.projections.map((x) => ({ name: x.name, expr: fold(x.expr) })) };
    if (p.kind === 'filter') return { ...p, condition: fold(p.condition) };
    if (p.kind === 'aggregate') return { ...p, groupings: p.groupings.map((g) => ({ name: g.name, expr: fold(g.expr) })) };
    return p;
  });
}

function isTrue(e: BoundExpr): boolean {
  return e.kind === 'literal' && e.value === 1 && e.dataType.kind === 'boolean';
}

function isFalse(e: BoundExpr): boolean {
  return e.kind === 'literal' && e.value === 0 && e.dataType.kind === 'boolean';
}

function foldNode(n: BoundExpr, evaluate: ConstantEvaluator): BoundExpr {
  if (n.kind === 'call' && (n.name === 'and' || n.name === 'or')) {
    const [a, b] = n.args as [BoundExpr, BoundExpr];
    if (n.name === 'and') {
      if (isTrue(a)) return b;
      if (isTrue(b)) return a;
      if (isFalse(a) || isFalse(b)) return boundLiteral(0, n.dataType);
    } else {
      if (isFalse(a)) return b;
      if (isFalse(b)) return a;
      if (isTrue(a) || isTrue(b)) return boundLiteral(1, n.dataType);
    }
  }
  if (n.kind === 'literal' || n.kind === 'ref') return n;
  if (n.kind === 'call' && (isAggregateCall(n) || n.name === 'window' || n.name === 'session_window')) return n;
  const kids = childrenOfExpr(n);
  if (kids.length === 0 || !kids.every((k) => k.kind === 'literal') || !isDeterministic(n)) return n;
  return boundLiteral(evaluate(n), n.dataType);
}
