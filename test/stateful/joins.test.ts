// Joins end to end: stream–stream inner join with watermarks and a time range (PySpark 3.5.9 oracle), stream–static.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStream, Session, col, expr, fromJson, fromUnixtime } from '../../src/index.js';
import type { StreamingQueryProgress } from '../../src/index.js';
import { sortRows, testStream } from '../support/stream-test.js';

const session = Session.builder().appName('joins-test').getOrCreate();

interface JoinFixture {
  readonly inputBatches: readonly { impressions: Record<string, unknown>[]; clicks: Record<string, unknown>[] }[];
  readonly batches: readonly {
    batchId: number; numInputRows: number; watermark: string;
    stateOperators: Record<string, unknown>[]; rows: Record<string, unknown>[];
  }[];
}

const iso = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

describe('joins', () => {
  it('stream–stream inner join with watermarks and a time-range condition gives Spark 3.5.9 rows and state, batch by batch', async () => {
    const f = JSON.parse(readFileSync(new URL('../fixtures/spark/stream_stream_join.json', import.meta.url), 'utf8')) as JoinFixture;
    const impressionsIn = MemoryStream.create(session, 'value STRING');
    const clicksIn = MemoryStream.create(session, 'value STRING');
    const impressions = impressionsIn.toDF().select(fromJson(col('value'), 'ad_id STRING, imp_time LONG').alias('d'))
      .select(col('d.ad_id').alias('ad_id'), fromUnixtime(col('d.imp_time')).cast('timestamp').alias('imp_time'))
      .withWatermark('imp_time', '10 seconds');
    const clicks = clicksIn.toDF().select(fromJson(col('value'), 'ad_id STRING, click_time LONG').alias('d'))
      .select(col('d.ad_id').alias('click_ad_id'), fromUnixtime(col('d.click_time')).cast('timestamp').alias('click_time'))
      .withWatermark('click_time', '20 seconds');
    const joined = impressions.join(clicks, expr('ad_id = click_ad_id AND click_time >= imp_time AND click_time <= imp_time + interval 1 minute'), 'inner');
    const outputs = new Map<number, Record<string, unknown>[]>();
    const query = await joined.writeStream.outputMode('append')
      .foreachBatch(async (df, id) => { outputs.set(id, (await df.collect()).map(iso)); }).start();
    try {
      for (const batch of f.inputBatches) {
        impressionsIn.addData(batch.impressions.map((e) => ({ value: JSON.stringify(e) })));
        clicksIn.addData(batch.clicks.map((e) => ({ value: JSON.stringify(e) })));
        await query.processAllAvailable();
      }
    } finally {
      await query.stop();
    }
    const progress = new Map<number, StreamingQueryProgress>(query.recentProgress.map((p) => [p.batchId, p]));
    expect([...outputs.keys()]).toEqual(f.batches.map((b) => b.batchId));
    for (const b of f.batches) {
      const p = progress.get(b.batchId)!;
      const s = p.stateOperators[0]!;
      expect({
        rows: sortRows(outputs.get(b.batchId)!), watermark: p.eventTime.watermark, numInputRows: p.numInputRows,
        state: [s.numRowsTotal, s.numRowsUpdated, s.numRowsRemoved, s.numRowsDroppedByWatermark],
      }, `batch ${b.batchId}`).toEqual({
        rows: sortRows(b.rows), watermark: b.watermark, numInputRows: b.numInputRows,
        state: ['numRowsTotal', 'numRowsUpdated', 'numRowsRemoved', 'numRowsDroppedByWatermark'].map((k) => b.stateOperators[0]![k]),
      });
    }
  });

  it('stream–static inner and left outer joins enrich each event with the static table', async () => {
    const products = session.createDataFrame([{ product: 'laptop', category: 'computers' }, { product: 'phone', category: 'mobile' }], 'product STRING, category STRING');
    for (const how of ['inner', 'left_outer'] as const) {
      const input = MemoryStream.create(session, 'event_id STRING, product STRING, price INT');
      const expectedSecond = how === 'inner' ? [] : [{ event_id: 'e3', product: 'watch', price: 3, category: null }];
      await testStream(input.toDF().join(products, 'product', how).select('event_id', 'product', 'price', 'category'), 'append')
        .addData(input, [{ event_id: 'e1', product: 'laptop', price: 1 }, { event_id: 'e2', product: 'phone', price: 2 }]).processAllAvailable()
        .checkLastBatch([{ event_id: 'e1', product: 'laptop', price: 1, category: 'computers' }, { event_id: 'e2', product: 'phone', price: 2, category: 'mobile' }])
        .addData(input, [{ event_id: 'e3', product: 'watch', price: 3 }]).processAllAvailable()
        .checkLastBatch(expectedSecond)
        .run();
    }
  });

  it('refuses a stream–stream join in update mode and a static–stream left outer join', async () => {
    const a = MemoryStream.create(session, 'k STRING, t TIMESTAMP').toDF();
    const b = MemoryStream.create(session, 'k2 STRING, t2 TIMESTAMP').toDF();
    const e = await a.join(b, expr('k = k2'), 'inner').writeStream.outputMode('update').format('noop').start().then(() => null, (x: unknown) => x as Error);
    expect(e?.message).toContain('Join between two streaming DataFrames/Datasets is not supported in Update output mode, only in Append output mode');
    const stat = session.createDataFrame([], 'k3 STRING');
    const e2 = await stat.join(a, expr('k3 = k'), 'left_outer').writeStream.format('noop').start().then(() => null, (x: unknown) => x as Error);
    expect(e2?.message).toContain('joins with a static DataFrame/Dataset on the left and a streaming DataFrame/Dataset on the right are not supported');
  });
});
