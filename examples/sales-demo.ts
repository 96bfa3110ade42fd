// `npm start`: the seeds' sales pipeline on the built-in generator, printed by the console sink until Ctrl-C.
import { Session, col, fromJson, fromUnixtime } from '../src/index.js';

const SALES_SCHEMA = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING';

const session = Session.builder().appName('brook-sales-demo').getOrCreate();

// Kafka-like records: key = event_id, value = the event as JSON text (seed 003's producer), 20 events a second.
const events = session.readStream.format('sales').option('rowsPerSecond', 20).load();

const sales = events
  .select(fromJson(col('value'), SALES_SCHEMA).alias('data'))
  .select('data.*')
  .withColumn('total_amount', col('price').multiply(col('quantity')))
  .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'))
  .filter(col('price').gt(0));

sales.explain();

const query = await sales
  .select('event_time', 'region', 'product', 'price', 'quantity', 'total_amount')
  .writeStream.format('console').option('numRows', 10).option('truncate', false)
  .queryName('sales-demo')
  .trigger({ processingTime: '3 seconds' })
  .start();

process.stdout.write('brook demo running: per-event totals every 3 seconds (Ctrl-C stops it gracefully)\n');
await query.awaitTermination();
process.stdout.write(`stopped after ${query.recentProgress.length} batches\n`);
