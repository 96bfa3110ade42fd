import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsToRecordBatch } from '../../../src/compute/arrow-bridge.js';
import { parseSchema } from '../../../src/common/schema-parser.js';
import { lookupSinkProvider } from '../../../src/sinks/sink.js';
import type { MemoryTable, SinkContext } from '../../../src/sinks/sink.js';
import '../../../src/sinks/file/json-file-sink.js';
import { listJsonFiles } from '../../../src/sources/file/json-file-source.js';

const ctx: SinkContext = { queryId: 'q', queryName: undefined, outputMode: 'append', timeZone: 'UTC', memoryTables: new Map<string, MemoryTable>(), out: { write: () => true } };
const schema = parseSchema('id STRING, price INT, total DOUBLE, t TIMESTAMP, d DATE, tags ARRAY<STRING>, geo STRUCT<lat: DOUBLE, lon: DOUBLE>, ok BOOLEAN');

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'brook-json-sink-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('json file sink', () => {
  it('writes one JSON Lines file per batch in Spark JSON style', async () => {
    const sink = lookupSinkProvider('json')!.createSink({ path: join(dir, 'out') }, ctx);
    await sink.addBatch(0, [rowsToRecordBatch(schema, [
      { id: 'e1', price: 100, total: 300.5, t: new Date('2024-01-02T03:04:05.006Z'), d: '2024-01-02', tags: ['a', 'b'], geo: { lat: 1.5, lon: null }, ok: true },
      { id: 'e"2', price: null, total: 0.25, t: null, d: null, tags: null, geo: null, ok: false },
    ])], schema, 'append');
    await sink.addBatch(1, [rowsToRecordBatch(schema, [{ id: 'e3', price: 1 }])], schema, 'append');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['_brook_metadata', 'part-00000-0.json', 'part-00001-0.json']);
    expect(readdirSync(join(dir, 'out', '_brook_metadata')).sort()).toEqual(['0', '1']);
    expect(readFileSync(join(dir, 'out', 'part-00000-0.json'), 'utf8')).toBe(
      '{"id":"e1","price":100,"total":300.5,"t":"2024-01-02T03:04:05.006Z","d":"2024-01-02","tags":["a","b"],"geo":{"lat":1.5},"ok":true}\n'
      + '{"id":"e\\"2","total":0.25,"ok":false}\n',
    );
    expect(readFileSync(join(dir, 'out', 'part-00001-0.json'), 'utf8')).toBe('{"id":"e3","price":1}\n');
  });

  it('skips a batch id it already committed (a replay after a crash), leaving no temporary file', async () => {
    const sink = lookupSinkProvider('json')!.createSink({ path: dir }, ctx);
    await sink.addBatch(4, [rowsToRecordBatch(schema, [{ id: 'first' }])], schema, 'append');
    await sink.addBatch(4, [rowsToRecordBatch(schema, [{ id: 'again' }])], schema, 'append');
    expect(readdirSync(dir).sort()).toEqual(['_brook_metadata', 'part-00004-0.json']);
    expect(readFileSync(join(dir, 'part-00004-0.json'), 'utf8')).toBe('{"id":"first"}\n');
  });

  it('lets readers see only committed batches: files of an interrupted batch are invisible and replaced on the re-run', async () => {
    const sink = lookupSinkProvider('json')!.createSink({ path: dir }, ctx);
    await sink.addBatch(0, [rowsToRecordBatch(schema, [{ id: 'committed' }])], schema, 'append');
    // batch 1 was cut off after its data file and before its manifest
    writeFileSync(join(dir, 'part-00001-0.json'), '{"id":"half"}\n');
    expect(listJsonFiles(dir)).toEqual([join(dir, 'part-00000-0.json')]);
    await sink.addBatch(1, [rowsToRecordBatch(schema, [{ id: 'whole' }])], schema, 'append');
    expect(listJsonFiles(dir)).toEqual([join(dir, 'part-00000-0.json'), join(dir, 'part-00001-0.json')]);
    expect(readFileSync(join(dir, 'part-00001-0.json'), 'utf8')).toBe('{"id":"whole"}\n');
  });

  it('writes timestamps with the session zone offset', async () => {
    const sink = lookupSinkProvider('json')!.createSink({ path: dir }, { ...ctx, timeZone: 'Europe/Paris' });
    await sink.addBatch(0, [rowsToRecordBatch(schema, [{ t: new Date('2024-01-02T03:04:05.000Z') }])], schema, 'append');
    expect(readFileSync(join(dir, 'part-00000-0.json'), 'utf8')).toBe('{"t":"2024-01-02T04:04:05.000+01:00"}\n');
  });

  it('needs a path and supports only append mode', async () => {
    expect(() => lookupSinkProvider('json')!.createSink({}, ctx)).toThrow("'path' is not specified for the json sink");
    expect(() => lookupSinkProvider('json')!.createSink({ path: dir }, { ...ctx, outputMode: 'update' }))
      .toThrow('Data source json does not support Update output mode');
    const sink = lookupSinkProvider('json')!.createSink({ path: dir }, ctx);
    await expect(sink.addBatch(0, [], schema, 'complete')).rejects.toThrow('Data source json does not support Complete output mode');
  });
});
