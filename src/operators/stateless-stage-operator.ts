// A fused run of projections and filters (one physical "stage"): Arrow in, column vectors inside, Arrow out.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import { fromRecordBatch, toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnBatch } from '../compute/column-vector.js';
import { takeRows } from '../compute/column-vector.js';
import type { CompiledExpression } from '../compute/compile-expression.js';
import type { WindowSpec } from '../planner/logical/plan.js';
import type { BatchContext, Operator } from './operator.js';
import { assignWindows } from './window-assign.js';

/** One step of a stage, bottom-up order. */
export type StageStep =
  | { readonly kind: 'project'; readonly expressions: readonly CompiledExpression[] }
  | { readonly kind: 'filter'; readonly condition: CompiledExpression }
  | { readonly kind: 'windowAssign'; readonly timeIndex: number; readonly spec: WindowSpec };

/**
 * processBatch(b):
 *   cols = vectors of b (zero-copy for numbers; strings decoded once)
 *   for step in steps: project → evaluate each expression; filter → keep rows where the condition is true (not null)
 *   return cols as one Arrow batch (nothing when every row was filtered out)
 */
export class StatelessStageOperator implements Operator {
  readonly description: string;

  constructor(
    private readonly steps: readonly StageStep[],
    private readonly inputSchema: StructType,
    private readonly outputSchema: StructType,
    description: string,
  ) {
    this.description = description;
  }

  processBatch(batch: RecordBatch, _ctx: BatchContext): RecordBatch[] {
    let current: ColumnBatch = fromRecordBatch(batch, this.inputSchema);
    for (const step of this.steps) {
      current = step.kind === 'project' ? projectBatch(current, step.expressions)
        : step.kind === 'filter' ? filterBatch(current, step.condition)
          : assignWindows(current, step.timeIndex, step.spec);
      if (current.numRows === 0) return [];
    }
    return [toRecordBatch(this.outputSchema, current.columns, current.numRows)];
  }
}

function projectBatch(batch: ColumnBatch, expressions: readonly CompiledExpression[]): ColumnBatch {
  return { numRows: batch.numRows, columns: expressions.map((e) => e(batch)) };
}

function filterBatch(batch: ColumnBatch, condition: CompiledExpression): ColumnBatch {
  const cond = condition(batch);
  const values = cond.values as Uint8Array;
  const n = batch.numRows;
  const selected = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === 1 && (cond.nulls === null || cond.nulls[i] === 0)) selected[count++] = i;
  }
  if (count === n) return batch;
  const indices = selected.subarray(0, count);
  return { numRows: count, columns: batch.columns.map((c) => takeRows(c, indices)) };
}
