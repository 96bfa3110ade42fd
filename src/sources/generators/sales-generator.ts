// format 'sales': the seed documents' sales events, generated deterministically from (seed, event index) so any range replays identically.
import { mix32 } from './mix32.js';
import { GeneratedSource } from './generated-source.js';
import type { RecordBatch } from 'apache-arrow';
import { IntegerType, LongType, StringType, StructType, TimestampType } from '../../common/data-types.js';
import { userError } from '../../common/errors.js';
import { toRecordBatch } from '../../compute/arrow-bridge.js';
import type { ColumnVector } from '../../compute/column-vector.js';
import type { SourceDescriptor } from '../../planner/logical/plan.js';
import { booleanOption, choiceOption, integerOption, optionalIntegerOption } from '../source-options.js';
import { registerSourceProvider } from '../source.js';
import type { Source, SourceContext, SourceProvider } from '../source.js';

export const SALES_PRODUCTS = ['laptop', 'phone', 'tablet', 'watch'] as const;
export const SALES_REGIONS = ['North', 'South', 'East', 'West'] as const;

/** output 'json': Kafka-like records — key = event_id, value = the event as compact JSON, timestamp = production time. */
export const SALES_JSON_SCHEMA = new StructType().add('key', StringType).add('value', StringType).add('timestamp', TimestampType);

/** output 'columns': the event's own columns, as the seed's `sales_schema` (timestamp in epoch seconds). */
export const SALES_COLUMNS_SCHEMA = new StructType()
  .add('event_id', StringType).add('timestamp', LongType).add('product', StringType)
  .add('price', IntegerType).add('quantity', IntegerType).add('region', StringType);

const MAX_BATCH_ROWS = 65_536;
const TWO_POW_32 = 4_294_967_296;

/** The parsed options of a sales generator. */
export interface SalesOptions {
  readonly rowsPerSecond: number;
  readonly seed: number;
  readonly maxEventsPerTrigger: number | undefined;
  readonly outOfOrderSeconds: number;
  readonly output: 'json' | 'columns';
  readonly totalEvents: number | undefined;
  /** Epoch seconds of event 0; undefined = the query's start time. */
  readonly startTimestamp: number | undefined;
  /** true: events become available at rowsPerSecond of wall-clock time; false: as fast as they are read. */
  readonly paced: boolean;
}

/** One generated event, as the seed's producer builds it. */
export interface SalesEvent {
  readonly event_id: string;
  readonly timestamp: number;
  readonly product: string;
  readonly price: number;
  readonly quantity: number;
  readonly region: string;
}

/**
 * Checks the sales generator's options.
 * @example parseSalesOptions({ rowsPerSecond: '5000', output: 'columns' }).output // 'columns'
 */
export function parseSalesOptions(options: Readonly<Record<string, string>>): SalesOptions {
  const parsed: SalesOptions = {
    rowsPerSecond: integerOption(options, 'rowsPerSecond', 'sales', 1000),
    seed: integerOption(options, 'seed', 'sales', 42, Number.MIN_SAFE_INTEGER),
    maxEventsPerTrigger: optionalIntegerOption(options, 'maxEventsPerTrigger', 'sales'),
    outOfOrderSeconds: integerOption(options, 'outOfOrderSeconds', 'sales', 0, 0),
    output: choiceOption(options, 'output', 'sales', ['json', 'columns'] as const, 'json'),
    totalEvents: optionalIntegerOption(options, 'totalEvents', 'sales', 0),
    startTimestamp: optionalIntegerOption(options, 'startTimestamp', 'sales', 0),
    paced: booleanOption(options, 'paced', 'sales', true),
  };
  if (!parsed.paced && parsed.totalEvents === undefined && parsed.maxEventsPerTrigger === undefined) {
    throw userError('INVALID_OPTION', "The sales source with option paced 'false' needs option 'totalEvents' or 'maxEventsPerTrigger' to bound each batch");
  }
  return parsed;
}

function seedKey(seed: number): number {
  const high = Math.floor(seed / TWO_POW_32);
  return mix32((seed >>> 0) ^ mix32((high >>> 0) + 0x9e3779b9));
}

