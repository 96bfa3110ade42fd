// Every queries/*.sql parses and plans (`brook check`), and says in its header what it shows.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrookError, Session, runSqlScript } from '../../src/index.js';
import { plainMessage } from '../../src/sql/error-spans.js';
import { lookupSinkProvider } from '../../src/sinks/sink.js';
import { lookupSourceProvider } from '../../src/sources/source.js';

const QUERIES = new URL('../../queries/', import.meta.url);
const files = readdirSync(QUERIES).filter((f) => f.endsWith('.sql')).sort();
const session = Session.builder().appName('queries-plan').getOrCreate();
const inputDir = mkdtempSync(join(tmpdir(), 'brook-queries-plan-'));
/** File sources need an existing directory to plan; nothing is read. */
const variables = { BEHAVIOR_DIR: inputDir, CPU_DIR: inputDir };
const kafkaRegistered = lookupSourceProvider('kafka') !== undefined && lookupSinkProvider('kafka') !== undefined;

/** The queries each file must start, with the output mode brook plans for it. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'cpu-moving-average.sql': ['cpu_average: append'],
  'error-routing.sql': ['processed_data: append', 'error_events: append'],
  'nexmark-q0.sql': ['nexmark_q0: append'],
  'nexmark-q1.sql': ['nexmark_q1: append'],
  'nexmark-q11.sql': ['nexmark_q11: append'],
  'nexmark-q14.sql': ['nexmark_q14: append'],
  'nexmark-q15.sql': ['nexmark_q15: update'],
  'nexmark-q16.sql': ['nexmark_q16: update'],
  'nexmark-q17.sql': ['nexmark_q17: update'],
  'nexmark-q2.sql': ['nexmark_q2: append'],
  'nexmark-q21.sql': ['nexmark_q21: append'],
  'nexmark-q22.sql': ['nexmark_q22: append'],
  'recommendations.sql': ['interest_scores: update', 'popular_items: update'],
  'sales-analytics.sql': ['region_sales: complete', 'product_sales: update'],
  'sales-to-kafka.sql': ['processed_events: append', 'sales_summary: update'],
  'sums-per-2-seconds.sql': ['sums: update'],
};

describe('queries/*.sql', () => {
  it('are all listed here', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const text = readFileSync(new URL(file, QUERIES), 'utf8');
    const needsKafka = /'connector'\s*=\s*'kafka'/.test(text.replace(/--.*$/gm, ''));

    it(`${file} opens with a comment saying what it shows and how to run it`, () => {
      const header = text.split('\n').filter((line) => line.startsWith('--'));
      expect(text.startsWith('-- ')).toBe(true);
      expect(header.some((line) => /what it shows/i.test(line))).toBe(true);
      expect(header.some((line) => /brook run queries\//.test(line))).toBe(true);
    });

    it(`${file} plans${needsKafka ? ' (Kafka)' : ''}`, async () => {
      const planned = runSqlScript(session, text, { mode: 'check', variables, env: {} });
      if (needsKafka && !kafkaRegistered) {
        // the Kafka connector is registered by the Kafka work; until then every statement before the first Kafka
        // table parses and plans, and the file fails exactly there
        const error = await planned.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BrookError);
        expect(plainMessage(error as BrookError)).toMatch(/^Failed to find data source: kafka\./);
        expect(text.split('\n')[(error as BrookError).span!.line - 1]).toContain("'connector' = 'kafka'");
        return;
      }
      const result = await planned;
      expect(result.queries.map((q) => `${q.name}: ${q.outputMode}`)).toEqual(EXPECTED[file]);
    });
  }
});
