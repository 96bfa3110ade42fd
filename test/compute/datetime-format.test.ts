// Spark datetime patterns: formatting and parsing in UTC, fixed offsets and America/New_York across DST; pattern errors.
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  compileFormatter,
  compileParser,
  daysFromCivil,
  daysToMicros,
  microsToDays,
  timeZoneRules,
} from '../../src/compute/datetime-format.js';

const T = 1_700_000_000_000_000; // 2023-11-14 22:13:20 UTC, a Tuesday
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s) * 1000;

describe('calendar', () => {
  it('converts dates to day numbers and back', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2023, 11, 14)).toBe(19675);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2000, 2, 29)).toBe(11016);
    const ymd = new Int32Array(3);
    civilFromDays(19675, ymd);
    expect([...ymd]).toEqual([2023, 11, 14]);
    civilFromDays(-719162, ymd);
    expect([...ymd]).toEqual([1, 1, 1]);
  });

  it('converts between instants and local dates in a zone', () => {
    const ny = timeZoneRules('America/New_York');
    expect(microsToDays(utc(2023, 11, 15, 3), ny)).toBe(19675); // still the 14th in New York
    expect(daysToMicros(19675, ny)).toBe(utc(2023, 11, 14, 5));
    expect(daysToMicros(19675, timeZoneRules('+05:30'))).toBe(utc(2023, 11, 13, 18, 30));
  });

  it('rejects an unknown time zone', () => {
    expect(() => timeZoneRules('Mars/Olympus')).toThrow("Invalid time zone 'Mars/Olympus'");
  });
});

