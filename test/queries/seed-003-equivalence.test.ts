// Acceptance: the seed-003 pipeline written in SQL and with the DataFrame API gives identical EXPLAIN text and rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStream, Session, avg, col, count, fromJson, fromUnixtime, runSqlScript, sum, window } from '../../src/index.js';
import type { DataFrame } from '../../src/index.js';

const SALES_SCHEMA = 'event_id STRING, timestamp BIGINT, product STRING, price INT, quantity INT, region STRING';
const session = Session.builder().appName('seed-003-equivalence').getOrCreate();

/** The seed's pipeline (§3.2–3.4) with the API, from a DataFrame of Kafka-like rows with a JSON `value`. */
function enhanced(raw: DataFrame): DataFrame {
  return raw
    .select(fromJson(col('value'), SALES_SCHEMA).alias('data'))
    .select('data.*')
    .withColumn('total_amount', col('price').multiply(col('quantity')))
    .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'))
    .withWatermark('event_time', '10 seconds')
    .alias('sales_events');
}

function regionSales(events: DataFrame): DataFrame {
  return events.groupBy('region').agg(sum('total_amount').alias('total_sales'), count('*').alias('order_count'), avg('total_amount').alias('avg_order_value'));
}

function productSales(events: DataFrame): DataFrame {
  return events.groupBy('product', window(col('event_time'), '1 minute', '30 seconds'))
    .agg(sum('total_amount').alias('window_sales'), count('*').alias('window_orders'));
}

const sorted = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('seed 003 in SQL and with the API', () => {
  it('queries/sales-analytics.sql plans to the same EXPLAIN text as the API pipeline over the same source', async () => {
    const text = readFileSync(new URL('../../queries/sales-analytics.sql', import.meta.url), 'utf8');
    const result = await runSqlScript(session, text, { mode: 'check', env: {}, variables: { SINK: 'memory' } });
    const source = session.readStream.format('sales').options({ rowsPerSecond: '10', totalEvents: '1000000', paced: 'true', seed: '42' }).load();
    const [region, product] = result.queries;
    expect(region!.dataFrame.explainString(true)).toBe(regionSales(enhanced(source)).explainString(true));
    expect(product!.dataFrame.explainString(true)).toBe(productSales(enhanced(source)).explainString(true));
  });

  it('gives the same plans and the same rows over the same input', async () => {
    const result = await runSqlScript(session, `
      CREATE TABLE sales_events (
        event_id STRING, \`timestamp\` BIGINT, product STRING, price INT, quantity INT, region STRING,
        total_amount AS price * quantity,
        event_time AS CAST(from_unixtime(\`timestamp\`) AS TIMESTAMP),
        WATERMARK FOR event_time AS event_time - INTERVAL '10' SECOND
      ) WITH ('connector' = 'memory', 'format' = 'json');
      CREATE TABLE sql_region WITH ('connector' = 'memory');
      CREATE TABLE sql_product WITH ('connector' = 'memory');
      INSERT INTO sql_region /*+ OPTIONS('outputMode' = 'complete') */
      SELECT region, sum(total_amount) AS total_sales, count(*) AS order_count, avg(total_amount) AS avg_order_value
      FROM sales_events GROUP BY region;
      INSERT INTO sql_product /*+ OPTIONS('outputMode' = 'update') */
      SELECT product, window, sum(total_amount) AS window_sales, count(*) AS window_orders
      FROM sales_events GROUP BY product, window(event_time, '1 minute', '30 seconds');`, { env: {} });
    const sqlInput = result.memoryStreams.get('sales_events')!;
    const apiInput = MemoryStream.create(session, 'value STRING');
    const apiRegion = regionSales(enhanced(apiInput.toDF()));
    const apiProduct = productSales(enhanced(apiInput.toDF()));
    // same plans, apart from the MemoryStream behind each relation
    expect(result.queries[0]!.dataFrame.explainString(true)).toBe(apiRegion.explainString(true));
    expect(result.queries[1]!.dataFrame.explainString(true)).toBe(apiProduct.explainString(true));
    const apiQueries = [
      await apiRegion.writeStream.format('memory').queryName('api_region').outputMode('complete').start(),
      await apiProduct.writeStream.format('memory').queryName('api_product').outputMode('update').start(),
    ];
    const batches = [
      [[1, 'laptop', 500, 2, 'North', 1700000000], [2, 'phone', 300, 1, 'South', 1700000010], [3, 'laptop', 100, 5, 'North', 1700000031]],
      [[4, 'watch', 250, 2, 'East', 1700000065], [5, 'phone', 999, 1, 'South', 1700000020], [6, 'laptop', 120, 3, 'West', 1700000095]],
      [[7, 'tablet', 400, 4, 'North', 1700000200]],
    ] as const;
    for (const batch of batches) {
      const rows = batch.map(([i, product, price, quantity, region, timestamp]) => ({
        value: JSON.stringify({ event_id: `event_${i}`, timestamp, product, price, quantity, region }),
      }));
      sqlInput.addData(rows);
      apiInput.addData(rows);
      for (const q of [...result.queries.map((r) => r.query!), ...apiQueries]) await q.processAllAvailable();
    }
    const sqlRegion = sorted(await session.table('sql_region').collect());
    expect(sqlRegion).toEqual(sorted(await session.table('api_region').collect()));
    expect(sqlRegion).toEqual([
      { region: 'East', total_sales: 500, order_count: 1, avg_order_value: 500 },
      { region: 'North', total_sales: 3100, order_count: 3, avg_order_value: 3100 / 3 },
      { region: 'South', total_sales: 1299, order_count: 2, avg_order_value: 649.5 },
      { region: 'West', total_sales: 360, order_count: 1, avg_order_value: 360 },
    ]);
    const sqlProduct = sorted(await session.table('sql_product').collect());
    expect(sqlProduct).toEqual(sorted(await session.table('api_product').collect()));
    const window = (start: number) => ({ start: new Date(start * 1000), end: new Date((start + 60) * 1000) });
    expect(sqlProduct).toContainEqual({ product: 'laptop', window: window(1699999980), window_sales: 1500, window_orders: 2 });
    expect(sqlProduct).toContainEqual({ product: 'phone', window: window(1699999980), window_sales: 300, window_orders: 1 });
    expect(sqlProduct).toContainEqual({ product: 'phone', window: window(1699999980), window_sales: 1299, window_orders: 2 });
    for (const q of [...result.queries.map((r) => r.query!), ...apiQueries]) await q.stop();
  });
});
