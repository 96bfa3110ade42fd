// Dates and timestamps for the JSON functions: Spark datetime patterns compiled into parsers (text → µs / days) and formatters.
import { IANAZone } from 'luxon';
import { userError } from '../../common/errors.js';

/** A time zone as the JSON code needs it: the UTC offset (minutes) in force at an instant. */
export interface TimeZoneRules {
  readonly id: string;
  /** True for fixed offsets (UTC, '+08:00'): `offsetMinutes` is the same at every instant. */
  readonly fixed: boolean;
  offsetMinutes(epochMs: number): number;
}

/** Spark's default pattern for writing timestamps to JSON. */
export const DEFAULT_JSON_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
/** Spark's default pattern for dates in JSON. */
export const DEFAULT_JSON_DATE_FORMAT = 'yyyy-MM-dd';

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_DAY = 86_400_000_000;
const MS_PER_DAY = 86_400_000;
const OFFSET_BUCKET_MS = 900_000; // offsets change on 15-minute boundaries in every current zone

class FixedZone implements TimeZoneRules {
  readonly fixed = true;
  constructor(readonly id: string, private readonly minutes: number) {}
  offsetMinutes(): number {
    return this.minutes;
  }
}

class RegionZone implements TimeZoneRules {
  readonly fixed = false;
  private readonly cache = new Map<number, number>();
  constructor(readonly id: string, private readonly zone: IANAZone) {}
  offsetMinutes(epochMs: number): number {
    const bucket = Math.floor(epochMs / OFFSET_BUCKET_MS);
    let offset = this.cache.get(bucket);
    if (offset === undefined) {
      if (this.cache.size > 4096) this.cache.clear();
      offset = this.zone.offset(bucket * OFFSET_BUCKET_MS);
      this.cache.set(bucket, offset);
    }
    return offset;
  }
}

const zoneCache = new Map<string, TimeZoneRules>();
const UTC_NAMES = new Set(['utc', 'z', 'gmt', 'ut', 'etc/utc', 'etc/gmt', 'utc0', 'gmt0', 'zulu', 'universal']);

/** The zone for an id, or null when the id names no zone. */
export function findTimeZone(id: string): TimeZoneRules | null {
  const cached = zoneCache.get(id);
  if (cached !== undefined) return cached;
  let zone: TimeZoneRules | null = null;
  if (UTC_NAMES.has(id.toLowerCase())) zone = new FixedZone(id, 0);
  else {
    const m = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i.exec(id);
    if (m) {
      const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0) + Number(m[4] ?? 0) / 60;
      if (minutes <= 18 * 60) zone = new FixedZone(id, m[1] === '-' ? -minutes : minutes);
    } else if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id) && IANAZone.isValidZone(id)) {
      zone = new RegionZone(id, IANAZone.create(id));
    }
  }
  if (zone !== null) zoneCache.set(id, zone);
  return zone;
}

/**
 * The zone for a session time zone id ('UTC', 'America/New_York', '+08:00', 'GMT+8'); a user error when unknown.
 * @example resolveTimeZone('Europe/Berlin').offsetMinutes(Date.UTC(2023, 6, 1)) // 120
 */
export function resolveTimeZone(id: string): TimeZoneRules {
  const zone = findTimeZone(id);
  if (zone === null) {
    throw userError('INVALID_TIME_ZONE', `Invalid time zone '${id}'`, {
      hint: "use a region id such as 'America/New_York' or an offset such as '+08:00'",
    });
  }
  return zone;
}

/**
 * UTC µs of a wall-clock time (µs since epoch as if the zone were UTC). Like java.time: in an overlap the earlier
 * offset wins, in a gap the time moves forward by the gap.
 */
export function localMicrosToUtc(localMicros: number, zone: TimeZoneRules): number {
  if (zone.fixed) return localMicros - zone.offsetMinutes(0) * 60_000_000;
  const localMs = Math.floor(localMicros / 1000);
  const before = zone.offsetMinutes(localMs - MS_PER_DAY);
  const after = zone.offsetMinutes(localMs + MS_PER_DAY);
  const withBefore = localMicros - before * 60_000_000;
  if (before === after) return withBefore;
  const withAfter = localMicros - after * 60_000_000;
  const beforeValid = zone.offsetMinutes(Math.floor(withBefore / 1000)) === before;
  const afterValid = zone.offsetMinutes(Math.floor(withAfter / 1000)) === after;
  return beforeValid || !afterValid ? withBefore : withAfter;
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1-12) and day of days since 1970-01-01, written into `out`. */
export function civilFromDays(days: number, out: { year: number; month: number; day: number }): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads 1..max digits at `pos`; returns the end position or -1. The value is left in `scan.value`. */
const scan = { value: 0 };
function readDigits(s: string, pos: number, min: number, max: number): number {
  let v = 0;
  let i = pos;
  while (i < s.length && i - pos < max) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    v = v * 10 + (c - 48);
    i++;
  }
  if (i - pos < min) return -1;
  scan.value = v;
  return i;
}

