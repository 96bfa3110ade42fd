// Spark 3.5 datetime patterns (`yyyy-MM-dd HH:mm:ss`, …) compiled once into formatters (µs → text) and parsers (text → µs | null), with the zone and calendar arithmetic they share.
import { IANAZone } from 'luxon';
import { assertNever, userError } from '../common/errors.js';

/** The pattern from_unixtime, unix_timestamp and date functions use when none is given. */
export const DEFAULT_TIMESTAMP_PATTERN = 'yyyy-MM-dd HH:mm:ss';

/** µs in a second (TIMESTAMP values are µs since the epoch). */
export const MICROS_PER_SECOND = 1_000_000;
/** µs in a day: `Math.floor(localMicros / MICROS_PER_DAY)` is a DATE value. */
export const MICROS_PER_DAY = 86_400_000_000;
const MICROS_PER_HOUR = 3_600_000_000;
const MICROS_PER_MINUTE = 60_000_000;
const MS_PER_HOUR = 3_600_000;

// ---------------------------------------------------------------- time zones

/** What formatting and parsing need from a session time zone. */
export interface TimeZoneRules {
  /** The id as given (`UTC`, `America/New_York`, `+05:30`). */
  readonly id: string;
  /** The offset in ms when the zone never changes it (UTC, `+05:30`): the fast path with plain arithmetic. */
  readonly fixedOffsetMs: number | null;
  /** Offset from UTC in ms at an instant (epoch ms). */
  offsetAt(utcMs: number): number;
  /** The instant (epoch ms) of a wall-clock time given as epoch ms; a gap moves forward, an overlap takes the earlier offset (java.time). */
  utcFromLocal(localMs: number): number;
  /** `EST` (short) or `Eastern Standard Time` (long) at an instant. */
  displayName(utcMs: number, style: 'short' | 'long'): string;
}

const zoneCache = new Map<string, TimeZoneRules>();

/**
 * The rules of a time zone: IANA ids use luxon (offsets cached per hour), `UTC`, `GMT`, `+05:30`, `UTC-8` are fixed offsets.
 * @example timeZoneRules('America/New_York').offsetAt(Date.UTC(2023, 6, 1)) // -14400000
 */
export function timeZoneRules(timeZone: string): TimeZoneRules {
  let rules = zoneCache.get(timeZone);
  if (rules === undefined) {
    const fixed = fixedOffsetOf(timeZone);
    if (fixed !== null) rules = fixedZone(timeZone, fixed);
    else if (IANAZone.isValidZone(timeZone)) rules = regionZone(timeZone);
    else {
      throw userError('INVALID_TIME_ZONE', `Invalid time zone '${timeZone}'`, {
        hint: "use a region id such as 'America/New_York' or an offset such as '+05:30'",
      });
    }
    zoneCache.set(timeZone, rules);
  }
  return rules;
}

const UTC_IDS = new Set(['utc', 'gmt', 'ut', 'z', 'zulu', 'uct', 'universal', 'greenwich', 'gmt0', 'etc/utc', 'etc/gmt', 'etc/ut', 'etc/uct', 'etc/universal', 'etc/zulu', 'etc/greenwich', 'etc/gmt0', 'etc/gmt+0', 'etc/gmt-0']);

function fixedOffsetOf(id: string): number | null {
  const lower = id.toLowerCase();
  if (UTC_IDS.has(lower)) return 0;
  const etc = /^etc\/gmt([+-])(\d{1,2})$/.exec(lower);
  if (etc) return (etc[1] === '+' ? -1 : 1) * Number(etc[2]) * MS_PER_HOUR; // POSIX sign: Etc/GMT+5 is UTC-5
  const m = /^(?:utc|gmt|ut)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(lower);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  const seconds = Number(m[4] ?? 0);
  if (hours > 18 || minutes > 59 || seconds > 59) return null;
  const ms = (hours * 3600 + minutes * 60 + seconds) * 1000;
  return m[1] === '-' ? -ms : ms;
}

function fixedZone(id: string, offsetMs: number): TimeZoneRules {
  const isUtcName = UTC_IDS.has(id.toLowerCase());
  const shortName = isUtcName ? (id.length <= 3 && /^[A-Za-z]+$/.test(id) ? id.toUpperCase() : 'UTC') : formatOffset(offsetMs, true, false, '+00:00');
  const longName = isUtcName ? (id.toUpperCase() === 'GMT' ? 'Greenwich Mean Time' : 'Coordinated Universal Time') : shortName;
  return {
    id,
    fixedOffsetMs: offsetMs,
    offsetAt: () => offsetMs,
    utcFromLocal: (localMs) => localMs - offsetMs,
    displayName: (_utcMs, style) => (style === 'short' ? shortName : longName),
  };
}

