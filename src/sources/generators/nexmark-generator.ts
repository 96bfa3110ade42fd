// format 'nexmark': the Nexmark benchmark's Person/Auction/Bid stream, generated deterministically from (seed, event id) so any range replays identically.
import { GeneratedSource } from './generated-source.js';
import * as arrow from 'apache-arrow';
import { IntegerType, LongType, StringType, StructType, TimestampType } from '../../common/data-types.js';
import { userError } from '../../common/errors.js';
import { arrowSchemaOf, toRecordBatch, vectorToArrow } from '../../compute/arrow-bridge.js';
import { bitmapFromNulls } from '../../compute/arrow-buffers.js';
import type { ColumnVector } from '../../compute/column-vector.js';
import type { SourceDescriptor } from '../../planner/logical/plan.js';
import { booleanOption, choiceOption, integerOption, optionalIntegerOption } from '../source-options.js';
import { registerSourceProvider } from '../source.js';
import type { Source, SourceContext, SourceProvider } from '../source.js';
import { EventRandom, allocateAuctions, allocateBids, allocatePersons, eventTimeMs, fillAuction, fillBid, fillPerson, nexmarkChannels, nexmarkEventType, nexmarkPoolSlice, nexmarkSeedKey } from './nexmark-model.js';
import type { AuctionColumns, BidColumns, EventClock, PersonColumns } from './nexmark-model.js';

/** Nexmark's Person table. */
export const NEXMARK_PERSON_SCHEMA = new StructType()
  .add('id', LongType).add('name', StringType).add('email_address', StringType).add('credit_card', StringType)
  .add('city', StringType).add('state', StringType).add('date_time', TimestampType).add('extra', StringType);

/** Nexmark's Auction table. */
export const NEXMARK_AUCTION_SCHEMA = new StructType()
  .add('id', LongType).add('item_name', StringType).add('description', StringType).add('initial_bid', LongType)
  .add('reserve', LongType).add('date_time', TimestampType).add('expires', TimestampType).add('seller', LongType)
  .add('category', LongType).add('extra', StringType);

/** Nexmark's Bid table. */
export const NEXMARK_BID_SCHEMA = new StructType()
  .add('auction', LongType).add('bidder', LongType).add('price', LongType).add('channel', StringType)
  .add('url', StringType).add('date_time', TimestampType).add('extra', StringType);

/** One row per event, as Flink's nexmark connector: the event's kind (0 person, 1 auction, 2 bid), one non-null struct, its time. */
export const NEXMARK_EVENT_SCHEMA = new StructType()
  .add('event_type', IntegerType).add('person', NEXMARK_PERSON_SCHEMA).add('auction', NEXMARK_AUCTION_SCHEMA)
  .add('bid', NEXMARK_BID_SCHEMA).add('date_time', TimestampType);

export type NexmarkTable = 'person' | 'auction' | 'bid';

const MAX_BATCH_EVENTS = 65_536;

/** The parsed options of a Nexmark generator. */
export interface NexmarkOptions {
  /** Events per second of event time (and of wall-clock time when paced). */
  readonly rowsPerSecond: number;
  readonly seed: number;
  readonly maxEventsPerTrigger: number | undefined;
  readonly totalEvents: number | undefined;
  /** Event ids start here (event number n has id firstEventId + n; the id decides the kind). */
  readonly firstEventId: number;
  /** Epoch milliseconds of event 0; undefined = the query's start time. */
  readonly startTimestamp: number | undefined;
  /** true: events become available at rowsPerSecond of wall-clock time; false: as fast as they are read. */
  readonly paced: boolean;
  /** One table's flat columns; undefined = every event with `event_type` and the three structs. */
  readonly table: NexmarkTable | undefined;
}

/**
 * Checks the Nexmark generator's options.
 * @example parseNexmarkOptions({ table: 'bid', paced: 'false', totalEvents: '1000' }).table // 'bid'
 */
export function parseNexmarkOptions(options: Readonly<Record<string, string>>): NexmarkOptions {
  const table = choiceOption(options, 'table', 'nexmark', ['events', 'person', 'auction', 'bid'] as const, 'events');
  const parsed: NexmarkOptions = {
    rowsPerSecond: integerOption(options, 'rowsPerSecond', 'nexmark', 10_000),
    seed: integerOption(options, 'seed', 'nexmark', 42, Number.MIN_SAFE_INTEGER),
    maxEventsPerTrigger: optionalIntegerOption(options, 'maxEventsPerTrigger', 'nexmark'),
    totalEvents: optionalIntegerOption(options, 'totalEvents', 'nexmark', 0),
    firstEventId: integerOption(options, 'firstEventId', 'nexmark', 0, 0),
    startTimestamp: optionalIntegerOption(options, 'startTimestamp', 'nexmark', 0),
    paced: booleanOption(options, 'paced', 'nexmark', true),
    table: table === 'events' ? undefined : table,
  };
  if (!parsed.paced && parsed.totalEvents === undefined && parsed.maxEventsPerTrigger === undefined) {
    throw userError('INVALID_OPTION', "The nexmark source with option paced 'false' needs option 'totalEvents' or 'maxEventsPerTrigger' to bound each batch");
  }
  return parsed;
}