/** µs of the fraction digits s[pos, end) (first six digits count, the rest is dropped like Spark). */
function fractionMicros(s: string, pos: number, end: number): number {
  let v = 0;
  for (let k = 0; k < 6; k++) v = v * 10 + (pos + k < end ? s.charCodeAt(pos + k) - 48 : 0);
  return v;
}

function trimmedBounds(s: string): [number, number] {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return [start, end];
}

const dateScratch = { year: 0, month: 0, day: 0 };

/** Parses `[+-]yyyy[-m[m][-d[d]]]` at the start; sets dateScratch and returns the end position or -1. */
function parseIsoDatePart(s: string, start: number, end: number): number {
  let pos = start;
  let sign = 1;
  const c0 = s.charCodeAt(pos);
  if (c0 === 43 || c0 === 45) { sign = c0 === 45 ? -1 : 1; pos++; }
  pos = readDigits(s, pos, 4, 7);
  if (pos < 0) return -1;
  dateScratch.year = sign * scan.value;
  dateScratch.month = 1;
  dateScratch.day = 1;
  if (pos < end && s.charCodeAt(pos) === 45) {
    pos = readDigits(s, pos + 1, 1, 2);
    if (pos < 0) return -1;
    dateScratch.month = scan.value;
    if (pos < end && s.charCodeAt(pos) === 45) {
      pos = readDigits(s, pos + 1, 1, 2);
      if (pos < 0) return -1;
      dateScratch.day = scan.value;
    }
  }
  const { year, month, day } = dateScratch;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return pos;
}

/**
 * Spark's lenient default date parsing: `yyyy`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`, optionally followed by ' ' or 'T' and
 * anything. Returns days since epoch or null.
 */
export function parseDefaultDate(text: string): number | null {
  const [start, end] = trimmedBounds(text);
  const pos = parseIsoDatePart(text, start, end);
  if (pos < 0) return null;
  if (pos !== end) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 84) return null;
  }
  return daysFromCivil(dateScratch.year, dateScratch.month, dateScratch.day);
}

/**
 * Spark's default timestamp parsing (no timestampFormat): `yyyy[-[m]m[-[d]d]][( |T)[h]h[:[m]m[:[s]s[.fraction]]]][zone]`
 * where zone is Z, ±h[h][[:]mm], or a zone id (optionally after a space). Without a zone the session zone applies.
 * @example parseDefaultTimestamp('2023-11-14T22:13:20Z', resolveTimeZone('UTC')) // 1700000000000000
 */