function regionZone(id: string): TimeZoneRules {
  const zone = IANAZone.create(id);
  const exact = (ms: number): number => Math.round(zone.offset(ms) * 60) * 1000;
  // Offsets change rarely: cache one per UTC hour, NaN for the hours that contain a transition.
  const perHour = new Map<number, number>();
  const offsetAt = (utcMs: number): number => {
    const hour = Math.floor(utcMs / MS_PER_HOUR);
    let offset = perHour.get(hour);
    if (offset === undefined) {
      const start = exact(hour * MS_PER_HOUR);
      offset = start === exact(hour * MS_PER_HOUR + MS_PER_HOUR - 1) ? start : Number.NaN;
      if (perHour.size >= 100_000) perHour.clear();
      perHour.set(hour, offset);
    }
    return Number.isNaN(offset) ? exact(utcMs) : offset;
  };
  const names = new Map<string, string>();
  return {
    id,
    fixedOffsetMs: null,
    offsetAt,
    utcFromLocal(localMs) {
      const before = offsetAt(localMs - 86_400_000);
      const after = offsetAt(localMs + 86_400_000);
      if (before === after) return localMs - before;
      const beforeValid = offsetAt(localMs - before) === before;
      const afterValid = offsetAt(localMs - after) === after;
      if (beforeValid && afterValid) return localMs - Math.max(before, after); // overlap: the earlier instant
      if (afterValid) return localMs - after;
      return localMs - before; // valid before the transition, or in the gap: moved forward by the gap's length
    },
    displayName(utcMs, style) {
      const key = `${style}${offsetAt(utcMs)}`;
      let name = names.get(key);
      if (name === undefined) {
        const parts = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: style }).formatToParts(new Date(utcMs));
        name = parts.find((p) => p.type === 'timeZoneName')?.value ?? id;
        names.set(key, name);
      }
      return name;
    },
  };
}

/**
 * Wall-clock µs (counted as if the zone were UTC) of an instant; `floor(local / MICROS_PER_DAY)` is the local date.
 * @example toLocalMicros(0, timeZoneRules('+01:00')) // 3600000000
 */
export function toLocalMicros(micros: number, zone: TimeZoneRules): number {
  const offsetMs = zone.fixedOffsetMs ?? zone.offsetAt(Math.floor(micros / 1000));
  return micros + offsetMs * 1000;
}

/**
 * The instant (µs) of a wall-clock time in a zone (gaps move forward, overlaps take the earlier offset, like Spark).
 * @example fromLocalMicros(3600000000, timeZoneRules('+01:00')) // 0
 */
export function fromLocalMicros(localMicros: number, zone: TimeZoneRules): number {
  if (zone.fixedOffsetMs !== null) return localMicros - zone.fixedOffsetMs * 1000;
  const ms = Math.floor(localMicros / 1000);
  return zone.utcFromLocal(ms) * 1000 + (localMicros - ms * 1000);
}

/**
 * The local date (days since epoch) of an instant in a zone: CAST(timestamp AS DATE).
 * @example microsToDays(1700000000000000, timeZoneRules('UTC')) // 19675
 */
export function microsToDays(micros: number, zone: TimeZoneRules): number {
  return Math.floor(toLocalMicros(micros, zone) / MICROS_PER_DAY);
}

/**
 * The instant of local midnight of a date in a zone: CAST(date AS TIMESTAMP).
 * @example daysToMicros(1, timeZoneRules('UTC')) // 86400000000
 */
export function daysToMicros(days: number, zone: TimeZoneRules): number {
  return fromLocalMicros(days * MICROS_PER_DAY, zone);
}

// ---------------------------------------------------------------- calendar (proleptic Gregorian, like java.time)

/**
 * Days since 1970-01-01 of a calendar date.
 * @example daysFromCivil(2023, 11, 14) // 19675
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Writes year, month (1-12) and day of a day number into `out[0..2]` (no allocation).
 * @example const ymd = new Int32Array(3); civilFromDays(19675, ymd) // ymd = [2023, 11, 14]
 */
export function civilFromDays(days: number, out: Int32Array): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  out[1] = month;
  out[2] = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
}

/** Proleptic Gregorian leap years. @example isLeapYear(2000) // true */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** @example daysInMonth(2024, 2) // 29 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// ---------------------------------------------------------------- patterns

type PatternNode =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'optional'; readonly nodes: PatternNode[] };