describe('compileFormatter', () => {
  it('formats the default pattern in UTC', () => {
    const f = compileFormatter('yyyy-MM-dd HH:mm:ss', 'UTC');
    expect(f(T)).toBe('2023-11-14 22:13:20');
    expect(f(0)).toBe('1970-01-01 00:00:00');
    expect(f(-1)).toBe('1969-12-31 23:59:59');
  });

  it('formats text, numbers, fractions and quoted literals', () => {
    const t = T + 123_456;
    expect(compileFormatter("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 'UTC')(t)).toBe('2023-11-14T22:13:20.123Z');
    expect(compileFormatter('EEE, d MMM yyyy h:mm a', 'UTC')(t)).toBe('Tue, 14 Nov 2023 10:13 PM');
    expect(compileFormatter('EEEE MMMM yy D Q QQQ QQQQ', 'UTC')(t)).toBe('Tuesday November 23 318 4 Q4 4th quarter');
    expect(compileFormatter('S SSS SSSSSS SSSSSSSSS', 'UTC')(t)).toBe('1 123 123456 123456000');
    expect(compileFormatter("yyyy 'year' '' G", 'UTC')(t)).toBe("2023 year ' AD");
    expect(compileFormatter('M/d/y', 'UTC')(utc(2024, 2, 5))).toBe('2/5/2024');
    expect(compileFormatter('SSSSSS', 'UTC')(-1)).toBe('999999');
  });

  it('formats the clock-hour letters around midnight and noon', () => {
    const f = compileFormatter('hh K k H a', 'UTC');
    expect(f(utc(2023, 1, 1, 0, 30))).toBe('12 0 24 0 AM');
    expect(f(utc(2023, 1, 1, 12, 5))).toBe('12 0 12 12 PM');
    expect(f(utc(2023, 1, 1, 23))).toBe('11 11 23 23 PM');
  });

  it('formats offsets and zone names', () => {
    const ny = (p: string) => compileFormatter(p, 'America/New_York')(T);
    expect(ny('yyyy-MM-dd HH:mm:ss')).toBe('2023-11-14 17:13:20');
    expect(ny('X|XX|XXX|x|xx|xxx|Z|ZZZZ|ZZZZZ|O|OOOO')).toBe('-05|-0500|-05:00|-05|-0500|-05:00|-0500|GMT-05:00|-05:00|GMT-5|GMT-05:00');
    expect(ny('z|zzzz|VV')).toBe('EST|Eastern Standard Time|America/New_York');
    const u = (p: string) => compileFormatter(p, 'UTC')(T);
    expect(u('X|XXX|x|xxx|Z|ZZZZZ|O|z|VV')).toBe('Z|Z|+00|+00:00|+0000|Z|GMT|UTC|UTC');
    expect(compileFormatter('HH:mm XXX O', '+05:30')(T)).toBe('03:43 +05:30 GMT+5:30');
    expect(compileFormatter('X', '+05:30')(T)).toBe('+0530');
  });

  it('formats in America/New_York across both DST changes of 2023', () => {
    const f = compileFormatter('yyyy-MM-dd HH:mm:ss z', 'America/New_York');
    expect(f(utc(2023, 3, 12, 6, 59, 59))).toBe('2023-03-12 01:59:59 EST');
    expect(f(utc(2023, 3, 12, 7))).toBe('2023-03-12 03:00:00 EDT');
    expect(f(utc(2023, 11, 5, 5, 30))).toBe('2023-11-05 01:30:00 EDT');
    expect(f(utc(2023, 11, 5, 6, 30))).toBe('2023-11-05 01:30:00 EST');
  });

  it('rejects the letters Spark 3.5 rejects', () => {
    expect(() => compileFormatter('YYYY-MM-dd', 'UTC')).toThrow(
      "Invalid datetime pattern 'YYYY-MM-dd': all week-based patterns are unsupported since Spark 3.0, detected: Y, please use the SQL function EXTRACT instead",
    );
    expect(() => compileFormatter('yyyy-MM-dd bb', 'UTC')).toThrow("Invalid datetime pattern 'yyyy-MM-dd bb': unknown pattern letter: b");
    expect(() => compileFormatter('MMMMM', 'UTC')).toThrow("Invalid datetime pattern 'MMMMM': too many pattern letters: M");
    expect(() => compileFormatter('yyyy A', 'UTC')).toThrow("Invalid datetime pattern 'yyyy A': illegal pattern character: A");
    expect(() => compileFormatter("yyyy 'open", 'UTC')).toThrow("Invalid datetime pattern 'yyyy 'open': a quoted literal is not closed");
    expect(() => compileFormatter('ddd', 'UTC')).toThrow(expect.objectContaining({ code: 'INVALID_DATETIME_PATTERN' }));
  });
});

describe('compileParser', () => {
  it('parses the default pattern (fast path) and returns null for anything else', () => {
    const p = compileParser('yyyy-MM-dd HH:mm:ss', 'UTC');
    expect(p('2023-11-14 22:13:20')).toBe(T);
    expect(p('1969-12-31 23:59:59')).toBe(-1_000_000);
    expect(p('2023-11-14')).toBeNull();
    expect(p('2023-11-14T22:13:20')).toBeNull();
    expect(p('2023-02-29 00:00:00')).toBeNull();
    expect(p('2024-02-29 00:00:00')).toBe(utc(2024, 2, 29));
    expect(p('2023-11-14 24:00:00')).toBeNull();
    expect(p('2023-11-14 22:13:20.5')).toBeNull();
    expect(p('2023-1-14 22:13:20')).toBeNull();
  });

  it('parses custom patterns', () => {
    expect(compileParser('dd/MM/yyyy HH:mm', 'UTC')('14/11/2023 22:13')).toBe(T - 20_000_000);
    expect(compileParser('yyyyMMdd', 'UTC')('20231114')).toBe(utc(2023, 11, 14));
    expect(compileParser('yyyyMMddHHmmss', 'UTC')('20231114221320')).toBe(T);
    expect(compileParser("yyyy-MM-dd'T'HH:mm:ss", 'UTC')('2023-11-14T22:13:20')).toBe(T);
    expect(compileParser('yy-M-d', 'UTC')('23-1-5')).toBe(utc(2023, 1, 5));
    expect(compileParser('MM-dd', 'UTC')('11-14')).toBe(utc(1970, 11, 14));
    expect(compileParser('yyyy D', 'UTC')('2023 318')).toBe(utc(2023, 11, 14));
  });

  it('parses month names and am/pm case-insensitively, and h without a as AM', () => {
    const p = compileParser('MMM d, yyyy h:mm a', 'UTC');
    expect(p('Nov 14, 2023 10:13 PM')).toBe(T - 20_000_000);
    expect(p('nov 14, 2023 10:13 pm')).toBe(T - 20_000_000);
    expect(p('Nov 14, 2023 12:13 AM')).toBe(utc(2023, 11, 14, 0, 13));
    expect(compileParser('MMMM yyyy', 'UTC')('September 2023')).toBe(utc(2023, 9, 1));
    expect(compileParser('yyyy-MM-dd hh', 'UTC')('2023-11-14 12')).toBe(utc(2023, 11, 14, 0));
    expect(compileParser('yyyy-MM-dd HH a', 'UTC')('2023-11-14 10 PM')).toBeNull();
  });

  it('parses fractions of 1 to n digits', () => {
    const p = compileParser('yyyy-MM-dd HH:mm:ss.SSS', 'UTC');
    expect(p('2023-11-14 22:13:20.5')).toBe(T + 500_000);
    expect(p('2023-11-14 22:13:20.123')).toBe(T + 123_000);
    expect(p('2023-11-14 22:13:20.1234')).toBeNull();
    expect(compileParser('yyyy-MM-dd HH:mm:ss.SSSSSSSSS', 'UTC')('2023-11-14 22:13:20.123456789')).toBe(T + 123_456);
  });

  it('uses a parsed offset or zone instead of the session zone', () => {
    const p = compileParser('yyyy-MM-dd HH:mm:ssXXX', 'Asia/Tokyo');
    expect(p('2023-11-14 17:13:20-05:00')).toBe(T);
    expect(p('2023-11-14 22:13:20Z')).toBe(T);
    expect(compileParser('yyyy-MM-dd HH:mm:ss Z', 'UTC')('2023-11-14 23:13:20 +0100')).toBe(T);
    expect(compileParser('yyyy-MM-dd HH:mm:ss VV', 'UTC')('2023-11-14 17:13:20 America/New_York')).toBe(T);
  });

  it('interprets local times in the session zone, with java.time rules in DST gaps and overlaps', () => {
    const p = compileParser('yyyy-MM-dd HH:mm:ss', 'America/New_York');
    expect(p('2023-11-14 17:13:20')).toBe(T);
    expect(p('2023-07-01 12:00:00')).toBe(utc(2023, 7, 1, 16));
    expect(p('2023-03-12 02:30:00')).toBe(utc(2023, 3, 12, 7, 30)); // gap: 03:30 EDT
    expect(p('2023-11-05 01:30:00')).toBe(utc(2023, 11, 5, 5, 30)); // overlap: the earlier offset, EDT
    expect(compileParser('yyyy-MM-dd HH:mm:ss', '+05:30')('2023-11-15 03:43:20')).toBe(T);
  });

  it('supports optional sections', () => {
    const p = compileParser('yyyy-MM-dd[ HH:mm[:ss]]', 'UTC');
    expect(p('2023-11-14')).toBe(utc(2023, 11, 14));
    expect(p('2023-11-14 22:13')).toBe(T - 20_000_000);
    expect(p('2023-11-14 22:13:20')).toBe(T);
    expect(p('2023-11-14 22')).toBeNull();
  });

  it("parses Spark's JSON default timestamp pattern with its optional sections", () => {
    const p = compileParser("yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]", 'America/New_York');
    expect(p('2023-11-14T22:13:20.123Z')).toBe(T + 123_000);
    expect(p('2023-11-14T23:13:20+01:00')).toBe(T);
    expect(p('2023-11-14T17:13:20')).toBe(T);
    expect(p('2023-11-14T22:13:20.123456Z')).toBeNull();
  });

  it('rejects letters Spark does not parse', () => {
    expect(() => compileParser('EEE yyyy', 'UTC')).toThrow("Invalid datetime pattern 'EEE yyyy': illegal pattern character: E (not supported for parsing)");
    expect(() => compileParser('yyyy ww', 'UTC')).toThrow(expect.objectContaining({ code: 'INVALID_DATETIME_PATTERN' }));
  });
});
