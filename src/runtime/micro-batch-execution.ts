// The micro-batch loop of a streaming query: offsets, batch execution, sink, commit, progress (see ARCHITECTURE.md).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import { BrookError, asBrookError } from '../common/errors.js';
import type { BatchContext } from '../operators/operator.js';
import type { OperatorNode } from '../operators/operator-tree.js';
import type { OutputMode, Sink } from '../sinks/sink.js';
import type { Offset, Source } from '../sources/source.js';
import type { Operator } from '../operators/operator.js';
import { commitTree, executeTree, operatorsOf } from './execute-tree.js';
import { WatermarkTracker } from './watermark-tracker.js';
import type { OffsetEntry, QueryCheckpoint, Recovery } from './query-checkpoint.js';
import { perSecond } from './progress.js';
import type { SourceProgress, StreamingQueryProgress } from './progress.js';
import type { Trigger } from './trigger.js';

/** Where a running query reports to (its StreamingQuery and the session's listeners). */
export interface ExecutionEvents {
  progress(p: StreamingQueryProgress): void;
  idle(timestamp: string): void;
}

export interface ExecutionSpec {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly sources: readonly Source[];
  readonly tree: OperatorNode;
  readonly sink: Sink;
  readonly outputSchema: StructType;
  readonly outputMode: OutputMode;
  readonly trigger: Trigger;
  /** Where rows dropped as late go, instead of only being counted. */
  readonly lateRowsSink?: Sink;
  /** The checkpoint, and where it says to resume (absent: nothing is persisted). */
  readonly checkpoint?: { readonly log: QueryCheckpoint; readonly recovery: Recovery; readonly conf: Readonly<Record<string, string>> };
  /** How long to wait before polling idle sources again when triggers run as fast as possible. */
  readonly pollIntervalMs: number;
  readonly events: ExecutionEvents;
}

const IDLE_EVENT_INTERVAL_MS = 10_000;

/**
 * loop:   end = source.latestOffset(start) for every source
 *         no new data → idle (Once / AvailableNow: terminate), wait for the trigger, continue
 *         log offsets for batch N; read getBatch(start, end); run the operator tree
 *         sink.addBatch(N, output); operators commit(N); sources commit(end); report progress
 */
export class MicroBatchExecution {
  /** Bumped when an iteration starts; processAllAvailable waits for an idle iteration that began after its call. */
  iteration = 0;
  lastIdleIteration = 0;
  batchTimestampMs = 0;
  dataAvailable = false;
  triggerActive = false;

  private readonly committed: (Offset | null)[];
  private readonly watermark: WatermarkTracker;
  private readonly statefulOperators: Operator[];
  /** The watermark the last batch ran with. */
  private batchWatermarkMs = 0;
  private nextBatchId = 0;
  private stopRequested = false;
  private wakeUp: (() => void) | null = null;
  private lastIdleEventMs = 0;
  private readonly changeWaiters: (() => void)[] = [];

  constructor(private readonly spec: ExecutionSpec) {
    this.committed = spec.sources.map(() => null);
    this.watermark = new WatermarkTracker(spec.tree);
    this.statefulOperators = operatorsOf(spec.tree).map((n) => n.operator).filter((o): o is Operator => o?.stateProgress !== undefined);
    const recovery = spec.checkpoint?.recovery;
    if (recovery) {
      recovery.committedOffsets.forEach((o, i) => { this.committed[i] = o; });
      this.nextBatchId = recovery.nextBatchId;
      this.batchWatermarkMs = recovery.lastBatchWatermarkMs;
      this.watermark.restore(recovery.nextWatermarkMs);
      spec.sources.forEach((s, i) => {
        const state = recovery.sourceStates[i];
        if (state !== undefined) s.restoreCheckpointState?.(state);
      });
    }
  }

  /** Runs until stopped, the trigger says so, or an error; resolves with the error or null. */
  async run(): Promise<BrookError | null> {
    const { trigger, sources } = this.spec;
    try {
      const pending = this.spec.checkpoint?.recovery.pendingBatch;
      if (pending) {
        // batch N was logged but not committed before the last stop: run it again with exactly its logged offsets
        const hasNew = pending.endOffsets.map((end, i) => end !== null && !sameOffset(end, this.committed[i] ?? null));
        await this.runBatch(pending.batchTimestampMs, pending.endOffsets, hasNew, {}, pending);
        this.notifyChange();
      }
      if (trigger.kind === 'availableNow') {
        for (const s of sources) await s.prepareForTriggerAvailableNow?.();
      }
      while (!this.stopRequested) {
        const triggerStart = Date.now();
        this.iteration++;
        const ran = await this.runBatchIfDataAvailable(triggerStart);
        if (!ran) {
          this.lastIdleIteration = this.iteration;
          this.reportIdle(triggerStart);
        }
        this.notifyChange();
        if (trigger.kind === 'once' || (trigger.kind === 'availableNow' && !ran)) break;
        if (this.stopRequested) break;
        await this.waitForNextTrigger(triggerStart, ran);
      }
      return null;
    } catch (error) {
      return this.queryFailure(error);
    } finally {
      this.triggerActive = false;
      this.notifyChange();
    }
  }

