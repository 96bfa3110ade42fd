// Acceptance, seed 003 end to end over a real broker: sales generator → sales-events (3 partitions) → per-region totals (complete) and per-product windows (update) → sales-summary.
import { describe, expect, it } from 'vitest';
import { Session, avg, col, count, fromJson, fromUnixtime, sum, window } from '../../src/index.js';
import type { DataFrame } from '../../src/index.js';
import { SalesEventGenerator, parseSalesOptions } from '../../src/sources/generators/sales-generator.js';
import { bootstrapServers, createTopic, readAll, uniqueTopic } from './kafka-test-support.js';

const SALES_SCHEMA = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING';
const EVENTS = 3000;
const START = 1_700_000_040; // a whole minute (epoch seconds)
const SALES_OPTIONS = { paced: 'false', totalEvents: String(EVENTS), seed: '3', rowsPerSecond: '10', startTimestamp: String(START), maxEventsPerTrigger: '1000' };

const session = Session.builder().appName('kafka-seed-003').config('spark.sql.session.timeZone', 'UTC').getOrCreate();

/** The seed's parsing pipeline over the Kafka rows (3.2 and 3.3 of the seed document). */
function enhanced(kafka: DataFrame): DataFrame {
  return kafka
    .select(col('key').cast('string').alias('key'), col('value').cast('string').alias('value'), col('topic'), col('partition'), col('offset'), col('timestamp').alias('kafka_timestamp'))
    .select(col('*'), fromJson(col('value'), SALES_SCHEMA).alias('data'))
    .select('key', 'topic', 'partition', 'offset', 'kafka_timestamp', 'data.*')
    .withColumn('total_amount', col('price').multiply(col('quantity')))
    .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'));
}

function readSales(topic: string): DataFrame {
  return session.readStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers())
    .option('subscribe', topic).option('startingOffsets', 'earliest').load();
}

describe('seed 003 over Kafka', () => {
  it('writes per-region totals (complete) and per-product windows (update) to sales-summary; a consumer reads exactly the expected records', async () => {
    const events = uniqueTopic('sales-events');
    const summary = uniqueTopic('sales-summary');
    await createTopic(events, 3);
    await createTopic(summary, 1);

    // the producer: the sales generator's events, keyed by event_id, into sales-events
    const producer = await session.readStream.format('sales').options(SALES_OPTIONS).load()
      .select('key', 'value')
      .writeStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers()).option('topic', events)
      .trigger({ availableNow: true }).start();
    await producer.awaitTermination();
    const perPartition = (await readAll(events, EVENTS)).reduce((m, r) => m.set(r.partition, (m.get(r.partition) ?? 0) + 1), new Map<number, number>());
    expect([...perPartition.keys()].sort()).toEqual([0, 1, 2]);

    // query 1: per-region totals, complete mode, to sales-summary (seed 3.3 and 4.1)
    const regions = await enhanced(readSales(events))
      .groupBy('region')
      .agg(sum('total_amount').alias('total_sales'), count('*').alias('order_count'), avg('total_amount').alias('avg_order_value'))
      .selectExpr('region AS key', 'to_json(struct(region, total_sales, order_count, avg_order_value)) AS value')
      .writeStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers()).option('topic', summary)
      .outputMode('complete').trigger({ availableNow: true }).start();
    await regions.awaitTermination();

    // query 2: per-product sales in sliding windows, update mode, to sales-summary (seed 3.4)
    const windows = await enhanced(readSales(events))
      .withWatermark('event_time', '10 seconds')
      .groupBy(col('product'), window(col('event_time'), '1 minute', '30 seconds'))
      .agg(sum('total_amount').alias('window_sales'), count('*').alias('window_orders'))
      .selectExpr('product AS key', 'to_json(struct(product, window, window_sales, window_orders)) AS value')
      .writeStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers()).option('topic', summary)
      .outputMode('update').trigger({ availableNow: true }).start();
    await windows.awaitTermination();

    // what the records must say, from the generator itself
    const generator = new SalesEventGenerator(parseSalesOptions(SALES_OPTIONS), START);
    const byRegion = new Map<string, { total: number; count: number }>();
    const byWindow = new Map<string, { product: string; start: number; total: number; count: number }>();
    for (let i = 0; i < EVENTS; i++) {
      const e = generator.event(i);
      const amount = e.price * e.quantity;
      const r = byRegion.get(e.region) ?? { total: 0, count: 0 };
      byRegion.set(e.region, { total: r.total + amount, count: r.count + 1 });
      const last = Math.floor(e.timestamp / 30) * 30;
      for (const start of [last - 30, last]) {
        const key = `${e.product}@${start}`;
        const w = byWindow.get(key) ?? { product: e.product, start, total: 0, count: 0 };
        byWindow.set(key, { ...w, total: w.total + amount, count: w.count + 1 });
      }
    }

    const records = await readAll(summary, byRegion.size + byWindow.size);
    expect(records.length).toBe(byRegion.size + byWindow.size);
    const regionRecords = records.filter((r) => !JSON.parse(r.value!).window).map((r) => ({ key: r.key, ...JSON.parse(r.value!) }));
    expect(regionRecords.sort((a, b) => a.key.localeCompare(b.key))).toEqual([...byRegion].sort(([a], [b]) => a.localeCompare(b)).map(([region, r]) => ({
      key: region, region, total_sales: r.total, order_count: r.count, avg_order_value: expect.closeTo(r.total / r.count, 9),
    })));
    const windowRecords = records.filter((r) => JSON.parse(r.value!).window).map((r) => {
      const v = JSON.parse(r.value!) as { product: string; window: { start: string; end: string }; window_sales: number; window_orders: number };
      return { key: r.key, product: v.product, start: Date.parse(v.window.start) / 1000, end: Date.parse(v.window.end) / 1000, total: v.window_sales, count: v.window_orders };
    });
    const order = (a: { product: string; start: number }, b: { product: string; start: number }) => a.product.localeCompare(b.product) || a.start - b.start;
    expect(windowRecords.sort(order)).toEqual([...byWindow.values()].sort(order).map((w) => ({
      key: w.product, product: w.product, start: w.start, end: w.start + 60, total: w.total, count: w.count,
    })));
    expect(regions.lastProgress!.sources[0]!.description).toBe(`KafkaV2[Subscribe[${events}]]`);
  });
});
