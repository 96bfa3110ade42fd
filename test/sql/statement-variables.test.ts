// Tests for ${VAR} substitution in scripts and the mapping of positions back to the original text.
import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../src/sql/error-spans.js';
import { substituteVariables } from '../../src/sql/script-variables.js';
import { errorOf } from '../support/errors.js';

const vars = (values: Record<string, string>) => (name: string) => values[name];

describe('substituteVariables', () => {
  it('replaces ${NAME} and ${NAME:-default}, the value winning over the default', () => {
    const s = substituteVariables("'${TOPIC}' '${RATE:-10}' '${MODE:-update}'", vars({ TOPIC: 'sales-events', MODE: 'complete' }));
    expect(s.text).toBe("'sales-events' '10' 'complete'");
  });

  it('takes an empty default and an empty value', () => {
    expect(substituteVariables('a${X:-}b${Y}c', vars({ Y: '' })).text).toBe('abc');
  });

  it('leaves comments alone (an unset variable in a comment is no error) but substitutes inside /*+ hints */', () => {
    const s = substituteVariables("-- ${NOT_SET}\n/* ${NOT_SET} */ INSERT INTO t /*+ OPTIONS('trigger' = '${T}') */", vars({ T: '5 seconds' }));
    expect(s.text).toBe("-- ${NOT_SET}\n/* ${NOT_SET} */ INSERT INTO t /*+ OPTIONS('trigger' = '5 seconds') */");
  });

  it('substitutes inside strings, where -- and /* are not comments', () => {
    expect(substituteVariables("'a--${X}' \"/*${X}*/\"", vars({ X: '1' })).text).toBe("'a--1' \"/*1*/\"");
  });

  it('writes $${ as a literal ${', () => {
    expect(substituteVariables("'$${HOME}'", vars({})).text).toBe("'${HOME}'");
  });

  it('fails on an unset variable at its reference, with a hint', () => {
    const e = errorOf(() => substituteVariables("SELECT 1;\nWITH ('x' = '${MISSING}')", vars({})));
    expect(e.code).toBe('SQL_VARIABLE_ERROR');
    expect(plainMessage(e)).toBe("Variable 'MISSING' is not set");
    expect(e.span).toMatchObject({ line: 2, column: 14, endLine: 2, endColumn: 24 });
    expect(e.hint).toBe('pass --var MISSING=value, set MISSING in the environment, or give a default: ${MISSING:-value}');
  });

  it('fails on a malformed reference', () => {
    expect(plainMessage(errorOf(() => substituteVariables('x ${1ABC} y', vars({}))))).toBe("Invalid variable reference '${1ABC}': a variable name is letters, digits and '_', not starting with a digit");
    const e = errorOf(() => substituteVariables('x ${ABC y\nz}', vars({})));
    expect(plainMessage(e)).toBe("Unterminated variable reference: expected '}' after '${'");
    expect(e.span).toMatchObject({ line: 1, column: 3 });
  });

  it('maps offsets back: after a longer or shorter value, and inside a value to its whole reference', () => {
    const original = "a ${LONG} b ${S:-xyz} c";
    const s = substituteVariables(original, vars({ LONG: 'a-much-longer-value' }));
    expect(s.text).toBe('a a-much-longer-value b xyz c');
    expect(s.originalOffset(s.text.indexOf(' b ') + 1, 'start')).toBe(original.indexOf(' b ') + 1);
    expect(s.originalOffset(s.text.lastIndexOf('c'), 'start')).toBe(original.lastIndexOf('c'));
    expect(s.originalOffset(s.text.indexOf('longer'), 'start')).toBe(original.indexOf('${LONG}'));
    expect(s.originalOffset(s.text.indexOf('xyz') + 3, 'end')).toBe(original.indexOf('${S:-xyz}') + '${S:-xyz}'.length);
  });

  it('remaps a span of the substituted text to the original lines and columns', () => {
    const original = "SELECT '${V}' AS a,\n  nope FROM t";
    const s = substituteVariables(original, vars({ V: 'line1\nline2\nline3' }));
    const line = s.text.split('\n').length;
    const column = s.text.split('\n')[line - 1]!.indexOf('nope') + 1;
    const span = s.remapSpan({ line, column, endLine: line, endColumn: column + 4, text: s.text });
    expect(span).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 7, text: original });
    const inValue = s.remapSpan({ line: 2, column: 1, endLine: 2, endColumn: 6, text: s.text });
    expect(inValue).toMatchObject({ line: 1, column: 9, endLine: 1, endColumn: 13 });
  });

  it('keeps spans of other texts as they are', () => {
    const s = substituteVariables('a', vars({}));
    const span = { line: 3, column: 4, text: 'other' };
    expect(s.remapSpan(span)).toBe(span);
  });
});