export function parseDefaultTimestamp(text: string, sessionZone: TimeZoneRules): number | null {
  const [start, end] = trimmedBounds(text);
  let pos = parseIsoDatePart(text, start, end);
  if (pos < 0) return null;
  const days = daysFromCivil(dateScratch.year, dateScratch.month, dateScratch.day);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let micros = 0;
  if (pos < end) {
    const sep = text.charCodeAt(pos);
    if (sep !== 32 && sep !== 84) return null;
    pos++;
    if (pos < end && isDigit(text.charCodeAt(pos))) {
      pos = readDigits(text, pos, 1, 2);
      if (pos < 0) return null;
      hour = scan.value;
      if (pos < end && text.charCodeAt(pos) === 58) {
        pos = readDigits(text, pos + 1, 1, 2);
        if (pos < 0) return null;
        minute = scan.value;
        if (pos < end && text.charCodeAt(pos) === 58) {
          pos = readDigits(text, pos + 1, 1, 2);
          if (pos < 0) return null;
          second = scan.value;
          if (pos < end && text.charCodeAt(pos) === 46) {
            const fracStart = pos + 1;
            pos = fracStart;
            while (pos < end && pos - fracStart < 9 && isDigit(text.charCodeAt(pos))) pos++;
            if (pos === fracStart) return null;
            micros = fractionMicros(text, fracStart, pos);
          }
        }
      }
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const local = days * MICROS_PER_DAY + (hour * 3600 + minute * 60 + second) * MICROS_PER_SECOND + micros;
  if (pos === end) return localMicrosToUtc(local, sessionZone);
  if (text.charCodeAt(pos) === 32) pos++;
  const zone = findTimeZone(text.slice(pos, end));
  if (zone === null) return null;
  return localMicrosToUtc(local, zone);
}

type PatternToken =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'optional'; readonly tokens: readonly PatternToken[] };

const SUPPORTED_LETTERS = 'yuMLdDEaHhKkmsSXxZVzO';
const NUMERIC_LETTERS = 'yudDHhKkmsS';

function patternError(pattern: string, what: string) {
  return userError('INVALID_DATETIME_PATTERN', `Invalid datetime pattern '${pattern}': ${what}`, {
    hint: 'see the Spark datetime pattern reference (yyyy, MM, dd, HH, mm, ss, SSS, XXX, ...)',
  });
}

/** Splits a Spark datetime pattern into literals, letter runs and [optional] sections. */
function tokenizePattern(pattern: string): PatternToken[] {
  const stack: PatternToken[][] = [[]];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (c === "'") {
      let j = i + 1;
      let text = '';
      while (true) {
        if (j >= pattern.length) throw patternError(pattern, 'unterminated quoted text');
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") { text += "'"; j += 2; continue; }
          break;
        }
        text += pattern[j];
        j++;
      }
      top.push({ kind: 'literal', text: j === i + 1 ? "'" : text });
      i = j + 1;
    } else if (c === '[') {
      stack.push([]);
      i++;
    } else if (c === ']') {
      if (stack.length === 1) throw patternError(pattern, "']' without a matching '['");
      const tokens = stack.pop()!;
      stack[stack.length - 1]!.push({ kind: 'optional', tokens });
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      if (!SUPPORTED_LETTERS.includes(c)) throw patternError(pattern, `the pattern letter '${c}' is not supported`);
      let j = i;
      while (pattern[j] === c) j++;
      top.push({ kind: 'field', letter: c, count: j - i });
      i = j;
    } else if (c === '#' || c === '{' || c === '}') {
      throw patternError(pattern, `'${c}' is reserved`);
    } else {
      top.push({ kind: 'literal', text: c });
      i++;
    }
  }
  if (stack.length !== 1) throw patternError(pattern, "'[' without a matching ']'");
  return stack[0]!;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface ParsedFields {
  year: number; month: number; day: number; dayOfYear: number;
  hour: number; hour12: number; clockHour24: number; pm: number;
  minute: number; second: number; micros: number;
  offsetMinutes: number; zone: TimeZoneRules | null;
}

function emptyFields(): ParsedFields {
  return { year: 1970, month: -1, day: -1, dayOfYear: -1, hour: -1, hour12: -1, clockHour24: -1, pm: -1,
    minute: 0, second: 0, micros: 0, offsetMinutes: Number.NaN, zone: null };
}

function startsWithIgnoreCase(s: string, pos: number, word: string): boolean {
  return s.length - pos >= word.length && s.slice(pos, pos + word.length).toLowerCase() === word.toLowerCase();
}

/** Matches one of `names` (or their first three letters) at pos; returns [index, end] or null. */
function matchName(s: string, pos: number, names: readonly string[], short: boolean): [number, number] | null {
  for (let k = 0; k < names.length; k++) {
    const name = short ? names[k]!.slice(0, 3) : names[k]!;
    if (startsWithIgnoreCase(s, pos, name)) return [k, pos + name.length];
  }
  return null;
}

/** ±H[H][[:]mm[[:]ss]] or (when allowed) Z; sets f.offsetMinutes, returns the end or -1. */
function parseOffset(s: string, pos: number, f: ParsedFields, allowZ: boolean): number {
  const c = s.charCodeAt(pos);
  if (allowZ && (c === 90 || c === 122)) { f.offsetMinutes = 0; return pos + 1; }
  if (c !== 43 && c !== 45) return -1;
  let p = readDigits(s, pos + 1, 1, 2);
  if (p < 0) return -1;
  let minutes = scan.value * 60;
  const colon = s.charCodeAt(p) === 58;
  const q = readDigits(s, colon ? p + 1 : p, 2, 2);
  if (q >= 0) {
    minutes += scan.value;
    p = q;
    const colon2 = s.charCodeAt(p) === 58;
    const r = readDigits(s, colon2 ? p + 1 : p, 2, 2);
    if (r >= 0) { minutes += scan.value / 60; p = r; }
  } else if (colon) return -1;
  f.offsetMinutes = c === 45 ? -minutes : minutes;
  return p;
}

