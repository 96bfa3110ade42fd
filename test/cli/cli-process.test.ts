// `brook run` as a real process: JSON progress lines when piped, the live view under a pseudo-terminal, Ctrl-C stops cleanly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = new URL('../../', import.meta.url).pathname;
const ENTRY = 'test/cli/run-brook.ts';
const dir = mkdtempSync(join(tmpdir(), 'brook-cli-'));

function sqlFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface Finished { code: number | null; stdout: string; stderr: string }

/** Spawns a command in the repository; `onStdout` sees output as it comes (and may signal the child). */
function run(command: string, args: readonly string[], onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, (signal) => child.kill(signal));
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const brook = (args: readonly string[], onStdout?: Parameters<typeof run>[2]) => run(process.execPath, ['--import', 'tsx', ENTRY, ...args], onStdout);

const FOUR_BATCHES = `
  CREATE TABLE sales (event_id STRING, price INT, region STRING)
  WITH ('connector' = 'sales', 'format' = 'json', 'totalEvents' = '400', 'maxEventsPerTrigger' = '100', 'paced' = 'false');
  CREATE TABLE per_region WITH ('connector' = 'noop');
  INSERT INTO per_region SELECT region, count(*) AS n FROM sales GROUP BY region;`;

describe('brook run (process)', () => {
  it('prints one JSON progress object per batch when piped, and exits 0', async () => {
    const file = sqlFile('four-batches.sql', FOUR_BATCHES);
    const { code, stdout, stderr } = await brook(['run', file, '--available-now', '--progress', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const progress = lines.map((line) => JSON.parse(line) as { name: string; batchId: number; numInputRows: number; stateOperators: { numRowsTotal: number }[] });
    expect(progress.map((p) => [p.name, p.batchId, p.numInputRows])).toEqual([
      ['per_region', 0, 100], ['per_region', 1, 100], ['per_region', 2, 100], ['per_region', 3, 100],
    ]);
    expect(progress[3]!.stateOperators[0]!.numRowsTotal).toBe(4);
  });

  it('defaults to JSON lines when stdout is not a terminal', async () => {
    const file = sqlFile('default-json.sql', FOUR_BATCHES);
    const { code, stdout } = await brook(['run', file, '--available-now']);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { batchId: number }).batchId)).toEqual([0, 1, 2, 3]);
  });

  it('shows the live view, redrawn in place, under a pseudo-terminal (script -qfec)', async () => {
    const file = sqlFile('live.sql', FOUR_BATCHES);
    const command = `${process.execPath} --import tsx ${ENTRY} run ${file} --available-now`;
    const { code, stdout } = await run('script', ['-qfec', command, '/dev/null']);
    expect(code).toBe(0);
    const text = stdout.replace(/\r/g, '');
    expect(text.startsWith(`brook | ${file} | 1 query | 00:00:0`)).toBe(true);
    expect(text).toContain('QUERY       STATUS   BATCH  INPUT ROWS/S  PROCESSED ROWS/S  WATERMARK  STATE ROWS  KAFKA LAG\n');
    // every refresh moves the cursor up over the 3 lines drawn before and clears them
    const redraws = text.split('\u001b[3A\u001b[0J').length - 1;
    expect(redraws).toBeGreaterThanOrEqual(4);
    const last = text.slice(text.lastIndexOf('\u001b[0J') + 4).split('\n');
    expect(last[2]).toMatch(/^per_region {2}stopped {6}3 +[\d.]+ +[\d.]+ {2}- +4 +-$/);
  });

  it('stops gracefully on Ctrl-C: the batch in progress finishes and is committed, exit code 0', async () => {
    const file = sqlFile('endless.sql', `
      CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'sales', 'format' = 'json', 'rowsPerSecond' = '100');
      CREATE TABLE out WITH ('connector' = 'noop');
      INSERT INTO out /*+ OPTIONS('trigger' = '100 milliseconds') */ SELECT event_id, price FROM sales;`);
    let signalled = false;
    const checkpoints = join(dir, 'checkpoints');
    const { code, stdout, stderr } = await brook(['run', file, '--progress', 'json', '--checkpoint-dir', checkpoints], (text, kill) => {
      if (!signalled && text.split('\n').length > 3) {
        signalled = true;
        kill('SIGINT');
      }
    });
    expect(signalled).toBe(true);
    expect(code).toBe(0);
    expect(stderr).toBe('brook: stopping: the batch in progress finishes and is committed (Ctrl-C again to exit at once)\n');
    const batches = stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { batchId: number }).batchId);
    expect(batches).toEqual(batches.map((_, i) => i));
    // --checkpoint-dir gives the query <dir>/<query name>: every batch that ran is logged and committed
    const ids = (folder: string) => readdirSync(join(checkpoints, 'out', folder)).map(Number).sort((a, b) => a - b);
    expect(ids('offsets')).toEqual(batches);
    expect(ids('commits')).toEqual(batches);
  });

  it('exits 1 and shows the error with file, line, column and caret', async () => {
    const file = sqlFile('broken.sql', "CREATE TABLE t (a INT) WITH ('connector' = 'memory');\nCREATE TABLE o WITH ('connector' = 'noop');\nINSERT INTO o SELECT b FROM t;\n");
    const { code, stdout, stderr } = await brook(['run', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${file}:3:22: error: Column 'b' does not exist. Available columns: t.a\n  INSERT INTO o SELECT b FROM t;\n                       ^\n`);
  });
});
