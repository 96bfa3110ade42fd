// Scenario `checkpoint`: what a checkpoint costs per batch for an aggregation holding 1k and 100k state rows.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStream, Session, count, sum } from '../src/index.js';
import type { StreamingQueryProgress } from '../src/index.js';

/** Per-batch figures of one run (update batches only: the batch that creates the keys is left out). */
interface RunFigures {
  readonly batches: number;
  /** Mean wall time per batch seen by the caller (addData → processAllAvailable), ms. */
  readonly wallMsPerBatch: number;
  /** Means over the batches of progress.durationMs (integer ms each, so small figures are coarse). */
  readonly triggerExecutionMs: number;
  readonly addBatchMs: number;
  readonly walCommitMs: number;
  readonly commitOffsetsMs: number;
  /** walCommit + commitOffsets: writing offsets/N, the state delta (and snapshot), commits/N. */
  readonly checkpointWritesMs: number;
}

interface CheckpointFigures extends RunFigures {
  /** walCommit + commitOffsets in batches that write a delta only, and in those that also write a snapshot. */
  readonly deltaBatchWritesMs: number;
  readonly snapshotBatchWritesMs: number;
  readonly deltaFileBytes: number;
  readonly snapshotFileBytes: number;
  /** start() of the same query over the checkpoint: reads the logs, loads the newest snapshot and the deltas after it. */
  readonly restartMs: number;
}

interface Measurement {
  readonly stateRows: number;
  readonly keysUpdatedPerBatch: number;
  readonly withoutCheckpoint: RunFigures;
  readonly withCheckpoint: CheckpointFigures;
  /** What the checkpoint adds per batch: the difference of the mean batch times, and of walCommit + commitOffsets. */
  readonly costPerBatchMs: { readonly wall: number; readonly triggerExecution: number; readonly checkpointWrites: number };
}

const SCHEMA = 'key BIGINT, amount BIGINT';

function aggregation(input: MemoryStream) {
  return input.toDF().groupBy('key').agg(sum('amount').alias('total'), count('*').alias('n'));
}

/** Batch b (1-based) updates `perBatch` keys, a different slice each time, wrapping around. */
function updateRows(keys: number, perBatch: number, b: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = new Array(perBatch);
  for (let i = 0; i < perBatch; i++) rows[i] = { key: (b * perBatch + i) % keys, amount: b };
  return rows;
}

async function run(session: Session, keys: number, perBatch: number, batches: number, checkpoint: string | undefined) {
  const input = MemoryStream.create(session, SCHEMA);
  let writer = aggregation(input).writeStream.format('noop').outputMode('update');
  if (checkpoint !== undefined) writer = writer.option('checkpointLocation', checkpoint);
  const progress: StreamingQueryProgress[] = [];
  const query = await writer.start();
  input.addData(Array.from({ length: keys }, (_, key) => ({ key, amount: 0 })));
  await query.processAllAvailable();
  const inputs = Array.from({ length: batches }, (_, b) => updateRows(keys, perBatch, b + 1));
  let wallMs = 0;
  for (const rows of inputs) {
    const t0 = performance.now();
    input.addData(rows);
    await query.processAllAvailable();
    wallMs += performance.now() - t0;
    progress.push(query.lastProgress!);
  }
  await query.stop();
  return { input, progress, wallMsPerBatch: wallMs / batches };
}

function figures(progress: readonly StreamingQueryProgress[], wallMsPerBatch: number): RunFigures {
  const mean = (key: string) => progress.reduce((s, p) => s + (p.durationMs[key] ?? 0), 0) / progress.length;
  return {
    batches: progress.length,
    wallMsPerBatch: round(wallMsPerBatch),
    triggerExecutionMs: round(mean('triggerExecution')),
    addBatchMs: round(mean('addBatch')),
    walCommitMs: round(mean('walCommit')),
    commitOffsetsMs: round(mean('commitOffsets')),
    checkpointWritesMs: round(mean('walCommit') + mean('commitOffsets')),
  };
}

function writesMs(progress: readonly StreamingQueryProgress[]): number {
  if (progress.length === 0) return 0;
  return round(progress.reduce((s, p) => s + (p.durationMs.walCommit ?? 0) + (p.durationMs.commitOffsets ?? 0), 0) / progress.length);
}

/** Mean size of the files in `folder` ending with `suffix`, skipping version 1 (the batch that created the keys). */
function meanFileBytes(folder: string, suffix: string): number {
  const sizes = readdirSync(folder).filter((n) => n.endsWith(suffix) && n !== `1${suffix}`).map((n) => statSync(join(folder, n)).size);
  return sizes.length === 0 ? 0 : Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);
}

async function measure(session: Session, keys: number, fraction: number, batches: number): Promise<Measurement> {
  const perBatch = Math.max(1, Math.round(keys * fraction));
  const plain = await run(session, keys, perBatch, batches, undefined);
  const dir = mkdtempSync(join(tmpdir(), 'brook-bench-checkpoint-'));
  try {
    const checkpointed = await run(session, keys, perBatch, batches, dir);
    // batch N commits state version N + 1; a snapshot is written every 10 versions
    const isSnapshot = (p: StreamingQueryProgress) => (p.batchId + 1) % 10 === 0;
    const t0 = performance.now();
    const restarted = await aggregation(checkpointed.input).writeStream.format('noop').outputMode('update').option('checkpointLocation', dir).start();
    const restartMs = performance.now() - t0;
    await restarted.stop();
    const without = figures(plain.progress, plain.wallMsPerBatch);
    const withCp = figures(checkpointed.progress, checkpointed.wallMsPerBatch);
    const stateFolder = join(dir, 'state', '0');
    return {
      stateRows: keys,
      keysUpdatedPerBatch: perBatch,
      withoutCheckpoint: without,
      withCheckpoint: {
        ...withCp,
        deltaBatchWritesMs: writesMs(checkpointed.progress.filter((p) => !isSnapshot(p))),
        snapshotBatchWritesMs: writesMs(checkpointed.progress.filter(isSnapshot)),
        deltaFileBytes: meanFileBytes(stateFolder, '.delta'),
        snapshotFileBytes: meanFileBytes(stateFolder, '.snapshot'),
        restartMs: round(restartMs),
      },
      costPerBatchMs: {
        wall: round(withCp.wallMsPerBatch - without.wallMsPerBatch),
        triggerExecution: round(withCp.triggerExecutionMs - without.triggerExecutionMs),
        checkpointWrites: round(withCp.checkpointWritesMs - without.checkpointWritesMs),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Options: --keys 1000,100000 (state rows) --fraction 0.1 (share of the keys each batch updates) --batches 30.
 * Each size runs without and with a checkpointLocation (a temp folder on the local disk), after a warm-up.
 */
export async function runCheckpointCost(args: Readonly<Record<string, string>>): Promise<unknown> {
  const session = Session.builder().appName('bench-checkpoint').getOrCreate();
  const keysList = (args.keys ?? '1000,100000').split(',').map(Number);
  const fraction = Number(args.fraction ?? 0.1);
  const batches = Number(args.batches ?? 30);
  await measure(session, 1000, fraction, 10); // warm-up: JIT and caches
  const results: Measurement[] = [];
  for (const keys of keysList) results.push(await measure(session, keys, fraction, batches));
  await session.stop();
  return {
    scenario: 'memory stream → groupBy(key).agg(sum, count) (update) → noop, with and without checkpointLocation',
    node: process.version,
    date: new Date().toISOString(),
    updateFraction: fraction,
    batchesMeasured: batches,
    snapshotInterval: 10,
    results,
  };
}
