// Restarts from a checkpoint: state, watermark and offsets come back; a logged batch re-runs with its offsets;
// incompatible changes fail with a message; damaged newest entries are handled as documented.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStream, Session, col, count, sum, window } from '../../src/index.js';
import type { DataFrame } from '../../src/index.js';
import { testStream } from '../support/stream-test.js';

const session = Session.builder().appName('checkpoint-restart-test').getOrCreate();
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'brook-ckpt-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const T0 = Date.UTC(2023, 10, 14, 22, 13, 30);
const at = (s: number) => new Date(T0 + s * 1000);
const SCHEMA = 'product STRING, amount INT, event_time TIMESTAMP';
const ev = (product: string, amount: number, s: number) => ({ product, amount, event_time: at(s) });
const windowed = (input: MemoryStream): DataFrame => input.toDF().withWatermark('event_time', '10 seconds')
  .groupBy('product', window(col('event_time'), '30 seconds')).agg(sum('amount').alias('total'), count('*').alias('n'));

describe('checkpoint restarts', () => {
  it('restores state, watermark and offsets: the restarted query continues the same totals', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, SCHEMA);
    await testStream(windowed(input), 'update', undefined, { checkpointLocation: dir })
      .addData(input, [ev('a', 1, 5), ev('b', 2, 6)]).processAllAvailable() // batch 0, then no-data batch 1
      .restart()
      .addData(input, [ev('a', 10, 7)]).processAllAvailable() // batch 2: the restored state adds up
      .assertQuery((q) => {
        const batch2 = q.recentProgress.find((p) => p.batchId === 2)!;
        // the watermark came back from the commit log: max event time 6 s − 10 s delay
        expect(batch2.eventTime.watermark).toBe(at(-4).toISOString());
        expect(batch2.stateOperators[0]!.numRowsTotal).toBe(2);
      })
      .restart()
      .addData(input, [ev('a', 100, 95)]).processAllAvailable() // watermark → 85 s: window [0, 30) evicted
      .addData(input, [ev('a', 1000, 8)]).processAllAvailable() // late after the eviction: dropped
      .assertQuery((q) => expect(q.lastProgress!.stateOperators[0]!.numRowsDroppedByWatermark).toBe(1))
      .checkAnswer([
        { product: 'a', window: { start: at(0), end: at(30) }, total: 1, n: 1 },
        { product: 'b', window: { start: at(0), end: at(30) }, total: 2, n: 1 },
        { product: 'a', window: { start: at(0), end: at(30) }, total: 11, n: 2 },
        { product: 'a', window: { start: at(90), end: at(120) }, total: 100, n: 1 },
      ])
      .run();
    expect(existsSync(join(dir, 'metadata'))).toBe(true);
    expect(existsSync(join(dir, 'offsets', '0'))).toBe(true);
    expect(existsSync(join(dir, 'commits', '0'))).toBe(true);
    expect(existsSync(join(dir, 'state', '0', '1.delta'))).toBe(true);
  });

  it('keeps the query id across restarts and gives each run a new run id', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, SCHEMA);
    const q1 = await windowed(input).writeStream.outputMode('update').format('noop').option('checkpointLocation', dir).start();
    await q1.stop();
    const q2 = await windowed(input).writeStream.outputMode('update').format('noop').option('checkpointLocation', dir).start();
    await q2.stop();
    expect(q2.id).toBe(q1.id);
    expect(q2.runId).not.toBe(q1.runId);
  });

  it('re-runs a batch that was logged but not committed with exactly its logged offsets and the same batch id', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, SCHEMA);
    const received: { batchId: number; rows: Record<string, unknown>[] }[] = [];
    let failOnce = true;
    const start = () => input.toDF().select('product', 'amount').writeStream.option('checkpointLocation', dir)
      .foreachBatch(async (df, batchId) => {
        const rows = await df.collect();
        if (batchId === 1 && failOnce) {
          failOnce = false;
          throw new Error('sink unavailable');
        }
        received.push({ batchId, rows });
      }).start();
    const q1 = await start();
    input.addData([ev('a', 1, 0)]);
    await q1.processAllAvailable();
    input.addData([ev('b', 2, 1)]);
    await expect(q1.processAllAvailable()).rejects.toThrow('sink unavailable');
    expect(existsSync(join(dir, 'offsets', '1'))).toBe(true);
    expect(existsSync(join(dir, 'commits', '1'))).toBe(false);
    input.addData([ev('c', 3, 2)]); // arrives while the query is down: must not join batch 1
    const q2 = await start();
    await q2.processAllAvailable();
    await q2.stop();
    expect(received).toEqual([
      { batchId: 0, rows: [{ product: 'a', amount: 1 }] },
      { batchId: 1, rows: [{ product: 'b', amount: 2 }] },
      { batchId: 2, rows: [{ product: 'c', amount: 3 }] },
    ]);
  });

  it('refuses an incompatible restart, naming what changed, and resumes after a compatible change', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, 'product STRING, region STRING, amount INT');
    const byProduct = input.toDF().groupBy('product').agg(sum('amount').alias('total'));
    const q1 = await byProduct.writeStream.outputMode('complete').format('memory').queryName('compat_totals').option('checkpointLocation', dir).start();
    input.addData([{ product: 'a', region: 'n', amount: 1 }]);
    await q1.processAllAvailable();
    await q1.stop();

    const byRegion = input.toDF().groupBy('region').agg(sum('amount').alias('total'));
    await expect(byRegion.writeStream.outputMode('complete').format('noop').option('checkpointLocation', dir).start())
      .rejects.toThrow(`The query cannot restart from checkpoint ${dir}: the grouping keys of stateful operator 0 (aggregation) changed from [product: string] to [region: string]`);
    const withCount = input.toDF().groupBy('product').agg(sum('amount').alias('total'), count('*'));
    await expect(withCount.writeStream.outputMode('complete').format('noop').option('checkpointLocation', dir).start())
      .rejects.toThrow('the state schema of stateful operator 0 (aggregation) changed from [sum(amount): bigint] to [sum(amount): bigint, count(1): bigint]');

    // a filter after the aggregation changes no state: the query resumes with its totals
    const filtered = byProduct.filter(col('total').gt(0));
    const q2 = await filtered.writeStream.outputMode('complete').format('memory').queryName('compat_totals_2').option('checkpointLocation', dir).start();
    input.addData([{ product: 'a', region: 'n', amount: 5 }]);
    await q2.processAllAvailable();
    await q2.stop();
    expect(await session.table('compat_totals_2').collect()).toEqual([{ product: 'a', total: 6 }]);
  });

  it('fails on a damaged newest offsets entry, and discards it when told to', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, SCHEMA);
    const rows: Record<string, unknown>[] = [];
    const start = () => input.toDF().select('product').writeStream.option('checkpointLocation', dir)
      .foreachBatch(async (df) => { rows.push(...(await df.collect())); }).start();
    const q1 = await start();
    input.addData([ev('a', 1, 0)]);
    await q1.processAllAvailable();
    await q1.stop();
    // a crash in the middle of writing offsets/1 (brook writes atomically, so only damage does this)
    writeFileSync(join(dir, 'offsets', '1'), readFileSync(join(dir, 'offsets', '0'), 'utf8').slice(0, 20));
    await expect(start()).rejects.toThrow(`The newest offsets entry ${join(dir, 'offsets', '1')} cannot be used: it is incomplete or damaged (its checksum does not match). Batch 1 was logged but never committed`);
    session.conf.set('brook.checkpoint.discardDamagedOffsets', 'true');
    try {
      input.addData([ev('b', 1, 0)]);
      const q2 = await start();
      await q2.processAllAvailable();
      await q2.stop();
    } finally {
      session.conf.unset('brook.checkpoint.discardDamagedOffsets');
    }
    expect(rows).toEqual([{ product: 'a' }, { product: 'b' }]);
    expect(existsSync(join(dir, 'offsets', '1.damaged'))).toBe(true);
  });
});

