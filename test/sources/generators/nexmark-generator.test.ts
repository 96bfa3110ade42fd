import { describe, expect, it } from 'vitest';
import { recordBatchToRows } from '../../../src/compute/arrow-bridge.js';
import { lookupSourceProvider } from '../../../src/sources/source.js';
import { Session } from '../../../src/index.js';
import { NexmarkSource, parseNexmarkOptions } from '../../../src/sources/generators/nexmark-generator.js';
import {
  NEXMARK_HOT_CHANNELS, NEXMARK_US_CITIES, NEXMARK_US_STATES, lastBase0AuctionId, lastBase0PersonId, nexmarkEventType,
} from '../../../src/sources/generators/nexmark-model.js';

const START = 1_700_000_000_000;
type Row = Record<string, unknown>;

function source(options: Record<string, string>, now = () => START): NexmarkSource {
  return new NexmarkSource(parseNexmarkOptions({ startTimestamp: String(START), rowsPerSecond: '1000', ...options }), now);
}

async function rows(s: NexmarkSource, from: number, to: number): Promise<Row[]> {
  const batches = await s.getBatch(from === 0 ? null : { startMs: START, rows: from }, { startMs: START, rows: to });
  return batches.flatMap((b) => recordBatchToRows(b, s.schema));
}

const ms = (v: unknown) => (v as Date).getTime();

