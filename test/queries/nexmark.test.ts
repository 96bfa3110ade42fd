// queries/nexmark-*.sql end to end over the nexmark generator, each checked against the same bids computed here.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Session, runSqlScript } from '../../src/index.js';
import { recordBatchToRows } from '../../src/compute/arrow-bridge.js';
import { NEXMARK_BID_SCHEMA, NexmarkEventGenerator, parseNexmarkOptions } from '../../src/sources/generators/nexmark-generator.js';

const TOTAL = 1500;
const RATE = 10;
const session = Session.builder().appName('nexmark-queries').getOrCreate();
afterAll(() => session.stop());

interface Bid { auction: number; bidder: number; price: number; channel: string; url: string; date_time: Date; extra: string }
type Row = Record<string, unknown>;

/** Runs a queries/ file to the end; returns its output rows and the bids the generator gave it. */
async function runFile(file: string, total = TOTAL): Promise<{ rows: Row[]; bids: Bid[] }> {
  const text = readFileSync(new URL(`../../queries/${file}`, import.meta.url), 'utf8');
  const result = await runSqlScript(session, text, {
    env: {}, variables: { EVENTS_PER_SECOND: String(RATE), TOTAL_EVENTS: String(total), PACED: 'false', SINK: 'memory' }, trigger: { availableNow: true },
  });
  const { name, query } = result.queries[0]!;
  await query!.awaitTermination();
  const offset = JSON.parse(query!.recentProgress[0]!.sources[0]!.endOffset!) as { startMs: number; rows: number };
  expect(offset.rows).toBe(total);
  const generator = new NexmarkEventGenerator(parseNexmarkOptions({ table: 'bid', rowsPerSecond: String(RATE), totalEvents: String(total), paced: 'false' }), offset.startMs);
  const bids = recordBatchToRows(generator.batch(0, total), NEXMARK_BID_SCHEMA) as unknown as Bid[];
  expect(bids.length).toBeGreaterThan(total / 2);
  return { rows: await session.table(name).collect(), bids };
}

