// Each benchmark query plans and, over a small bounded input, gives the answer computed here independently from the same generated events.
import { describe, expect, it } from 'vitest';
import { recordBatchToRows } from '../../src/compute/arrow-bridge.js';
import { Session } from '../../src/index.js';
import { NexmarkSource, parseNexmarkOptions } from '../../src/sources/generators/nexmark-generator.js';
import { SalesEventGenerator, parseSalesOptions } from '../../src/sources/generators/sales-generator.js';
import { queryReader } from '../../bench/nexmark.js';
import { BENCH_QUERIES, maxAuctionSeconds } from '../../bench/nexmark-queries.js';
import type { BenchQuery } from '../../bench/nexmark-queries.js';

const START = 1_700_000_000_000;
const RATE = 1000;
const EVENTS = 40_000;
const DELAY_MS = 4000;
type Row = Record<string, unknown>;

const session = Session.builder().appName('nexmark-queries-test').getOrCreate();

async function table(name: 'person' | 'auction' | 'bid'): Promise<Row[]> {
  const s = new NexmarkSource(parseNexmarkOptions({ table: name, rowsPerSecond: String(RATE), startTimestamp: String(START) }));
  const batches = await s.getBatch(null, { startMs: START, rows: EVENTS });
  return batches.flatMap((b) => recordBatchToRows(b, s.schema));
}

const [persons, auctions, bids] = await Promise.all([table('person'), table('auction'), table('bid')]);
const ms = (v: unknown) => (v as Date).getTime();
/** The watermark after the last batch: the latest bid time minus the 4 s delay. */
const finalWatermark = Math.max(...bids.map((b) => ms(b.date_time))) - DELAY_MS;

/** Runs a query with Trigger.AvailableNow in batches of 5000 events; the rows of every batch in order (or the second stage's result). */
async function run(query: BenchQuery): Promise<Row[]> {
  const read = queryReader(session, query, {
    paced: false, totalEvents: EVENTS, maxEventsPerTrigger: 5000, rowsPerSecond: RATE, seed: 42, startTimestamp: START,
  });
  const stage = query.secondStage?.(session);
  const out: Row[] = [];
  const q = await query.build(read, RATE).writeStream.outputMode(query.outputMode).trigger({ availableNow: true })
    .foreachBatch(async (df, id) => { if (stage) await stage.run(df, id); else out.push(...await df.collect()); })
    .start();
  await q.awaitTermination();
  return stage ? stage.result() : out;
}

