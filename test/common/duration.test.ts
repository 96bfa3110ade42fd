// Tests for parseDuration (Spark-style interval text → milliseconds), its errors, and formatDuration.
import { describe, expect, it } from 'vitest';
import { BrookError } from '../../src/common/errors.js';
import { formatDuration, parseDuration } from '../../src/common/duration.js';

const FORMAT_HINT = "Hint: write it like '10 seconds', '1 minute' or '1 hour 30 minutes'";

function durationError(text: string, what?: string): BrookError {
  try {
    parseDuration(text, what);
  } catch (e) {
    if (e instanceof BrookError) return e;
    throw e;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('parseDuration', () => {
  it('reads the forms used by withWatermark and triggers', () => {
    expect(parseDuration('10 seconds')).toBe(10_000);
    expect(parseDuration('1 minute')).toBe(60_000);
    expect(parseDuration('1 hour 30 minutes')).toBe(5_400_000);
    expect(parseDuration('interval 5 minutes')).toBe(300_000);
    expect(parseDuration('500 milliseconds')).toBe(500);
  });

  it('is case-insensitive, trims, and accepts singular, plural and short units', () => {
    expect(parseDuration('INTERVAL 2 HOURS')).toBe(7_200_000);
    expect(parseDuration('  7 days ')).toBe(604_800_000);
    expect(parseDuration('1 week')).toBe(604_800_000);
    expect(parseDuration('1 second')).toBe(1000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250 ms')).toBe(250);
    expect(parseDuration('1 day 1 second')).toBe(86_401_000);
  });

  it('accepts fractions and rounds to whole milliseconds', () => {
    expect(parseDuration('1.5 seconds')).toBe(1500);
    expect(parseDuration('0.0004 seconds')).toBe(0);
    expect(parseDuration('2.5 milliseconds')).toBe(3);
  });

  it('rejects text without a unit, without a number, or with leftovers', () => {
    for (const text of ['10', '', 'ten seconds', '5 minutes garbage', '10 seconds,', 'interval']) {
      const e = durationError(text);
      expect(e.code).toBe('INVALID_DURATION');
      expect(e.domain).toBe('user');
      expect(e.message).toBe(`Invalid duration '${text}'\n${FORMAT_HINT}`);
    }
  });

  it('names the unknown unit', () => {
    const e = durationError('10 fortnights');
    expect(e.message).toBe("Invalid duration '10 fortnights': unknown unit 'fortnights'\nHint: units are milliseconds, seconds, minutes, hours, days and weeks");
    expect(e.hint).toBe('units are milliseconds, seconds, minutes, hours, days and weeks');
  });

  it("uses the caller's description of the value in the message", () => {
    expect(durationError('soon', 'watermark delay').message).toBe(`Invalid watermark delay 'soon'\n${FORMAT_HINT}`);
  });
});

describe('formatDuration', () => {
  it('writes milliseconds back as units, largest first', () => {
    expect(formatDuration(0)).toBe('0 seconds');
    expect(formatDuration(90_000)).toBe('1 minute 30 seconds');
    expect(formatDuration(5_400_000)).toBe('1 hour 30 minutes');
    expect(formatDuration(86_401_500)).toBe('1 day 1 second 500 milliseconds');
    expect(formatDuration(-2000)).toBe('-2 seconds');
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 60_000, 3_723_004, 694_861_001]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
