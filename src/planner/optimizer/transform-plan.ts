// Bottom-up rewriting of logical plans, shared by the optimizer rules.
import { assertNever } from '../../common/errors.js';
import type { LogicalPlan } from '../logical/plan.js';

export function transformPlanUp(plan: LogicalPlan, fn: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case 'relation': return fn(plan);
    case 'union': return fn({ ...plan, children: plan.children.map((c) => transformPlanUp(c, fn)) });
    case 'join': return fn({ ...plan, left: transformPlanUp(plan.left, fn), right: transformPlanUp(plan.right, fn) });
    case 'project': case 'filter': case 'subqueryAlias': case 'watermark': case 'timeWindow': case 'aggregate':
    case 'deduplicate': case 'sort': case 'limit':
      return fn({ ...plan, child: transformPlanUp(plan.child, fn) });
    default: return assertNever(plan, 'logical plan');
  }
}
