// The Nexmark auction model (as in the Beam/Flink Nexmark generators): event kinds by event id, id ranges, hot items, prices and strings, drawn deterministically per event.
//
// Event e (eventId = firstEventId + event number) is, by e mod 50: 0 a person, 1–3 an auction, 4–49 a bid (1:3:46).
//   person id   1000 + lastPerson(e)                     lastPerson(e)  = floor(e / 50)
//   auction id  1000 + lastAuction(e)                    lastAuction(e) = the number of auctions before e's epoch end, base 0
//   seller      3 in 4: the hot seller floor(lastPerson / 100) * 100, else a recent person (any of the last 1000, or up to 10 ahead)
//   bid.auction 1 in 2: the hot auction floor(lastAuction / 100) * 100, else one of the last 100 auctions (or up to 10 ahead)
//   bid.bidder  3 in 4: the hot bidder floor(lastPerson / 100) * 100 + 1, else a recent person
//   prices      round(10^(6u) * 100) for u uniform in [0, 1): 100 … 100,000,000, log-uniform
//   expires     date_time + 1 + uniform(2 × the event-time span of the next 1666 events)
//   strings     random letters with 1 in 13 spaces (slices of a fixed pool), `extra` padded to the average sizes 200/500/100
// Every draw comes from a small PRNG seeded by (seed, eventId), so any event can be regenerated on its own.
import { mix32 } from './mix32.js';

/** Proportions of the event kinds among 50 consecutive events. */
export const NEXMARK_PERSON_PROPORTION = 1;
export const NEXMARK_AUCTION_PROPORTION = 3;
export const NEXMARK_BID_PROPORTION = 46;
export const NEXMARK_TOTAL_PROPORTION = NEXMARK_PERSON_PROPORTION + NEXMARK_AUCTION_PROPORTION + NEXMARK_BID_PROPORTION;
export const NEXMARK_FIRST_PERSON_ID = 1000;
export const NEXMARK_FIRST_AUCTION_ID = 1000;
export const NEXMARK_FIRST_CATEGORY_ID = 10;
export const NEXMARK_NUM_CATEGORIES = 5;
const NUM_ACTIVE_PEOPLE = 1000;
const PERSON_ID_LEAD = 10;
const NUM_IN_FLIGHT_AUCTIONS = 100;
const AUCTION_ID_LEAD = 10;
/** 1 / ratio of the draws are not hot: Nexmark's defaults hotAuctionRatio 2, hotSellersRatio 4, hotBiddersRatio 4. */
const HOT_AUCTION_RATIO = 2;
const HOT_SELLER_RATIO = 4;
const HOT_BIDDER_RATIO = 4;
/** Hot ids are the first of each block of this many ids. */
const HOT_BLOCK = 100;
const HOT_CHANNEL_RATIO = 2;
const CHANNELS = 10_000;
const AVG_PERSON_BYTES = 200;
const AVG_AUCTION_BYTES = 500;
const AVG_BID_BYTES = 100;
/** Events until the auction `NUM_IN_FLIGHT_AUCTIONS` ahead is generated (an auction's expected life). */
const EVENTS_PER_AUCTION_HORIZON = Math.floor((NUM_IN_FLIGHT_AUCTIONS * NEXMARK_TOTAL_PROPORTION) / NEXMARK_AUCTION_PROPORTION);

export const NEXMARK_US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'] as const;
export const NEXMARK_US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'] as const;
export const NEXMARK_FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'] as const;
export const NEXMARK_LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'] as const;
export const NEXMARK_HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const;

const TWO_POW_32 = 4_294_967_296;

/**
 * The kind of event `eventId`: 0 person, 1 auction, 2 bid (the `event_type` column).
 * @example [0, 1, 3, 4, 49, 50].map(nexmarkEventType) // [0, 1, 1, 2, 2, 0]
 */
