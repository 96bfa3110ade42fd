// queries/sales-analytics.sql end to end over the sales generator: region totals (complete) and windowed product sales (update).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session, runSqlScript } from '../../src/index.js';
import { SalesEventGenerator, parseSalesOptions } from '../../src/sources/index.js';

const TEXT = readFileSync(new URL('../../queries/sales-analytics.sql', import.meta.url), 'utf8');
const TOTAL = 300;
const RATE = 20;
const SEED = 7;

describe('queries/sales-analytics.sql', () => {
  it('computes the seed-003 totals per region and per product window, as the generated events say', async () => {
    const session = Session.builder().appName('sales-analytics-test').getOrCreate();
    const result = await runSqlScript(session, TEXT, {
      env: {},
      variables: { PACED: 'false', TOTAL_EVENTS: String(TOTAL), ROWS_PER_SECOND: String(RATE), SEED: String(SEED), SINK: 'memory' },
      trigger: { availableNow: true },
    });
    expect(result.queries.map((q) => [q.name, q.outputMode])).toEqual([['region_sales', 'complete'], ['product_sales', 'update']]);
    for (const q of result.queries) await q.query!.awaitTermination();

    // the events the generator produced: event 0's time is the query start (from the offset it logged)
    const offset = JSON.parse(result.queries[0]!.query!.lastProgress!.sources[0]!.endOffset!) as { startMs: number; rows: number };
    expect(offset.rows).toBe(TOTAL);
    const generator = new SalesEventGenerator(parseSalesOptions({ rowsPerSecond: String(RATE), seed: String(SEED), paced: 'false', totalEvents: String(TOTAL) }), Math.floor(offset.startMs / 1000));
    const events = Array.from({ length: TOTAL }, (_, i) => generator.event(i));

    const regions = new Map<string, { total: number; n: number }>();
    for (const e of events) {
      const r = regions.get(e.region) ?? { total: 0, n: 0 };
      r.total += e.price * e.quantity;
      r.n += 1;
      regions.set(e.region, r);
    }
    const regionRows = await session.table('region_sales').collect();
    expect(regionRows.sort((a, b) => String(a.region).localeCompare(String(b.region)))).toEqual(
      [...regions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, r]) => ({
        region, total_sales: r.total, order_count: r.n, avg_order_value: r.total / r.n,
      })),
    );

    // 1-minute windows sliding every 30 seconds; in update mode the last row of a window is its final value
    const windows = new Map<string, { product: string; start: number; sales: number; orders: number }>();
    for (const e of events) {
      const last = Math.floor(e.timestamp / 30) * 30;
      for (const start of [last - 30, last]) {
        const key = `${e.product}@${start}`;
        const w = windows.get(key) ?? { product: e.product, start, sales: 0, orders: 0 };
        w.sales += e.price * e.quantity;
        w.orders += 1;
        windows.set(key, w);
      }
    }
    const finalRows = new Map<string, Record<string, unknown>>();
    for (const row of await session.table('product_sales').collect()) {
      const window = row.window as { start: Date; end: Date };
      expect(window.end.getTime() - window.start.getTime()).toBe(60_000);
      finalRows.set(`${String(row.product)}@${window.start.getTime() / 1000}`, row);
    }
    expect([...finalRows.keys()].sort()).toEqual([...windows.keys()].sort());
    for (const [key, w] of windows) {
      expect(finalRows.get(key)).toMatchObject({ product: w.product, window_sales: w.sales, window_orders: w.orders });
    }
    await session.stop();
  });
});
