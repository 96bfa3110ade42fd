// Parses Spark-style durations ('10 seconds', '1 hour 30 minutes', 'interval 5 minutes') into milliseconds.
import { userError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  millisecond: 1, milliseconds: 1, ms: 1, msec: 1, msecs: 1,
  second: 1000, seconds: 1000, s: 1000, sec: 1000, secs: 1000,
  minute: 60_000, minutes: 60_000, m: 60_000, min: 60_000, mins: 60_000,
  hour: 3_600_000, hours: 3_600_000, h: 3_600_000,
  day: 86_400_000, days: 86_400_000, d: 86_400_000,
  week: 604_800_000, weeks: 604_800_000,
};

/**
 * Milliseconds in a duration written the way Spark writes intervals.
 * @example parseDuration('1 hour 30 minutes') // 5_400_000
 */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim().replace(/^interval\s+/i, '');
  const parts = trimmed.match(/(-?\d+(?:\.\d+)?)\s*([A-Za-z]+)/g);
  const leftover = trimmed.replace(/(-?\d+(?:\.\d+)?)\s*([A-Za-z]+)/g, '').trim();
  if (!parts || leftover.length > 0) {
    throw userError('INVALID_DURATION', `Invalid ${what} '${text}'`, { hint: "write it like '10 seconds', '1 minute' or '1 hour 30 minutes'" });
  }
  let total = 0;
  for (const part of parts) {
    const m = /(-?\d+(?:\.\d+)?)\s*([A-Za-z]+)/.exec(part)!;
    const unit = UNIT_MS[m[2]!.toLowerCase()];
    if (unit === undefined) {
      throw userError('INVALID_DURATION', `Invalid ${what} '${text}': unknown unit '${m[2]}'`, {
        hint: 'units are milliseconds, seconds, minutes, hours, days and weeks',
      });
    }
    total += Number(m[1]) * unit;
  }
  return Math.round(total);
}

/** '90000' → '1 minute 30 seconds'-style text for EXPLAIN and progress. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0 seconds';
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second'], [1, 'millisecond']];
  const out: string[] = [];
  let rest = Math.abs(ms);
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out.push(`${n} ${name}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return (ms < 0 ? '-' : '') + out.join(' ');
}