/**
 * The schema of a generator's output.
 * @example nexmarkSchema('bid').fieldNames // ['auction', 'bidder', 'price', 'channel', 'url', 'date_time', 'extra']
 */
export function nexmarkSchema(table: NexmarkTable | undefined): StructType {
  switch (table) {
    case undefined: return NEXMARK_EVENT_SCHEMA;
    case 'person': return NEXMARK_PERSON_SCHEMA;
    case 'auction': return NEXMARK_AUCTION_SCHEMA;
    case 'bid': return NEXMARK_BID_SCHEMA;
  }
}

function long(values: Float64Array): ColumnVector {
  return { dataType: LongType, length: values.length, values, nulls: null };
}
function text(values: string[]): ColumnVector {
  return { dataType: StringType, length: values.length, values, nulls: null };
}
function time(values: Float64Array): ColumnVector {
  return { dataType: TimestampType, length: values.length, values, nulls: null };
}

function personVectors(c: PersonColumns): ColumnVector[] {
  return [long(c.id), text(c.name), text(c.emailAddress), text(c.creditCard), text(c.city), text(c.state), time(c.dateTime), text(c.extra)];
}
function auctionVectors(c: AuctionColumns): ColumnVector[] {
  return [
    long(c.id), text(c.itemName), text(c.description), long(c.initialBid), long(c.reserve), time(c.dateTime), time(c.expires),
    long(c.seller), long(c.category), text(c.extra),
  ];
}

// Bids are the bulk of the stream, so their strings cost little: channel and url are dictionary codes into one shared
// dictionary each, extra is a slice of the (ASCII) string pool. Readers decode them as STRING.
const CHANNEL_DICTIONARY_ID = 0x4e580001;
const URL_DICTIONARY_ID = 0x4e580002;
let bidArrow: { readonly schema: arrow.Schema; readonly type: arrow.Struct; readonly channels: arrow.Vector; readonly urls: arrow.Vector } | undefined;

/** The Arrow schema of bids (channel and url dictionary-encoded) and the two dictionaries. */
function bidArrowLayout(): NonNullable<typeof bidArrow> {
  if (bidArrow === undefined) {
    const plain = arrowSchemaOf(NEXMARK_BID_SCHEMA);
    const ids: Readonly<Record<string, number>> = { channel: CHANNEL_DICTIONARY_ID, url: URL_DICTIONARY_ID };
    const fields = plain.fields.map((f) => (ids[f.name] === undefined ? f
      : new arrow.Field(f.name, new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32(), ids[f.name]), f.nullable, f.metadata)));
    const { names, urls } = nexmarkChannels();
    bidArrow = {
      schema: new arrow.Schema(fields, plain.metadata),
      type: new arrow.Struct(fields),
      channels: arrow.makeVector(vectorToArrow(text([...names]))),
      urls: arrow.makeVector(vectorToArrow(text([...urls]))),
    };
  }
  return bidArrow;
}

/** The Arrow columns of `n` bids. */
function bidChildren(c: BidColumns, n: number): arrow.Data[] {
  const layout = bidArrowLayout();
  const codes = c.channel.length === n ? c.channel : c.channel.subarray(0, n);
  const dictionary = (field: number, values: arrow.Vector) =>
    arrow.makeData({ type: layout.schema.fields[field]!.type as arrow.Dictionary<arrow.Utf8, arrow.Int32>, length: n, nullCount: 0, data: codes, dictionary: values });
  // `extra` as slices of the pool: the Arrow column is encoded from them and remembers them (arrow-bridge's memo),
  // so readers get these strings back instead of decoding the bytes into new ones
  const extra = new Array<string>(n);
  for (let k = 0; k < n; k++) extra[k] = nexmarkPoolSlice(c.extraStart[k]!, c.extraLength[k]!);
  return [
    vectorToArrow(long(c.auction)), vectorToArrow(long(c.bidder)), vectorToArrow(long(c.price)), dictionary(3, layout.channels),
    dictionary(4, layout.urls), vectorToArrow(time(c.dateTime)), vectorToArrow(text(extra)),
  ];
}

