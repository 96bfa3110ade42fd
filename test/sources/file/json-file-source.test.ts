import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { recordBatchToRows } from '../../../src/compute/arrow-bridge.js';
import { parseSchema } from '../../../src/common/schema-parser.js';
import type { StructType } from '../../../src/common/data-types.js';
import { lookupSourceProvider } from '../../../src/sources/source.js';
import type { Source, SourceContext } from '../../../src/sources/source.js';
import { inferJsonFileSchema, jsonFileSourceProvider } from '../../../src/sources/file/json-file-source.js';

const ctx: SourceContext = { queryId: 'q', timeZone: 'UTC', conf: new Map() };
const schema = parseSchema('event_id STRING, price INT');

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'brook-json-source-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

/** Writes a file with a chosen modification time (seconds after an arbitrary epoch) so the order is deterministic. */
function put(name: string, text: string, second: number): void {
  const file = join(dir, name);
  writeFileSync(file, text);
  utimesSync(file, 1_700_000_000 + second, 1_700_000_000 + second);
}

function source(options: Record<string, string> = {}, s: StructType = schema): Source {
  return lookupSourceProvider('json')!.createSource({ format: 'json', options, schema: s, path: dir, description: 'json' }, ctx);
}

function rows(batches: RecordBatch[], s: StructType = schema): Record<string, unknown>[] {
  return batches.flatMap((b) => recordBatchToRows(b, s));
}

describe('json file source (streaming)', () => {
  it('admits new files across latestOffset calls in modification-time order', async () => {
    const src = source();
    expect(await src.latestOffset(null)).toBe(null);
    put('b.json', '{"event_id":"e1","price":100}\n\n{"event_id":"e2","price":200}\n', 1);
    put('a.json', '{"event_id":"e3","price":300}\n', 2);
    put('.hidden.json', '{"event_id":"x","price":1}\n', 0);
    put('_SUCCESS', '', 0);
    put('c.json.tmp', '{"event_id":"y","price":1}\n', 0);
    const first = await src.latestOffset(null);
    expect(first).toBe(2);
    expect(rows(await src.getBatch(null, 2))).toEqual([
      { event_id: 'e1', price: 100 }, { event_id: 'e2', price: 200 }, { event_id: 'e3', price: 300 },
    ]);
    expect(await src.latestOffset(2)).toBe(2);
    put('0-late.json', '{"event_id":"e4","price":400}\r\n', 3);
    expect(await src.latestOffset(2)).toBe(3);
    expect(rows(await src.getBatch(2, 3))).toEqual([{ event_id: 'e4', price: 400 }]);
    expect(rows(await src.getBatch(null, 2))).toEqual([
      { event_id: 'e1', price: 100 }, { event_id: 'e2', price: 200 }, { event_id: 'e3', price: 300 },
    ]);
  });

  it('takes at most maxFilesPerTrigger files per batch', async () => {
    for (let k = 0; k < 5; k++) put(`f${k}.json`, `{"event_id":"e${k}","price":${k}}\n`, k);
    const src = source({ maxFilesPerTrigger: '2' });
    expect(await src.latestOffset(null)).toBe(2);
    expect(await src.latestOffset(2)).toBe(4);
    expect(await src.latestOffset(4)).toBe(5);
    expect(rows(await src.getBatch(2, 4))).toEqual([{ event_id: 'e2', price: 2 }, { event_id: 'e3', price: 3 }]);
    expect(() => jsonFileSourceProvider.resolveSchema({ maxFilesPerTrigger: '0' }, schema, dir))
      .toThrow("Invalid value '0' for option 'maxFilesPerTrigger' of the json source: it must be a positive integer");
  });

  it('fixes the file list for Trigger.AvailableNow', async () => {
    put('a.json', '{"event_id":"e1","price":1}\n', 1);
    put('b.json', '{"event_id":"e2","price":2}\n', 2);
    const src = source({ maxFilesPerTrigger: '1' });
    await src.prepareForTriggerAvailableNow!();
    put('c.json', '{"event_id":"e3","price":3}\n', 3);
    expect(await src.latestOffset(null)).toBe(1);
    expect(await src.latestOffset(1)).toBe(2);
    expect(await src.latestOffset(2)).toBe(2);
  });

  it('keeps malformed lines as nulls with the corrupt record in PERMISSIVE mode', async () => {
    put('a.json', '{"event_id":"e1","price":1}\nnot json\n{"event_id":"e3","price":"cheap"}\n', 1);
    const withCorrupt = parseSchema('event_id STRING, price INT, _corrupt_record STRING');
    const src = source({}, withCorrupt);
    expect(rows(await src.getBatch(null, 1), withCorrupt)).toEqual([
      { event_id: 'e1', price: 1, _corrupt_record: null },
      { event_id: null, price: null, _corrupt_record: 'not json' },
      { event_id: 'e3', price: null, _corrupt_record: '{"event_id":"e3","price":"cheap"}' },
    ]);
  });

  it('drops malformed lines in DROPMALFORMED mode', async () => {
    put('a.json', '{"event_id":"e1","price":1}\n{oops\n{"event_id":"e3","price":3}\n', 1);
    expect(rows(await source({ mode: 'DROPMALFORMED' }).getBatch(null, 1))).toEqual([
      { event_id: 'e1', price: 1 }, { event_id: 'e3', price: 3 },
    ]);
  });

  it('fails in FAILFAST mode naming the file and quoting the line', async () => {
    put('a.json', '{"event_id":"e1","price":1}\n\n{oops\n', 1);
    await expect(source({ mode: 'failfast' }).getBatch(null, 1)).rejects.toThrow(
      `Malformed JSON record in file ${join(dir, 'a.json')} at line 3: '{oops'. Parse Mode: FAILFAST.`,
    );
  });

  it('requires a schema, and an existing path', () => {
    expect(() => jsonFileSourceProvider.resolveSchema({}, undefined, dir)).toThrow(
      "Schema must be specified when creating a streaming source DataFrame from 'json' files.",
    );
    const missing = join(dir, 'nope');
    expect(() => jsonFileSourceProvider.resolveSchema({}, schema, missing)).toThrow(`Path does not exist: ${missing}`);
    expect(() => jsonFileSourceProvider.resolveBatchSchema({}, undefined, missing)).toThrow(`Path does not exist: ${missing}`);
    expect(() => jsonFileSourceProvider.resolveSchema({}, schema, undefined)).toThrow("'path' is not specified for the json source");
  });
});

