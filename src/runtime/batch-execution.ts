// Runs a batch (non-streaming) plan once: every source read from its start to its end, then the operator tree.
import type { RecordBatch } from 'apache-arrow';
import type { KernelContext } from '../compute/kernel-registry.js';
import { buildOperatorTree, inMemoryStores } from '../operators/operator-tree.js';
import type { PlanStages } from '../planner/explain.js';
import type { Offset, Source } from '../sources/source.js';
import { executeTree } from './execute-tree.js';
import { sameOffset } from './micro-batch-execution.js';

/** Reads everything a source has now (repeating latestOffset until it stops moving, so rate limits don't cut it short). */
async function readAll(source: Source): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  let start: Offset | null = null;
  try {
    await source.prepareForTriggerAvailableNow?.();
    for (;;) {
      const end = await source.latestOffset(start);
      if (end === null || sameOffset(end, start)) break;
      out.push(...(await source.getBatch(start, end)));
      start = end;
    }
  } finally {
    await source.stop();
  }
  return out;
}

export async function executeBatch(stages: PlanStages, sources: readonly Source[], ctx: KernelContext): Promise<RecordBatch[]> {
  const inputs = await Promise.all(sources.map(readAll));
  const tree = buildOperatorTree(stages.physical, ctx, { outputMode: null, stateStore: inMemoryStores(), captureLateRows: false });
  return executeTree(tree, inputs, { batchId: 0, watermarkMs: 0, lateWatermarkMs: 0, batchTimestampMs: ctx.batchTimestampMs() });
}
