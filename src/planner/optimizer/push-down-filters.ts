// Optimizer rule: move filters toward the sources, through projections (when no costly work is repeated) and unions.
import { isCheap, isDeterministic, referencedInputs, substituteRefs } from '../expr/bound-utils.js';
import type { LogicalPlan } from '../logical/plan.js';
import { transformPlanUp } from './transform-plan.js';

/**
 * Filter(c, Project(ps, x))  →  Project(ps, Filter(c[ps], x))   when every column c reads is cheap in ps
 * Filter(c, Union(a, b))     →  Union(Filter(c, a), Filter(c, b))
 * Filter(c, SubqueryAlias(x)) → SubqueryAlias(Filter(c, x))
 */
export function pushDownFilters(plan: LogicalPlan): LogicalPlan {
  let changed = true;
  let current = plan;
  for (let round = 0; changed && round < 16; round++) {
    changed = false;
    current = transformPlanUp(current, (p) => {
      if (p.kind !== 'filter' || !isDeterministic(p.condition)) return p;
      const child = p.child;
      if (child.kind === 'project') {
        const used = referencedInputs(p.condition);
        if (![...used].every((i) => isCheap(child.projections[i]!.expr) && isDeterministic(child.projections[i]!.expr))) return p;
        changed = true;
        const pushed = substituteRefs(p.condition, child.projections.map((x) => x.expr));
        return { ...child, child: { kind: 'filter', child: child.child, condition: pushed, output: child.child.output } };
      }
      if (child.kind === 'union') {
        changed = true;
        return { ...child, children: child.children.map((c) => ({ kind: 'filter' as const, child: c, condition: p.condition, output: c.output })) };
      }
      if (child.kind === 'subqueryAlias') {
        changed = true;
        return { ...child, child: { kind: 'filter', child: child.child, condition: p.condition, output: child.child.output } };
      }
      return p;
    });
  }
  return current;
}
