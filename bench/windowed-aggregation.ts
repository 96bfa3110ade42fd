// Scenario `windowed`: generator → windowed aggregation (1 minute windows sliding 30 s, 10 s watermark) with N keys.
import { Session, col, count, expr, sum, window } from '../src/index.js';

interface Measurement {
  readonly keys: number;
  readonly events: number;
  readonly batchSize: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rowsPerSecond: number;
  readonly rowsPerCpuSecond: number;
  readonly stateRows: number;
  readonly stateMemoryMB: number;
  readonly peakRssMB: number;
}

async function measure(session: Session, keys: number, events: number, batchSize: number, rowsPerSecond: number): Promise<Measurement> {
  // columns output: event_id 'event_<i>', timestamp = start + i / rowsPerSecond seconds
  const source = session.readStream.format('sales').option('output', 'columns').option('paced', false)
    .option('rowsPerSecond', rowsPerSecond).option('maxEventsPerTrigger', batchSize).option('totalEvents', events).load();
  const df = source
    .withColumn('key', expr(`CAST(substring(event_id, 7) AS BIGINT) % ${keys}`))
    .withColumn('event_time', expr('timestamp_seconds(timestamp)'))
    .withColumn('total_amount', col('price').multiply(col('quantity')))
    .withWatermark('event_time', '10 seconds')
    .groupBy('key', window(col('event_time'), '1 minute', '30 seconds'))
    .agg(sum('total_amount').alias('window_sales'), count('*').alias('window_orders'));
  let peakRss = 0;
  let stateRows = 0;
  let stateBytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const query = await df.writeStream.format('noop').outputMode('update').trigger({ availableNow: true }).start();
  session.streams.addListener({
    onQueryProgress: (e) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const s = e.progress.stateOperators[0];
      if (s && s.numRowsTotal >= stateRows) {
        stateRows = s.numRowsTotal;
        stateBytes = s.memoryUsedBytes;
      }
    },
  });
  await query.awaitTermination();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    keys, events, batchSize, seconds: round(seconds), cpuSeconds: round(cpuSeconds),
    rowsPerSecond: Math.round(events / seconds), rowsPerCpuSecond: Math.round(events / cpuSeconds),
    stateRows, stateMemoryMB: round(stateBytes / 2 ** 20), peakRssMB: Math.round(peakRss / 2 ** 20),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Options: --keys 1000,100000,1000000 --events N (default 2,000,000) --batch 10000 --rate events per event-time second. */
export async function runWindowedAggregation(args: Readonly<Record<string, string>>): Promise<unknown> {
  const session = Session.builder().appName('bench-windowed').getOrCreate();
  const keysList = (args.keys ?? '1000,100000,1000000').split(',').map(Number);
  const events = Number(args.events ?? 2_000_000);
  const batch = Number(args.batch ?? 10_000);
  const rate = Number(args.rate ?? 10_000);
  await measure(session, 1000, 200_000, batch, rate); // warm-up
  const results: Measurement[] = [];
  for (const keys of keysList) results.push(await measure(session, keys, events, batch, rate));
  await session.stop();
  return { scenario: 'generator → windowed aggregation (update mode) → noop', node: process.version, date: new Date().toISOString(), eventsPerEventTimeSecond: rate, results };
}
