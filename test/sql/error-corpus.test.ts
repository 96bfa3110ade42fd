// The error corpus: every test/sql/errors/*.sql is invalid; its header says the exact message and line:column.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BrookError, Session, runSqlScript } from '../../src/index.js';
import { caretLines } from '../../src/common/errors.js';
import { plainMessage } from '../../src/sql/error-spans.js';

const DIR = new URL('./errors/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();
const session = Session.builder().appName('error-corpus').getOrCreate();

function header(text: string, key: string): string {
  const match = new RegExp(`^-- ${key}: (.*)$`, 'm').exec(text);
  if (!match) throw new Error(`missing '-- ${key}:' header`);
  return match[1]!;
}

describe('SQL error corpus', () => {
  it('has at least 25 invalid files', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(new URL(file, DIR), 'utf8');
      const expectedMessage = header(text, 'expect-error');
      const expectedPosition = header(text, 'expect-position');
      let caught: unknown;
      try {
        // check mode plans every statement without reading data; env {} so no variable leaks in from the machine
        await runSqlScript(session, text, { mode: 'check', env: {} });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BrookError);
      const error = caught as BrookError;
      expect(error.domain).toBe('user');
      expect(plainMessage(error)).toBe(expectedMessage);
      expect(`${error.span?.line}:${error.span?.column}`).toBe(expectedPosition);
      // the span points into the original file (variables not substituted), and the message shows that line with a caret
      expect(error.span!.text).toBe(text);
      const line = text.split('\n')[error.span!.line - 1]!;
      expect(caretLines(error.span!).split('\n')[0]).toBe(`  ${line}`);
      expect(error.message).toContain(`(line ${error.span!.line}, column ${error.span!.column})\n  ${line}\n  ${' '.repeat(error.span!.column - 1)}^`);
    });
  }
});