function invalidPattern(pattern: string, reason: string) {
  return userError('INVALID_DATETIME_PATTERN', `Invalid datetime pattern '${pattern}': ${reason}`, {
    hint: 'see https://spark.apache.org/docs/3.5.0/sql-ref-datetime-pattern.html',
  });
}

// Spark 3.5 rejects week-based letters, a few java.time letters, and (for parsing) E, F, q, Q (DateTimeFormatterHelper).
const WEEK_BASED_LETTERS = 'YWwuec';
const ILLEGAL_LETTERS = 'ABnNp';
const ILLEGAL_FOR_PARSING = 'EFqQ';
const MAX_LETTERS: Readonly<Record<string, number>> = {
  G: 4, y: 6, M: 4, L: 4, d: 2, D: 3, Q: 4, q: 4, E: 4, F: 1, a: 1, h: 2, K: 2, k: 2, H: 2, m: 2, s: 2, S: 9, V: 2, z: 4, O: 4, X: 5, x: 5, Z: 5,
};

function checkField(pattern: string, letter: string, count: number, forParsing: boolean): void {
  if (WEEK_BASED_LETTERS.includes(letter)) {
    throw invalidPattern(pattern, `all week-based patterns are unsupported since Spark 3.0, detected: ${letter}, please use the SQL function EXTRACT instead`);
  }
  if (ILLEGAL_LETTERS.includes(letter) || (forParsing && ILLEGAL_FOR_PARSING.includes(letter))) {
    throw invalidPattern(pattern, `illegal pattern character: ${letter}${forParsing && ILLEGAL_FOR_PARSING.includes(letter) ? ' (not supported for parsing)' : ''}`);
  }
  const max = MAX_LETTERS[letter];
  if (max === undefined) throw invalidPattern(pattern, `unknown pattern letter: ${letter}`);
  if (count > max) throw invalidPattern(pattern, `too many pattern letters: ${letter}`);
  if (letter === 'V' && count !== 2) throw invalidPattern(pattern, 'pattern letter count must be 2: V');
  if (letter === 'O' && count !== 1 && count !== 4) throw invalidPattern(pattern, 'pattern letter count must be 1 or 4: O');
}

function parsePattern(pattern: string, forParsing: boolean): PatternNode[] {
  const root: PatternNode[] = [];
  const stack: PatternNode[][] = [root];
  const top = (): PatternNode[] => stack[stack.length - 1]!;
  const pushLiteral = (text: string): void => {
    const nodes = top();
    const last = nodes[nodes.length - 1];
    if (last?.kind === 'literal') nodes[nodes.length - 1] = { kind: 'literal', text: last.text + text };
    else nodes.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      let j = i;
      while (pattern[j] === c) j++;
      checkField(pattern, c, j - i, forParsing);
      top().push({ kind: 'field', letter: c, count: j - i });
      i = j;
    } else if (c === "'") {
      let j = i + 1;
      let text = '';
      while (true) {
        if (j >= pattern.length) throw invalidPattern(pattern, 'a quoted literal is not closed');
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") { text += "'"; j += 2; continue; }
          break;
        }
        text += pattern[j];
        j++;
      }
      pushLiteral(j === i + 1 ? "'" : text); // '' is a single quote
      i = j + 1;
    } else if (c === '[') {
      const nodes: PatternNode[] = [];
      top().push({ kind: 'optional', nodes });
      stack.push(nodes);
      i++;
    } else if (c === ']') {
      if (stack.length === 1) throw invalidPattern(pattern, "']' without a previous '['");
      stack.pop();
      i++;
    } else if (c === '{' || c === '}' || c === '#') {
      throw invalidPattern(pattern, `reserved character '${c}'`);
    } else {
      pushLiteral(c);
      i++;
    }
  }
  return root;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_SHORT = MONTHS.map((m) => m.slice(0, 3));
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAYS_SHORT = WEEKDAYS.map((d) => d.slice(0, 3));
const QUARTERS = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];

// ---------------------------------------------------------------- formatting

/** The fields of one instant in a zone, refilled for every value (no allocation per row). */
class LocalFields {
  year = 0; month = 0; day = 0; hour = 0; minute = 0; second = 0; micros = 0;
  /** ISO: 1 = Monday … 7 = Sunday. */
  dayOfWeek = 0;
  dayOfYear = 0;
  offsetMs = 0;
  utcMs = 0;
  private readonly ymd = new Int32Array(3);

