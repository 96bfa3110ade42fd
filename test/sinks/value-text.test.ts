import { describe, expect, it } from 'vitest';
import { javaDoubleString, javaFloatString, showTimestamp } from '../../src/sinks/value-text.js';

describe('JVM number text', () => {
  it('prints doubles as Double.toString', () => {
    expect([1, 0, -0, 0.1, 1234567, 1e7, 12345678.9, 0.001, 0.0001, 1e-7, 1e21, NaN, Infinity, -Infinity].map(javaDoubleString))
      .toEqual(['1.0', '0.0', '-0.0', '0.1', '1234567.0', '1.0E7', '1.23456789E7', '0.001', '1.0E-4', '1.0E-7', '1.0E21', 'NaN', 'Infinity', '-Infinity']);
  });

  it('prints floats with the shortest digits that read back', () => {
    expect([0.1, 3.14159, 1e10, 2.5].map((x) => javaFloatString(Math.fround(x)))).toEqual(['0.1', '3.14159', '1.0E10', '2.5']);
  });
});

describe('show() timestamps', () => {
  it('prints the fraction only when there is one, in the given zone', () => {
    expect(showTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000, 'UTC')).toBe('2024-01-02 03:04:05');
    expect(showTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 100) * 1000 + 20, 'UTC')).toBe('2024-01-02 03:04:05.10002');
    expect(showTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000, 'Asia/Shanghai')).toBe('2024-01-02 11:04:05');
  });
});
