// StreamingQuery: the handle of a running query (Spark's StreamingQuery), over its MicroBatchExecution.
import { userError } from '../common/errors.js';
import type { BrookError } from '../common/errors.js';
import type { PlanStages } from '../planner/explain.js';
import { explainText } from '../planner/explain.js';
import type { ExecutionSpec } from './micro-batch-execution.js';
import { MicroBatchExecution } from './micro-batch-execution.js';
import type { StreamingQueryProgress } from './progress.js';

const RECENT_PROGRESS_KEPT = 100;

/** The status of a query right now, like Spark's StreamingQueryStatus. */
export interface StreamingQueryStatus {
  readonly message: string;
  readonly isDataAvailable: boolean;
  readonly isTriggerActive: boolean;
}

/** What the query manager hears from a query. */
export interface QueryLifecycle {
  started(query: StreamingQuery): void;
  progress(query: StreamingQuery, progress: StreamingQueryProgress): void;
  idle(query: StreamingQuery, timestamp: string): void;
  terminated(query: StreamingQuery, error: BrookError | null): void;
}

/**
 * A running streaming query.
 * @example
 * const query = await df.writeStream.format('console').start();
 * await query.processAllAvailable();
 * console.log(query.lastProgress?.numInputRows);
 * await query.stop();
 */
export class StreamingQuery {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  private readonly execution: MicroBatchExecution;
  private readonly progressLog: StreamingQueryProgress[] = [];
  private error: BrookError | null = null;
  private terminated = false;
  private finished: Promise<void> = Promise.resolve();
  private stopHooks: (() => Promise<void>)[] = [];

  constructor(spec: Omit<ExecutionSpec, 'events'>, private readonly stages: PlanStages, private readonly lifecycle: QueryLifecycle) {
    this.id = spec.id;
    this.runId = spec.runId;
    this.name = spec.name;
    this.execution = new MicroBatchExecution({
      ...spec,
      events: {
        progress: (p) => {
          this.progressLog.push(p);
          if (this.progressLog.length > RECENT_PROGRESS_KEPT) this.progressLog.shift();
          this.lifecycle.progress(this, p);
        },
        idle: (timestamp) => this.lifecycle.idle(this, timestamp),
      },
    });
  }

  /** Starts the loop (called once by writeStream.start()); `onStop` releases sources and sinks. */
  start(onStop: () => Promise<void>): void {
    this.stopHooks.push(onStop);
    this.lifecycle.started(this);
    this.finished = this.execution.run().then(async (error) => {
      this.error = error;
      for (const hook of this.stopHooks) {
        try {
          await hook();
        } catch (e) {
          this.error ??= e as BrookError;
        }
      }
      this.terminated = true;
      this.lifecycle.terminated(this, this.error);
    });
  }

  get isActive(): boolean {
    return !this.terminated;
  }

  get status(): StreamingQueryStatus {
    if (this.terminated) return { message: 'Stopped', isDataAvailable: false, isTriggerActive: false };
    const e = this.execution;
    return {
      message: e.triggerActive ? 'Processing new data' : 'Waiting for data to arrive',
      isDataAvailable: e.dataAvailable,
      isTriggerActive: e.triggerActive,
    };
  }

  /** The most recent progress report, or null before the first batch. */
  get lastProgress(): StreamingQueryProgress | null {
    return this.progressLog[this.progressLog.length - 1] ?? null;
  }

  /** Up to the last 100 progress reports, oldest first. */
  get recentProgress(): StreamingQueryProgress[] {
    return [...this.progressLog];
  }

  /** The error that ended the query, or null. */
  exception(): BrookError | null {
    return this.error;
  }

  /**
   * Waits for the query to end. Resolves true when it ended, false when `timeoutMs` passed first;
   * rejects with the query's error when it failed.
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs === undefined) {
      await this.finished;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.finished.then(() => false),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), timeoutMs); }),
      ]);
      clearTimeout(timer);
      if (timedOut) return false;
    }
    if (this.error) throw this.error;
    return true;
  }

  /** Blocks until every row available in the sources when called has been processed (for tests); rethrows a failure. */
  async processAllAvailable(): Promise<void> {
    const target = this.execution.iteration + 1;
    while (!this.terminated && this.execution.lastIdleIteration < target) {
      const changed = this.execution.waitForChange();
      this.execution.wake();
      await Promise.race([changed, this.finished]);
    }
    if (this.terminated && this.error) throw this.error;
  }

  /** Stops gracefully: the batch in progress finishes, then sources and sink are closed. */
  async stop(): Promise<void> {
    this.execution.requestStop();
    await this.finished;
  }

  /** Start time of the batch in progress (what current_timestamp() returns in it). */
  get currentBatchTimestampMs(): number {
    return this.execution.batchTimestampMs;
  }

  /** EXPLAIN text of the running plan. */
  explain(extended = false): string {
    return explainText(this.stages, extended);
  }

  /** Fails when the query has stopped (for APIs that need a running query). */
  assertActive(): void {
    if (this.terminated) throw userError('QUERY_NOT_ACTIVE', `Query ${this.name ?? this.id} is not active`);
  }
}
