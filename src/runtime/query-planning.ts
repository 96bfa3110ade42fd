// Plans a query: analyzed logical plan → optimized → physical, with the compute layer's constant evaluator.
import { evaluateConstant } from '../compute/compile-expression.js';
import type { KernelContext } from '../compute/kernel-registry.js';
import type { PlanStages } from '../planner/explain.js';
import type { LogicalPlan } from '../planner/logical/plan.js';
import { optimize } from '../planner/optimizer/optimize.js';
import { planPhysical } from '../planner/physical/physical-plan.js';

export function planQuery(analyzed: LogicalPlan, ctx: KernelContext): PlanStages {
  const optimized = optimize(analyzed, (e) => evaluateConstant(e, ctx));
  return { analyzed, optimized, physical: planPhysical(optimized) };
}

/** A kernel context for a session time zone; current_timestamp() reads `batchTimestampMs`. */
export function kernelContext(timeZone: string, batchTimestampMs: () => number = () => Date.now()): KernelContext {
  return { timeZone, batchTimestampMs };
}
