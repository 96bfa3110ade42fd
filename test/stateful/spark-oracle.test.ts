// Acceptance: stateful queries fed batch by batch give exactly the rows, watermarks and state figures PySpark 3.5.9
// gave for the same input (fixtures in test/fixtures/spark/, produced by test/fixtures/spark/oracle.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStream, Session, avg, col, count, fromJson, fromUnixtime, sum, window } from '../../src/index.js';
import type { DataFrame, StreamingQueryProgress } from '../../src/index.js';
import { sortRows } from '../support/stream-test.js';

interface FixtureBatch {
  readonly batchId: number;
  readonly numInputRows: number;
  readonly watermark?: string;
  readonly stateOperators: readonly Record<string, unknown>[];
  readonly rows: readonly Record<string, unknown>[];
}

interface Fixture {
  readonly spark: string;
  readonly outputMode: string;
  readonly inputBatches: readonly (readonly Record<string, unknown>[])[];
  readonly batches: readonly FixtureBatch[];
}

const session = Session.builder().appName('spark-oracle-test').getOrCreate();
const SALES_SCHEMA = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING';

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/spark/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

/** The seed-003 prefix: parse, total_amount, event_time. */
function enriched(input: DataFrame): DataFrame {
  return input.select(fromJson(col('value'), SALES_SCHEMA).alias('data')).select('data.*')
    .withColumn('total_amount', col('price').multiply(col('quantity')))
    .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'));
}

const windowedSales = (input: DataFrame) => enriched(input).withWatermark('event_time', '10 seconds')
  .groupBy('product', window(col('event_time'), '1 minute', '30 seconds'))
  .agg(sum('total_amount').alias('window_sales'), count('*').alias('window_orders'));

const regionTotals = (input: DataFrame) => enriched(input).groupBy('region')
  .agg(sum('total_amount').alias('total_sales'), count('*').alias('order_count'), avg('total_amount').alias('avg_order_value'));

/** JS values as the fixtures write them: timestamps as ISO-8601 UTC text. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

async function runAgainstFixture(name: string, build: (input: DataFrame) => DataFrame): Promise<void> {
  const f = fixture(name);
  const input = MemoryStream.create(session, 'value STRING');
  const outputs = new Map<number, Record<string, unknown>[]>();
  const query = await build(input.toDF()).writeStream.outputMode(f.outputMode)
    .foreachBatch(async (df, batchId) => { outputs.set(batchId, (await df.collect()).map((r) => plain(r) as Record<string, unknown>)); })
    .start();
  try {
    for (const batch of f.inputBatches) {
      input.addData(batch.map((event) => ({ value: JSON.stringify(event) })));
      await query.processAllAvailable();
    }
  } finally {
    await query.stop();
  }
  const progress = new Map<number, StreamingQueryProgress>(query.recentProgress.map((p) => [p.batchId, p]));
  expect([...outputs.keys()]).toEqual(f.batches.map((b) => b.batchId));
  for (const expected of f.batches) {
    const p = progress.get(expected.batchId)!;
    const actual = {
      batchId: expected.batchId,
      numInputRows: p.numInputRows,
      watermark: p.eventTime.watermark,
      stateOperators: p.stateOperators.map((s) => ({
        operatorName: s.operatorName, numRowsTotal: s.numRowsTotal, numRowsUpdated: s.numRowsUpdated,
        numRowsRemoved: s.numRowsRemoved, numRowsDroppedByWatermark: s.numRowsDroppedByWatermark,
      })),
      rows: sortRows(outputs.get(expected.batchId)!),
    };
    expect(actual, `batch ${expected.batchId}`).toEqual({
      batchId: expected.batchId,
      numInputRows: expected.numInputRows,
      watermark: expected.watermark ?? undefined,
      stateOperators: expected.stateOperators.map((s) => ({
        operatorName: s.operatorName, numRowsTotal: s.numRowsTotal, numRowsUpdated: s.numRowsUpdated,
        numRowsRemoved: s.numRowsRemoved, numRowsDroppedByWatermark: s.numRowsDroppedByWatermark,
      })),
      rows: sortRows([...expected.rows] as Record<string, unknown>[]),
    });
  }
}

describe('stateful queries match PySpark 3.5.9 batch by batch', () => {
  it('seed-003 windowed sales (1 minute windows sliding 30 seconds, 10 second watermark), update mode', async () => {
    await runAgainstFixture('windowed_update', windowedSales);
  });

  it('seed-003 windowed sales, append mode', async () => {
    await runAgainstFixture('windowed_append', windowedSales);
  });

  it('seed-003 per-region totals, complete mode', async () => {
    await runAgainstFixture('region_complete', regionTotals);
  });
});
