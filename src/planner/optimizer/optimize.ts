// The optimizer: the rules in a fixed order, each one file.
import type { LogicalPlan } from '../logical/plan.js';
import { collapseProjects } from './collapse-projects.js';
import { combineFilters } from './combine-filters.js';
import { foldConstants } from './fold-constants.js';
import type { ConstantEvaluator } from './fold-constants.js';
import { pruneColumns } from './prune-columns.js';
import { pushDownFilters } from './push-down-filters.js';

/**
 * constant folding → filter push-down → filter combining → project collapsing → column pruning
 * (folding runs again last, since collapsing can put constants together).
 */
export function optimize(plan: LogicalPlan, evaluate: ConstantEvaluator): LogicalPlan {
  let p = foldConstants(plan, evaluate);
  p = pushDownFilters(p);
  p = combineFilters(p);
  p = collapseProjects(p);
  p = pruneColumns(p);
  return foldConstants(p, evaluate);
}