  fill(micros: number, zone: TimeZoneRules): void {
    this.utcMs = Math.floor(micros / 1000);
    this.offsetMs = zone.fixedOffsetMs ?? zone.offsetAt(this.utcMs);
    const local = micros + this.offsetMs * 1000;
    const days = Math.floor(local / MICROS_PER_DAY);
    let rest = local - days * MICROS_PER_DAY;
    civilFromDays(days, this.ymd);
    this.year = this.ymd[0]!;
    this.month = this.ymd[1]!;
    this.day = this.ymd[2]!;
    this.hour = Math.floor(rest / MICROS_PER_HOUR);
    rest -= this.hour * MICROS_PER_HOUR;
    this.minute = Math.floor(rest / MICROS_PER_MINUTE);
    rest -= this.minute * MICROS_PER_MINUTE;
    this.second = Math.floor(rest / MICROS_PER_SECOND);
    this.micros = rest - this.second * MICROS_PER_SECOND;
    this.dayOfWeek = (((days + 3) % 7) + 7) % 7 + 1;
    this.dayOfYear = days - daysFromCivil(this.year, 1, 1) + 1;
  }
}

type Printer = (f: LocalFields) => string;

function pad(value: number, width: number): string {
  const s = String(value);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function number(width: number, get: (f: LocalFields) => number): Printer {
  return width === 1 ? (f) => String(get(f)) : (f) => pad(get(f), width);
}

/** Offsets as java.time prints them: `+05`, `+0530`, `+05:30`, `+053015`; `zero` when the offset is 0. */
function formatOffset(offsetMs: number, withMinutes: boolean, withSeconds: boolean, zero: string, colon = true, minutesIfNonZero = false): string {
  if (offsetMs === 0) return zero;
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const sep = colon ? ':' : '';
  let out = `${offsetMs < 0 ? '-' : '+'}${pad2(hours)}`;
  if (withMinutes || (minutesIfNonZero && minutes !== 0)) out += `${sep}${pad2(minutes)}`;
  if (withSeconds && seconds !== 0) out += `${sep}${pad2(seconds)}`;
  return out;
}

/** `GMT+8`, `GMT+5:30` (short) or `GMT+08:00` (full); `GMT` for zero. */
function localizedOffset(offsetMs: number, full: boolean): string {
  if (offsetMs === 0) return 'GMT';
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  let out = `GMT${offsetMs < 0 ? '-' : '+'}${full ? pad2(hours) : String(hours)}`;
  if (full || minutes !== 0 || seconds !== 0) out += `:${pad2(minutes)}`;
  if (seconds !== 0) out += `:${pad2(seconds)}`;
  return out;
}

function yearPrinter(count: number, ofEra: boolean): Printer {
  // Spark replaces y by u (proleptic year, may be negative) unless the pattern has an era G.
  if (count === 2) return (f) => pad2(((ofEra && f.year <= 0 ? 1 - f.year : f.year) % 100 + 100) % 100);
  return (f) => {
    const year = ofEra && f.year <= 0 ? 1 - f.year : f.year;
    const digits = pad(Math.abs(year), count);
    if (year < 0) return `-${digits}`;
    return count >= 4 && digits.length > count ? `+${digits}` : digits;
  };
}

function fieldPrinter(pattern: string, letter: string, count: number, ofEra: boolean, zone: TimeZoneRules): Printer {
  switch (letter) {
    case 'G': return count === 4 ? (f) => (f.year > 0 ? 'Anno Domini' : 'Before Christ') : (f) => (f.year > 0 ? 'AD' : 'BC');
    case 'y': return yearPrinter(count, ofEra);
    case 'M': case 'L':
      if (count === 3) return (f) => MONTHS_SHORT[f.month - 1]!;
      if (count === 4) return (f) => MONTHS[f.month - 1]!;
      return number(count, (f) => f.month);
    case 'd': return number(count, (f) => f.day);
    case 'D': return number(count, (f) => f.dayOfYear);
    case 'Q': case 'q':
      if (count === 3) return (f) => `Q${Math.ceil(f.month / 3)}`;
      if (count === 4) return (f) => QUARTERS[Math.ceil(f.month / 3) - 1]!;
      return number(count, (f) => Math.ceil(f.month / 3));
    case 'E': return count === 4 ? (f) => WEEKDAYS[f.dayOfWeek - 1]! : (f) => WEEKDAYS_SHORT[f.dayOfWeek - 1]!;
    case 'F': return (f) => String(((f.day - 1) % 7) + 1);
    case 'a': return (f) => (f.hour < 12 ? 'AM' : 'PM');
    case 'h': return number(count, (f) => f.hour % 12 || 12);
    case 'K': return number(count, (f) => f.hour % 12);
    case 'k': return number(count, (f) => f.hour || 24);
    case 'H': return number(count, (f) => f.hour);
    case 'm': return number(count, (f) => f.minute);
    case 's': return number(count, (f) => f.second);
    case 'S': return (f) => (pad(f.micros, 6) + '000').slice(0, count);
    case 'V': return () => zone.id;
    case 'z': return (f) => zone.displayName(f.utcMs, count === 4 ? 'long' : 'short');
    case 'O': return (f) => localizedOffset(f.offsetMs, count === 4);
    case 'X': case 'x': {
      const zero = letter === 'X' ? 'Z' : ['+00', '+0000', '+00:00', '+0000', '+00:00'][count - 1]!;
      const colon = count === 3 || count === 5;
      return (f) => formatOffset(f.offsetMs, count >= 2, count >= 4, zero, colon, count === 1);
    }
    case 'Z':
      if (count === 4) return (f) => localizedOffset(f.offsetMs, true);
      if (count === 5) return (f) => formatOffset(f.offsetMs, true, true, 'Z', true);
      return (f) => formatOffset(f.offsetMs, true, false, '+0000', false);
    default: throw invalidPattern(pattern, `unknown pattern letter: ${letter}`);
  }
}

function printers(pattern: string, nodes: readonly PatternNode[], ofEra: boolean, zone: TimeZoneRules, out: Printer[]): Printer[] {
  for (const node of nodes) {
    if (node.kind === 'literal') { const text = node.text; out.push(() => text); }
    else if (node.kind === 'field') out.push(fieldPrinter(pattern, node.letter, node.count, ofEra, zone));
    else printers(pattern, node.nodes, ofEra, zone, out); // every field is always available, so optional sections print
  }
  return out;
}

function hasLetter(nodes: readonly PatternNode[], letter: string): boolean {
  return nodes.some((n) => (n.kind === 'field' && n.letter === letter) || (n.kind === 'optional' && hasLetter(n.nodes, letter)));
}

/**
 * Compiles a Spark datetime pattern into a function from µs since epoch to text in a zone.
 * Throws INVALID_DATETIME_PATTERN for letters Spark 3.5 rejects (week-based Y/w/W/u/e/c, A, B, n, N, p, unknown letters).
 * @example compileFormatter('yyyy-MM-dd HH:mm:ss', 'UTC')(1700000000000000) // '2023-11-14 22:13:20'
 */
export function compileFormatter(pattern: string, timeZone: string): (micros: number) => string {
  const zone = timeZoneRules(timeZone);
  const fields = new LocalFields();
  if (pattern === DEFAULT_TIMESTAMP_PATTERN) {
    const year = yearPrinter(4, false);
    return (micros) => {
      fields.fill(micros, zone);
      const y = fields.year >= 0 && fields.year <= 9999 ? pad(fields.year, 4) : year(fields);
      return `${y}-${pad2(fields.month)}-${pad2(fields.day)} ${pad2(fields.hour)}:${pad2(fields.minute)}:${pad2(fields.second)}`;
    };
  }
  const nodes = parsePattern(pattern, false);
  const parts = printers(pattern, nodes, hasLetter(nodes, 'G'), zone, []);
  return (micros) => {
    fields.fill(micros, zone);
    let out = '';
    for (let i = 0; i < parts.length; i++) out += parts[i]!(fields);
    return out;
  };
}

// ---------------------------------------------------------------- parsing

/** What a parse found; NaN / -1 / null mean "not in the text". */
class ParsedFields {
  era = -1; year = Number.NaN; month = Number.NaN; day = Number.NaN; dayOfYear = Number.NaN;
  hourOfDay = Number.NaN; clockHourOfDay = Number.NaN; hourOfAmPm = Number.NaN; clockHourOfAmPm = Number.NaN; amPm = -1;
  minute = Number.NaN; second = Number.NaN; micros = Number.NaN;
  offsetMs = Number.NaN;
  zone: TimeZoneRules | null = null;

  reset(): void {
    this.era = -1; this.amPm = -1; this.zone = null;
    this.year = this.month = this.day = this.dayOfYear = Number.NaN;
    this.hourOfDay = this.clockHourOfDay = this.hourOfAmPm = this.clockHourOfAmPm = Number.NaN;
    this.minute = this.second = this.micros = this.offsetMs = Number.NaN;
  }

  copyFrom(other: ParsedFields): void {
    Object.assign(this, other);
  }
}

/** Parses at `pos`; returns the position after what it read, or -1. */
type Step = (text: string, pos: number, st: ParsedFields) => number;

type NumericField = 'year' | 'month' | 'day' | 'dayOfYear' | 'hourOfDay' | 'clockHourOfDay' | 'hourOfAmPm' | 'clockHourOfAmPm' | 'minute' | 'second';

const NUMERIC_FIELDS: Readonly<Record<string, NumericField>> = {
  y: 'year', M: 'month', L: 'month', d: 'day', D: 'dayOfYear', H: 'hourOfDay', k: 'clockHourOfDay', K: 'hourOfAmPm', h: 'clockHourOfAmPm', m: 'minute', s: 'second',
};

function isNumericNode(node: PatternNode | undefined): node is { kind: 'field'; letter: string; count: number } {
  return node !== undefined && node.kind === 'field' && ((node.letter in NUMERIC_FIELDS && !((node.letter === 'M' || node.letter === 'L') && node.count >= 3)) || node.letter === 'S');
}

/** A number of `min`..`max` digits; `reserve` digits are left for the adjacent fixed-width fields that follow (java.time's adjacent value parsing). */
function numberStep(field: NumericField, min: number, max: number, reserve: number, yearSign: boolean): Step {
  return (text, pos, st) => {
    let p = pos;
    let sign = 0;
    if (yearSign && (text[p] === '+' || text[p] === '-')) { sign = text[p] === '-' ? -1 : 1; p++; }
    let end = p;
    while (end < text.length && end - p < max + reserve) {
      const c = text.charCodeAt(end);
      if (c < 48 || c > 57) break;
      end++;
    }
    const take = Math.min(max, end - p - reserve);
    if (take < min) return -1;
    // 'yyyy' (java's EXCEEDS_PAD): more digits than letters need a '+', and '+' needs more digits
    if (yearSign && min >= 4 && ((sign === 0 && take > min) || (sign === 1 && take <= min))) return -1;
    let value = 0;
    for (let k = p; k < p + take; k++) value = value * 10 + (text.charCodeAt(k) - 48);
    st[field] = sign < 0 ? -value : value;
    return p + take;
  };
}

function fractionStep(max: number, exact: boolean): Step {
  return (text, pos, st) => {
    let end = pos;
    while (end < text.length && end - pos < max) {
      const c = text.charCodeAt(end);
      if (c < 48 || c > 57) break;
      end++;
    }
    const len = end - pos;
    if (len === 0 || (exact && len !== max)) return -1;
    let value = 0;
    for (let k = pos; k < end && k < pos + 6; k++) value = value * 10 + (text.charCodeAt(k) - 48);
    st.micros = len >= 6 ? value : value * 10 ** (6 - len); // digits past µs are dropped, like Spark
    return end;
  };
}

/** Case-insensitive choice among words (longest first); calls `set` with the index of the match. */
function textStep(words: readonly string[], set: (st: ParsedFields, index: number) => void): Step {
  const order = words.map((w, i) => ({ w: w.toLowerCase(), i })).sort((a, b) => b.w.length - a.w.length);
  return (text, pos, st) => {
    for (const { w, i } of order) {
      if (text.length - pos >= w.length && text.slice(pos, pos + w.length).toLowerCase() === w) {
        set(st, i);
        return pos + w.length;
      }
    }
    return -1;
  };
}

function literalStep(literal: string): Step {
  const lower = literal.toLowerCase();
  if (literal.length === 1) {
    const code = literal.charCodeAt(0);
    const other = lower === literal ? literal.toUpperCase().charCodeAt(0) : lower.charCodeAt(0);
    return (text, pos) => {
      const c = text.charCodeAt(pos);
      return c === code || c === other ? pos + 1 : -1;
    };
  }
  return (text, pos) => (text.slice(pos, pos + literal.length).toLowerCase() === lower ? pos + literal.length : -1);
}

/** `+05`, `+0530`, `+05:30`, `+05:30:15`; `Z` when allowed. Returns the offset in ms via `st.offsetMs`. */
function offsetStep(allowZ: boolean, prefix: string | null): Step {
  return (text, pos, st) => {
    let p = pos;
    if (prefix !== null) {
      if (text.slice(p, p + prefix.length).toUpperCase() !== prefix) return -1;
      p += prefix.length;
      if (text[p] !== '+' && text[p] !== '-') { st.offsetMs = 0; return p; }
    } else if (allowZ && (text[p] === 'Z' || text[p] === 'z')) {
      st.offsetMs = 0;
      return p + 1;
    }
    const m = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(text.slice(p, p + 10));
    if (!m) return -1;
    const hours = Number(m[2]);
    const minutes = Number(m[3] ?? 0);
    const seconds = Number(m[4] ?? 0);
    if (hours > 18 || minutes > 59 || seconds > 59) return -1;
    const ms = (hours * 3600 + minutes * 60 + seconds) * 1000;
    st.offsetMs = m[1] === '-' ? -ms : ms;
    return p + m[0].length;
  };
}

// Zone names java.time would parse for 'z' that are not IANA ids (fixed, without DST, as a simplification).
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: '-05:00', EDT: '-04:00', CST: '-06:00', CDT: '-05:00', MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00',
  CET: '+01:00', CEST: '+02:00', BST: '+01:00', IST: '+05:30', JST: '+09:00',
};

