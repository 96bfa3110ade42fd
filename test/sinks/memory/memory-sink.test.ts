import { describe, expect, it } from 'vitest';
import { recordBatchToRows, rowsToRecordBatch } from '../../../src/compute/arrow-bridge.js';
import { parseSchema } from '../../../src/common/schema-parser.js';
import { lookupSinkProvider } from '../../../src/sinks/sink.js';
import type { MemoryTable, SinkContext } from '../../../src/sinks/sink.js';
import '../../../src/sinks/memory/memory-sink.js';

const schema = parseSchema('k STRING, n BIGINT');

function context(queryName: string | undefined): SinkContext {
  return { queryId: 'q', queryName, outputMode: 'append', timeZone: 'UTC', memoryTables: new Map<string, MemoryTable>(), out: { write: () => true } };
}

function tableRows(ctx: SinkContext, name: string): Record<string, unknown>[] {
  const table = ctx.memoryTables.get(name)!;
  return table.batches.flatMap((b) => recordBatchToRows(b, table.schema));
}

describe('memory sink', () => {
  it('needs a query name', () => {
    expect(() => lookupSinkProvider('memory')!.createSink({}, context(undefined))).toThrow('queryName must be specified for memory sink');
  });

  it('appends in append and update modes and ignores a re-sent batchId', async () => {
    const ctx = context('counts');
    const sink = lookupSinkProvider('memory')!.createSink({}, ctx);
    expect(tableRows(ctx, 'counts')).toEqual([]);
    await sink.addBatch(0, [rowsToRecordBatch(schema, [{ k: 'a', n: 1 }])], schema, 'append');
    await sink.addBatch(1, [rowsToRecordBatch(schema, [{ k: 'b', n: 2 }])], schema, 'update');
    await sink.addBatch(1, [rowsToRecordBatch(schema, [{ k: 'b', n: 2 }])], schema, 'update');
    await sink.addBatch(0, [rowsToRecordBatch(schema, [{ k: 'a', n: 1 }])], schema, 'append');
    expect(tableRows(ctx, 'counts')).toEqual([{ k: 'a', n: 1 }, { k: 'b', n: 2 }]);
    expect(ctx.memoryTables.get('counts')!.schema.toDDL()).toBe('k STRING, n BIGINT');
  });

  it('replaces the contents in complete mode', async () => {
    const ctx = context('totals');
    const sink = lookupSinkProvider('memory')!.createSink({}, ctx);
    await sink.addBatch(0, [rowsToRecordBatch(schema, [{ k: 'a', n: 1 }])], schema, 'complete');
    await sink.addBatch(1, [rowsToRecordBatch(schema, [{ k: 'a', n: 3 }]), rowsToRecordBatch(schema, [{ k: 'b', n: 1 }])], schema, 'complete');
    expect(tableRows(ctx, 'totals')).toEqual([{ k: 'a', n: 3 }, { k: 'b', n: 1 }]);
    await sink.addBatch(1, [rowsToRecordBatch(schema, [{ k: 'x', n: 9 }])], schema, 'complete');
    expect(tableRows(ctx, 'totals')).toEqual([{ k: 'a', n: 3 }, { k: 'b', n: 1 }]);
  });
});