export function nexmarkEventType(eventId: number): 0 | 1 | 2 {
  const rem = eventId % NEXMARK_TOTAL_PROPORTION;
  if (rem < NEXMARK_PERSON_PROPORTION) return 0;
  return rem < NEXMARK_PERSON_PROPORTION + NEXMARK_AUCTION_PROPORTION ? 1 : 2;
}

/**
 * Base-0 id of the last person generated at or before `eventId`.
 * @example lastBase0PersonId(149) // 2
 */
export function lastBase0PersonId(eventId: number): number {
  const epoch = Math.floor(eventId / NEXMARK_TOTAL_PROPORTION);
  const offset = eventId % NEXMARK_TOTAL_PROPORTION;
  return epoch * NEXMARK_PERSON_PROPORTION + Math.min(offset, NEXMARK_PERSON_PROPORTION - 1);
}

/**
 * Base-0 id of the last auction generated at or before `eventId` (-1 before the first).
 * @example [lastBase0AuctionId(50), lastBase0AuctionId(51), lastBase0AuctionId(60)] // [2, 3, 5]
 */
export function lastBase0AuctionId(eventId: number): number {
  let epoch = Math.floor(eventId / NEXMARK_TOTAL_PROPORTION);
  let offset = eventId % NEXMARK_TOTAL_PROPORTION;
  if (offset < NEXMARK_PERSON_PROPORTION) {
    epoch--;
    offset = NEXMARK_AUCTION_PROPORTION - 1;
  } else if (offset >= NEXMARK_PERSON_PROPORTION + NEXMARK_AUCTION_PROPORTION) {
    offset = NEXMARK_AUCTION_PROPORTION - 1;
  } else {
    offset -= NEXMARK_PERSON_PROPORTION;
  }
  return epoch * NEXMARK_AUCTION_PROPORTION + offset;
}

/**
 * The 32-bit key of a seed (any safe integer).
 * @example new EventRandom().reset(nexmarkSeedKey(42), 1234)
 */
export function nexmarkSeedKey(seed: number): number {
  const high = Math.floor(seed / TWO_POW_32);
  return mix32((seed >>> 0) ^ mix32((high >>> 0) + 0x9e3779b9));
}

/**
 * A mulberry32 stream restarted for every event, so each event's draws depend on (seed, eventId) only.
 * @example const r = new EventRandom(); r.reset(nexmarkSeedKey(42), 7); r.nextPrice() // the same on every call sequence
 */
export class EventRandom {
  private state = 0;

  reset(key: number, eventId: number): void {
    const high = Math.floor(eventId / TWO_POW_32);
    this.state = mix32((eventId >>> 0) ^ key ^ mix32(high ^ 0x27d4eb2f)) | 0;
  }

