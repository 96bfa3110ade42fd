// Late rows (dropped and counted, or routed to a sink of their own) and state bounded by the watermark.
import { describe, expect, it } from 'vitest';
import { MemoryStream, Session, col, count, sum, window } from '../../src/index.js';

const session = Session.builder().appName('watermark-test').getOrCreate();
const T0 = Date.UTC(2023, 10, 14, 22, 13, 30); // aligned to 30 s
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const iso = (seconds: number) => at(seconds);

describe('watermarks', () => {
  it('drops a late event, counts it, and routes it to the late-rows sink', async () => {
    const input = MemoryStream.create(session, 'product STRING, amount INT, event_time TIMESTAMP');
    const late: Record<string, unknown>[] = [];
    const lateBatchIds: number[] = [];
    const df = input.toDF().withWatermark('event_time', '10 seconds')
      .groupBy('product', window(col('event_time'), '30 seconds')).agg(sum('amount').alias('total'));
    const query = await df.writeStream.outputMode('update').format('memory').queryName('late_totals')
      .lateRows(async (rows, batchId) => { lateBatchIds.push(batchId); late.push(...(await rows.collect())); })
      .start();
    input.addData([{ product: 'a', amount: 1, event_time: at(5) }, { product: 'a', amount: 2, event_time: at(65) }]);
    await query.processAllAvailable(); // batch 0 (data), batch 1 (no data: watermark → T0+55 s)
    input.addData([{ product: 'a', amount: 4, event_time: at(10) }, { product: 'b', amount: 8, event_time: at(62) }]);
    await query.processAllAvailable(); // batch 2: the event at T0+10 s belongs to a window ending T0+30 s ≤ watermark
    await query.stop();

    const progress = query.recentProgress;
    expect(progress.map((p) => p.batchId)).toEqual([0, 1, 2]);
    expect(progress.map((p) => p.eventTime.watermark)).toEqual([new Date(0).toISOString(), at(55).toISOString(), at(55).toISOString()]);
    expect(progress.map((p) => p.stateOperators[0]!.numRowsDroppedByWatermark)).toEqual([0, 0, 1]);
    expect(lateBatchIds).toEqual([2]);
    // late rows come in the aggregate's input columns: the keys, then the aggregated values
    expect(late).toEqual([{ product: 'a', window: { start: iso(0), end: iso(30) }, amount: 4 }]);
    const rows = await session.table('late_totals').collect();
    expect(rows).toContainEqual({ product: 'b', window: { start: iso(60), end: iso(90) }, total: 8 });
    expect(rows.filter((r) => r.product === 'a' && (r.window as { start: Date }).start.getTime() === T0)).toEqual([
      { product: 'a', window: { start: iso(0), end: iso(30) }, total: 1 },
    ]);
  });

  it('keeps state bounded over a long generated run with a watermark', async () => {
    // 60 batches of events 10 s apart in event time, 5 products, 30 s tumbling windows, 10 s watermark
    const input = MemoryStream.create(session, 'product STRING, amount INT, event_time TIMESTAMP');
    const df = input.toDF().withWatermark('event_time', '10 seconds')
      .groupBy('product', window(col('event_time'), '30 seconds')).agg(count('*').alias('n'));
    const query = await df.writeStream.outputMode('append').format('noop').start();
    const totals: number[] = [];
    for (let b = 0; b < 60; b++) {
      input.addData(Array.from({ length: 50 }, (_, k) => ({ product: `p${k % 5}`, amount: k, event_time: at(b * 10 + (k % 10)) })));
      await query.processAllAvailable();
      totals.push(query.lastProgress!.stateOperators[0]!.numRowsTotal);
    }
    await query.stop();
    const tail = totals.slice(10);
    // at most the open windows (2 per product) and never growing with the run
    expect(Math.max(...tail)).toBeLessThanOrEqual(10);
    expect(Math.max(...totals.slice(40))).toBeLessThanOrEqual(Math.max(...totals.slice(10, 20)));
    expect(query.lastProgress!.stateOperators[0]!.memoryUsedBytes).toBeGreaterThan(0);
  });
});