  /** Asks the loop to stop after the batch in progress. */
  requestStop(): void {
    this.stopRequested = true;
    this.wake();
  }

  /** Cuts a trigger wait short (processAllAvailable, new data). */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  /** Resolves at the next iteration end or termination. */
  waitForChange(): Promise<void> {
    return new Promise((resolve) => this.changeWaiters.push(resolve));
  }

  private notifyChange(): void {
    for (const w of this.changeWaiters.splice(0)) w();
  }

  private async runBatchIfDataAvailable(triggerStart: number): Promise<boolean> {
    const { sources } = this.spec;
    const durations: Record<string, number> = {};
    const ends = await timed(durations, 'latestOffset', () => Promise.all(sources.map((s, i) => s.latestOffset(this.committed[i] ?? null))));
    const hasNew = ends.map((end, i) => end !== null && !sameOffset(end, this.committed[i] ?? null));
    this.dataAvailable = hasNew.some(Boolean);
    if (!this.dataAvailable) {
      // no new rows, but a moved watermark may close windows or expire state: Spark's no-data batch
      const next = this.watermark.watermarkMs;
      if (!(next > this.batchWatermarkMs && this.statefulOperators.some((op) => op.needsNoDataBatch?.(next)))) return false;
    }
    await this.runBatch(triggerStart, ends, hasNew, durations);
    return true;
  }

  private async runBatch(
    triggerStart: number, ends: readonly (Offset | null)[], hasNew: readonly boolean[], durations: Record<string, number>, replay?: OffsetEntry,
  ): Promise<void> {
    const { sources, tree, sink, checkpoint } = this.spec;
    this.triggerActive = true;
    const batchId = this.nextBatchId;
    this.batchTimestampMs = triggerStart;
    // Spark 3.5: rows are judged late against the previous batch's watermark and state is evicted with this batch's;
    // with the no-data batch Spark runs whenever the watermark moves, the two agree in append and update mode
    // (checked against PySpark 3.5.9, test/fixtures/spark/*.json)
    const watermarkMs = replay ? replay.batchWatermarkMs : this.watermark.watermarkMs;
    const lateWatermarkMs = this.batchWatermarkMs;
    const starts = [...this.committed];
    const endOffsets = ends.map((e, i) => e ?? this.committed[i] ?? null);
    await timed(durations, 'walCommit', () => {
      // the write-ahead log: what batch N reads is on disk before it reads anything
      if (checkpoint && !replay) {
        checkpoint.log.logBatch(
          { batchId, endOffsets, batchWatermarkMs: watermarkMs, batchTimestampMs: triggerStart, conf: checkpoint.conf },
          sources.map((s) => s.checkpointState?.()),
        );
      }
    });
    const inputs: RecordBatch[][] = await timed(durations, 'getBatch', () => Promise.all(sources.map((s, i) => (hasNew[i] ? s.getBatch(starts[i] ?? null, ends[i]!) : Promise.resolve([])))));
    const rowsPerSource = inputs.map((bs) => bs.reduce((n, b) => n + b.numRows, 0));
    const ctx: BatchContext = { batchId, watermarkMs, lateWatermarkMs, batchTimestampMs: triggerStart };
    let numOutputRows = 0;
    await timed(durations, 'addBatch', async () => {
      const output = executeTree(tree, inputs, ctx);
      numOutputRows = output.reduce((n, b) => n + b.numRows, 0);
      await sink.addBatch(batchId, output, this.spec.outputSchema, this.spec.outputMode);
      await this.writeLateRows(batchId);
    });
    await timed(durations, 'commitOffsets', async () => {
      commitTree(tree, batchId + 1); // state version N + 1 (written to the checkpoint by the stores)
      this.watermark.update();
      checkpoint?.log.commitBatch({ batchId, nextBatchWatermarkMs: this.watermark.watermarkMs });
      for (let i = 0; i < sources.length; i++) {
        if (hasNew[i]) await sources[i]!.commit(ends[i]!);
        this.committed[i] = endOffsets[i] ?? null;
      }
    });
    this.batchWatermarkMs = watermarkMs;
    this.nextBatchId++;
    this.triggerActive = false;
    durations.triggerExecution = Date.now() - triggerStart;
    this.reportProgress(batchId, triggerStart, durations, starts, endOffsets, rowsPerSource, numOutputRows, watermarkMs);
  }

