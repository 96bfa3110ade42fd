// Optimizer rule: Filter(a) over Filter(b) becomes one Filter(b AND a).
import { BooleanType } from '../../common/data-types.js';
import type { BoundExpr } from '../expr/bound-expression.js';
import type { LogicalPlan } from '../logical/plan.js';
import { transformPlanUp } from './transform-plan.js';

export function andOf(left: BoundExpr, right: BoundExpr): BoundExpr {
  return { kind: 'call', name: 'and', args: [left, right], dataType: BooleanType, nullable: left.nullable || right.nullable };
}

export function combineFilters(plan: LogicalPlan): LogicalPlan {
  return transformPlanUp(plan, (p) => {
    if (p.kind === 'filter' && p.child.kind === 'filter') {
      return { ...p.child, condition: andOf(p.child.condition, p.condition) };
    }
    return p;
  });
}
