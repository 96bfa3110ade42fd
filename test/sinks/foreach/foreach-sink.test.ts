import { describe, expect, it } from 'vitest';
import { rowsToRecordBatch } from '../../../src/compute/arrow-bridge.js';
import { parseSchema } from '../../../src/common/schema-parser.js';
import { ForeachSink } from '../../../src/sinks/foreach/foreach-sink.js';
import { ForeachBatchSink } from '../../../src/sinks/foreach/foreach-batch-sink.js';
import { NoopSink } from '../../../src/sinks/noop/noop-sink.js';
import { lookupSinkProvider } from '../../../src/sinks/sink.js';
import type { RecordBatch } from 'apache-arrow';

const schema = parseSchema('id INT, t TIMESTAMP');
const batches = [
  rowsToRecordBatch(schema, [{ id: 1, t: new Date(1000) }]),
  rowsToRecordBatch(schema, [{ id: 2, t: null }]),
];

describe('foreach sink', () => {
  it('calls open, process per row, close in order', async () => {
    const calls: string[] = [];
    const sink = new ForeachSink({
      open: (partitionId, epochId) => { calls.push(`open ${partitionId} ${epochId}`); return true; },
      process: async (row) => { calls.push(`process ${JSON.stringify(row)}`); },
      close: (error) => { calls.push(`close ${error === null ? 'null' : error.message}`); },
    });
    await sink.addBatch(3, batches, schema, 'append');
    expect(calls).toEqual([
      'open 0 3',
      'process {"id":1,"t":"1970-01-01T00:00:01.000Z"}',
      'process {"id":2,"t":null}',
      'close null',
    ]);
  });

  it('skips process when open returns false, and closes with the error then rethrows it', async () => {
    const calls: string[] = [];
    const skipping = new ForeachSink({
      open: () => false,
      process: () => { calls.push('process'); },
      close: (error) => { calls.push(`close ${String(error)}`); },
    });
    await skipping.addBatch(0, batches, schema, 'append');
    expect(calls).toEqual(['close null']);
    calls.length = 0;
    const failing = new ForeachSink({
      process: (row) => { calls.push(`process ${String(row.id)}`); throw new Error('store is down'); },
      close: (error) => { calls.push(`close ${error?.message ?? 'null'}`); },
    });
    await expect(failing.addBatch(1, batches, schema, 'append')).rejects.toThrow('store is down');
    expect(calls).toEqual(['process 1', 'close store is down']);
  });
});

describe('foreachBatch sink', () => {
  it('hands over each batch id with its record batches and schema, in order', async () => {
    const seen: [number, number, string][] = [];
    const sink = new ForeachBatchSink(async (batchId, received: readonly RecordBatch[], s) => {
      seen.push([batchId, received.reduce((n, b) => n + b.numRows, 0), s.toDDL()]);
    });
    await sink.addBatch(0, batches, schema, 'append');
    await sink.addBatch(1, [], schema, 'append');
    expect(seen).toEqual([[0, 2, 'id INT, t TIMESTAMP'], [1, 0, 'id INT, t TIMESTAMP']]);
  });

  it('lets the user function error propagate', async () => {
    const sink = new ForeachBatchSink(() => { throw new Error('batch 5 failed'); });
    await expect(sink.addBatch(5, batches, schema, 'update')).rejects.toThrow('batch 5 failed');
  });
});

describe('noop sink', () => {
  it('accepts batches and writes nothing', async () => {
    await import('../../../src/sinks/noop/noop-sink.js');
    const sink = lookupSinkProvider('noop')!.createSink({}, { queryId: 'q', queryName: undefined, outputMode: 'append', timeZone: 'UTC', memoryTables: new Map(), out: { write: () => true } });
    expect(sink).toBeInstanceOf(NoopSink);
    await expect(sink.addBatch(0, batches, schema, 'complete')).resolves.toBeUndefined();
  });
});