describe('the state data source', () => {
  it('reads a checkpointed query state by operator, at the last or a chosen batch', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, 'product STRING, amount INT');
    const q = await input.toDF().groupBy('product').agg(sum('amount').alias('total')).writeStream.outputMode('update').format('noop')
      .option('checkpointLocation', dir).start();
    input.addData([{ product: 'a', amount: 1 }, { product: 'b', amount: 2 }]);
    await q.processAllAvailable();
    input.addData([{ product: 'a', amount: 5 }]);
    await q.processAllAvailable();
    await q.stop();
    // value: the key values (k) and each aggregate's buffer (b): sum keeps [running sum, rows seen]
    expect(await session.read.format('state').load(dir).collect()).toEqual([
      { operator_id: 0, key: '["a"]', value: '{"k":["a"],"b":[[6,2]]}', version: 2 },
      { operator_id: 0, key: '["b"]', value: '{"k":["b"],"b":[[2,1]]}', version: 2 },
    ]);
    expect(await session.read.format('state').option('batchId', 0).load(dir).collect()).toEqual([
      { operator_id: 0, key: '["a"]', value: '{"k":["a"],"b":[[1,1]]}', version: 1 },
      { operator_id: 0, key: '["b"]', value: '{"k":["b"],"b":[[2,1]]}', version: 1 },
    ]);
    await expect(session.read.format('state').option('batchId', 7).load(dir).collect()).rejects.toThrow(`Batch 7 is not committed in ${dir}: the last committed batch is 1`);
  });
});

