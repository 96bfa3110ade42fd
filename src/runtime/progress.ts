// Progress reports with Spark's StreamingQueryProgress field names, and the listener contract.
import type { BrookError } from '../common/errors.js';
import type { StateOperatorMetrics } from '../operators/operator.js';

export interface SourceProgress {
  readonly description: string;
  /** Offsets as JSON text, like Spark; null before the first batch. */
  readonly startOffset: string | null;
  readonly endOffset: string | null;
  readonly latestOffset: string | null;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly metrics: Readonly<Record<string, string>>;
}

/** A stateful operator's figures in progress reports (what operators report through stateProgress). */
export type StateOperatorProgress = StateOperatorMetrics;

/** One micro-batch's report; `query.lastProgress`, `onQueryProgress`. */
export interface StreamingQueryProgress {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  /** ISO-8601 start of the trigger. */
  readonly timestamp: string;
  readonly batchId: number;
  readonly batchDuration: number;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly durationMs: Readonly<Record<string, number>>;
  /** watermark, and min/max/avg event time when the query has one (ISO-8601). */
  readonly eventTime: Readonly<Record<string, string>>;
  readonly stateOperators: readonly StateOperatorProgress[];
  readonly sources: readonly SourceProgress[];
  readonly sink: { readonly description: string; readonly numOutputRows: number };
}

export interface QueryStartedEvent { readonly id: string; readonly runId: string; readonly name: string | null; readonly timestamp: string }
export interface QueryProgressEvent { readonly progress: StreamingQueryProgress }
export interface QueryIdleEvent { readonly id: string; readonly runId: string; readonly timestamp: string }
export interface QueryTerminatedEvent { readonly id: string; readonly runId: string; readonly exception: BrookError | null }

/**
 * Receives query life-cycle events from session.streams.addListener(listener); every method is optional.
 * @example session.streams.addListener({ onQueryProgress: (e) => console.log(e.progress.numInputRows) })
 */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(event: QueryProgressEvent): void;
  onQueryIdle?(event: QueryIdleEvent): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}

/** Rows per second, 0 when the interval is empty (Spark reports 0.0 too). */
export function perSecond(rows: number, ms: number): number {
  return ms > 0 ? (rows * 1000) / ms : 0;
}
