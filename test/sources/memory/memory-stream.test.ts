import { describe, expect, it } from 'vitest';
import { recordBatchToRows } from '../../../src/compute/arrow-bridge.js';
import { lookupSourceProvider } from '../../../src/sources/source.js';
import type { SourceContext } from '../../../src/sources/source.js';
import { MemoryStream, MemoryStreamSource } from '../../../src/sources/memory/memory-stream.js';
import type { RecordBatch } from 'apache-arrow';

const ctx: SourceContext = { queryId: 'q', timeZone: 'UTC', conf: new Map() };

function rowsOf(stream: MemoryStream, batches: RecordBatch[]): Record<string, unknown>[] {
  return batches.flatMap((b) => recordBatchToRows(b, stream.schema));
}

describe('MemoryStream', () => {
  it('counts rows as offsets and starts with a null offset', async () => {
    const stream = MemoryStream.create('word STRING, n INT');
    const source = new MemoryStreamSource(stream);
    expect(await source.latestOffset(null)).toBe(null);
    expect(stream.addData([{ word: 'a', n: 1 }, { word: 'b', n: 2 }])).toBe(2);
    expect(stream.addData([{ word: 'c', n: 3 }])).toBe(3);
    expect(await source.latestOffset(null)).toBe(3);
    expect(await source.latestOffset(3)).toBe(3);
  });

  it('returns exactly the rows of a range, one batch per addData, the same on replay', async () => {
    const stream = MemoryStream.create('word STRING, n INT');
    stream.addData([{ word: 'a', n: 1 }, { word: 'b', n: 2 }]);
    stream.addData([{ word: 'c', n: 3 }, { word: 'd', n: null }]);
    const source = new MemoryStreamSource(stream);
    const all = await source.getBatch(null, 4);
    expect(all.map((b) => b.numRows)).toEqual([2, 2]);
    expect(rowsOf(stream, all)).toEqual([
      { word: 'a', n: 1 }, { word: 'b', n: 2 }, { word: 'c', n: 3 }, { word: 'd', n: null },
    ]);
    const middle = await source.getBatch(1, 3);
    expect(middle.map((b) => b.numRows)).toEqual([1, 1]);
    expect(rowsOf(stream, middle)).toEqual([{ word: 'b', n: 2 }, { word: 'c', n: 3 }]);
    expect(rowsOf(stream, await source.getBatch(1, 3))).toEqual(rowsOf(stream, middle));
    expect(await source.getBatch(4, 4)).toEqual([]);
  });

  it('keeps timestamps as Dates and rejects ranges it does not hold', async () => {
    const stream = MemoryStream.create('t TIMESTAMP');
    stream.addData([{ t: new Date('2024-01-01T00:00:01.500Z') }]);
    const source = new MemoryStreamSource(stream);
    expect(rowsOf(stream, await source.getBatch(null, 1))).toEqual([{ t: new Date('2024-01-01T00:00:01.500Z') }]);
    await expect(source.getBatch(0, 5)).rejects.toThrow('MemoryStream has no rows between offsets 0 and 5 (it holds 1 rows)');
  });

  it('is registered as format memory with the stream as the descriptor handle', async () => {
    const stream = MemoryStream.create('n INT');
    stream.addData([{ n: 7 }]);
    const provider = lookupSourceProvider('memory')!;
    const source = provider.createSource({ format: 'memory', options: {}, schema: stream.schema, handle: stream, description: 'm' }, ctx);
    expect(await source.latestOffset(null)).toBe(1);
    expect(() => provider.createSource({ format: 'memory', options: {}, schema: stream.schema, description: 'm' }, ctx))
      .toThrow("The 'memory' source needs a MemoryStream: create one with MemoryStream.create(schema)");
  });
});