describe('json file source (batch schema inference)', () => {
  it('infers Spark types with columns sorted by name', () => {
    put('a.json', '{"price":500,"product":"laptop","ratio":0.5,"ok":true,"geo":{"lon":1,"lat":2.5},"tags":["a"],"none":null}\n', 1);
    put('b.json', '{"price":1.5,"product":7,"extra":[],"geo":{"alt":3}}\n', 2);
    expect(jsonFileSourceProvider.resolveBatchSchema({}, undefined, dir).toDDL()).toBe(
      'extra ARRAY<STRING>, geo STRUCT<alt: BIGINT, lat: DOUBLE, lon: BIGINT>, none STRING, ok BOOLEAN, price DOUBLE, product STRING, ratio DOUBLE, tags ARRAY<STRING>',
    );
  });

  it('adds the corrupt record column in PERMISSIVE mode and reads a single file', () => {
    put('a.json', '{"b":1}\nnot json\n{"a":"x"}\n', 1);
    expect(inferJsonFileSchema(join(dir, 'a.json'), {}).toDDL()).toBe('_corrupt_record STRING, a STRING, b BIGINT');
    expect(inferJsonFileSchema(dir, { mode: 'DROPMALFORMED' }).toDDL()).toBe('a STRING, b BIGINT');
    expect(() => inferJsonFileSchema(dir, { mode: 'FAILFAST' })).toThrow(`Malformed JSON record in file ${join(dir, 'a.json')} at line 2: 'not json'`);
  });

  it('widens integers beyond bigint to decimals and fails on an empty directory', () => {
    mkdirSync(join(dir, 'empty'));
    expect(() => inferJsonFileSchema(join(dir, 'empty'), {})).toThrow(`Unable to infer schema for JSON at ${join(dir, 'empty')}. It must be specified manually.`);
    put('a.json', '{"big":12345678901234567890,"n":1}\n{"n":2.5e3}\n', 1);
    expect(inferJsonFileSchema(join(dir, 'a.json'), {}).toDDL()).toBe('big DECIMAL(20,0), n DOUBLE');
  });
});
