// Text forms of values as the JVM prints them (Double.toString, Float.toString) and Spark's show() timestamp text.
import { DateTime } from 'luxon';

/**
 * Java's Double.toString: '1.0', '0.001', '1.0E7', '1.234E-5', 'NaN', 'Infinity'.
 * @example javaDoubleString(1) // '1.0'
 */
export function javaDoubleString(x: number): string {
  return javaDecimalString(x, String(x), () => x.toExponential());
}

/**
 * Java's Float.toString for a value held as a float32: the shortest decimal that reads back as the same float.
 * @example javaFloatString(Math.fround(0.1)) // '0.1'
 */
export function javaFloatString(x: number): string {
  if (!Number.isFinite(x) || x === 0) return javaDoubleString(x);
  let digits = 1;
  while (digits < 9 && Math.fround(Number(x.toPrecision(digits))) !== x) digits++;
  const shortest = Number(x.toPrecision(digits));
  return javaDecimalString(shortest, String(shortest), () => shortest.toExponential());
}

function javaDecimalString(x: number, plain: string, exponential: () => string): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) return plain.includes('.') ? plain : `${plain}.0`;
  const [mantissa, exponent] = exponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/**
 * A timestamp (µs since epoch) as Spark shows it: 'yyyy-MM-dd HH:mm:ss' plus the fraction when non-zero
 * (trailing zeros dropped), in the given time zone.
 * @example showTimestamp(1_700_000_000_123_000, 'UTC') // '2023-11-14 22:13:20.123'
 */
export function showTimestamp(micros: number, timeZone: string): string {
  const ms = Math.floor(micros / 1000);
  const fractionMicros = micros - Math.floor(micros / 1_000_000) * 1_000_000;
  const base = wallClock(ms, timeZone);
  const text = `${base.date} ${base.time}`;
  if (fractionMicros === 0) return text;
  return `${text}.${String(Math.round(fractionMicros)).padStart(6, '0').replace(/0+$/, '')}`;
}

function isUtc(timeZone: string): boolean {
  const z = timeZone.toUpperCase();
  return z === 'UTC' || z === 'Z' || z === 'GMT' || z === 'ETC/UTC' || z === '+00:00';
}

function wallClock(ms: number, timeZone: string): { date: string; time: string } {
  if (isUtc(timeZone)) {
    const iso = new Date(ms).toISOString();
    return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
  }
  const dt = DateTime.fromMillis(ms, { zone: timeZone });
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm:ss') };
}
