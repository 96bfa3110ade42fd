import { describe, expect, it } from 'vitest';
import { DecimalType, DoubleType, FloatType, IntegerType, StringType } from '../../../src/common/data-types.js';
import { formatTable } from '../../../src/sinks/console/format-table.js';

describe('formatTable (Spark show)', () => {
  it('right-aligns cells with truncation on and prints null', () => {
    const text = formatTable([{ word: 'apple', n: 1 }, { word: null, n: 22 }], ['word', 'n'], { numRows: 20, truncate: true });
    expect(text).toBe([
      '+-----+---+',
      '| word|  n|',
      '+-----+---+',
      '|apple|  1|',
      '| null| 22|',
      '+-----+---+',
      '',
    ].join('\n'));
  });

  it('left-aligns with truncate false and keeps long strings whole', () => {
    const long = 'abcdefghijklmnopqrstuvwxyz';
    const text = formatTable([{ s: long, n: 5 }], ['s', 'n'], { numRows: 20, truncate: false });
    expect(text).toBe([
      '+--------------------------+---+',
      '|s                         |n  |',
      '+--------------------------+---+',
      '|abcdefghijklmnopqrstuvwxyz|5  |',
      '+--------------------------+---+',
      '',
    ].join('\n'));
  });

  it('cuts strings over 20 characters to 17 and ..., and to n characters for a numeric truncate', () => {
    const long = 'abcdefghijklmnopqrstuvwxyz';
    expect(formatTable([{ s: long }], ['s'], { numRows: 20, truncate: true })).toBe([
      '+--------------------+',
      '|                   s|',
      '+--------------------+',
      '|abcdefghijklmnopq...|',
      '+--------------------+',
      '',
    ].join('\n'));
    expect(formatTable([{ s: long }], ['s'], { numRows: 20, truncate: 3 })).toBe('+---+\n|  s|\n+---+\n|abc|\n+---+\n');
  });

  it('says only showing top N rows when there are more', () => {
    const rows = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(formatTable(rows, ['n'], { numRows: 2, truncate: true })).toBe('+---+\n|  n|\n+---+\n|  1|\n|  2|\n+---+\nonly showing top 2 rows\n');
    expect(formatTable(rows.slice(0, 1), ['n'], { numRows: 1, truncate: true, totalRows: 3 })).toBe('+---+\n|  n|\n+---+\n|  1|\n+---+\nonly showing top 1 row\n');
  });

  it('formats timestamps, structs, arrays, maps, booleans, binary and nested nulls like Spark', () => {
    const row = {
      t: new Date('2024-03-01T12:30:05.000Z'),
      f: new Date('2024-03-01T12:30:05.120Z'),
      s: { a: 1, b: 'x', c: null },
      a: [1, null, 3],
      m: new Map([['k', 1], ['j', 2]]),
      b: true,
      bin: new Uint8Array([1, 171]),
    };
    const text = formatTable([row], Object.keys(row), { numRows: 20, truncate: false });
    expect(text.split('\n')[3]).toBe('|2024-03-01 12:30:05|2024-03-01 12:30:05.12|{1, x, null}|[1, null, 3]|{k -> 1, j -> 2}|true|[01 AB]|');
  });

  it('prints doubles, floats and decimals as the JVM does when types are given', () => {
    const text = formatTable([{ d: 1, e: 1e20, f: Math.fround(0.1), c: 2.5, i: 7 }], ['d', 'e', 'f', 'c', 'i'], {
      numRows: 20, truncate: true, types: [DoubleType, DoubleType, FloatType, DecimalType(10, 2), IntegerType],
    });
    expect(text.split('\n')[3]).toBe('|1.0|1.0E20|0.1|2.50|  7|');
  });

  it('escapes line breaks, counts wide characters twice, and prints an empty result', () => {
    expect(formatTable([{ s: 'a\nb' }], ['s'], { numRows: 20, truncate: true }).split('\n')[3]).toBe('|a\\nb|');
    expect(formatTable([{ s: '销售' }, { s: 'ab' }], ['s'], { numRows: 20, truncate: true, types: [StringType] }))
      .toBe('+----+\n|   s|\n+----+\n|销售|\n|  ab|\n+----+\n');
    expect(formatTable([], ['region', 'n'], { numRows: 20, truncate: true })).toBe('+------+---+\n|region|  n|\n+------+---+\n+------+---+\n');
  });
});
