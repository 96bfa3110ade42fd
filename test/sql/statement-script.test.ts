// runSqlScript end to end over MemoryStreams: tables, views with watermarks, window TVFs, sink shaping, modes, SET, EXPLAIN.
import { afterEach, describe, expect, it } from 'vitest';
import { BrookError, Session, col, runSqlScript } from '../../src/index.js';
import type { SqlScriptResult } from '../../src/index.js';
import { plainMessage } from '../../src/sql/error-spans.js';

const session = Session.builder().appName('sql-script-test').getOrCreate();
const running: SqlScriptResult[] = [];

async function run(text: string, options: Parameters<typeof runSqlScript>[2] = {}): Promise<SqlScriptResult> {
  const result = await runSqlScript(session, text, { env: {}, ...options });
  running.push(result);
  return result;
}

async function settle(result: SqlScriptResult): Promise<void> {
  for (const q of result.queries) await q.query!.processAllAvailable();
}

async function rows(table: string): Promise<Record<string, unknown>[]> {
  const all = await session.table(table).collect();
  return all.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

afterEach(async () => {
  for (const r of running.splice(0)) for (const q of r.queries) await q.query?.stop();
});

const ts = (iso: string) => new Date(iso);

describe('runSqlScript', () => {
  it('parses a JSON value into declared columns, adds computed columns and writes to a memory sink (append)', async () => {
    const result = await run(`
      CREATE TABLE raw_sales (
        event_id STRING, price INT, quantity INT,
        total AS price * quantity
      ) WITH ('connector' = 'memory', 'format' = 'json');
      CREATE TABLE parsed_out WITH ('connector' = 'memory');
      INSERT INTO parsed_out SELECT event_id, total FROM raw_sales WHERE price > 0;`);
    expect(result.queries.map((q) => [q.name, q.outputMode, q.outputModeGiven])).toEqual([['parsed_out', 'append', false]]);
    result.memoryStreams.get('raw_sales')!.addData([
      { value: '{"event_id":"a","price":10,"quantity":3}' },
      { value: '{"event_id":"b","price":0,"quantity":1}' },
      { value: '{"event_id":"c","price":7,"quantity":2}' },
    ]);
    await settle(result);
    expect(await rows('parsed_out')).toEqual([{ event_id: 'a', total: 30 }, { event_id: 'c', total: 14 }]);
  });

  it('chooses update for an aggregation without watermark, and takes complete from the hint', async () => {
    const result = await run(`
      CREATE TABLE orders (region STRING, amount INT) WITH ('connector' = 'memory');
      CREATE TABLE totals_update WITH ('connector' = 'memory');
      CREATE TABLE totals_complete WITH ('connector' = 'memory');
      INSERT INTO totals_update SELECT region, sum(amount) AS total FROM orders GROUP BY region;
      INSERT INTO totals_complete /*+ OPTIONS('outputMode' = 'complete') */
      SELECT region, sum(amount) AS total, count(*) AS n FROM orders GROUP BY region HAVING n > 1;`);
    expect(result.queries.map((q) => [q.name, q.outputMode, q.outputModeGiven])).toEqual([['totals_update', 'update', false], ['totals_complete', 'complete', true]]);
    const orders = result.memoryStreams.get('orders')!;
    orders.addData([{ region: 'N', amount: 5 }, { region: 'S', amount: 1 }]);
    await settle(result);
    orders.addData([{ region: 'N', amount: 2 }]);
    await settle(result);
    expect(await rows('totals_update')).toEqual([{ region: 'N', total: 5 }, { region: 'N', total: 7 }, { region: 'S', total: 1 }]);
    expect(await rows('totals_complete')).toEqual([{ region: 'N', total: 7, n: 2 }]);
  });

  it('declares a watermark on a view; append mode writes each window once, when the watermark passes it', async () => {
    const result = await run(`
      CREATE TABLE clicks (page STRING, at TIMESTAMP) WITH ('connector' = 'memory');
      CREATE VIEW timed_clicks (page_name, click_time, WATERMARK FOR click_time AS click_time - INTERVAL '10' SECOND) AS
        SELECT page, at FROM clicks;
      CREATE TABLE per_minute WITH ('connector' = 'memory');
      INSERT INTO per_minute
      SELECT page_name, window.start AS window_start, count(*) AS clicks
      FROM timed_clicks GROUP BY page_name, window(click_time, '1 minute');`);
    expect(result.queries[0]!.outputMode).toBe('append');
    const clicks = result.memoryStreams.get('clicks')!;
    clicks.addData([{ page: 'home', at: ts('2024-01-01T00:00:05Z') }, { page: 'home', at: ts('2024-01-01T00:00:50Z') }]);
    await settle(result);
    expect(await rows('per_minute')).toEqual([]);
    clicks.addData([{ page: 'home', at: ts('2024-01-01T00:01:30Z') }]);
    await settle(result);
    expect(await rows('per_minute')).toEqual([{ page_name: 'home', window_start: ts('2024-01-01T00:00:00Z'), clicks: 2 }]);
  });

  it('runs TUMBLE and HOP window table functions with window_start / window_end', async () => {
    const result = await run(`
      CREATE TABLE bids (item STRING, price INT, bid_time TIMESTAMP,
        WATERMARK FOR bid_time AS bid_time - INTERVAL '0' SECOND) WITH ('connector' = 'memory');
      CREATE TABLE tumbling WITH ('connector' = 'memory');
      CREATE TABLE hopping WITH ('connector' = 'memory');
      INSERT INTO tumbling
      SELECT window_start, window_end, item, max(price) AS top
      FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bid_time), INTERVAL '10' MINUTES))
      GROUP BY window_start, window_end, item;
      INSERT INTO hopping
      SELECT w.window_start, sum(price) AS total
      FROM HOP(TABLE bids, DESCRIPTOR(bid_time), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES) AS w
      GROUP BY w.window_start, w.window_end;`);
    const bids = result.memoryStreams.get('bids')!;
    bids.addData([
      { item: 'A', price: 4, bid_time: ts('2020-04-15T08:05:00Z') },
      { item: 'A', price: 2, bid_time: ts('2020-04-15T08:07:00Z') },
      { item: 'B', price: 3, bid_time: ts('2020-04-15T08:09:00Z') },
      { item: 'C', price: 5, bid_time: ts('2020-04-15T08:11:00Z') },
    ]);
    await settle(result);
    bids.addData([{ item: 'D', price: 1, bid_time: ts('2020-04-15T08:30:00Z') }]);
    await settle(result);
    expect(await rows('tumbling')).toEqual([
      { window_start: ts('2020-04-15T08:00:00Z'), window_end: ts('2020-04-15T08:10:00Z'), item: 'A', top: 4 },
      { window_start: ts('2020-04-15T08:00:00Z'), window_end: ts('2020-04-15T08:10:00Z'), item: 'B', top: 3 },
      { window_start: ts('2020-04-15T08:10:00Z'), window_end: ts('2020-04-15T08:20:00Z'), item: 'C', top: 5 },
    ]);
    expect(await rows('hopping')).toEqual([
      { window_start: ts('2020-04-15T08:00:00Z'), total: 9 },
      { window_start: ts('2020-04-15T08:05:00Z'), total: 14 },
      { window_start: ts('2020-04-15T08:10:00Z'), total: 5 },
    ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  });

  it('shapes rows to the sink: declared columns by position with casts, JSON value with a key from key.fields', async () => {
    const result = await run(`
      CREATE TABLE events (id INT, name STRING) WITH ('connector' = 'memory');
      CREATE TABLE typed_out (ident STRING, label STRING) WITH ('connector' = 'memory');
      CREATE TABLE json_out (id INT, name STRING) WITH ('connector' = 'memory', 'format' = 'json', 'key.fields' = 'name');
      INSERT INTO typed_out SELECT id, upper(name) FROM events;
      INSERT INTO json_out SELECT id, name FROM events;`);
    expect(result.queries[0]!.dataFrame.dtypes).toEqual([['ident', 'string'], ['label', 'string']]);
    expect(result.queries[1]!.dataFrame.columns).toEqual(['key', 'value']);
    result.memoryStreams.get('events')!.addData([{ id: 1, name: 'x' }]);
    await settle(result);
    expect(await rows('typed_out')).toEqual([{ ident: '1', label: 'X' }]);
    expect(await rows('json_out')).toEqual([{ key: 'x', value: '{"id":1,"name":"x"}' }]);
  });

  it('reads raw source rows with METADATA columns and joins a stream with a session temp view', async () => {
    session.createDataFrame([{ code: 'N', name: 'North' }, { code: 'S', name: 'South' }], 'code STRING, name STRING').createOrReplaceTempView('regions_dim');
    const result = await run(`
      CREATE TABLE raw (value STRING, region_code STRING METADATA FROM 'key') WITH ('connector' = 'memory');
      CREATE TABLE joined WITH ('connector' = 'memory');
      INSERT INTO joined SELECT r.name, raw.value FROM raw JOIN regions_dim r ON raw.region_code = r.code;`).catch((e: unknown) => e);
    // a memory table's declared columns are its stream's columns: METADATA columns come from a source's raw row
    expect(result).toBeInstanceOf(BrookError);
    expect(plainMessage(result as BrookError)).toBe("Column 'key' does not exist in the source. Available columns: value");
    const ok = await run(`
      CREATE TABLE raw (key STRING, value STRING) WITH ('connector' = 'memory');
      CREATE TABLE joined WITH ('connector' = 'memory');
      INSERT INTO joined SELECT r.name, raw.value FROM raw JOIN regions_dim r ON raw.key = r.code;`);
    ok.memoryStreams.get('raw')!.addData([{ key: 'S', value: 'v1' }, { key: 'X', value: 'v2' }]);
    await settle(ok);
    expect(await rows('joined')).toEqual([{ name: 'South', value: 'v1' }]);
  });

  it('SET changes the session, SET alone lists it, RESET puts it back', async () => {
    const out: string[] = [];
    await run(`SET 'spark.sql.session.timeZone' = 'Asia/Shanghai'; SET 'brook.test.key' = 'v'; SET;`, { out: { write: (t: string) => out.push(t) } });
    expect(session.conf.get('spark.sql.session.timeZone')).toBe('Asia/Shanghai');
    expect(out.join('')).toContain('brook.test.key=v\n');
    expect(out.join('')).toContain('spark.sql.session.timeZone=Asia/Shanghai\n');
    await run(`RESET 'spark.sql.session.timeZone'; SET table.local-time-zone = UTC; RESET 'brook.test.key'`);
    expect(session.conf.get('spark.sql.session.timeZone')).toBe('UTC');
    expect(session.conf.get('brook.test.key')).toBeUndefined();
  });

  it('EXPLAIN prints exactly what df.explain() and df.explain(true) give', async () => {
    const out: string[] = [];
    const result = await run(`
      CREATE TABLE e (a INT, b STRING) WITH ('connector' = 'memory');
      CREATE VIEW doubled AS SELECT a * 2 AS a2, b FROM e;
      EXPLAIN SELECT b, a2 FROM doubled WHERE a2 > 4;
      EXPLAIN VERBOSE SELECT b, a2 FROM doubled WHERE a2 > 4;`, { out: { write: (t: string) => out.push(t) } });
    expect(result.queries).toEqual([]);
    const df = session.table('doubled').filter(col('a2').gt(4)).select('b', 'a2');
    expect(out).toEqual([`${df.explainString(false)}\n`, `${df.explainString(true)}\n`]);
  });

  it('prints the rows of a batch SELECT', async () => {
    session.createDataFrame([{ n: 1 }, { n: 2 }], 'n INT').createOrReplaceTempView('small_numbers');
    const out: string[] = [];
    await run('SELECT n * 10 AS m FROM small_numbers WHERE n > 1;', { out: { write: (t: string) => out.push(t) } });
    expect(out.join('')).toBe('+---+\n|  m|\n+---+\n| 20|\n+---+\n');
  });

  it('names queries after their sink, gives triggers and checkpoint locations', async () => {
    const result = await run(`
      CREATE TABLE src (a INT) WITH ('connector' = 'memory');
      CREATE TABLE sink_a WITH ('connector' = 'memory');
      INSERT INTO sink_a /*+ OPTIONS('trigger' = '5 seconds') */ SELECT a FROM src;
      INSERT INTO sink_a /*+ OPTIONS('checkpointLocation' = '/ckpt/own') */ SELECT a + 1 AS a FROM src;
      INSERT INTO sink_a /*+ OPTIONS('queryName' = 'third', 'trigger' = 'availableNow') */ SELECT a FROM src;`, { mode: 'check', checkpointDir: '/ckpt' });
    expect(result.queries.map((q) => [q.name, q.trigger, q.sinkOptions.checkpointLocation])).toEqual([
      ['sink_a', { processingTime: '5 seconds' }, '/ckpt/sink_a'],
      ['sink_a_2', undefined, '/ckpt/own'],
      ['third', { availableNow: true }, '/ckpt/third'],
    ]);
    const overridden = await run(`
      CREATE TABLE src (a INT) WITH ('connector' = 'memory');
      CREATE TABLE sink_b WITH ('connector' = 'memory');
      INSERT INTO sink_b /*+ OPTIONS('trigger' = '5 seconds') */ SELECT a FROM src;`, { mode: 'check', trigger: { once: true } });
    expect(overridden.queries[0]!.trigger).toEqual({ once: true });
  });

  it('stops the queries it started when a later statement fails', async () => {
    const text = `
      CREATE TABLE src (a INT) WITH ('connector' = 'memory');
      CREATE TABLE first_sink WITH ('connector' = 'memory');
      INSERT INTO first_sink SELECT a FROM src;
      INSERT INTO first_sink SELECT nope FROM src;`;
    const before = session.streams.active.length;
    await expect(runSqlScript(session, text, { env: {} })).rejects.toThrow("Column 'nope' does not exist. Available columns: src.a (line 5, column 37)");
    expect(session.streams.active.length).toBe(before);
  });
});
