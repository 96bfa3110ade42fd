// Scenario `pipeline`: sales generator → from_json → project/filter → noop, rows per second at several batch sizes.
import { Session, col, fromJson, fromUnixtime } from '../src/index.js';
import type { DataFrame } from '../src/index.js';

const SALES_SCHEMA = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING';

/** The seed pipeline of shared/seeds/003 over any DataFrame with a JSON `value` column. */
export function seedPipeline(events: DataFrame): DataFrame {
  return events
    .select(fromJson(col('value'), SALES_SCHEMA).alias('data'))
    .select('data.*')
    .withColumn('total_amount', col('price').multiply(col('quantity')))
    .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'))
    .filter(col('price').gt(0));
}

interface Measurement {
  readonly batchSize: number;
  readonly events: number;
  readonly batches: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rowsPerSecond: number;
  readonly rowsPerCpuSecond: number;
}

async function measure(session: Session, batchSize: number, events: number, parse: boolean): Promise<Measurement> {
  const source = session.readStream.format('sales')
    .option('paced', false).option('maxEventsPerTrigger', batchSize).option('totalEvents', events).load();
  const df = parse ? seedPipeline(source) : source;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const query = await df.writeStream.format('noop').trigger({ availableNow: true }).start();
  await query.awaitTermination();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    batchSize, events, batches: (query.lastProgress?.batchId ?? -1) + 1, seconds: round(seconds), cpuSeconds: round(cpuSeconds),
    rowsPerSecond: Math.round(events / seconds), rowsPerCpuSecond: Math.round(events / cpuSeconds),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Options: --events N (per batch size, default 1,000,000), --sizes 1000,10000,100000. */
export async function runPipelineThroughput(args: Readonly<Record<string, string>>): Promise<unknown> {
  const session = Session.builder().appName('bench-pipeline').getOrCreate();
  const events = Number(args.events ?? 1_000_000);
  const sizes = (args.sizes ?? '1000,10000,100000').split(',').map(Number);
  await measure(session, 10_000, 200_000, true); // warm-up: JIT and caches
  const pipeline: Measurement[] = [];
  const generatorOnly: Measurement[] = [];
  for (const size of sizes) {
    generatorOnly.push(await measure(session, size, events, false));
    pipeline.push(await measure(session, size, events, true));
  }
  await session.stop();
  return {
    scenario: 'generator → from_json → project/filter → noop',
    node: process.version,
    date: new Date().toISOString(),
    pipeline,
    generatorOnly,
  };
}
