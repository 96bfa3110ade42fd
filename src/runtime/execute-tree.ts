// Runs one micro-batch's input through the operator tree, bottom-up.
import type { RecordBatch } from 'apache-arrow';
import type { BatchContext } from '../operators/operator.js';
import type { OperatorNode } from '../operators/operator-tree.js';

/**
 * run(node) = leaf: the batches read from its source
 *             else: onWatermark(wm) ++ processBatch(each batch of run(child k), k) for k = 0, 1, … ++ onBatchEnd()
 */
export function executeTree(node: OperatorNode, inputs: readonly (readonly RecordBatch[])[], ctx: BatchContext): RecordBatch[] {
  if (node.sourceIndex !== undefined) return [...(inputs[node.sourceIndex] ?? [])];
  const childOutputs = node.children.map((c) => executeTree(c, inputs, ctx));
  const op = node.operator;
  if (!op) return childOutputs.flat();
  const out: RecordBatch[] = op.onWatermark ? op.onWatermark(ctx.watermarkMs, ctx) : [];
  childOutputs.forEach((batches, inputIndex) => {
    for (const batch of batches) out.push(...op.processBatch(batch, ctx, inputIndex));
  });
  if (op.onBatchEnd) out.push(...op.onBatchEnd(ctx));
  return out;
}

/** Calls commit(version) on every operator after the sink took the batch. */
export function commitTree(node: OperatorNode, version: number): void {
  for (const c of node.children) commitTree(c, version);
  node.operator?.commit?.(version);
}

/** Every operator of the tree (for progress). */
export function operatorsOf(node: OperatorNode): OperatorNode[] {
  return [...node.children.flatMap(operatorsOf), node];
}
