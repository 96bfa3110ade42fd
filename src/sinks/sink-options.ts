// Typed readers for sink options (case-insensitive keys, as Spark's) that fail with a user error naming the option and value.
import { userError } from '../common/errors.js';

type Options = Readonly<Record<string, string>>;

/**
 * A sink option by name, matched case-insensitively.
 * @example sinkOption({ Path: '/tmp/out' }, 'path') // '/tmp/out'
 */
export function sinkOption(options: Options, key: string): string | undefined {
  if (key in options) return options[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(options)) if (k.toLowerCase() === lower) return options[k];
  return undefined;
}

/**
 * A non-negative integer option, or `fallback` when absent.
 * @example sinkIntegerOption({ numRows: '5' }, 'numRows', 'console', 20) // 5
 */
export function sinkIntegerOption(options: Options, key: string, format: string, fallback: number): number {
  const raw = sinkOption(options, key);
  if (raw === undefined) return fallback;
  const text = raw.trim();
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw userError('INVALID_OPTION', `Invalid value '${raw}' for option '${key}' of the ${format} sink: it must be a non-negative integer`);
  }
  return Number(text);
}

/**
 * Spark's console `truncate` option: 'true'/'false', or (as show() accepts) a number of characters.
 * @example sinkTruncateOption({ truncate: 'false' }) // false
 */
export function sinkTruncateOption(options: Options, format: string): boolean | number {
  const raw = sinkOption(options, 'truncate');
  if (raw === undefined) return true;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  throw userError('INVALID_OPTION', `Invalid value '${raw}' for option 'truncate' of the ${format} sink: it must be 'true', 'false' or a number of characters`);
}
