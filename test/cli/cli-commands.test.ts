// `brook` commands in-process through main(): help texts, exit codes, check and explain output.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MAIN_HELP, helpText } from '../../src/cli/help-text.js';

const dir = mkdtempSync(join(tmpdir(), 'brook-cli-commands-'));

async function brook(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (chunk: string | Uint8Array) => { stdout += String(chunk); return true; }, isTTY: false },
    stderr: { write: (text: string) => { stderr += text; } },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function sqlFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const VALID = sqlFile('valid.sql', `
CREATE TABLE sales (event_id STRING, price INT, region STRING)
WITH ('connector' = 'sales', 'format' = 'json', 'totalEvents' = '${'${TOTAL:-50}'}', 'paced' = 'false');
CREATE TABLE totals WITH ('connector' = 'noop');
CREATE TABLE copies WITH ('connector' = 'noop');
INSERT INTO totals SELECT region, sum(price) AS total FROM sales GROUP BY region;
INSERT INTO copies /*+ OPTIONS('trigger' = '1 minute') */ SELECT event_id FROM sales WHERE price > 500;
`);

describe('brook (in-process)', () => {
  it('prints help and the version', async () => {
    expect(await brook(['--help'])).toEqual({ code: 0, stdout: MAIN_HELP, stderr: '' });
    expect(await brook([])).toEqual({ code: 0, stdout: MAIN_HELP, stderr: '' });
    for (const command of ['run', 'explain', 'check'] as const) {
      const { code, stdout } = await brook([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toBe(helpText(command));
      expect(stdout).toContain(`Usage: brook ${command} <file.sql>`);
      expect(stdout).toContain('Exit codes:');
    }
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await brook(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('exits 2 on usage errors and unreadable files', async () => {
    expect(await brook(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: "brook: unknown command 'frobnicate'\nRun 'brook --help' for usage.\n" });
    const missing = await brook(['check', join(dir, 'nope.sql')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^brook: cannot read .*nope\.sql: ENOENT/);
  });

  it('check: exit 0 with a summary for a valid file, exit 1 with the error for an invalid one', async () => {
    expect(await brook(['check', VALID])).toEqual({ code: 0, stdout: `ok: ${VALID}: 5 statements, 2 queries (totals: update, copies: append)\n`, stderr: '' });
    const invalid = sqlFile('invalid.sql', "CREATE TABLE t (a INT) WITH ('connector' = 'memory');\nCREATE TABLE o WITH ('connector' = 'noop');\nINSERT INTO o /*+ OPTIONS('outputMode' = 'complete') */ SELECT a FROM t;\n");
    expect(await brook(['check', invalid])).toEqual({
      code: 1,
      stdout: '',
      stderr: `${invalid}:3:42: error: Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets\n`
        + "  INSERT INTO o /*+ OPTIONS('outputMode' = 'complete') */ SELECT a FROM t;\n"
        + '                                           ^^^^^^^^^^\n'
        + "Hint: this query runs in append or update mode: write INSERT INTO o /*+ OPTIONS('outputMode' = 'append') */ SELECT ...\n",
    });
  });

  it('explain: the plan of every INSERT with its mode and trigger; --verbose adds the logical plans', async () => {
    const { code, stdout } = await brook(['explain', VALID]);
    expect(code).toBe(0);
    const sections = stdout.split('\n\n').filter((s) => s !== '');
    expect(sections).toHaveLength(2);
    expect(sections[0]!.split('\n')[0]).toBe('-- INSERT INTO totals (line 6): query totals, outputMode=update (chosen), trigger=as fast as possible');
    expect(sections[0]!.split('\n')[1]).toBe('== Physical Plan ==');
    expect(sections[1]!.split('\n')[0]).toBe('-- INSERT INTO copies (line 7): query copies, outputMode=append (chosen), trigger=processingTime 1 minute');
    const verbose = await brook(['explain', VALID, '--verbose']);
    expect(verbose.stdout).toContain('== Analyzed Logical Plan ==\nregion: string, total: bigint\n');
    expect(verbose.stdout).toContain('== Optimized Logical Plan ==');
  });

  it('run: runs the queries to the end with --available-now and --var, exit 0', async () => {
    const { code, stdout, stderr } = await brook(['run', VALID, '--available-now', '--var', 'TOTAL=80', '--progress', 'json']);
    expect([code, stderr]).toEqual([0, '']);
    const progress = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { name: string; numInputRows: number });
    for (const name of ['totals', 'copies']) {
      expect(progress.filter((p) => p.name === name).reduce((n, p) => n + p.numInputRows, 0)).toBe(80);
    }
  });

  it('run: a file without INSERT runs nothing and says so', async () => {
    const file = sqlFile('no-insert.sql', "SET 'a' = 'b';");
    expect(await brook(['run', file, '--progress', 'none'])).toEqual({ code: 0, stdout: '', stderr: `brook: ${file} has no INSERT INTO statement: nothing to run\n` });
  });
});
