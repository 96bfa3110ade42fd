// Spark's output-mode rules (UnsupportedOperationChecker) for the plans brook can run so far.
import { userError } from '../common/errors.js';
import type { LogicalPlan } from '../planner/logical/plan.js';
import type { OutputMode } from '../sinks/sink.js';

/** Throws when a streaming plan cannot be written in `mode`, saying what to change. */
export function checkOutputMode(plan: LogicalPlan, mode: OutputMode): void {
  const hasAggregation = false;
  if (mode === 'complete' && !hasAggregation) {
    throw userError('INVALID_OUTPUT_MODE', 'Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets', {
      hint: "use outputMode('append') (or 'update') for queries without groupBy().agg()",
    });
  }
  void plan;
}