/** The pseudo-random draws of event i: h1 picks product, region and quantity, h2 the price, h3 the jitter. */
function eventHash(key: number, i: number): number {
  const high = (i / TWO_POW_32) | 0;
  return mix32((i >>> 0) ^ key ^ Math.imul(high, 0x27d4eb2f));
}

/** A fixed-width generator for the events of one query (the settings that make a replay identical). */
export class SalesEventGenerator {
  readonly options: SalesOptions;
  /** Epoch seconds of event 0. */
  readonly eventStartSeconds: number;
  private readonly key: number;

  constructor(options: SalesOptions, eventStartSeconds: number) {
    this.options = options;
    this.eventStartSeconds = eventStartSeconds;
    this.key = seedKey(options.seed);
  }

  /** Event i as a plain object (the slow path, for tests and examples). */
  event(i: number): SalesEvent {
    const h1 = eventHash(this.key, i);
    const h2 = mix32((h1 + 0x9e3779b9) >>> 0);
    return {
      event_id: `event_${i}`,
      timestamp: this.eventSeconds(i, h2),
      product: SALES_PRODUCTS[h1 & 3]!,
      price: 100 + Math.floor((h2 / TWO_POW_32) * 901),
      quantity: 1 + Math.floor((((h1 >>> 8) & 0xffffff) * 5) / 16_777_216),
      region: SALES_REGIONS[(h1 >>> 2) & 3]!,
    };
  }

  private eventSeconds(i: number, h2: number): number {
    const base = this.eventStartSeconds + Math.floor(i / this.options.rowsPerSecond);
    const k = this.options.outOfOrderSeconds;
    if (k === 0) return base;
    return base - Math.floor((mix32(h2 ^ 0x85ebca6b) / TWO_POW_32) * (k + 1));
  }

  /** Events [from, to) as one record batch in the configured output; `startMs` is the production start (wall clock). */
  batch(startMs: number, from: number, to: number): RecordBatch {
    const n = to - from;
    const eventIds = new Array<string>(n);
    const seconds = new Float64Array(n);
    const products = new Array<string>(n);
    const prices = new Int32Array(n);
    const quantities = new Int32Array(n);
    const regions = new Array<string>(n);
    const { rowsPerSecond, outOfOrderSeconds } = this.options;
    const key = this.key;
    const start = this.eventStartSeconds;
    for (let k = 0; k < n; k++) {
      const i = from + k;
      const h1 = eventHash(key, i);
      const h2 = mix32((h1 + 0x9e3779b9) >>> 0);
      eventIds[k] = `event_${i}`;
      products[k] = SALES_PRODUCTS[h1 & 3]!;
      regions[k] = SALES_REGIONS[(h1 >>> 2) & 3]!;
      quantities[k] = 1 + Math.floor((((h1 >>> 8) & 0xffffff) * 5) / 16_777_216);
      prices[k] = 100 + Math.floor((h2 / TWO_POW_32) * 901);
      const base = start + Math.floor(i / rowsPerSecond);
      seconds[k] = outOfOrderSeconds === 0 ? base : base - Math.floor((mix32(h2 ^ 0x85ebca6b) / TWO_POW_32) * (outOfOrderSeconds + 1));
    }
    if (this.options.output === 'columns') {
      const columns: ColumnVector[] = [
        { dataType: StringType, length: n, values: eventIds, nulls: null },
        { dataType: LongType, length: n, values: seconds, nulls: null },
        { dataType: StringType, length: n, values: products, nulls: null },
        { dataType: IntegerType, length: n, values: prices, nulls: null },
        { dataType: IntegerType, length: n, values: quantities, nulls: null },
        { dataType: StringType, length: n, values: regions, nulls: null },
      ];
      return toRecordBatch(SALES_COLUMNS_SCHEMA, columns, n);
    }
    const texts = new Array<string>(n);
    const produced = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      texts[k] = `{"event_id":"${eventIds[k]}","timestamp":${seconds[k]},"product":"${products[k]}","price":${prices[k]},"quantity":${quantities[k]},"region":"${regions[k]}"}`;
      produced[k] = (startMs + Math.floor(((from + k) * 1000) / rowsPerSecond)) * 1000;
    }
    const columns: ColumnVector[] = [
      { dataType: StringType, length: n, values: eventIds, nulls: null },
      { dataType: StringType, length: n, values: texts, nulls: null },
      { dataType: TimestampType, length: n, values: produced, nulls: null },
    ];
    return toRecordBatch(SALES_JSON_SCHEMA, columns, n);
  }
}