function zoneIdStep(): Step {
  return (text, pos, st) => {
    const m = /^(?:[A-Za-z][A-Za-z0-9~/._+-]*|[+-]\d{1,2}(?::?\d{2})?)/.exec(text.slice(pos, pos + 40));
    if (!m) return -1;
    // the longest prefix that names a zone
    for (let len = m[0].length; len > 0; len--) {
      const id = m[0].slice(0, len);
      const known = ZONE_ABBREVIATIONS[id.toUpperCase()];
      try {
        st.zone = timeZoneRules(known ?? id);
        st.offsetMs = Number.NaN;
        return pos + len;
      } catch {
        // not a zone: try a shorter prefix
      }
    }
    return -1;
  };
}

function optionalStep(steps: readonly Step[]): Step {
  const saved = new ParsedFields();
  return (text, pos, st) => {
    saved.copyFrom(st);
    let p = pos;
    for (const step of steps) {
      p = step(text, p, st);
      if (p < 0) { st.copyFrom(saved); return pos; }
    }
    return p;
  };
}

function fieldStep(node: { letter: string; count: number }, next: readonly PatternNode[], pattern: string): Step {
  const { letter, count } = node;
  const field = NUMERIC_FIELDS[letter];
  if (letter === 'S') return fractionStep(count, isNumericNode(next[0]));
  if (field !== undefined && !((letter === 'M' || letter === 'L') && count >= 3)) {
    let reserve = 0;
    for (const n of next) {
      if (!isNumericNode(n)) break;
      reserve += n.letter === 'S' ? n.count : n.count === 1 ? 1 : n.count;
    }
    if (letter === 'y') {
      if (count === 2) {
        const twoDigitYear = numberStep('year', 2, 2, 0, false);
        return (text, pos, st) => {
          const end = twoDigitYear(text, pos, st);
          st.year += 2000; // java's reduced year with base 2000: 00..99 → 2000..2099
          return end;
        };
      }
      if (reserve > 0 && count > 1) return numberStep('year', count, count, 0, false);
      return numberStep('year', count, count >= 4 ? 6 : 9, reserve, true);
    }
    const width = letter === 'D' ? 3 : 2;
    if (count > 1 || reserve === 0) return numberStep(field, count, count > 1 && reserve > 0 ? count : Math.max(count, width), 0, false);
    return numberStep(field, 1, width, reserve, false);
  }
  switch (letter) {
    case 'M': case 'L': return textStep(count === 3 ? MONTHS_SHORT : MONTHS, (st, i) => { st.month = i + 1; });
    case 'G': return textStep(count === 4 ? ['Before Christ', 'Anno Domini'] : ['BC', 'AD'], (st, i) => { st.era = i; });
    case 'a': return textStep(['AM', 'PM'], (st, i) => { st.amPm = i; });
    case 'X': return offsetStep(true, null);
    case 'x': return offsetStep(false, null);
    case 'Z': return count === 4 ? offsetStep(false, 'GMT') : offsetStep(count === 5, null);
    case 'O': return offsetStep(false, 'GMT');
    case 'V': case 'z': return zoneIdStep();
    default: throw invalidPattern(pattern, `illegal pattern character: ${letter}`);
  }
}