let eventSchema: arrow.Schema | undefined;

/** The Arrow schema of the event rows: the bid struct with dictionary-encoded channel and url. */
function eventArrowSchema(bidType: arrow.Struct): arrow.Schema {
  if (eventSchema === undefined) {
    const plain = arrowSchemaOf(NEXMARK_EVENT_SCHEMA);
    eventSchema = new arrow.Schema(plain.fields.map((f) => (f.name === 'bid' ? new arrow.Field(f.name, bidType, f.nullable, f.metadata) : f)), plain.metadata);
  }
  return eventSchema;
}

/** How many of the events [fromId, toId) have kind `type`. */
function countOfType(fromId: number, toId: number, type: 0 | 1 | 2): number {
  let count = 0;
  for (let e = fromId; e < toId; e++) if (nexmarkEventType(e) === type) count++;
  return count;
}

/**
 * The events of one query: its options plus the start of event time, everything a replay needs.
 * @example new NexmarkEventGenerator(parseNexmarkOptions({ table: 'bid' }), 1_700_000_000_000).batch(0, 10_000).numRows // 9200
 */
export class NexmarkEventGenerator {
  readonly options: NexmarkOptions;
  readonly clock: EventClock;
  private readonly key: number;
  private readonly random = new EventRandom();

  constructor(options: NexmarkOptions, eventStartMs: number) {
    this.options = options;
    this.clock = { startMs: eventStartMs, eventsPerSecond: options.rowsPerSecond };
    this.key = nexmarkSeedKey(options.seed);
  }

  get schema(): StructType {
    return nexmarkSchema(this.options.table);
  }

  /** Events with numbers [from, to) as one record batch (a table option keeps only that kind's rows). */
  batch(from: number, to: number): arrow.RecordBatch {
    switch (this.options.table) {
      case undefined: return this.eventsBatch(from, to);
      case 'person': return this.personBatch(from, to);
      case 'auction': return this.auctionBatch(from, to);
      case 'bid': return this.bidBatch(from, to);
    }
  }

  private personBatch(from: number, to: number): arrow.RecordBatch {
    const first = this.options.firstEventId;
    const c = allocatePersons(countOfType(first + from, first + to, 0));
    const random = this.random;
    let k = 0;
    for (let n = from; n < to; n++) {
      const e = first + n;
      if (nexmarkEventType(e) !== 0) continue;
      random.reset(this.key, e);
      fillPerson(c, k++, e, eventTimeMs(this.clock, n), random);
    }
    return toRecordBatch(NEXMARK_PERSON_SCHEMA, personVectors(c), k);
  }

  private auctionBatch(from: number, to: number): arrow.RecordBatch {
    const first = this.options.firstEventId;
    const c = allocateAuctions(countOfType(first + from, first + to, 1));
    const random = this.random;
    let k = 0;
    for (let n = from; n < to; n++) {
      const e = first + n;
      if (nexmarkEventType(e) !== 1) continue;
      random.reset(this.key, e);
      fillAuction(c, k++, e, n, this.clock, random);
    }
    return toRecordBatch(NEXMARK_AUCTION_SCHEMA, auctionVectors(c), k);
  }

  private bidBatch(from: number, to: number): arrow.RecordBatch {
    const first = this.options.firstEventId;
    const c = allocateBids(countOfType(first + from, first + to, 2));
    const random = this.random;
    let k = 0;
    for (let n = from; n < to; n++) {
      const e = first + n;
      if (nexmarkEventType(e) !== 2) continue;
      random.reset(this.key, e);
      fillBid(c, k++, e, eventTimeMs(this.clock, n), random);
    }
    const layout = bidArrowLayout();
    return new arrow.RecordBatch(layout.schema, arrow.makeData({ type: layout.type, length: k, nullCount: 0, children: bidChildren(c, k) }));
  }

