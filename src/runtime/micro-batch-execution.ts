// The micro-batch loop of a streaming query: offsets, batch execution, sink, commit, progress (see ARCHITECTURE.md).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import { BrookError, asBrookError } from '../common/errors.js';
import type { BatchContext } from '../operators/operator.js';
import type { OperatorNode } from '../operators/operator-tree.js';
import type { OutputMode, Sink } from '../sinks/sink.js';
import type { Offset, Source } from '../sources/source.js';
import { commitTree, executeTree } from './execute-tree.js';
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
  /** How long to wait before polling idle sources again when triggers run as fast as possible. */
  readonly pollIntervalMs: number;
  readonly events: ExecutionEvents;
}

/** One entry of the offset log: what batch N reads. (Persisted by the checkpoint layer in a later step.) */
export interface OffsetLogEntry {
  readonly batchId: number;
  readonly endOffsets: readonly (Offset | null)[];
  readonly batchWatermarkMs: number;
  readonly batchTimestampMs: number;
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
  readonly offsetLog: OffsetLogEntry[] = [];

  private readonly committed: (Offset | null)[];
  private nextBatchId = 0;
  private stopRequested = false;
  private wakeUp: (() => void) | null = null;
  private lastIdleEventMs = 0;
  private readonly changeWaiters: (() => void)[] = [];

  constructor(private readonly spec: ExecutionSpec) {
    this.committed = spec.sources.map(() => null);
  }

  /** Runs until stopped, the trigger says so, or an error; resolves with the error or null. */
  async run(): Promise<BrookError | null> {
    const { trigger, sources } = this.spec;
    try {
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
    const { sources, tree, sink } = this.spec;
    const durations: Record<string, number> = {};
    const timed = async <T>(key: string, f: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        durations[key] = (durations[key] ?? 0) + Math.round(performance.now() - t0);
      }
    };
    const ends = await timed('latestOffset', () => Promise.all(sources.map((s, i) => s.latestOffset(this.committed[i] ?? null))));
    const hasNew = ends.map((end, i) => end !== null && !sameOffset(end, this.committed[i] ?? null));
    this.dataAvailable = hasNew.some(Boolean);
    if (!this.dataAvailable) return false;

    this.triggerActive = true;
    const batchId = this.nextBatchId;
    this.batchTimestampMs = triggerStart;
    const starts = [...this.committed];
    await timed('walCommit', () => {
      this.offsetLog.push({ batchId, endOffsets: ends, batchWatermarkMs: 0, batchTimestampMs: triggerStart });
    });
    const inputs: RecordBatch[][] = await timed('getBatch', () => Promise.all(sources.map((s, i) => (hasNew[i] ? s.getBatch(starts[i] ?? null, ends[i]!) : Promise.resolve([])))));
    const rowsPerSource = inputs.map((bs) => bs.reduce((n, b) => n + b.numRows, 0));
    const ctx: BatchContext = { batchId, watermarkMs: 0, batchTimestampMs: triggerStart };
    let numOutputRows = 0;
    await timed('addBatch', async () => {
      const output = executeTree(tree, inputs, ctx);
      numOutputRows = output.reduce((n, b) => n + b.numRows, 0);
      await sink.addBatch(batchId, output, this.spec.outputSchema, this.spec.outputMode);
    });
    await timed('commitOffsets', async () => {
      commitTree(tree, batchId);
      for (let i = 0; i < sources.length; i++) {
        if (hasNew[i]) await sources[i]!.commit(ends[i]!);
        this.committed[i] = ends[i] ?? this.committed[i] ?? null;
      }
    });
    this.nextBatchId++;
    this.triggerActive = false;
    durations.triggerExecution = Date.now() - triggerStart;
    this.reportProgress(batchId, triggerStart, durations, starts, ends, rowsPerSource, numOutputRows);
    return true;
  }

  private reportProgress(
    batchId: number, triggerStart: number, durationMs: Record<string, number>,
    starts: readonly (Offset | null)[], ends: readonly (Offset | null)[], rowsPerSource: readonly number[], numOutputRows: number,
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
      eventTime: {},
      stateOperators: [],
      sources,
      sink: { description: spec.sink.description, numOutputRows },
    });
  }

  private previousTriggerStart: number | undefined;

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

/** Offsets compare by their JSON text (they are small). */
export function sameOffset(a: Offset | null, b: Offset | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
