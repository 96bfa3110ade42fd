// Typed readers for source options (case-insensitive keys, as Spark's) that fail with a user error naming the option and value.
import { parseDuration } from '../common/duration.js';
import { userError } from '../common/errors.js';
import { optionOf } from './source.js';

type Options = Readonly<Record<string, string>>;

/**
 * An integer option ≥ `min` (default 1), or `fallback` when absent.
 * @example integerOption({ rowsPerSecond: '10' }, 'rowsPerSecond', 'rate', 1) // 10
 */
export function integerOption(options: Options, key: string, format: string, fallback: number, min = 1): number {
  const value = optionalIntegerOption(options, key, format, min);
  return value ?? fallback;
}

/**
 * An integer option ≥ `min`, or undefined when absent.
 * @example optionalIntegerOption({}, 'maxFilesPerTrigger', 'json') // undefined
 */
export function optionalIntegerOption(options: Options, key: string, format: string, min = 1): number | undefined {
  const raw = optionOf(options, key);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    const bound = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw userError('INVALID_OPTION', `Invalid value '${raw}' for option '${key}' of the ${format} source: it must be ${bound}`);
  }
  return value;
}

/**
 * A boolean option ('true'/'false', any case), or `fallback` when absent.
 * @example booleanOption({ paced: 'false' }, 'paced', 'sales', true) // false
 */
export function booleanOption(options: Options, key: string, format: string, fallback: boolean): boolean {
  const raw = optionOf(options, key);
  if (raw === undefined) return fallback;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw userError('INVALID_OPTION', `Invalid value '${raw}' for option '${key}' of the ${format} source: it must be 'true' or 'false'`);
}

/**
 * A duration option in whole seconds ('5s', '1 minute', or a bare number of seconds as Spark accepts), or undefined.
 * @example durationSecondsOption({ rampUpTime: '5s' }, 'rampUpTime', 'rate') // 5
 */
export function durationSecondsOption(options: Options, key: string, format: string): number | undefined {
  const raw = optionOf(options, key);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : parseDuration(text, `value for option '${key}' of the ${format} source`);
  if (!Number.isFinite(ms) || ms < 0) {
    throw userError('INVALID_OPTION', `Invalid value '${raw}' for option '${key}' of the ${format} source: it must not be negative`);
  }
  return Math.floor(ms / 1000);
}

/**
 * One of a fixed set of words (compared case-insensitively), or `fallback` when absent.
 * @example choiceOption({ output: 'columns' }, 'output', 'sales', ['json', 'columns'], 'json') // 'columns'
 */
export function choiceOption<T extends string>(options: Options, key: string, format: string, choices: readonly T[], fallback: T): T {
  const raw = optionOf(options, key);
  if (raw === undefined) return fallback;
  const found = choices.find((c) => c.toLowerCase() === raw.trim().toLowerCase());
  if (found === undefined) {
    throw userError('INVALID_OPTION', `Invalid value '${raw}' for option '${key}' of the ${format} source: it must be one of ${choices.map((c) => `'${c}'`).join(', ')}`);
  }
  return found;
}