function steps(nodes: readonly PatternNode[], pattern: string): Step[] {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case 'literal': return literalStep(node.text);
      case 'optional': return optionalStep(steps(node.nodes, pattern));
      case 'field': return fieldStep(node, nodes.slice(i + 1), pattern);
      default: return assertNever(node, 'pattern node');
    }
  });
}

function inRange(value: number, min: number, max: number): boolean {
  return value >= min && value <= max;
}

/** Turns parsed fields into local µs with Spark's defaults (1970-01-01, 00:00:00), or NaN when they are not a valid date/time. */
function resolveLocal(st: ParsedFields, yearOfEra: boolean): number {
  let year = Number.isNaN(st.year) ? 1970 : st.year;
  if (yearOfEra && !Number.isNaN(st.year)) {
    if (year < 1) return Number.NaN;
    if (st.era === 0) year = 1 - year;
  }
  let days: number;
  if (!Number.isNaN(st.dayOfYear)) {
    if (!inRange(st.dayOfYear, 1, isLeapYear(year) ? 366 : 365)) return Number.NaN;
    days = daysFromCivil(year, 1, 1) + st.dayOfYear - 1;
    const ymd = new Int32Array(3);
    civilFromDays(days, ymd);
    if ((!Number.isNaN(st.month) && st.month !== ymd[1]) || (!Number.isNaN(st.day) && st.day !== ymd[2])) return Number.NaN;
  } else {
    const month = Number.isNaN(st.month) ? 1 : st.month;
    const day = Number.isNaN(st.day) ? 1 : st.day;
    if (!inRange(month, 1, 12) || !inRange(day, 1, daysInMonth(year, month))) return Number.NaN;
    days = daysFromCivil(year, month, day);
  }
  let hour: number;
  if (!Number.isNaN(st.hourOfDay)) {
    hour = st.hourOfDay;
    if (!inRange(hour, 0, 23) || (st.amPm >= 0 && (hour >= 12 ? 1 : 0) !== st.amPm)) return Number.NaN;
  } else if (!Number.isNaN(st.clockHourOfDay)) {
    if (!inRange(st.clockHourOfDay, 1, 24)) return Number.NaN;
    hour = st.clockHourOfDay % 24;
  } else if (!Number.isNaN(st.clockHourOfAmPm)) {
    if (!inRange(st.clockHourOfAmPm, 1, 12)) return Number.NaN;
    hour = (st.clockHourOfAmPm % 12) + (st.amPm === 1 ? 12 : 0); // no am/pm: Spark assumes AM
  } else if (!Number.isNaN(st.hourOfAmPm)) {
    if (!inRange(st.hourOfAmPm, 0, 11)) return Number.NaN;
    hour = st.hourOfAmPm + (st.amPm === 1 ? 12 : 0);
  } else {
    hour = st.amPm === 1 ? 12 : 0;
  }
  const minute = Number.isNaN(st.minute) ? 0 : st.minute;
  const second = Number.isNaN(st.second) ? 0 : st.second;
  if (!inRange(minute, 0, 59) || !inRange(second, 0, 59)) return Number.NaN;
  const micros = Number.isNaN(st.micros) ? 0 : st.micros;
  return days * MICROS_PER_DAY + hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + second * MICROS_PER_SECOND + micros;
}

