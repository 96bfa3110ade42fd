// Optimizer rule: Project over Project becomes one Project, unless that would evaluate a costly expression twice.
import { countReferences, isCheap, isDeterministic, substituteRefs } from '../expr/bound-utils.js';
import type { LogicalPlan } from '../logical/plan.js';
import { projectNamed } from '../logical/builder.js';
import { transformPlanUp } from './transform-plan.js';

export function collapseProjects(plan: LogicalPlan): LogicalPlan {
  return transformPlanUp(plan, (p) => {
    if (p.kind !== 'project' || p.child.kind !== 'project') return p;
    const inner = p.child;
    const counts = new Map<number, number>();
    for (const x of p.projections) countReferences(x.expr, counts);
    for (const [index, count] of counts) {
      const e = inner.projections[index]!.expr;
      if (!isDeterministic(e)) return p;
      if (count > 1 && !isCheap(e)) return p;
    }
    const replacements = inner.projections.map((x) => x.expr);
    const merged = projectNamed(inner.child, p.projections.map((x) => ({ name: x.name, expr: substituteRefs(x.expr, replacements) })));
    return { ...merged, output: p.output };
  });
}