describe('nexmark generator', () => {
  it("has Nexmark's tables and, by default, one row per event with event_type and three structs", () => {
    const p = lookupSourceProvider('nexmark')!;
    expect(p.resolveSchema({ table: 'bid' }, undefined, undefined).toDDL())
      .toBe('auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, date_time TIMESTAMP, extra STRING');
    expect(p.resolveSchema({ table: 'auction' }, undefined, undefined).toDDL())
      .toBe('id BIGINT, item_name STRING, description STRING, initial_bid BIGINT, reserve BIGINT, date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra STRING');
    expect(p.resolveSchema({ table: 'person' }, undefined, undefined).toDDL())
      .toBe('id BIGINT, name STRING, email_address STRING, credit_card STRING, city STRING, state STRING, date_time TIMESTAMP, extra STRING');
    const events = p.resolveSchema({}, undefined, undefined);
    expect(events.fieldNames).toEqual(['event_type', 'person', 'auction', 'bid', 'date_time']);
    expect(events.toDDL().startsWith('event_type INT, person STRUCT<id: BIGINT, name: STRING, email_address: STRING')).toBe(true);
    expect(p.describe({ table: 'bid', paced: 'false', totalEvents: '10' }, undefined))
      .toBe('NexmarkGenerator[rowsPerSecond=10000, seed=42, table=bid, totalEvents=10, paced=false]');
  });

  it('replays identical rows for the same range, also from a new source and inside a larger range', async () => {
    for (const table of ['bid', 'auction', 'person', 'events']) {
      const a = source({ table });
      const first = await rows(a, 1000, 1600);
      expect(first.length).toBeGreaterThan(0);
      expect(await rows(a, 1000, 1600)).toEqual(first);
      expect(await rows(source({ table }, () => START + 98_765), 1000, 1600)).toEqual(first);
      const whole = await rows(a, 0, 3000);
      const before = (await rows(a, 0, 1000)).length;
      expect(whole.slice(before, before + first.length)).toEqual(first);
      expect(await rows(source({ table, seed: '7' }), 1000, 1600)).not.toEqual(first);
    }
  });

  it('mixes persons, auctions and bids 1:3:46 and each table holds exactly its kind', async () => {
    const events = await rows(source({ firstEventId: '17' }), 0, 10_000);
    const kinds = [0, 1, 2].map((t) => events.filter((e) => e.event_type === t).length);
    expect(kinds).toEqual([200, 600, 9200]);
    for (const e of events) {
      const t = e.event_type as number;
      expect([e.person === null, e.auction === null, e.bid === null]).toEqual([t !== 0, t !== 1, t !== 2]);
      const inner = (t === 0 ? e.person : t === 1 ? e.auction : e.bid) as Row;
      expect(ms(inner.date_time)).toBe(ms(e.date_time));
    }
    const s = (table: string) => rows(source({ table, firstEventId: '17' }), 0, 10_000);
    expect(await s('person')).toEqual(events.filter((e) => e.event_type === 0).map((e) => e.person));
    expect(await s('auction')).toEqual(events.filter((e) => e.event_type === 1).map((e) => e.auction));
    expect(await s('bid')).toEqual(events.filter((e) => e.event_type === 2).map((e) => e.bid));
  });

  it('advances event time at rowsPerSecond from startTimestamp', async () => {
    const events = await rows(source({ rowsPerSecond: '400' }), 0, 2000);
    events.forEach((e, n) => expect(ms(e.date_time)).toBe(START + Math.floor((n * 1000) / 400)));
    expect(ms(events[1999]!.date_time)).toBe(START + 4997);
  });

  it('numbers persons and auctions consecutively from 1000 and draws bids from the Nexmark id ranges', async () => {
    const events = await rows(source({}), 0, 20_000);
    const persons = events.filter((e) => e.event_type === 0).map((e) => e.person as Row);
    const auctions = events.filter((e) => e.event_type === 1).map((e) => e.auction as Row);
    expect(persons.map((p) => p.id)).toEqual(persons.map((_, i) => 1000 + i));
    expect(auctions.map((a) => a.id)).toEqual(auctions.map((_, i) => 1000 + i));
    let hotAuction = 0;
    let hotBidder = 0;
    events.forEach((e, n) => {
      if (e.event_type === 1) {
        const a = e.auction as Row;
        const lastPerson = lastBase0PersonId(n);
        const hotSeller = Math.floor(lastPerson / 100) * 100 + 1000;
        const seller = a.seller as number;
        expect(seller === hotSeller || (seller >= 1000 + Math.max(0, lastPerson + 1 - 1000) && seller < 1000 + lastPerson + 1 + 10)).toBe(true);
        expect(a.category as number).toBeGreaterThanOrEqual(10);
        expect(a.category as number).toBeLessThanOrEqual(14);
        expect(a.reserve as number).toBeGreaterThanOrEqual((a.initial_bid as number) + 100);
        expect(ms(a.expires)).toBeGreaterThan(ms(a.date_time));
        expect(ms(a.expires) - ms(a.date_time)).toBeLessThanOrEqual(2 * (Math.ceil(1666 * 1000 / 1000) + 1) + 1);
      }
      if (e.event_type !== 2) return;
      const b = e.bid as Row;
      const lastAuction = lastBase0AuctionId(n);
      const auction = (b.auction as number) - 1000;
      if (auction === Math.floor(lastAuction / 100) * 100) hotAuction++;
      else {
        expect(auction).toBeGreaterThanOrEqual(Math.max(0, lastAuction - 100));
        expect(auction).toBeLessThanOrEqual(lastAuction + 10);
      }
      const lastPerson = lastBase0PersonId(n);
      const bidder = (b.bidder as number) - 1000;
      if (bidder === Math.floor(lastPerson / 100) * 100 + 1) hotBidder++;
      else {
        expect(bidder).toBeGreaterThanOrEqual(Math.max(0, lastPerson + 1 - 1000));
        expect(bidder).toBeLessThan(lastPerson + 1 + 10);
      }
      expect(b.price as number).toBeGreaterThanOrEqual(100);
      expect(b.price as number).toBeLessThanOrEqual(100_000_000);
      expect((b.extra as string).length).toBeGreaterThanOrEqual(54);
      expect((b.extra as string).length).toBeLessThanOrEqual(81);
    });
    const bids = events.filter((e) => e.event_type === 2).length;
    expect(bids).toBe(18_400);
    // hot auction 1 in 2 (plus random picks landing on it), hot bidder 3 in 4
    expect(hotAuction / bids).toBeGreaterThan(0.49);
    expect(hotAuction / bids).toBeLessThan(0.52);
    expect(hotBidder / bids).toBeGreaterThan(0.74);
    expect(hotBidder / bids).toBeLessThan(0.76);
  });

  it('draws prices log-uniformly and strings from the Nexmark vocabularies', async () => {
    const events = await rows(source({}), 0, 20_000);
    const prices = events.filter((e) => e.event_type === 2).map((e) => (e.bid as Row).price as number);
    for (const decade of [2, 3, 4, 5, 6, 7]) {
      const share = prices.filter((p) => p >= 10 ** decade && p < 10 ** (decade + 1)).length / prices.length;
      expect(share).toBeGreaterThan(0.14);
      expect(share).toBeLessThan(0.19);
    }
    const persons = events.filter((e) => e.event_type === 0).map((e) => e.person as Row);
    for (const p of persons) {
      expect(NEXMARK_US_STATES).toContain(p.state);
      expect(NEXMARK_US_CITIES).toContain(p.city);
      expect(p.credit_card).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(p.email_address).toMatch(/^[a-z ]*@[a-z ]*\.com$/);
      expect(p.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
    const channels = new Set(events.filter((e) => e.event_type === 2).map((e) => (e.bid as Row).channel as string));
    for (const c of NEXMARK_HOT_CHANNELS) expect(channels.has(c)).toBe(true);
    expect([...channels].filter((c) => c.startsWith('channel-')).length).toBeGreaterThan(3000);
  });

  it('paces events at rowsPerSecond of wall-clock time and stops at totalEvents or maxEventsPerTrigger', async () => {
    let now = START;
    const paced = source({ table: 'bid' }, () => now);
    expect(await paced.latestOffset(null)).toEqual({ startMs: START, rows: 0 });
    now = START + 2500;
    expect(await paced.latestOffset(null)).toEqual({ startMs: START, rows: 2500 });
    expect(await paced.latestOffset({ startMs: START, rows: 2500 })).toEqual({ startMs: START, rows: 2500 });
    const capped = source({ totalEvents: '1200', maxEventsPerTrigger: '500' }, () => now);
    expect(await capped.latestOffset(null)).toEqual({ startMs: START + 2500, rows: 0 });
    now = START + 5000;
    expect(await capped.latestOffset(null)).toEqual({ startMs: START + 2500, rows: 500 });
    expect(await capped.latestOffset({ startMs: START + 2500, rows: 1000 })).toEqual({ startMs: START + 2500, rows: 1200 });
    const unpaced = source({ paced: 'false', totalEvents: '300000' }, () => START);
    expect(await unpaced.latestOffset(null)).toEqual({ startMs: START, rows: 300_000 });
    const availableNow = source({ totalEvents: '700' }, () => START + 10);
    await availableNow.prepareForTriggerAvailableNow();
    expect(await availableNow.latestOffset(null)).toEqual({ startMs: START + 10, rows: 700 });
    expect(() => parseNexmarkOptions({ paced: 'false' }))
      .toThrow("The nexmark source with option paced 'false' needs option 'totalEvents' or 'maxEventsPerTrigger' to bound each batch");
    expect(() => parseNexmarkOptions({ table: 'bids' }))
      .toThrow("Invalid value 'bids' for option 'table' of the nexmark source: it must be one of 'events', 'person', 'auction', 'bid'");
  });

  it('runs as a stream through the DataFrame API', async () => {
    const session = Session.builder().appName('nexmark-generator-test').getOrCreate();
    const df = session.readStream.format('nexmark').option('table', 'bid').option('paced', false).option('totalEvents', 5000)
      .option('maxEventsPerTrigger', 1000).option('startTimestamp', START).load();
    const query = await df.writeStream.format('memory').queryName('nexmark_bids').trigger({ availableNow: true }).start();
    await query.awaitTermination();
    expect(query.recentProgress.map((p) => p.numInputRows)).toEqual([920, 920, 920, 920, 920]);
    const got = await session.sql('SELECT count(*) AS n, min(auction) AS lo, max(date_time) AS last FROM nexmark_bids').collect();
    expect(got).toEqual([{ n: 4600, lo: 1000, last: new Date(START + 499) }]);
    expect(nexmarkEventType(4999)).toBe(2);
  });
});