function twoDigits(text: string, pos: number): number {
  const a = text.charCodeAt(pos) - 48;
  const b = text.charCodeAt(pos + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `yyyy-MM-dd HH:mm:ss` read with charCodeAt; NaN when the text is not exactly that shape. */
function parseDefaultLocal(text: string): number {
  if (text.length !== 19 || text[4] !== '-' || text[7] !== '-' || text[10] !== ' ' || text[13] !== ':' || text[16] !== ':') return Number.NaN;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yy < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  const year = century * 100 + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day) * MICROS_PER_DAY + hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + second * MICROS_PER_SECOND;
}

/**
 * Compiles a Spark datetime pattern into a parser from text to µs since epoch, or null when the text does not match
 * (Spark's non-ANSI behaviour; Spark 3.5's default policy may instead raise an upgrade error for texts only the legacy
 * parser accepts — brook returns null, as with spark.sql.legacy.timeParserPolicy=CORRECTED). The whole text must match,
 * letters case-insensitively; missing fields default to 1970-01-01 00:00:00; a parsed zone or offset wins over `timeZone`.
 * @example compileParser('dd/MM/yyyy HH:mm', 'UTC')('14/11/2023 22:13') // 1699999980000000
 */
export function compileParser(pattern: string, timeZone: string): (text: string) => number | null {
  const zone = timeZoneRules(timeZone);
  const nodes = parsePattern(pattern, true);
  const program = steps(nodes, pattern);
  const yearOfEra = hasLetter(nodes, 'G');
  const st = new ParsedFields();
  const general = (text: string): number | null => {
    st.reset();
    let pos = 0;
    for (let i = 0; i < program.length; i++) {
      pos = program[i]!(text, pos, st);
      if (pos < 0) return null;
    }
    if (pos !== text.length) return null;
    const local = resolveLocal(st, yearOfEra);
    if (Number.isNaN(local)) return null;
    if (!Number.isNaN(st.offsetMs)) return local - st.offsetMs * 1000;
    return fromLocalMicros(local, st.zone ?? zone);
  };
  if (pattern !== DEFAULT_TIMESTAMP_PATTERN) return general;
  return (text) => {
    const local = parseDefaultLocal(text);
    return Number.isNaN(local) ? general(text) : fromLocalMicros(local, zone);
  };
}