  /** Late rows of every stateful operator go to the late-rows sink, under the batch's id (idempotent like any sink). */
  private async writeLateRows(batchId: number): Promise<void> {
    for (const op of this.statefulOperators) {
      const late = op.takeLateRows?.() ?? null;
      if (late && this.spec.lateRowsSink) await this.spec.lateRowsSink.addBatch(batchId, late.batches, late.schema, 'append');
    }
  }

  private reportProgress(
    batchId: number, triggerStart: number, durationMs: Record<string, number>,
    starts: readonly (Offset | null)[], ends: readonly (Offset | null)[], rowsPerSource: readonly number[], numOutputRows: number,
    watermarkMs: number,
  ): void {
    const { spec } = this;
    const elapsed = durationMs.triggerExecution ?? 0;
    const previous = this.previousTriggerStart;
    this.previousTriggerStart = triggerStart;
    const sinceLast = previous === undefined ? elapsed : triggerStart - previous;
    const numInputRows = rowsPerSource.reduce((a, b) => a + b, 0);
    const sources: SourceProgress[] = spec.sources.map((s, i) => ({
      description: s.description,
      startOffset: starts[i] === null || starts[i] === undefined ? null : JSON.stringify(starts[i]),
      endOffset: ends[i] === null || ends[i] === undefined ? null : JSON.stringify(ends[i]),
      latestOffset: ends[i] === null || ends[i] === undefined ? null : JSON.stringify(ends[i]),
      numInputRows: rowsPerSource[i]!,
      inputRowsPerSecond: perSecond(rowsPerSource[i]!, sinceLast),
      processedRowsPerSecond: perSecond(rowsPerSource[i]!, elapsed),
      metrics: s.metrics?.() ?? {},
    }));
    spec.events.progress({
      id: spec.id,
      runId: spec.runId,
      name: spec.name,
      timestamp: new Date(triggerStart).toISOString(),
      batchId,
      batchDuration: elapsed,
      numInputRows,
      inputRowsPerSecond: perSecond(numInputRows, sinceLast),
      processedRowsPerSecond: perSecond(numInputRows, elapsed),
      durationMs,
      eventTime: this.eventTimeProgress(watermarkMs),
      stateOperators: this.statefulOperators.map((op) => op.stateProgress!()),
      sources,
      sink: { description: spec.sink.description, numOutputRows },
    });
  }

  private previousTriggerStart: number | undefined;

  private eventTimeProgress(watermarkMs: number): Record<string, string> {
    if (!this.watermark.hasWatermark) return {};
    const iso = (ms: number) => new Date(ms).toISOString();
    const out: Record<string, string> = { watermark: iso(watermarkMs) };
    const s = this.watermark.lastStats;
    if (s) {
      out.max = iso(s.maxMs);
      out.min = iso(s.minMs);
      out.avg = iso(Math.round(s.sumMs / s.count));
    }
    return out;
  }

  private reportIdle(now: number): void {
    if (now - this.lastIdleEventMs < IDLE_EVENT_INTERVAL_MS) return;
    this.lastIdleEventMs = now;
    this.spec.events.idle(new Date(now).toISOString());
  }

  private waitForNextTrigger(triggerStart: number, ranBatch: boolean): Promise<void> {
    const { trigger, pollIntervalMs } = this.spec;
    let delay: number;
    if (trigger.kind === 'processingTime') delay = Math.max(0, triggerStart + trigger.intervalMs - Date.now());
    else delay = ranBatch ? 0 : pollIntervalMs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wakeUp = null; resolve(); }, delay);
      this.wakeUp = () => { clearTimeout(timer); resolve(); };
    });
  }

  private queryFailure(error: unknown): BrookError {
    const cause = asBrookError(error);
    const who = `Query ${this.spec.name ?? ''} [id = ${this.spec.id}, runId = ${this.spec.runId}]`.replace('Query  [', 'Query [');
    return new BrookError({
      code: cause.code,
      domain: cause.domain,
      message: `${who} terminated with exception in batch ${this.nextBatchId}: ${cause.message}`,
      cause,
    });
  }
}

async function timed<T>(durations: Record<string, number>, key: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    durations[key] = (durations[key] ?? 0) + Math.round(performance.now() - t0);
  }
}

/** Offsets compare by their JSON text (they are small). */
export function sameOffset(a: Offset | null, b: Offset | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