function isAdjacentNumeric(tokens: readonly PatternToken[], k: number): boolean {
  const next = tokens[k + 1];
  return next !== undefined && next.kind === 'field' && NUMERIC_LETTERS.includes(next.letter);
}

function parseField(s: string, pos: number, letter: string, count: number, adjacent: boolean, f: ParsedFields): number {
  const fixed = count >= 2;
  switch (letter) {
    case 'y': case 'u': {
      if (count === 2) {
        const p = readDigits(s, pos, 2, 2);
        if (p >= 0) f.year = 2000 + scan.value;
        return p;
      }
      const p = readDigits(s, pos, count, adjacent ? count : 9);
      if (p >= 0) f.year = scan.value;
      return p;
    }
    case 'M': case 'L': {
      if (count >= 3) {
        const m = matchName(s, pos, MONTHS, count === 3);
        if (m === null) return -1;
        f.month = m[0] + 1;
        return m[1];
      }
      const p = readDigits(s, pos, fixed ? 2 : 1, 2);
      if (p >= 0) f.month = scan.value;
      return p;
    }
    case 'E': {
      const m = matchName(s, pos, WEEKDAYS, count <= 3);
      return m === null ? -1 : m[1];
    }
    case 'a': {
      if (startsWithIgnoreCase(s, pos, 'AM')) { f.pm = 0; return pos + 2; }
      if (startsWithIgnoreCase(s, pos, 'PM')) { f.pm = 1; return pos + 2; }
      return -1;
    }
    case 'S': {
      const p = readDigits(s, pos, adjacent ? count : 1, count);
      if (p >= 0) f.micros = fractionMicros(s, pos, p);
      return p;
    }
    case 'X': case 'x': case 'Z':
      return parseOffset(s, pos, f, letter === 'X' || (letter === 'Z' && count === 5));
    case 'O': {
      if (!startsWithIgnoreCase(s, pos, 'GMT')) return -1;
      const p = parseOffset(s, pos + 3, f, false);
      if (p >= 0) return p;
      f.offsetMinutes = 0;
      return pos + 3;
    }
    case 'V': case 'z': {
      let end = pos;
      while (end < s.length && /[A-Za-z0-9_/+\-:]/.test(s[end]!)) end++;
      for (let e = end; e > pos; e--) {
        const zone = findTimeZone(s.slice(pos, e));
        if (zone !== null) { f.zone = zone; return e; }
      }
      return -1;
    }
    default: {
      const max = letter === 'D' ? 3 : 2;
      const p = readDigits(s, pos, fixed ? count : 1, fixed ? count : max);
      if (p < 0) return -1;
      const v = scan.value;
      if (letter === 'd') f.day = v;
      else if (letter === 'D') f.dayOfYear = v;
      else if (letter === 'H') f.hour = v;
      else if (letter === 'h' || letter === 'K') f.hour12 = letter === 'h' ? v % 12 : v;
      else if (letter === 'k') f.clockHour24 = v;
      else if (letter === 'm') f.minute = v;
      else if (letter === 's') f.second = v;
      return p;
    }
  }
}

function matchTokens(s: string, pos: number, tokens: readonly PatternToken[], f: ParsedFields): number {
  for (let k = 0; k < tokens.length && pos >= 0; k++) {
    const t = tokens[k]!;
    if (t.kind === 'literal') {
      pos = startsWithIgnoreCase(s, pos, t.text) ? pos + t.text.length : -1;
    } else if (t.kind === 'optional') {
      const saved = { ...f };
      const p = matchTokens(s, pos, t.tokens, f);
      if (p >= 0) pos = p;
      else Object.assign(f, saved);
    } else {
      pos = parseField(s, pos, t.letter, t.count, isAdjacentNumeric(tokens, k), f);
    }
  }
  return pos;
}

