// Helpers for the join operator tests: JoinExec nodes over hand-made inputs, record batches from rows, batch contexts.
import type { RecordBatch } from 'apache-arrow';
import { recordBatchToRows, rowsToRecordBatch } from '../../src/compute/arrow-bridge.js';
import type { KernelContext } from '../../src/compute/kernel-registry.js';
import { schemaOf } from '../../src/operators/join-rows.js';
import type { BatchContext } from '../../src/operators/operator.js';
import { resolveExpression } from '../../src/planner/analyzer/resolve-expression.js';
import type { Attribute, JoinType } from '../../src/planner/logical/plan.js';
import type { JoinExec, PhysicalPlan } from '../../src/planner/physical/physical-plan.js';
import { parseExpression } from '../../src/sql/expression-parser.js';

export const kernelContext: KernelContext = { timeZone: 'UTC', batchTimestampMs: () => 0 };

type Row = Record<string, unknown>;

function scan(sourceIndex: number, output: readonly Attribute[], isStreaming: boolean): PhysicalPlan {
  const schema = schemaOf(output);
  return {
    kind: 'scan', sourceIndex, output,
    relation: { kind: 'relation', isStreaming, output, source: { format: 'memory', options: {}, schema, description: `source ${sourceIndex}` } },
  };
}

/** A JoinExec as the planner makes it: the condition is SQL over the left then right columns. */
export function joinExec(spec: {
  left: readonly Attribute[]; right: readonly Attribute[]; joinType: JoinType; on: string | null;
  leftStreaming: boolean; rightStreaming: boolean;
}): JoinExec {
  const { left, right, joinType } = spec;
  const condition = spec.on === null ? null : resolveExpression(parseExpression(spec.on), { input: [...left, ...right], timeZone: 'UTC' });
  const leftNullable = joinType === 'right_outer' || joinType === 'full_outer';
  const rightNullable = joinType === 'left_outer' || joinType === 'full_outer';
  const output = joinType === 'left_semi' || joinType === 'left_anti'
    ? [...left]
    : [...left.map((a) => (leftNullable ? { ...a, nullable: true } : a)), ...right.map((a) => (rightNullable ? { ...a, nullable: true } : a))];
  return {
    kind: 'join', operatorId: 0, streaming: spec.leftStreaming || spec.rightStreaming, left: scan(0, left, spec.leftStreaming), right: scan(1, right, spec.rightStreaming),
    joinType, condition, leftStreaming: spec.leftStreaming, rightStreaming: spec.rightStreaming, output,
  };
}

export function batchOf(attrs: readonly Attribute[], rows: Row[]): RecordBatch {
  return rowsToRecordBatch(schemaOf(attrs), rows);
}

/** The rows of output batches in the join's output schema, sorted (their order within a batch is not part of the contract). */
export function rowsOf(batches: readonly RecordBatch[], attrs: readonly Attribute[]): Row[] {
  const schema = schemaOf(attrs);
  return sortRows(batches.flatMap((b) => recordBatchToRows(b, schema)));
}

export function sortRows(rows: Row[]): Row[] {
  const key = (r: Row) => JSON.stringify(r);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function batchContext(batchId: number, watermarkMs = 0, lateWatermarkMs = 0): BatchContext {
  return { batchId, watermarkMs, lateWatermarkMs, batchTimestampMs: 0 };
}
