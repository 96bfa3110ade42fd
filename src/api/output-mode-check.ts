// Checks at start() that the query can run in the chosen output mode (Spark's rules, see planner/analyzer/streaming-checks).
import type { LogicalPlan } from '../planner/logical/plan.js';
import { checkStreamingPlan } from '../planner/analyzer/streaming-checks.js';
import type { OutputMode } from '../sinks/sink.js';

/** Throws when a streaming plan cannot be written in `mode`, saying what to change. */
export function checkOutputMode(plan: LogicalPlan, mode: OutputMode): void {
  checkStreamingPlan(plan, mode);
}