function sorted(rows: readonly Row[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

describe('nexmark benchmark queries', () => {
  it('q0 passes every bid through', async () => {
    const got = await run(BENCH_QUERIES.q0!);
    expect(got).toEqual(bids.map((b) => ({ auction: b.auction, bidder: b.bidder, price: b.price, date_time: b.date_time, extra: b.extra })));
    expect(got.length).toBe(36_800);
  });

  it('q1 converts each price with 0.908', async () => {
    const got = await run(BENCH_QUERIES.q1!);
    expect(got.length).toBe(bids.length);
    got.forEach((r, i) => {
      expect(Math.round((r.price as number) * 1000)).toBe((bids[i]!.price as number) * 908);
      expect(r.auction).toBe(bids[i]!.auction);
    });
  });

  it('q2 keeps the bids on auctions whose id is a multiple of 123', async () => {
    const got = await run(BENCH_QUERIES.q2!);
    const expected = bids.filter((b) => (b.auction as number) % 123 === 0).map((b) => ({ auction: b.auction, price: b.price }));
    expect(expected.length).toBeGreaterThan(50);
    expect(got).toEqual(expected);
  });

  it('q3 joins category-10 auctions with their sellers from OR, ID and CA', async () => {
    const got = await run(BENCH_QUERIES.q3!);
    const byId = new Map(persons.map((p) => [p.id, p]));
    const expected = auctions.filter((a) => a.category === 10).flatMap((a) => {
      const p = byId.get(a.seller);
      return p && ['OR', 'ID', 'CA'].includes(p.state as string) ? [{ name: p.name, city: p.city, state: p.state, id: a.id }] : [];
    });
    expect(expected.length).toBeGreaterThan(100);
    expect(sorted(got)).toEqual(sorted(expected));
  });

  it('q4 averages, per category, the winning bid of every auction closed by the watermark', async () => {
    const got = await run(BENCH_QUERIES.q4!);
    const bidsByAuction = new Map<unknown, Row[]>();
    for (const b of bids) {
      const list = bidsByAuction.get(b.auction) ?? [];
      list.push(b);
      bidsByAuction.set(b.auction, list);
    }
    const totals = new Map<number, { sum: number; count: number }>();
    for (const a of auctions) {
      if (ms(a.expires) > finalWatermark) continue;
      const prices = (bidsByAuction.get(a.id) ?? []).filter((b) => ms(b.date_time) >= ms(a.date_time) && ms(b.date_time) <= ms(a.expires)).map((b) => b.price as number);
      if (prices.length === 0) continue;
      const t = totals.get(a.category as number) ?? { sum: 0, count: 0 };
      t.sum += Math.max(...prices);
      t.count++;
      totals.set(a.category as number, t);
    }
    const expected = [...totals].sort((x, y) => x[0] - y[0]).map(([category, t]) => ({ category, avg: t.sum / t.count, auctions: t.count }));
    expect(expected.reduce((n, e) => n + e.auctions, 0)).toBeGreaterThan(500);
    expect(got).toEqual(expected);
    expect(maxAuctionSeconds(RATE)).toBe(4);
    expect(maxAuctionSeconds(10_000)).toBe(1);
  });

  it('q5 finds, per 10 s window sliding by 2 s, the auctions with the most bids', async () => {
    const got = await run(BENCH_QUERIES.q5!);
    const counts = new Map<number, Map<number, number>>();
    for (const b of bids) {
      const t = ms(b.date_time);
      for (let start = Math.floor(t / 2000) * 2000; start > t - 10_000; start -= 2000) {
        if (start + 10_000 > finalWatermark) continue;
        const perAuction = counts.get(start) ?? new Map<number, number>();
        perAuction.set(b.auction as number, (perAuction.get(b.auction as number) ?? 0) + 1);
        counts.set(start, perAuction);
      }
    }
    const expected = [...counts].flatMap(([start, perAuction]) => {
      const top = Math.max(...perAuction.values());
      return [...perAuction].filter(([, n]) => n === top).map(([auction, num]) => ({ auction, num, starttime: new Date(start) }));
    });
    expect(expected.length).toBeGreaterThanOrEqual(15);
    expect(sorted(got)).toEqual(sorted(expected));
  });

  it('q7 gives the highest bid of every closed 10 s window', async () => {
    const got = await run(BENCH_QUERIES.q7!);
    const best = new Map<number, Row>();
    for (const b of bids) {
      const end = Math.floor(ms(b.date_time) / 10_000) * 10_000 + 10_000;
      if (end > finalWatermark) continue;
      const current = best.get(end);
      if (current === undefined || (b.price as number) > (current.price as number)) best.set(end, b);
    }
    const expected = [...best].map(([end, b]) => ({ auction: b.auction, price: b.price, bidder: b.bidder, date_time: b.date_time, extra: b.extra, window_end: new Date(end) }));
    expect(expected.length).toBe(3);
    expect(sorted(got)).toEqual(sorted(expected));
  });

  it('q8 lists the persons who opened an auction in the 10 s window they joined in', async () => {
    const got = await run(BENCH_QUERIES.q8!);
    const window = (r: Row) => Math.floor(ms(r.date_time) / 10_000);
    const sellers = new Set(auctions.map((a) => `${a.seller}/${window(a)}`));
    const expected = persons.filter((p) => sellers.has(`${p.id}/${window(p)}`))
      .map((p) => ({ id: p.id, name: p.name, starttime: new Date(window(p) * 10_000) }));
    expect(expected.length).toBeGreaterThan(100);
    expect(sorted(got)).toEqual(sorted(expected));
  });

  it('seed-windowed sums sales per product in 1 minute windows sliding by 30 s', async () => {
    const got = await run(BENCH_QUERIES['seed-windowed']!);
    const generator = new SalesEventGenerator(parseSalesOptions({ rowsPerSecond: String(RATE), paced: 'false', totalEvents: String(EVENTS) }), START / 1000);
    const expected = new Map<string, { product: string; start: number; sales: number; orders: number }>();
    for (let i = 0; i < EVENTS; i++) {
      const e = generator.event(i);
      for (let start = Math.floor(e.timestamp / 30) * 30; start > e.timestamp - 60; start -= 30) {
        const key = `${e.product}/${start}`;
        const g = expected.get(key) ?? { product: e.product, start, sales: 0, orders: 0 };
        g.sales += e.price * e.quantity;
        g.orders++;
        expected.set(key, g);
      }
    }
    // update mode: the last update of each group carries its final figures
    const last = new Map<string, Row>();
    for (const r of got) last.set(`${r.product}/${ms((r.window as Row).start) / 1000}`, r);
    expect(last.size).toBe(expected.size);
    for (const [key, g] of expected) {
      const r = last.get(key)!;
      expect({ key, sales: r.window_sales, orders: r.window_orders }).toEqual({ key, sales: g.sales, orders: g.orders });
    }
  });
});
