// format 'rate': Spark's rate source — `timestamp TIMESTAMP, value LONG` rows at rowsPerSecond, replayable from {startMs, rows} offsets.
import type { RecordBatch } from 'apache-arrow';
import { LongType, StructType, TimestampType } from '../../common/data-types.js';
import { userError } from '../../common/errors.js';
import { toRecordBatch } from '../../compute/arrow-bridge.js';
import type { ColumnVector } from '../../compute/column-vector.js';
import type { SourceDescriptor } from '../../planner/logical/plan.js';
import { durationSecondsOption, integerOption, optionalIntegerOption } from '../source-options.js';
import { registerSourceProvider } from '../source.js';
import type { Offset, Source, SourceContext, SourceProvider } from '../source.js';

/** The rate source's fixed schema. */
export const RATE_SCHEMA = new StructType().add('timestamp', TimestampType).add('value', LongType);

/** Largest number of rows put in one record batch. */
const MAX_BATCH_ROWS = 65_536;

/** A position in a generated stream: when it started (wall clock, ms) and how many rows were produced. */
export interface GeneratedOffset {
  readonly startMs: number;
  readonly rows: number;
}

/** Reads a `{startMs, rows}` offset back from its JSON form; `what` names the source in the error. */
export function parseGeneratedOffset(offset: Offset, what: string): GeneratedOffset {
  if (offset !== null && typeof offset === 'object' && !Array.isArray(offset)) {
    const { startMs, rows } = offset;
    if (typeof startMs === 'number' && typeof rows === 'number' && Number.isSafeInteger(rows) && rows >= 0) return { startMs, rows };
  }
  throw userError('INVALID_OFFSET', `The ${what} source expects offsets like {"startMs": 1700000000000, "rows": 12}, got ${JSON.stringify(offset)}`);
}

/** The parsed options of a rate source. */
export interface RateOptions {
  readonly rowsPerSecond: number;
  readonly rampUpTimeSeconds: number;
  readonly numPartitions: number | undefined;
}

/**
 * Checks the rate source's options (Spark names: rowsPerSecond, rampUpTime, numPartitions).
 * @example parseRateOptions({ rowsPerSecond: '10', rampUpTime: '5s' }) // { rowsPerSecond: 10, rampUpTimeSeconds: 5, numPartitions: undefined }
 */
export function parseRateOptions(options: Readonly<Record<string, string>>): RateOptions {
  return {
    rowsPerSecond: integerOption(options, 'rowsPerSecond', 'rate', 1),
    rampUpTimeSeconds: durationSecondsOption(options, 'rampUpTime', 'rate') ?? 0,
    // Spark splits rows over partitions; brook reads in one, so the value is only checked.
    numPartitions: optionalIntegerOption(options, 'numPartitions', 'rate'),
  };
}

/**
 * Rows produced by the end of second `seconds`, with Spark's linear ramp-up: during rampUpTime the speed grows by
 * rowsPerSecond / (rampUpTime + 1) (integer division, as Spark) every second, then stays at rowsPerSecond.
 */
export function rowsAtSecond(seconds: number, rowsPerSecond: number, rampUpSeconds: number): number {
  if (rampUpSeconds <= 0) return seconds * rowsPerSecond;
  const step = Math.floor(rowsPerSecond / (rampUpSeconds + 1));
  if (seconds <= rampUpSeconds) return (step * seconds * (seconds + 1)) / 2;
  return (step * rampUpSeconds * (rampUpSeconds + 1)) / 2 + (seconds - rampUpSeconds) * rowsPerSecond;
}

/** Rows due `elapsedMs` after the start (rows of the current second are spread evenly over it). */
export function rowsDueAt(elapsedMs: number, rowsPerSecond: number, rampUpSeconds: number): number {
  if (elapsedMs <= 0) return 0;
  if (rampUpSeconds <= 0) return Math.floor((elapsedMs * rowsPerSecond) / 1000);
  const second = Math.floor(elapsedMs / 1000);
  const base = rowsAtSecond(second, rowsPerSecond, rampUpSeconds);
  const next = rowsAtSecond(second + 1, rowsPerSecond, rampUpSeconds);
  return base + Math.floor(((elapsedMs - second * 1000) * (next - base)) / 1000);
}

