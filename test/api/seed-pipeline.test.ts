// Acceptance: seed 003's parsing pipeline over a MemoryStream, built with Column methods and with SQL strings.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStream, Session, col, expr, fromJson, fromUnixtime } from '../../src/index.js';
import type { DataFrame } from '../../src/index.js';
import { testStream } from '../support/stream-test.js';

const SALES_SCHEMA = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING';

function event(i: number, product: string, price: number, quantity: number, region: string, ts: number): { value: string } {
  return { value: JSON.stringify({ event_id: `event_${i}`, timestamp: ts, product, price, quantity, region }) };
}

function expected(i: number, product: string, price: number, quantity: number, region: string, ts: number) {
  return {
    event_id: `event_${i}`, timestamp: ts, product, price, quantity, region,
    total_amount: price * quantity, event_time: new Date(ts * 1000),
  };
}

const session = Session.builder().appName('seed-pipeline-test').getOrCreate();

/** The seed pipeline with Column methods. */
function withColumns(input: DataFrame, options?: Record<string, string>): DataFrame {
  return input
    .select(fromJson(col('value'), SALES_SCHEMA, options).alias('data'))
    .select('data.*')
    .withColumn('total_amount', col('price').multiply(col('quantity')))
    .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'))
    .filter(col('price').gt(0));
}

/** The same pipeline with SQL expression strings. */
function withSqlText(input: DataFrame): DataFrame {
  return input
    .selectExpr(`from_json(value, '${SALES_SCHEMA}') AS data`)
    .selectExpr('data.*')
    .withColumn('total_amount', expr('price * quantity'))
    .withColumn('event_time', expr('CAST(from_unixtime(timestamp) AS TIMESTAMP)'))
    .filter('price > 0');
}

describe('seed 003 pipeline (from_json → data.* → total_amount → event_time → filter)', () => {
  it('gives the expected rows batch by batch', async () => {
    const input = MemoryStream.create(session, 'value STRING');
    await testStream(withColumns(input.toDF()))
      .addData(input, [event(1, 'laptop', 500, 2, 'North', 1700000000), event(2, 'phone', 300, 1, 'South', 1700000001)])
      .processAllAvailable()
      .checkLastBatch([expected(1, 'laptop', 500, 2, 'North', 1700000000), expected(2, 'phone', 300, 1, 'South', 1700000001)])
      .addData(input, [event(3, 'watch', 0, 3, 'East', 1700000002), event(4, 'tablet', 999, 5, 'West', 1700000060)])
      .processAllAvailable()
      .checkLastBatch([expected(4, 'tablet', 999, 5, 'West', 1700000060)])
      .addData(input, [event(5, 'laptop', 100, 4, 'North', 1700000100)])
      .processAllAvailable()
      .checkLastBatch([expected(5, 'laptop', 100, 4, 'North', 1700000100)])
      .checkAnswer([
        expected(1, 'laptop', 500, 2, 'North', 1700000000), expected(2, 'phone', 300, 1, 'South', 1700000001),
        expected(4, 'tablet', 999, 5, 'West', 1700000060), expected(5, 'laptop', 100, 4, 'North', 1700000100),
      ])
      .assertQuery((q) => {
        expect(q.recentProgress.map((p) => p.numInputRows)).toEqual([2, 2, 1]);
        expect(q.recentProgress.map((p) => p.batchId)).toEqual([0, 1, 2]);
        expect(q.lastProgress!.sources[0]!.endOffset).toBe('5');
        expect(q.lastProgress!.sources[0]!.startOffset).toBe('4');
      })
      .run();
  });

  it('gives null fields for malformed JSON in PERMISSIVE mode (the row is kept, price > 0 is not true so it is filtered)', async () => {
    const input = MemoryStream.create(session, 'value STRING');
    const df = input.toDF().select(fromJson(col('value'), `${SALES_SCHEMA}, _corrupt_record STRING`).alias('data')).select('data.*');
    await testStream(df)
      .addData(input, [{ value: '{"event_id": "event_1", "price": 5' }, event(2, 'phone', 300, 1, 'South', 1700000001)])
      .processAllAvailable()
      .checkLastBatch([
        { event_id: null, timestamp: null, product: null, price: null, quantity: null, region: null, _corrupt_record: '{"event_id": "event_1", "price": 5' },
        { event_id: 'event_2', timestamp: 1700000001, product: 'phone', price: 300, quantity: 1, region: 'South', _corrupt_record: null },
      ])
      .run();
  });

  it('fails the query in FAILFAST mode with a message quoting the bad record', async () => {
    const input = MemoryStream.create(session, 'value STRING');
    await testStream(withColumns(input.toDF(), { mode: 'FAILFAST' }))
      .addData(input, [event(1, 'laptop', 500, 2, 'North', 1700000000)])
      .processAllAvailable()
      .checkLastBatch([expected(1, 'laptop', 500, 2, 'North', 1700000000)])
      .addData(input, [{ value: 'not json at all' }])
      .expectFailure('Malformed records are detected in record parsing', 'FAILFAST', 'not json at all', 'batch 1')
      .run();
  });

  it('builds the same plan and rows with Column methods and with SQL strings', async () => {
    const input = MemoryStream.create(session, 'value STRING');
    const a = withColumns(input.toDF());
    const b = withSqlText(input.toDF());
    expect(b.explainString(true)).toBe(a.explainString(true));
    expect(b.schema.toDDL()).toBe(a.schema.toDDL());
    const rows = [event(1, 'laptop', 500, 2, 'North', 1700000000), event(3, 'watch', 0, 3, 'East', 1700000002)];
    for (const build of [withColumns, withSqlText]) {
      const own = MemoryStream.create(session, 'value STRING');
      await testStream(build(own.toDF())).addData(own, rows).processAllAvailable()
        .checkAnswer([expected(1, 'laptop', 500, 2, 'North', 1700000000)]).run();
    }
  });

  it('matches the golden EXPLAIN text', () => {
    const input = MemoryStream.create(session, 'value STRING');
    const text = withColumns(input.toDF()).explainString(true);
    const golden = new URL('../golden/seed-pipeline.explain.txt', import.meta.url);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, `${text}\n`);
    expect(`${text}\n`).toBe(readFileSync(golden, 'utf8'));
  });
});