/** Local µs of the parsed fields (no zone applied), or null when they name no valid date-time. */
function localMicrosOf(f: ParsedFields): number | null {
  let month = f.month;
  let day = f.day;
  if (f.dayOfYear >= 0 && month < 0 && day < 0) {
    const leap = daysInMonth(f.year, 2) === 29;
    if (f.dayOfYear < 1 || f.dayOfYear > (leap ? 366 : 365)) return null;
    const days = daysFromCivil(f.year, 1, 1) + f.dayOfYear - 1;
    return dayAndTimeMicros(days, f);
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(f.year, month)) return null;
  return dayAndTimeMicros(daysFromCivil(f.year, month, day), f);
}

function dayAndTimeMicros(days: number, f: ParsedFields): number | null {
  let hour = f.hour >= 0 ? f.hour : 0;
  if (f.hour12 >= 0) hour = f.hour12 + (f.pm === 1 ? 12 : 0);
  else if (f.clockHour24 >= 0) hour = f.clockHour24 === 24 ? 0 : f.clockHour24;
  else if (f.pm === 1 && f.hour >= 0 && f.hour < 12) return null;
  if (hour > 23 || f.minute > 59 || f.second > 59 || f.hour12 > 11 || f.clockHour24 > 24) return null;
  return days * MICROS_PER_DAY + (hour * 3600 + f.minute * 60 + f.second) * MICROS_PER_SECOND + f.micros;
}

/**
 * A timestamp parser: with a pattern, the whole text must match it (Spark's strict mode when a format is given);
 * without one, Spark's lenient ISO-8601 parsing. The zone of the text wins over `timeZone`. Returns µs or null.
 * @example compileTimestampParser('dd/MM/yyyy HH:mm', 'UTC')('14/11/2023 22:13') // 1699999980000000
 */
export function compileTimestampParser(pattern: string | undefined, timeZone: string): (text: string) => number | null {
  const sessionZone = resolveTimeZone(timeZone);
  if (pattern === undefined) return (text) => parseDefaultTimestamp(text, sessionZone);
  const tokens = tokenizePattern(pattern);
  return (text) => {
    const f = emptyFields();
    if (matchTokens(text, 0, tokens, f) !== text.length) return null;
    const local = localMicrosOf(f);
    if (local === null) return null;
    if (!Number.isNaN(f.offsetMinutes)) return local - f.offsetMinutes * 60_000_000;
    return localMicrosToUtc(local, f.zone ?? sessionZone);
  };
}

/**
 * A date parser (days since epoch or null): strict with a pattern, Spark's lenient `yyyy-[m]m-[d]d` default without.
 * @example compileDateParser('dd.MM.yyyy')('14.11.2023') // 19675
 */
export function compileDateParser(pattern: string | undefined): (text: string) => number | null {
  if (pattern === undefined) return parseDefaultDate;
  const tokens = tokenizePattern(pattern);
  return (text) => {
    const f = emptyFields();
    if (matchTokens(text, 0, tokens, f) !== text.length) return null;
    const local = localMicrosOf(f);
    return local === null ? null : Math.floor(local / MICROS_PER_DAY);
  };
}

function pad(v: number, width: number): string {
  const s = String(Math.abs(v));
  const padded = s.length >= width ? s : '0'.repeat(width - s.length) + s;
  return v < 0 ? '-' + padded : padded;
}

function formatOffset(minutes: number, letter: string, count: number): string {
  const zeroAsZ = letter === 'X' || (letter === 'Z' && count === 5);
  if (minutes === 0 && zeroAsZ) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = pad(Math.floor(abs / 60), 2);
  const mm = pad(Math.floor(abs % 60), 2);
  const ss = pad(Math.round((abs * 60) % 60), 2);
  if (letter === 'O') {
    if (minutes === 0) return 'GMT';
    return count === 1 ? `GMT${sign}${Math.floor(abs / 60)}${mm === '00' ? '' : ':' + mm}` : `GMT${sign}${hh}:${mm}`;
  }
  if (letter === 'Z' && count === 4) return minutes === 0 ? 'GMT' : `GMT${sign}${hh}:${mm}`;
  if (letter === 'Z') return count === 5 ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
  switch (count) {
    case 1: return `${sign}${hh}${mm === '00' ? '' : mm}`;
    case 2: return `${sign}${hh}${mm}`;
    case 4: return `${sign}${hh}${mm}${ss === '00' ? '' : ss}`;
    case 5: return `${sign}${hh}:${mm}${ss === '00' ? '' : ':' + ss}`;
    default: return `${sign}${hh}:${mm}`;
  }
}

