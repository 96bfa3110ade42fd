// The broker is stopped and restarted mid-run (a broker of its own, not the suite's): a Kafka → Kafka query waits, resumes and loses nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/index.js';
import { createTopic, produce, readAll, runKafkaScript, uniqueTopic } from './kafka-test-support.js';

const session = Session.builder().appName('kafka-broker-restart').getOrCreate();
const dir = mkdtempSync(join(tmpdir(), 'brook-kafka-restart-'));

async function script(args: string[]): Promise<{ bootstrap: string }> {
  const { code, stdout, stderr } = await runKafkaScript([...args, '--dir', dir, '--json', '--owner-pid', String(process.pid)]);
  if (code !== 0) throw new Error(`scripts/kafka.mjs ${args.join(' ')} failed: ${stderr}`);
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return line === undefined ? { bootstrap: '' } : (JSON.parse(line) as { bootstrap: string });
}

afterAll(async () => {
  await runKafkaScript(['stop', '--dir', dir, '--clean']);
}, 60_000);

describe('broker restart mid-run', () => {
  it('the query waits while the broker is down, then resumes with nothing lost or doubled', { timeout: 240_000 }, async () => {
    const { bootstrap } = await script(['start']);
    const [input, output] = [uniqueTopic('restart-in'), uniqueTopic('restart-out')];
    await createTopic(input, 2, bootstrap);
    await createTopic(output, 1, bootstrap);
    const kafka = { 'kafka.bootstrap.servers': bootstrap, 'kafka.default.api.timeout.ms': '120000' };
    const query = await session.readStream.format('kafka').options({ ...kafka, subscribe: input, startingOffsets: 'earliest' }).load()
      .selectExpr('key', 'value')
      .writeStream.format('kafka').options({ ...kafka, topic: output, exactlyOnce: 'true' }).start();
    try {
      await produce(input, Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `before-${i}` })), bootstrap);
      await query.processAllAvailable();

      await script(['stop']);
      await new Promise((r) => setTimeout(r, 3000)); // the query keeps asking and retrying meanwhile
      expect(query.exception()?.message ?? null).toBeNull(); // the failure's message, when there is one, shows in the report
      expect(query.isActive).toBe(true);
      const restarted = await script(['start']);
      expect(restarted.bootstrap).toBe(bootstrap);

      await produce(input, Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `after-${i}` })), bootstrap);
      await query.processAllAvailable();
      expect(query.exception()).toBeNull();
    } finally {
      await query.stop();
    }
    const values = (await readAll(output, 100, 30_000, bootstrap)).map((r) => r.value).sort();
    expect(values).toEqual([...Array.from({ length: 50 }, (_, i) => `after-${i}`), ...Array.from({ length: 50 }, (_, i) => `before-${i}`)].sort());
  });
});
