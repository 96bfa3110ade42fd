// Acceptance: stateful queries fed batch by batch give exactly the rows, watermarks and state figures PySpark 3.5.9
// gave for the same input (fixtures in test/fixtures/spark/, produced by test/fixtures/spark/oracle.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MemoryStream, Session, approxCountDistinct, avg, col, count, first, fromJson, fromUnixtime, max, min, sessionWindow, sum, window,
} from '../../src/index.js';
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
  /** A runnable substitute where Spark rejects the query: same input, another mode or function. */
  readonly variant?: { readonly outputMode: string; readonly batches: readonly FixtureBatch[] };
  readonly errors?: Readonly<Record<string, { readonly message: string }>>;
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

async function runAgainstFixture(name: string, build: (input: DataFrame) => DataFrame, useVariant = false): Promise<void> {
  const original = fixture(name);
  const f: Fixture = useVariant ? { ...original, ...original.variant! } : original;
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

const deduplicated = (input: DataFrame) => enriched(input).withWatermark('event_time', '10 seconds').dropDuplicates(['event_id', 'event_time']);
const deduplicatedWithinWatermark = (input: DataFrame) => enriched(input).withWatermark('event_time', '10 seconds').dropDuplicatesWithinWatermark(['event_id']);
const sessions = (input: DataFrame) => enriched(input).withWatermark('event_time', '10 seconds')
  .groupBy('region', sessionWindow(col('event_time'), '20 seconds')).agg(count('*').alias('n'), sum('total_amount').alias('s'));
const regionStats = (input: DataFrame) => enriched(input).groupBy('region')
  .agg(approxCountDistinct('product').alias('products'), min('price').alias('min_price'), max('price').alias('max_price'), first('product').alias('first_product'));

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

  it('dropDuplicates(event_id, event_time) with a watermark, append mode', async () => {
    await runAgainstFixture('dedup_with_watermark', deduplicated);
  });

  it('dropDuplicatesWithinWatermark(event_id), append mode', async () => {
    await runAgainstFixture('dedup_within_watermark', deduplicatedWithinWatermark);
  });

  it('session windows (20 second gap) merging and closing by the watermark, append mode', async () => {
    await runAgainstFixture('session_window_append', sessions);
  });

  it('session windows in complete mode (Spark rejects update mode; so does brook)', async () => {
    await runAgainstFixture('session_window_update', sessions, true);
    const input = MemoryStream.create(session, 'value STRING');
    const error = await sessions(input.toDF()).writeStream.outputMode('update').format('noop').start().then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toContain(fixture('session_window_update').errors!.update!.message.replace(/;$/, ''));
  });

  it('approx_count_distinct, min, max and first per region, complete mode', async () => {
    await runAgainstFixture('count_distinct_complete', regionStats, true);
  });
});