/**
 * The sales events of the seed documents as a stream. Event i: event_id `event_<i>`, product and region uniform over
 * four values, price uniform in [100, 1000], quantity uniform in [1, 5] (Python's randint bounds, both inclusive),
 * timestamp = startTimestamp + floor(i / rowsPerSecond) seconds, minus a 0..outOfOrderSeconds jitter when set.
 * The JSON text is compact (JSON.stringify style: no spaces), not Python json.dumps' ", " / ": ".
 * Offsets are `{startMs, rows}` like the rate source.
 * @example session.readStream.format('sales').option('rowsPerSecond', '100').load()
 */
export class SalesSource extends GeneratedSource {
  readonly options: SalesOptions;
  private generator: SalesEventGenerator | undefined;

  constructor(options: SalesOptions, now: () => number = Date.now) {
    super(options, 'sales', now);
    this.options = options;
  }

  get schema(): StructType {
    return this.options.output === 'json' ? SALES_JSON_SCHEMA : SALES_COLUMNS_SCHEMA;
  }

  get description(): string {
    return describeSales(this.options);
  }

  protected eventsBetween(startMs: number, from: number, to: number): RecordBatch[] {
    const generator = this.generatorFor(startMs);
    const out: RecordBatch[] = [];
    for (let first = from; first < to; first += MAX_BATCH_ROWS) {
      out.push(generator.batch(startMs, first, Math.min(to, first + MAX_BATCH_ROWS)));
    }
    return out;
  }

  private generatorFor(startMs: number): SalesEventGenerator {
    const eventStart = this.options.startTimestamp ?? Math.floor(startMs / 1000);
    if (this.generator === undefined || this.generator.eventStartSeconds !== eventStart) {
      this.generator = new SalesEventGenerator(this.options, eventStart);
    }
    return this.generator;
  }
}

function describeSales(o: SalesOptions): string {
  const extra = [
    o.totalEvents === undefined ? '' : `, totalEvents=${o.totalEvents}`,
    o.outOfOrderSeconds === 0 ? '' : `, outOfOrderSeconds=${o.outOfOrderSeconds}`,
    o.paced ? '' : ', paced=false',
  ].join('');
  return `SalesGenerator[rowsPerSecond=${o.rowsPerSecond}, seed=${o.seed}, output=${o.output}${extra}]`;
}

/**
 * format 'sales' (streaming only): options rowsPerSecond (1000), seed (42), maxEventsPerTrigger, outOfOrderSeconds (0),
 * output ('json' | 'columns'), totalEvents, startTimestamp (epoch seconds), paced (true).
 * @example session.readStream.format('sales').option('output', 'columns').option('totalEvents', '1000').load()
 */
export const salesSourceProvider: SourceProvider = {
  format: 'sales',
  supportsStreaming: true,
  supportsBatch: false,
  resolveSchema(options, userSchema) {
    const o = parseSalesOptions(options);
    if (userSchema !== undefined) {
      throw userError('USER_SCHEMA_NOT_SUPPORTED', "The sales source does not support a user-specified schema: choose option output 'json' or 'columns'");
    }
    return o.output === 'json' ? SALES_JSON_SCHEMA : SALES_COLUMNS_SCHEMA;
  },
  describe(options) {
    return describeSales(parseSalesOptions(options));
  },
  createSource(descriptor: SourceDescriptor, _ctx: SourceContext): Source {
    return new SalesSource(parseSalesOptions(descriptor.options));
  },
};

registerSourceProvider(salesSourceProvider);