  private eventsBatch(from: number, to: number): arrow.RecordBatch {
    const count = to - from;
    const first = this.options.firstEventId;
    const types = new Int32Array(count);
    const times = new Float64Array(count);
    const nulls = [new Uint8Array(count).fill(1), new Uint8Array(count).fill(1), new Uint8Array(count).fill(1)] as const;
    const persons = allocatePersons(count);
    const auctions = allocateAuctions(count);
    const bids = allocateBids(count);
    const random = this.random;
    for (let k = 0; k < count; k++) {
      const n = from + k;
      const e = first + n;
      const type = nexmarkEventType(e);
      const timeMs = eventTimeMs(this.clock, n);
      random.reset(this.key, e);
      if (type === 0) fillPerson(persons, k, e, timeMs, random);
      else if (type === 1) fillAuction(auctions, k, e, n, this.clock, random);
      else fillBid(bids, k, e, timeMs, random);
      types[k] = type;
      times[k] = timeMs * 1000;
      nulls[type][k] = 0;
    }
    const struct = (schema: StructType, fields: ColumnVector[], mask: Uint8Array): arrow.Data =>
      vectorToArrow({ dataType: schema, length: count, values: [], nulls: mask, fields });
    const bidValidity = bitmapFromNulls(nulls[2], count);
    const layout = bidArrowLayout();
    const children = [
      vectorToArrow({ dataType: IntegerType, length: count, values: types, nulls: null }),
      struct(NEXMARK_PERSON_SCHEMA, personVectors(persons), nulls[0]),
      struct(NEXMARK_AUCTION_SCHEMA, auctionVectors(auctions), nulls[1]),
      arrow.makeData({ type: layout.type, length: count, nullCount: bidValidity?.nullCount ?? 0, nullBitmap: bidValidity?.bitmap, children: bidChildren(bids, count) }),
      vectorToArrow(time(times)),
    ];
    const schema = eventArrowSchema(layout.type);
    return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: count, nullCount: 0, children }));
  }
}

/**
 * The Nexmark auction events as a stream (model: nexmark-model.ts). Offsets are `{startMs, rows}` like the rate
 * source, `rows` counting events of every kind, so the person, auction and bid tables of one configuration advance
 * together and a join of two of them sees the same event-time range on both sides.
 * @example session.readStream.format('nexmark').option('table', 'bid').option('rowsPerSecond', 10000).load()
 */
export class NexmarkSource extends GeneratedSource {
  readonly options: NexmarkOptions;
  private generator: NexmarkEventGenerator | undefined;

  constructor(options: NexmarkOptions, now: () => number = Date.now) {
    super(options, 'nexmark', now);
    this.options = options;
  }

  get schema(): StructType {
    return nexmarkSchema(this.options.table);
  }

  get description(): string {
    return describeNexmark(this.options);
  }

  protected eventsBetween(startMs: number, from: number, to: number): arrow.RecordBatch[] {
    const generator = this.generatorFor(startMs);
    const out: arrow.RecordBatch[] = [];
    for (let first = from; first < to; first += MAX_BATCH_EVENTS) {
      out.push(generator.batch(first, Math.min(to, first + MAX_BATCH_EVENTS)));
    }
    return out;
  }

  private generatorFor(startMs: number): NexmarkEventGenerator {
    const eventStart = this.options.startTimestamp ?? startMs;
    if (this.generator === undefined || this.generator.clock.startMs !== eventStart) {
      this.generator = new NexmarkEventGenerator(this.options, eventStart);
    }
    return this.generator;
  }
}

function describeNexmark(o: NexmarkOptions): string {
  const extra = [
    o.table === undefined ? '' : `, table=${o.table}`,
    o.totalEvents === undefined ? '' : `, totalEvents=${o.totalEvents}`,
    o.firstEventId === 0 ? '' : `, firstEventId=${o.firstEventId}`,
    o.paced ? '' : ', paced=false',
  ].join('');
  return `NexmarkGenerator[rowsPerSecond=${o.rowsPerSecond}, seed=${o.seed}${extra}]`;
}

/**
 * format 'nexmark' (streaming only): options rowsPerSecond (10000 events per event-time second), paced (true),
 * maxEventsPerTrigger, totalEvents, seed (42), firstEventId (0), startTimestamp (epoch ms of event 0; default: the
 * query's start), table ('person' | 'auction' | 'bid', or 'events' (the default): every event with `event_type` and three structs).
 * @example session.readStream.format('nexmark').option('table', 'bid').option('paced', false).option('totalEvents', 1e6).load()
 */
export const nexmarkSourceProvider: SourceProvider = {
  format: 'nexmark',
  supportsStreaming: true,
  supportsBatch: false,
  resolveSchema(options, userSchema) {
    const o = parseNexmarkOptions(options);
    if (userSchema !== undefined) {
      throw userError('USER_SCHEMA_NOT_SUPPORTED', "The nexmark source does not support a user-specified schema: choose option table 'person', 'auction' or 'bid', or none for every event");
    }
    return nexmarkSchema(o.table);
  },
  describe(options) {
    return describeNexmark(parseNexmarkOptions(options));
  },
  createSource(descriptor: SourceDescriptor, _ctx: SourceContext): Source {
    return new NexmarkSource(parseNexmarkOptions(descriptor.options));
  },
};

registerSourceProvider(nexmarkSourceProvider);