/** Milliseconds after the start at which row `value` is produced (the inverse of rowsDueAt). */
export function rowTimeMs(value: number, rowsPerSecond: number, rampUpSeconds: number): number {
  if (rampUpSeconds <= 0) return Math.floor((value * 1000) / rowsPerSecond);
  let second = 0;
  const rampEnd = rowsAtSecond(rampUpSeconds, rowsPerSecond, rampUpSeconds);
  if (value >= rampEnd) second = rampUpSeconds + Math.floor((value - rampEnd) / rowsPerSecond);
  else while (rowsAtSecond(second + 1, rowsPerSecond, rampUpSeconds) <= value) second++;
  const base = rowsAtSecond(second, rowsPerSecond, rampUpSeconds);
  const next = rowsAtSecond(second + 1, rowsPerSecond, rampUpSeconds);
  return second * 1000 + Math.floor(((value - base) * 1000) / (next - base));
}

/**
 * A rate stream for one query. Row i has `value = i` and `timestamp = startMs + rowTimeMs(i)`; the start time is
 * taken when the first offset is asked for and then carried in every offset, so a replay gives identical rows.
 * @example new RateSource({ rowsPerSecond: 10, rampUpTimeSeconds: 0, numPartitions: undefined }).latestOffset(null)
 */
export class RateSource implements Source {
  readonly schema = RATE_SCHEMA;
  readonly options: RateOptions;
  private readonly now: () => number;
  private startMs: number | undefined;
  private availableNowEnd: number | undefined;

  constructor(options: RateOptions, now: () => number = Date.now) {
    this.options = options;
    this.now = now;
  }

  get description(): string {
    return `RateStreamV2[rowsPerSecond=${this.options.rowsPerSecond}, rampUpTimeSeconds=${this.options.rampUpTimeSeconds}, numPartitions=${this.options.numPartitions ?? 'default'}]`;
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const previous = start === null ? undefined : parseGeneratedOffset(start, 'rate');
    const startMs = previous?.startMs ?? this.startMs ?? this.now();
    this.startMs = startMs;
    let rows = this.availableNowEnd ?? rowsDueAt(this.now() - startMs, this.options.rowsPerSecond, this.options.rampUpTimeSeconds);
    rows = Math.max(rows, previous?.rows ?? 0);
    return { startMs, rows };
  }

  async getBatch(start: Offset | null, end: Offset): Promise<RecordBatch[]> {
    const to = parseGeneratedOffset(end, 'rate');
    const from = start === null ? 0 : parseGeneratedOffset(start, 'rate').rows;
    const out: RecordBatch[] = [];
    for (let first = from; first < to.rows; first += MAX_BATCH_ROWS) {
      out.push(this.rows(to.startMs, first, Math.min(to.rows, first + MAX_BATCH_ROWS)));
    }
    return out;
  }

  private rows(startMs: number, from: number, to: number): RecordBatch {
    const n = to - from;
    const timestamps = new Float64Array(n);
    const values = new Float64Array(n);
    const { rowsPerSecond, rampUpTimeSeconds } = this.options;
    for (let k = 0; k < n; k++) {
      const v = from + k;
      values[k] = v;
      timestamps[k] = (startMs + rowTimeMs(v, rowsPerSecond, rampUpTimeSeconds)) * 1000;
    }
    const columns: ColumnVector[] = [
      { dataType: TimestampType, length: n, values: timestamps, nulls: null },
      { dataType: LongType, length: n, values, nulls: null },
    ];
    return toRecordBatch(RATE_SCHEMA, columns, n);
  }

  async commit(_end: Offset): Promise<void> {}

  async stop(): Promise<void> {}

  /** Trigger.AvailableNow: the rows due at this moment are the end of the data. */
  async prepareForTriggerAvailableNow(): Promise<void> {
    const startMs = this.startMs ?? this.now();
    this.startMs = startMs;
    this.availableNowEnd = rowsDueAt(this.now() - startMs, this.options.rowsPerSecond, this.options.rampUpTimeSeconds);
  }
}

/**
 * format 'rate' (streaming only), options rowsPerSecond (default 1), rampUpTime, numPartitions.
 * @example session.readStream.format('rate').option('rowsPerSecond', '10').load()
 */
export const rateSourceProvider: SourceProvider = {
  format: 'rate',
  supportsStreaming: true,
  supportsBatch: false,
  resolveSchema(options, userSchema) {
    parseRateOptions(options);
    if (userSchema !== undefined) {
      throw userError('USER_SCHEMA_NOT_SUPPORTED', 'The rate source does not support a user-specified schema.');
    }
    return RATE_SCHEMA;
  },
  describe(options) {
    const o = parseRateOptions(options);
    return `RateStreamV2[rowsPerSecond=${o.rowsPerSecond}, rampUpTimeSeconds=${o.rampUpTimeSeconds}, numPartitions=${o.numPartitions ?? 'default'}]`;
  },
  createSource(descriptor: SourceDescriptor, _ctx: SourceContext): Source {
    return new RateSource(parseRateOptions(descriptor.options));
  },
};

registerSourceProvider(rateSourceProvider);
