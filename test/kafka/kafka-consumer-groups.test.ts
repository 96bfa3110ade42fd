// Lag tools see brook queries: Kafka's own kafka-consumer-groups (ConsumerGroupCommand from the broker's jars) describes the query's group.
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/index.js';
import { bootstrapServers, createTopic, produce, runKafkaScript, uniqueTopic } from './kafka-test-support.js';

const session = Session.builder().appName('kafka-consumer-groups').getOrCreate();

interface GroupRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number;
  readonly logEndOffset: number;
  readonly lag: number;
}

/** `kafka-consumer-groups --describe --group G`, its table parsed. */
async function describeGroup(group: string): Promise<{ rows: GroupRow[]; output: string }> {
  const { code, stdout, stderr } = await runKafkaScript(['consumer-groups', '--bootstrap-server', bootstrapServers(), '--describe', '--group', group]);
  expect(code, stderr).toBe(0);
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const header = lines.findIndex((l) => l.startsWith('GROUP'));
  expect(header, stdout).toBeGreaterThanOrEqual(0);
  const rows = lines.slice(header + 1).filter((l) => l.startsWith(`${group} `)).map((l) => l.split(/\s+/)).map(([g, topic, partition, current, end, lag]) => ({
    group: g!, topic: topic!, partition: Number(partition), currentOffset: Number(current), logEndOffset: Number(end), lag: Number(lag),
  }));
  return { rows: rows.sort((a, b) => a.partition - b.partition), output: `${stdout}\n${stderr}` };
}

describe('consumer group offsets for lag tools', () => {
  it('kafka-consumer-groups --describe lists the query group with its committed offsets and lag', async () => {
    const topic = uniqueTopic('lag');
    await createTopic(topic, 2);
    await produce(topic, [...Array.from({ length: 10 }, () => ({ partition: 0, value: 'a' })), ...Array.from({ length: 5 }, () => ({ partition: 1, value: 'b' }))]);
    const group = `lag-${topic}`;
    const named = await session.readStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers())
      .option('subscribe', topic).option('startingOffsets', 'earliest').option('kafka.group.id', group).load()
      .writeStream.format('noop').start();
    const derived = await session.readStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers())
      .option('subscribe', topic).option('startingOffsets', 'earliest').load()
      .writeStream.format('noop').start();
    await named.processAllAvailable();
    await derived.processAllAvailable();
    await named.stop();
    await derived.stop();
    await produce(topic, [{ partition: 0, value: 'c' }, { partition: 0, value: 'd' }, { partition: 0, value: 'e' }]);

    const { rows, output } = await describeGroup(group);
    expect(output).toContain(`Consumer group '${group}' has no active members.`);
    expect(rows).toEqual([
      { group, topic, partition: 0, currentOffset: 10, logEndOffset: 13, lag: 3 },
      { group, topic, partition: 1, currentOffset: 5, logEndOffset: 5, lag: 0 },
    ]);
    const byQuery = await describeGroup(`brook-${derived.id}`);
    expect(byQuery.rows.map((r) => [r.partition, r.currentOffset, r.lag])).toEqual([[0, 10, 3], [1, 5, 0]]);
  });
});
