import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsToRecordBatch } from '../../../src/compute/arrow-bridge.js';
import { parseSchema } from '../../../src/common/schema-parser.js';
import { lookupSinkProvider } from '../../../src/sinks/sink.js';
import type { MemoryTable, SinkContext } from '../../../src/sinks/sink.js';
import '../../../src/sinks/file/json-file-sink.js';

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
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['part-00000-0.json', 'part-00001-0.json']);
    expect(readFileSync(join(dir, 'out', 'part-00000-0.json'), 'utf8')).toBe(
      '{"id":"e1","price":100,"total":300.5,"t":"2024-01-02T03:04:05.006Z","d":"2024-01-02","tags":["a","b"],"geo":{"lat":1.5},"ok":true}\n'
      + '{"id":"e\\"2","total":0.25,"ok":false}\n',
    );
    expect(readFileSync(join(dir, 'out', 'part-00001-0.json'), 'utf8')).toBe('{"id":"e3","price":1}\n');
  });

  it('overwrites the same file when a batch is re-run, leaving no temporary file', async () => {
    const sink = lookupSinkProvider('json')!.createSink({ path: dir }, ctx);
    await sink.addBatch(4, [rowsToRecordBatch(schema, [{ id: 'first' }])], schema, 'append');
    await sink.addBatch(4, [rowsToRecordBatch(schema, [{ id: 'again' }])], schema, 'append');
    expect(readdirSync(dir)).toEqual(['part-00004-0.json']);
    expect(readFileSync(join(dir, 'part-00004-0.json'), 'utf8')).toBe('{"id":"again"}\n');
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
