// Child process of the exactly-once kill test: a checkpointed Kafka → Kafka windowed aggregation with the transactional sink, run until all input is processed.
//
//   node --import tsx test/kafka/kafka-eos-child.ts --bootstrap HOST:PORT --input TOPIC --output TOPIC --checkpoint DIR [--write-delay-ms N]
//
// --write-delay-ms: every fs.renameSync (the last step of the checkpoint's atomic writes) first sleeps N ms, so a SIGKILL
// often lands after the sink's Kafka commit and before the runtime's commit log entry: the replay the sink must skip.
// Input values are {"k":"k0","t":<epoch seconds>}; output is one record per closed 10-second window and key (append mode,
// watermark 5 seconds), value {"start":"…","k":"k0","n":3,"total":12}. stdout: `start`, then `done` when the query
// has processed everything (trigger availableNow) and stopped.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { Session, col, count, sum, window } from '../../src/index.js';

function flag(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? fallback : process.argv[i + 1];
  if (value === undefined) throw new Error(`kafka-eos-child: --${name} is required`);
  return value;
}

const writeDelayMs = Number(flag('write-delay-ms', '0'));
if (writeDelayMs > 0) {
  const rename = fs.renameSync;
  fs.renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, writeDelayMs);
    rename(from, to);
  };
  syncBuiltinESMExports();
}

const bootstrap = flag('bootstrap');
const session = Session.builder().appName('kafka-eos-child').config('spark.sql.session.timeZone', 'UTC').getOrCreate();
process.stdout.write('start\n');
const query = await session.readStream.format('kafka')
  .options({ 'kafka.bootstrap.servers': bootstrap, subscribe: flag('input'), startingOffsets: 'earliest', maxOffsetsPerTrigger: '10' }).load()
  .selectExpr("from_json(CAST(value AS STRING), 'k STRING, t LONG') AS e")
  .selectExpr('e.k AS k', 'CAST(e.t AS TIMESTAMP) AS ts', 'e.t AS t')
  .withWatermark('ts', '5 seconds')
  .groupBy(window(col('ts'), '10 seconds'), col('k'))
  .agg(count('*').alias('n'), sum('t').alias('total'))
  .selectExpr('k AS key', 'to_json(named_struct(\'start\', window.start, \'k\', k, \'n\', n, \'total\', total)) AS value')
  .writeStream.format('kafka')
  .options({ 'kafka.bootstrap.servers': bootstrap, topic: flag('output'), exactlyOnce: 'true', checkpointLocation: flag('checkpoint') })
  .outputMode('append').trigger({ availableNow: true }).start();
await query.awaitTermination();
await session.stop();
process.stdout.write('done\n');
