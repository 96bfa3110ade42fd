// `npm start`: the seeds' sales pipeline on the built-in generator — parse, total_amount = price × quantity,
// totals per region (complete mode) — printed by the console sink every few seconds until Ctrl-C.
import { Session, avg, col, count, fromJson, fromUnixtime, round, sum } from '../src/index.js';

const SALES_SCHEMA = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING';

const session = Session.builder().appName('brook-sales-demo').getOrCreate();

// Kafka-like records: key = event_id, value = the event as JSON text (seed 003's producer), 50 events a second.
const events = session.readStream.format('sales').option('rowsPerSecond', 50).load();

const sales = events
  .select(fromJson(col('value'), SALES_SCHEMA).alias('data'))
  .select('data.*')
  .withColumn('total_amount', col('price').multiply(col('quantity')))
  .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'))
  .filter(col('price').gt(0));

const regionTotals = sales
  .groupBy('region')
  .agg(sum('total_amount').alias('total_sales'), count('*').alias('order_count'), round(avg('total_amount'), 2).alias('avg_order_value'))
  .orderBy('region');

regionTotals.explain();

const query = await regionTotals.writeStream
  .format('console')
  .outputMode('complete')
  .queryName('region-totals')
  .trigger({ processingTime: '3 seconds' })
  .start();

process.stdout.write('brook demo running: sales totals per region every 3 seconds (Ctrl-C stops it gracefully)\n');
await query.awaitTermination();
process.stdout.write(`stopped after ${query.recentProgress.length} batches\n`);
