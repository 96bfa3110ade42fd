// queries/cpu-moving-average.sql end to end over JSON files: 5-minute moving averages per host (HOP), written once per window.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session, runSqlScript } from '../../src/index.js';

const TEXT = readFileSync(new URL('../../queries/cpu-moving-average.sql', import.meta.url), 'utf8');
const T0 = Date.parse('2024-05-01T10:00:00Z');

describe('queries/cpu-moving-average.sql', () => {
  it('averages the last 5 minutes of readings every minute, writing each window when the watermark passes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brook-cpu-'));
    // web-1: a reading every 5 s for 7 minutes, usage (i % 10) * 10; web-2: 20.0 every 30 s for 6 minutes
    const readings: { host: string; usage: number; ms: number }[] = [];
    for (let i = 0; i < 84; i++) readings.push({ host: 'web-1', usage: (i % 10) * 10, ms: T0 + i * 5000 });
    for (let i = 0; i < 12; i++) readings.push({ host: 'web-2', usage: 20, ms: T0 + i * 30_000 });
    const lines = readings.map((r) => JSON.stringify({ host: r.host, usage: r.usage, ts: new Date(r.ms).toISOString() }));
    writeFileSync(join(dir, 'readings-1.json'), lines.slice(0, 50).join('\n'));
    writeFileSync(join(dir, 'readings-2.json'), lines.slice(50).join('\n'));

    const session = Session.builder().appName('cpu-test').getOrCreate();
    const result = await runSqlScript(session, TEXT, { env: {}, variables: { CPU_DIR: dir, SINK: 'memory' }, trigger: { availableNow: true } });
    expect(result.queries[0]!.outputMode).toBe('append');
    await result.queries[0]!.query!.awaitTermination();
    const rows = (await session.table('cpu_average').collect())
      .sort((a, b) => `${String(a.host)}${(a.window_start as Date).toISOString()}`.localeCompare(`${String(b.host)}${(b.window_start as Date).toISOString()}`));

    // the watermark ends at the last reading (10:06:55) − 5 s: windows [s, s + 5 min) with s on a minute and end ≤ 10:06:50
    const watermark = T0 + 83 * 5000 - 5000;
    const expected: Record<string, unknown>[] = [];
    for (const host of ['web-1', 'web-2']) {
      for (let start = T0 - 4 * 60_000; start + 5 * 60_000 <= watermark; start += 60_000) {
        const inside = readings.filter((r) => r.host === host && r.ms >= start && r.ms < start + 5 * 60_000);
        if (inside.length === 0) continue;
        const avg = inside.reduce((s, r) => s + r.usage, 0) / inside.length;
        expected.push({ host, window_start: new Date(start), window_end: new Date(start + 5 * 60_000), avg_usage: Math.round(avg * 100) / 100, readings: inside.length });
      }
    }
    expect(expected).toHaveLength(12);
    expect(rows).toEqual(expected);
    // a spot check by hand: [09:57, 10:02) holds web-1's readings 0..23, usages 0,10,…,90, 0,…,90, 0,…,30 → 960 / 24
    expect(rows).toContainEqual({ host: 'web-1', window_start: new Date(T0 - 3 * 60_000), window_end: new Date(T0 + 2 * 60_000), avg_usage: 40, readings: 24 });
    await session.stop();
  });
});