describe('checkpoint safety checks', () => {
  const run = async (dir: string, input: MemoryStream) => {
    const q = await input.toDF().groupBy('product').agg(sum('amount').alias('total')).writeStream.outputMode('update').format('noop')
      .option('checkpointLocation', dir).start();
    await q.processAllAvailable();
    await q.stop();
  };

  it('refuses a restart in another session time zone (results depend on it)', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, 'product STRING, amount INT');
    input.addData([{ product: 'a', amount: 1 }]);
    await run(dir, input);
    session.conf.set('spark.sql.session.timeZone', 'Asia/Shanghai');
    try {
      await expect(run(dir, input)).rejects.toThrow(`The query cannot restart from checkpoint ${dir}: spark.sql.session.timeZone was 'UTC' when its batches were written and is now 'Asia/Shanghai'`);
    } finally {
      session.conf.set('spark.sql.session.timeZone', 'UTC');
    }
  });

  it('refuses minBatchesToRetain below 1', async () => {
    session.conf.set('spark.sql.streaming.minBatchesToRetain', 0);
    try {
      await expect(run(tempDir(), MemoryStream.create(session, 'product STRING, amount INT')))
        .rejects.toThrow("spark.sql.streaming.minBatchesToRetain must be a positive integer, got '0'");
    } finally {
      session.conf.unset('spark.sql.streaming.minBatchesToRetain');
    }
  });

  it('fails, naming the gap, when batches were logged after a missing commit', async () => {
    const dir = tempDir();
    const input = MemoryStream.create(session, 'product STRING, amount INT');
    input.addData([{ product: 'a', amount: 1 }]);
    await run(dir, input);
    input.addData([{ product: 'a', amount: 2 }]);
    await run(dir, input);
    input.addData([{ product: 'a', amount: 3 }]);
    await run(dir, input);
    rmSync(join(dir, 'commits', '1'));
    rmSync(join(dir, 'commits', '2'));
    await expect(run(dir, input)).rejects.toThrow(`Checkpoint ${dir} logged batches 1 to 2 after its last readable commit (batch 0)`);
  });
});
