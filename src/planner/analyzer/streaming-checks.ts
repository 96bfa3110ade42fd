// Spark's rules for streaming queries (its UnsupportedOperationChecker): which plans each output mode can run.
import { userError } from '../../common/errors.js';
import type { Aggregate, LogicalPlan } from '../logical/plan.js';
import { childrenOf, isStreamingPlan } from '../logical/plan.js';

export type OutputModeName = 'append' | 'update' | 'complete';

function collect(plan: LogicalPlan, kind: LogicalPlan['kind']): LogicalPlan[] {
  return [...(plan.kind === kind ? [plan] : []), ...childrenOf(plan).flatMap((c) => collect(c, kind))];
}

/** True when an aggregation's keys include an event-time column (a timestamp or window with a watermark). */
function hasWatermarkedKey(a: Aggregate): boolean {
  return a.output.some((attr, i) => i < a.groupings.length && attr.watermarkDelayMs !== undefined);
}

/** Throws the error Spark gives when `plan` cannot run in `mode`, with a hint saying what to change. */
export function checkStreamingPlan(plan: LogicalPlan, mode: OutputModeName): void {
  const aggregates = (collect(plan, 'aggregate') as Aggregate[]).filter((a) => isStreamingPlan(a.child));
  const fail = (message: string, hint: string) => {
    throw userError('UNSUPPORTED_OPERATION', message, { hint });
  };
  if (aggregates.length > 1) {
    fail('Multiple streaming aggregations are not supported with streaming DataFrames/Datasets', 'aggregate once per query; write the result to a sink and read it back to aggregate again');
  }
  const aggregate = aggregates[0];
  if (mode === 'complete' && !aggregate) {
    fail('Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets', "use outputMode('append') (or 'update') for queries without groupBy().agg()");
  }
  if (mode === 'append' && aggregate && !hasWatermarkedKey(aggregate)) {
    fail('Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark',
      "add withWatermark(eventTime, delay) and group by window(eventTime, …) or by the event-time column, or use outputMode('update') or 'complete'");
  }
  if (mode === 'update' && aggregate?.sessionWindowKey !== undefined) {
    fail('Update output mode not supported for session window on streaming DataFrames/DataSets', "use outputMode('append') or 'complete'");
  }
  for (const join of collect(plan, 'join')) {
    if (join.kind !== 'join') continue;
    const leftStreaming = isStreamingPlan(join.left);
    const rightStreaming = isStreamingPlan(join.right);
    if (leftStreaming && rightStreaming) {
      if (mode !== 'append') {
        fail(`Join between two streaming DataFrames/Datasets is not supported in ${capitalize(mode)} output mode, only in Append output mode`, "use outputMode('append')");
      }
      if (join.joinType === 'cross' || join.joinType === 'left_anti') {
        fail(`Stream-stream ${join.joinType} join is not supported`, 'use an inner, left/right/full outer or left semi join with an equality condition');
      }
    } else if (leftStreaming && (join.joinType === 'right_outer' || join.joinType === 'full_outer')) {
      fail(`${join.joinType === 'full_outer' ? 'Full outer' : 'Right outer'} joins with a streaming DataFrame/Dataset on the left and a static DataFrame/Dataset on the right are not supported`,
        'put the stream on the left of a left outer join, or use an inner join');
    } else if (rightStreaming && !leftStreaming && join.joinType !== 'inner' && join.joinType !== 'right_outer') {
      fail(`${join.joinType} joins with a static DataFrame/Dataset on the left and a streaming DataFrame/Dataset on the right are not supported`,
        'put the stream on the left: stream.join(static, …, "left_outer")');
    }
  }
  for (const s of collect(plan, 'sort')) {
    const afterAggregation = s.kind === 'sort' && collect(s.child, 'aggregate').length > 0;
    if (!(mode === 'complete' && afterAggregation) && isStreamingPlan(s)) {
      fail('Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode',
        "aggregate and use outputMode('complete'), or sort inside foreachBatch");
    }
  }
  if (mode === 'update' && collect(plan, 'limit').some(isStreamingPlan)) {
    fail('Limits are not supported on streaming DataFrames/Datasets in Update output mode', "use outputMode('complete') or 'append'");
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
