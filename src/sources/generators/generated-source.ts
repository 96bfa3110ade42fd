// The offset and pacing logic every built-in generator shares: offsets {startMs, rows}, paced or as fast as read,
// maxEventsPerTrigger, totalEvents, Trigger.AvailableNow.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { userError } from '../../common/errors.js';
import { parseGeneratedOffset, rowsDueAt } from '../rate/rate-source.js';
import type { Offset, Source } from '../source.js';

/** The options every generator has. */
export interface GeneratorPacing {
  readonly rowsPerSecond: number;
  readonly paced: boolean;
  readonly totalEvents?: number;
  readonly maxEventsPerTrigger?: number;
}

/**
 * latestOffset(start) = {startMs fixed at the first call, rows due now (paced) or unbounded, capped by totalEvents and
 *                        start + maxEventsPerTrigger}
 * getBatch(start, end) = events [start.rows, end.rows) from `eventsBetween`, which must replay identically.
 */
export abstract class GeneratedSource implements Source {
  private startMs: number | undefined;
  private availableNowEnd: number | undefined;

  constructor(private readonly pacing: GeneratorPacing, private readonly formatName: string, private readonly now: () => number) {}

  abstract readonly schema: StructType;
  abstract readonly description: string;

  /** The record batches of events [from, to) for a query that started at `startMs`. */
  protected abstract eventsBetween(startMs: number, from: number, to: number): RecordBatch[];

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const previous = start === null ? undefined : parseGeneratedOffset(start, this.formatName);
    const startMs = previous?.startMs ?? this.startMs ?? this.now();
    this.startMs = startMs;
    const from = previous?.rows ?? 0;
    const o = this.pacing;
    let rows = this.availableNowEnd ?? (o.paced ? rowsDueAt(this.now() - startMs, o.rowsPerSecond, 0) : Number.POSITIVE_INFINITY);
    if (o.totalEvents !== undefined) rows = Math.min(rows, o.totalEvents);
    if (o.maxEventsPerTrigger !== undefined) rows = Math.min(rows, from + o.maxEventsPerTrigger);
    return { startMs, rows: Math.max(rows, from) };
  }

  async getBatch(start: Offset | null, end: Offset): Promise<RecordBatch[]> {
    const to = parseGeneratedOffset(end, this.formatName);
    const from = start === null ? 0 : parseGeneratedOffset(start, this.formatName).rows;
    return this.eventsBetween(to.startMs, from, to.rows);
  }

  async commit(_end: Offset): Promise<void> {}

  async stop(): Promise<void> {}

  /**
   * Trigger.AvailableNow: with totalEvents the generator is a finite data set and all of it is available now;
   * without, the events due at this moment (unpaced, nothing bounds it: an error).
   */
  async prepareForTriggerAvailableNow(): Promise<void> {
    const startMs = this.startMs ?? this.now();
    this.startMs = startMs;
    const o = this.pacing;
    if (o.totalEvents !== undefined) this.availableNowEnd = o.totalEvents;
    else if (o.paced) this.availableNowEnd = rowsDueAt(this.now() - startMs, o.rowsPerSecond, 0);
    else throw userError('INVALID_OPTION', `Trigger.AvailableNow on the ${this.formatName} source with paced 'false' needs option 'totalEvents'`);
  }
}