  /** Uniform in [0, 2^32). */
  next(): number {
    const s = (this.state = (this.state + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32. */
  nextInt(n: number): number {
    const r = Math.floor((this.next() * n) / TWO_POW_32);
    return r < n ? r : n - 1;
  }

  /** Nexmark's price: round(10^(6u) * 100), 100 … 100,000,000. */
  nextPrice(): number {
    return Math.round(Math.pow(10, (this.next() / TWO_POW_32) * 6) * 100);
  }

  /** Random letters (1 in 13 a space), 3 … maxLength - 1 long, trimmed: Nexmark's nextString. */
  nextString(maxLength: number): string {
    const length = 3 + this.nextInt(maxLength - 3);
    const start = this.nextInt(POOL_LENGTH - maxLength);
    return stringPool().substring(start, start + length).trim();
  }

  /** Where in the string pool a slice of `length` characters starts. */
  nextSliceStart(length: number): number {
    return this.nextInt(POOL_LENGTH - length);
  }

  /** The length of the padding that brings an event of `currentSize` bytes to `averageSize` on average (±20 %). */
  nextExtraLength(currentSize: number, averageSize: number): number {
    if (currentSize > averageSize) return 0;
    const desired = averageSize - currentSize;
    const delta = Math.round(desired * 0.2);
    return desired - delta + (delta === 0 ? 0 : this.nextInt(2 * delta));
  }

  /** Nexmark's nextExtra: `nextExtraLength` random letters and spaces. */
  nextExtra(currentSize: number, averageSize: number): string {
    const length = this.nextExtraLength(currentSize, averageSize);
    if (length === 0) return '';
    const start = this.nextSliceStart(length);
    return stringPool().substring(start, start + length);
  }

  /** A person id (base 0) among the active people, or a little ahead of the last one. */
  nextBase0PersonId(eventId: number): number {
    const people = lastBase0PersonId(eventId) + 1;
    const active = Math.min(people, NUM_ACTIVE_PEOPLE);
    return people - active + this.nextInt(active + PERSON_ID_LEAD);
  }

  /** An auction id (base 0) among the in-flight auctions, or a little ahead of the last one. */
  nextBase0AuctionId(eventId: number): number {
    const max = lastBase0AuctionId(eventId);
    const min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
    return min + this.nextInt(max - min + 1 + AUCTION_ID_LEAD);
  }
}

/** Longest `extra` or string slice ever asked for is below this: the pool must be longer. */
const POOL_LENGTH = 4096;
let pool: string | undefined;

/**
 * Characters [start, start + length) of the string pool. A slice of 13 characters or more is a view of the pool
 * (V8 keeps a start and a length, not a copy), so a batch of `extra` values costs ~32 bytes per row.
 * @example nexmarkPoolSlice(0, 4).length // 4
 */
export function nexmarkPoolSlice(start: number, length: number): string {
  return stringPool().substring(start, start + length);
}

/** A fixed text of letters with 1 in 13 spaces (the same for every seed). */
function stringPool(): string {
  if (pool === undefined) {
    const random = new EventRandom();
    random.reset(0x5eed, 0);
    const letters = new Array<string>(POOL_LENGTH);
    for (let i = 0; i < POOL_LENGTH; i++) {
      letters[i] = random.nextInt(13) === 0 ? ' ' : String.fromCharCode(97 + random.nextInt(26));
    }
    pool = letters.join(''); // one flat string (appending char by char builds a rope of 4096 pieces)
  }
  return pool;
}

interface Lookups {
  readonly names: readonly string[];
  readonly fourDigits: readonly string[];
}
let lookups: Lookups | undefined;
let channels: { readonly names: readonly string[]; readonly urls: readonly string[] } | undefined;

/** Strings built once, so the per-event loops only index arrays. */
function lookupTables(): Lookups {
  lookups ??= {
    names: NEXMARK_FIRST_NAMES.flatMap((f) => NEXMARK_LAST_NAMES.map((l) => `${f} ${l}`)),
    fourDigits: Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0')),
  };
  return lookups;
}

/**
 * Bid channels and their urls by channel code: the 4 hot channels, then `channel-0` … `channel-9999`.
 * @example nexmarkChannels().names[5] // 'channel-1'
 */
export function nexmarkChannels(): { readonly names: readonly string[]; readonly urls: readonly string[] } {
  if (channels === undefined) {
    const text = stringPool();
    const part = (at: number) => text.substring(at, at + 5).replace(/ /g, '_');
    const base = (i: number) => ['https://www.nexmark.com/', part(i * 7), '/', part(i * 11 + 3), '/item.htm?query=1'].join('');
    const names = [...NEXMARK_HOT_CHANNELS, ...Array.from({ length: CHANNELS }, (_, i) => `channel-${i}`)];
    // joined, not concatenated: each url is one flat string (a template literal leaves a rope of its pieces, which
    // for 10,000 urls kept alive by the dictionary is ~2 MB more heap)
    const urls = [...NEXMARK_HOT_CHANNELS.map((_, i) => base(100 + i)), ...Array.from({ length: CHANNELS }, (_, i) => [base(i % 64), '&channel_id=', i].join(''))];
    channels = { names, urls };
  }
  return channels;
}

/** Column storage of persons: LONG/TIMESTAMP columns as Float64Array (timestamps in µs), strings as arrays. */
export interface PersonColumns {
  readonly id: Float64Array; readonly name: string[]; readonly emailAddress: string[]; readonly creditCard: string[];
  readonly city: string[]; readonly state: string[]; readonly dateTime: Float64Array; readonly extra: string[];
}

export interface AuctionColumns {
  readonly id: Float64Array; readonly itemName: string[]; readonly description: string[]; readonly initialBid: Float64Array;
  readonly reserve: Float64Array; readonly dateTime: Float64Array; readonly expires: Float64Array; readonly seller: Float64Array;
  readonly category: Float64Array; readonly extra: string[];
}

/**
 * Column storage of bids. `channel` is a code into nexmarkChannels() (which also gives the url); `extra` is a slice
 * of the string pool (start, length), so a batch is built without a string per row.
 */
export interface BidColumns {
  readonly auction: Float64Array; readonly bidder: Float64Array; readonly price: Float64Array; readonly channel: Int32Array;
  readonly dateTime: Float64Array; readonly extraStart: Int32Array; readonly extraLength: Int32Array;
}

function strings(n: number): string[] {
  return new Array<string>(n).fill('');
}

/**
 * Zeroed column storage for `n` rows of a table (strings '').
 * @example fillPerson(allocatePersons(1), 0, 0, 1_700_000_000_000, random)
 */
export function allocatePersons(n: number): PersonColumns {
  return {
    id: new Float64Array(n), name: strings(n), emailAddress: strings(n), creditCard: strings(n), city: strings(n), state: strings(n),
    dateTime: new Float64Array(n), extra: strings(n),
  };
}

export function allocateAuctions(n: number): AuctionColumns {
  return {
    id: new Float64Array(n), itemName: strings(n), description: strings(n), initialBid: new Float64Array(n), reserve: new Float64Array(n),
    dateTime: new Float64Array(n), expires: new Float64Array(n), seller: new Float64Array(n), category: new Float64Array(n), extra: strings(n),
  };
}

export function allocateBids(n: number): BidColumns {
  return {
    auction: new Float64Array(n), bidder: new Float64Array(n), price: new Float64Array(n), channel: new Int32Array(n),
    dateTime: new Float64Array(n), extraStart: new Int32Array(n), extraLength: new Int32Array(n),
  };
}

/** Event times: event number n happens at startMs + floor(n * 1000 / eventsPerSecond). */
export interface EventClock {
  readonly startMs: number;
  readonly eventsPerSecond: number;
}

/**
 * The event time (epoch ms) of event number `eventNumber`.
 * @example eventTimeMs({ startMs: 0, eventsPerSecond: 400 }, 1999) // 4997
 */
export function eventTimeMs(clock: EventClock, eventNumber: number): number {
  return clock.startMs + Math.floor((eventNumber * 1000) / clock.eventsPerSecond);
}

/**
 * Writes person event `eventId` (already `random.reset`) into row k.
 * @example random.reset(key, 50); fillPerson(columns, 0, 50, eventTimeMs(clock, 50), random) // columns.id[0] === 1001
 */
export function fillPerson(c: PersonColumns, k: number, eventId: number, timeMs: number, random: EventRandom): void {
  const t = lookupTables();
  const name = t.names[random.nextInt(t.names.length)]!;
  const email = `${random.nextString(7)}@${random.nextString(5)}.com`;
  const d = t.fourDigits;
  const card = `${d[random.nextInt(10_000)]} ${d[random.nextInt(10_000)]} ${d[random.nextInt(10_000)]} ${d[random.nextInt(10_000)]}`;
  const city = NEXMARK_US_CITIES[random.nextInt(NEXMARK_US_CITIES.length)]!;
  const state = NEXMARK_US_STATES[random.nextInt(NEXMARK_US_STATES.length)]!;
  c.id[k] = lastBase0PersonId(eventId) + NEXMARK_FIRST_PERSON_ID;
  c.name[k] = name;
  c.emailAddress[k] = email;
  c.creditCard[k] = card;
  c.city[k] = city;
  c.state[k] = state;
  c.dateTime[k] = timeMs * 1000;
  c.extra[k] = random.nextExtra(8 + name.length + email.length + card.length + city.length + state.length, AVG_PERSON_BYTES);
}

/**
 * Writes auction event `eventId` (event number `eventNumber`, already `random.reset`) into row k.
 * @example random.reset(key, 1); fillAuction(columns, 0, 1, 1, clock, random) // columns.id[0] === 1000
 */
export function fillAuction(c: AuctionColumns, k: number, eventId: number, eventNumber: number, clock: EventClock, random: EventRandom): void {
  const timeMs = eventTimeMs(clock, eventNumber);
  const seller = random.nextInt(HOT_SELLER_RATIO) > 0
    ? Math.floor(lastBase0PersonId(eventId) / HOT_BLOCK) * HOT_BLOCK
    : random.nextBase0PersonId(eventId);
  c.seller[k] = seller + NEXMARK_FIRST_PERSON_ID;
  c.category[k] = NEXMARK_FIRST_CATEGORY_ID + random.nextInt(NEXMARK_NUM_CATEGORIES);
  const initialBid = random.nextPrice();
  const horizonMs = eventTimeMs(clock, eventNumber + EVENTS_PER_AUCTION_HORIZON) - timeMs;
  c.expires[k] = (timeMs + 1 + random.nextInt(Math.max(horizonMs * 2, 1))) * 1000;
  const name = random.nextString(20);
  const description = random.nextString(100);
  c.id[k] = lastBase0AuctionId(eventId) + NEXMARK_FIRST_AUCTION_ID;
  c.itemName[k] = name;
  c.description[k] = description;
  c.initialBid[k] = initialBid;
  c.reserve[k] = initialBid + random.nextPrice();
  c.dateTime[k] = timeMs * 1000;
  c.extra[k] = random.nextExtra(8 + name.length + description.length + 40, AVG_AUCTION_BYTES);
}

/**
 * Writes bid event `eventId` (already `random.reset`) into row k.
 * @example random.reset(key, 4); fillBid(columns, 0, 4, eventTimeMs(clock, 4), random) // columns.auction[0] in 1000 … 1012
 */
export function fillBid(c: BidColumns, k: number, eventId: number, timeMs: number, random: EventRandom): void {
  const auction = random.nextInt(HOT_AUCTION_RATIO) > 0
    ? Math.floor(lastBase0AuctionId(eventId) / HOT_BLOCK) * HOT_BLOCK
    : random.nextBase0AuctionId(eventId);
  const bidder = random.nextInt(HOT_BIDDER_RATIO) > 0
    ? Math.floor(lastBase0PersonId(eventId) / HOT_BLOCK) * HOT_BLOCK + 1
    : random.nextBase0PersonId(eventId);
  c.auction[k] = auction + NEXMARK_FIRST_AUCTION_ID;
  c.bidder[k] = bidder + NEXMARK_FIRST_PERSON_ID;
  c.price[k] = random.nextPrice();
  c.channel[k] = random.nextInt(HOT_CHANNEL_RATIO) > 0 ? random.nextInt(NEXMARK_HOT_CHANNELS.length) : NEXMARK_HOT_CHANNELS.length + random.nextInt(CHANNELS);
  c.dateTime[k] = timeMs * 1000;
  const length = random.nextExtraLength(32, AVG_BID_BYTES);
  c.extraLength[k] = length;
  c.extraStart[k] = length === 0 ? 0 : random.nextSliceStart(length);
}
