// queries/recommendations.sql end to end over JSON files: interest scores per user/category and popular items per hour.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session, runSqlScript } from '../../src/index.js';

const TEXT = readFileSync(new URL('../../queries/recommendations.sql', import.meta.url), 'utf8');
const T0 = Date.parse('2024-05-01T10:00:00Z') / 1000;

function event(user: string, item: string, action: string, offsetSeconds: number, category: string): string {
  return JSON.stringify({ user_id: user, item_id: item, action, timestamp: T0 + offsetSeconds, category });
}

/** The last row written for each key (update mode writes a group again whenever it changes). */
function lastByKey(rows: Record<string, unknown>[], key: (row: Record<string, unknown>) => string): Record<string, unknown>[] {
  const last = new Map<string, Record<string, unknown>>();
  for (const row of rows) last.set(key(row), row);
  return [...last.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

const at = (minutes: number) => new Date((T0 + minutes * 60) * 1000);

describe('queries/recommendations.sql', () => {
  it('scores interests in 10-minute windows and finds items scoring over 10 in hourly windows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brook-behavior-'));
    writeFileSync(join(dir, 'part-0.json'), [
      event('u1', 'i1', 'view', 60, 'books'),
      event('u1', 'i1', 'view', 120, 'books'),
      event('u1', 'i2', 'view', 420, 'books'),
      event('u1', 'i1', 'purchase', 430, 'books'),
      event('u2', 'i1', 'view', 180, 'books'),
      event('u2', 'i3', 'click', 200, 'games'),
      event('u2', 'i3', 'view', 240, 'games'),
    ].join('\n'));
    writeFileSync(join(dir, 'part-1.json'), [
      event('u3', 'i1', 'purchase', 600, 'books'),
      event('u3', 'i1', 'view', 610, 'books'),
    ].join('\n'));
    const session = Session.builder().appName('recommendations-test').getOrCreate();
    const result = await runSqlScript(session, TEXT, { env: {}, variables: { BEHAVIOR_DIR: dir, SINK: 'memory' }, trigger: { availableNow: true } });
    for (const q of result.queries) await q.query!.awaitTermination();

    const interests = lastByKey(await session.table('interest_scores').collect(), (r) => `${String(r.user_id)}/${String(r.category)}/${(r.window_start as Date).toISOString()}`);
    // views only; 10-minute windows every 5 minutes: 10:00 ≤ t < 10:10 and 09:55 ≤ t < 10:05 … (10:10 window: u3 at 10:10:10)
    expect(interests).toEqual([
      { user_id: 'u1', category: 'books', window_start: at(-5), window_end: at(5), interest_score: 2 },
      { user_id: 'u1', category: 'books', window_start: at(0), window_end: at(10), interest_score: 3 },
      { user_id: 'u1', category: 'books', window_start: at(5), window_end: at(15), interest_score: 1 },
      { user_id: 'u2', category: 'books', window_start: at(-5), window_end: at(5), interest_score: 1 },
      { user_id: 'u2', category: 'books', window_start: at(0), window_end: at(10), interest_score: 1 },
      { user_id: 'u2', category: 'games', window_start: at(-5), window_end: at(5), interest_score: 1 },
      { user_id: 'u2', category: 'games', window_start: at(0), window_end: at(10), interest_score: 1 },
      { user_id: 'u3', category: 'books', window_start: at(5), window_end: at(15), interest_score: 1 },
      { user_id: 'u3', category: 'books', window_start: at(10), window_end: at(20), interest_score: 1 },
    ]);

    // i1: views at 1, 2, 3, 10:10 min (4) + purchases at 7:10 and 10:00 (2 × 5) = 14 in both hourly windows holding them
    const popular = lastByKey(await session.table('popular_items').collect(), (r) => `${String(r.item_id)}/${(r.window_start as Date).toISOString()}`);
    expect(popular).toEqual([
      { item_id: 'i1', category: 'books', popularity_score: 14, window_start: at(-30) },
      { item_id: 'i1', category: 'books', popularity_score: 14, window_start: at(0) },
    ]);
    await session.stop();
  });
});