const sorted = (rows: Row[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
/** Update mode writes a group again when it changes: its last row is its value. */
function lastPerKey(rows: Row[], key: (r: Row) => string): Row[] {
  const last = new Map<string, Row>();
  for (const r of rows) last.set(key(r), r);
  return [...last.values()];
}
const day = (d: Date) => d.toISOString().slice(0, 10);

describe('Nexmark queries', () => {
  it('q0 passes every bid through', async () => {
    const { rows, bids } = await runFile('nexmark-q0.sql');
    expect(sorted(rows)).toEqual(sorted(bids.map((b) => ({ auction: b.auction, bidder: b.bidder, price: b.price, date_time: b.date_time, extra: b.extra }))));
  });

  it('q1 converts prices to euros', async () => {
    const { rows, bids } = await runFile('nexmark-q1.sql');
    expect(sorted(rows)).toEqual(sorted(bids.map((b) => ({ auction: b.auction, bidder: b.bidder, price: 0.908 * b.price, date_time: b.date_time, extra: b.extra }))));
  });

  it('q2 keeps the bids of every 123rd auction', async () => {
    // enough events for auction ids to pass a multiple of 123
    const { rows, bids } = await runFile('nexmark-q2.sql', 20_000);
    const expected = bids.filter((b) => b.auction % 123 === 0).map((b) => ({ auction: b.auction, price: b.price }));
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(rows)).toEqual(sorted(expected));
  });

  it('q11 counts the bids of each user session (10-second gap), written once the watermark passes the session', async () => {
    const { rows, bids } = await runFile('nexmark-q11.sql');
    const watermark = Math.max(...bids.map((b) => b.date_time.getTime())) - 4000;
    const expected: Row[] = [];
    const byBidder = new Map<number, number[]>();
    for (const b of bids) byBidder.set(b.bidder, [...(byBidder.get(b.bidder) ?? []), b.date_time.getTime()]);
    for (const [bidder, times] of byBidder) {
      times.sort((a, b) => a - b);
      let session = { start: times[0]!, end: times[0]! + 10_000, count: 0 };
      const close = () => {
        if (session.end <= watermark) expected.push({ bidder, bid_count: session.count, starttime: new Date(session.start), endtime: new Date(session.end) });
      };
      for (const t of times) {
        if (t >= session.end) {
          close();
          session = { start: t, end: t + 10_000, count: 0 };
        }
        session.end = Math.max(session.end, t + 10_000);
        session.count++;
      }
      close();
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(sorted(rows)).toEqual(sorted(expected));
  });

  it('q14 computes prices, times of day and c counts for the bids in a price range', async () => {
    const { rows, bids } = await runFile('nexmark-q14.sql');
    const expected = bids.filter((b) => 0.908 * b.price > 1_000_000 && 0.908 * b.price < 50_000_000).map((b) => {
      const hour = b.date_time.getUTCHours();
      return {
        auction: b.auction, bidder: b.bidder, price: 0.908 * b.price,
        bid_time_type: hour >= 8 && hour <= 18 ? 'dayTime' : hour <= 6 || hour >= 20 ? 'nightTime' : 'otherTime',
        date_time: b.date_time, extra: b.extra, c_counts: [...b.extra].filter((ch) => ch === 'c').length,
      };
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(rows)).toEqual(sorted(expected));
  });

  it('q15 reports bids, bidders and auctions per day and price range', async () => {
    const { rows, bids } = await runFile('nexmark-q15.sql');
    const ranks = [(p: number) => p < 10_000, (p: number) => p >= 10_000 && p < 1_000_000, (p: number) => p >= 1_000_000];
    const days = [...new Set(bids.map((b) => day(b.date_time)))];
    const expected = days.map((d) => {
      const of = bids.filter((b) => day(b.date_time) === d);
      const distinct = (xs: number[]) => new Set(xs).size;
      return {
        day: d,
        total_bids: of.length,
        rank1_bids: of.filter((b) => ranks[0]!(b.price)).length,
        rank2_bids: of.filter((b) => ranks[1]!(b.price)).length,
        rank3_bids: of.filter((b) => ranks[2]!(b.price)).length,
        total_bidders: distinct(of.map((b) => b.bidder)),
        rank1_bidders: distinct(of.filter((b) => ranks[0]!(b.price)).map((b) => b.bidder)),
        rank2_bidders: distinct(of.filter((b) => ranks[1]!(b.price)).map((b) => b.bidder)),
        rank3_bidders: distinct(of.filter((b) => ranks[2]!(b.price)).map((b) => b.bidder)),
        total_auctions: distinct(of.map((b) => b.auction)),
        rank1_auctions: distinct(of.filter((b) => ranks[0]!(b.price)).map((b) => b.auction)),
        rank2_auctions: distinct(of.filter((b) => ranks[1]!(b.price)).map((b) => b.auction)),
        rank3_auctions: distinct(of.filter((b) => ranks[2]!(b.price)).map((b) => b.auction)),
      };
    });
    expect(sorted(lastPerKey(rows, (r) => String(r.day)))).toEqual(sorted(expected));
  });

  it('q16 reports per channel and day the last minute, bids, bidders and auctions per price range', async () => {
    const { rows, bids } = await runFile('nexmark-q16.sql');
    const groups = new Map<string, Bid[]>();
    for (const b of bids) groups.set(`${b.channel}/${day(b.date_time)}`, [...(groups.get(`${b.channel}/${day(b.date_time)}`) ?? []), b]);
    const ranks = [(p: number) => p < 10_000, (p: number) => p >= 10_000 && p < 1_000_000, (p: number) => p >= 1_000_000];
    const distinct = (xs: number[]) => new Set(xs).size;
    const expected = [...groups.values()].map((of) => ({
      channel: of[0]!.channel,
      day: day(of[0]!.date_time),
      minute: of.map((b) => b.date_time.toISOString().slice(11, 16)).sort().pop(),
      total_bids: of.length,
      rank1_bids: of.filter((b) => ranks[0]!(b.price)).length,
      rank2_bids: of.filter((b) => ranks[1]!(b.price)).length,
      rank3_bids: of.filter((b) => ranks[2]!(b.price)).length,
      total_bidders: distinct(of.map((b) => b.bidder)),
      rank1_bidders: distinct(of.filter((b) => ranks[0]!(b.price)).map((b) => b.bidder)),
      rank2_bidders: distinct(of.filter((b) => ranks[1]!(b.price)).map((b) => b.bidder)),
      rank3_bidders: distinct(of.filter((b) => ranks[2]!(b.price)).map((b) => b.bidder)),
      total_auctions: distinct(of.map((b) => b.auction)),
      rank1_auctions: distinct(of.filter((b) => ranks[0]!(b.price)).map((b) => b.auction)),
      rank2_auctions: distinct(of.filter((b) => ranks[1]!(b.price)).map((b) => b.auction)),
      rank3_auctions: distinct(of.filter((b) => ranks[2]!(b.price)).map((b) => b.auction)),
    }));
    expect(expected.length).toBeGreaterThan(1);
    expect(sorted(lastPerKey(rows, (r) => `${String(r.channel)}/${String(r.day)}`))).toEqual(sorted(expected));
  });

  it('q17 reports per auction and day the bids per price range and the min, max, average and total price', async () => {
    const { rows, bids } = await runFile('nexmark-q17.sql');
    const groups = new Map<string, Bid[]>();
    for (const b of bids) {
      const key = `${b.auction}/${day(b.date_time)}`;
      groups.set(key, [...(groups.get(key) ?? []), b]);
    }
    const expected = [...groups.values()].map((of) => {
      const prices = of.map((b) => b.price);
      const sum = prices.reduce((s, p) => s + p, 0);
      return {
        auction: of[0]!.auction, day: day(of[0]!.date_time), total_bids: of.length,
        rank1_bids: prices.filter((p) => p < 10_000).length,
        rank2_bids: prices.filter((p) => p >= 10_000 && p < 1_000_000).length,
        rank3_bids: prices.filter((p) => p >= 1_000_000).length,
        min_price: Math.min(...prices), max_price: Math.max(...prices), avg_price: sum / of.length, sum_price: sum,
      };
    });
    expect(sorted(lastPerKey(rows, (r) => `${String(r.auction)}/${String(r.day)}`))).toEqual(sorted(expected));
  });

  it('q21 adds a channel id from the channel name or the URL', async () => {
    const { rows, bids } = await runFile('nexmark-q21.sql');
    const ids: Record<string, string> = { apple: '0', google: '1', facebook: '2', baidu: '3' };
    const expected = bids.flatMap((b) => {
      const fromUrl = /(&|^)channel_id=([^&]*)/.exec(b.url)?.[2] ?? '';
      const known = ids[b.channel.toLowerCase()];
      if (fromUrl === '' && known === undefined) return [];
      return [{ auction: b.auction, bidder: b.bidder, price: b.price, channel: b.channel, channel_id: known ?? fromUrl }];
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(rows)).toEqual(sorted(expected));
  });

  it('q22 splits each URL into its first directories', async () => {
    const { rows, bids } = await runFile('nexmark-q22.sql');
    const expected = bids.map((b) => {
      const parts = b.url.split('/');
      return { auction: b.auction, bidder: b.bidder, price: b.price, channel: b.channel, dir1: parts[3] ?? null, dir2: parts[4] ?? null, dir3: parts[5] ?? null };
    });
    expect(sorted(rows)).toEqual(sorted(expected));
  });
});