interface LocalFields { year: number; month: number; day: number; days: number; microsOfDay: number; offset: number }

function formatField(letter: string, count: number, t: LocalFields, zone: TimeZoneRules): string {
  const hour = Math.floor(t.microsOfDay / 3_600_000_000);
  switch (letter) {
    case 'y': case 'u': return count === 2 ? pad(((t.year % 100) + 100) % 100, 2) : pad(t.year, count);
    case 'M': case 'L':
      if (count === 3) return MONTHS[t.month - 1]!.slice(0, 3);
      if (count >= 4) return MONTHS[t.month - 1]!;
      return pad(t.month, count);
    case 'd': return pad(t.day, count);
    case 'D': return pad(t.days - daysFromCivil(t.year, 1, 1) + 1, count);
    case 'E': {
      const name = WEEKDAYS[(((t.days + 4) % 7) + 7) % 7]!;
      return count >= 4 ? name : name.slice(0, 3);
    }
    case 'a': return hour < 12 ? 'AM' : 'PM';
    case 'H': return pad(hour, count);
    case 'h': return pad(((hour + 11) % 12) + 1, count);
    case 'K': return pad(hour % 12, count);
    case 'k': return pad(hour === 0 ? 24 : hour, count);
    case 'm': return pad(Math.floor(t.microsOfDay / 60_000_000) % 60, count);
    case 's': return pad(Math.floor(t.microsOfDay / MICROS_PER_SECOND) % 60, count);
    case 'S': {
      const digits = pad(t.microsOfDay % MICROS_PER_SECOND, 6);
      return count <= 6 ? digits.slice(0, count) : digits + '0'.repeat(count - 6);
    }
    case 'V': return zone.id;
    case 'z': return zone.fixed ? zone.id : formatOffset(t.offset, 'O', 4);
    default: return formatOffset(t.offset, letter, count);
  }
}

function formatTokens(tokens: readonly PatternToken[], t: LocalFields, zone: TimeZoneRules): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') out += token.text;
    else if (token.kind === 'optional') out += formatTokens(token.tokens, t, zone);
    else out += formatField(token.letter, token.count, t, zone);
  }
  return out;
}

function localFieldsOf(localMicros: number, offset: number): LocalFields {
  const days = Math.floor(localMicros / MICROS_PER_DAY);
  civilFromDays(days, dateScratch);
  return { year: dateScratch.year, month: dateScratch.month, day: dateScratch.day, days, microsOfDay: localMicros - days * MICROS_PER_DAY, offset };
}

/**
 * A timestamp formatter for a Spark pattern in a zone; the default JSON pattern has a fast path.
 * @example compileTimestampFormatter("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 'UTC')(1700000000000000) // '2023-11-14T22:13:20.000Z'
 */
export function compileTimestampFormatter(pattern: string, timeZone: string): (micros: number) => string {
  const zone = resolveTimeZone(timeZone);
  const tokens = tokenizePattern(pattern);
  if (pattern === DEFAULT_JSON_TIMESTAMP_FORMAT) {
    return (micros) => {
      const offset = zone.offsetMinutes(Math.floor(micros / 1000));
      const local = micros + offset * 60_000_000;
      const t = localFieldsOf(local, offset);
      const ms = Math.floor(t.microsOfDay / 1000);
      return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(Math.floor(ms / 3_600_000), 2)}:`
        + `${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}.${pad(ms % 1000, 3)}${formatOffset(offset, 'X', 3)}`;
    };
  }
  return (micros) => {
    const offset = zone.offsetMinutes(Math.floor(micros / 1000));
    return formatTokens(tokens, localFieldsOf(micros + offset * 60_000_000, offset), zone);
  };
}

/**
 * A date formatter (days since epoch → text) for a Spark pattern.
 * @example compileDateFormatter('yyyy-MM-dd')(19675) // '2023-11-14'
 */
export function compileDateFormatter(pattern: string): (days: number) => string {
  const tokens = tokenizePattern(pattern);
  const utc = resolveTimeZone('UTC');
  if (pattern === DEFAULT_JSON_DATE_FORMAT) {
    return (days) => {
      civilFromDays(days, dateScratch);
      return `${pad(dateScratch.year, 4)}-${pad(dateScratch.month, 2)}-${pad(dateScratch.day, 2)}`;
    };
  }
  return (days) => formatTokens(tokens, localFieldsOf(days * MICROS_PER_DAY, 0), utc);
}
