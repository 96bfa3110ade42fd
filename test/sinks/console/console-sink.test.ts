import { describe, expect, it } from 'vitest';
import { rowsToRecordBatch } from '../../../src/compute/arrow-bridge.js';
import { parseSchema } from '../../../src/common/schema-parser.js';
import { lookupSinkProvider } from '../../../src/sinks/sink.js';
import type { MemoryTable, SinkContext } from '../../../src/sinks/sink.js';
import '../../../src/sinks/console/console-sink.js';

function context(): { ctx: SinkContext; text: () => string } {
  let out = '';
  const ctx: SinkContext = {
    queryId: 'q1', queryName: undefined, outputMode: 'append', timeZone: 'UTC', memoryTables: new Map<string, MemoryTable>(),
    out: { write: (t: string) => { out += t; return true; } },
  };
  return { ctx, text: () => out };
}

describe('console sink', () => {
  it('prints the batch banner and the show() table', async () => {
    const { ctx, text } = context();
    const schema = parseSchema('region STRING, total_sales DOUBLE, order_count BIGINT');
    const sink = lookupSinkProvider('console')!.createSink({}, ctx);
    const batch = rowsToRecordBatch(schema, [
      { region: 'North', total_sales: 1500, order_count: 3 },
      { region: 'East', total_sales: 99.5, order_count: 1 },
    ]);
    await sink.addBatch(0, [batch], schema, 'complete');
    expect(text()).toBe([
      '-------------------------------------------',
      'Batch: 0',
      '-------------------------------------------',
      '+------+-----------+-----------+',
      '|region|total_sales|order_count|',
      '+------+-----------+-----------+',
      '| North|     1500.0|          3|',
      '|  East|       99.5|          1|',
      '+------+-----------+-----------+',
      '',
      '',
    ].join('\n'));
  });

  it('honours numRows and truncate false across several record batches', async () => {
    const { ctx, text } = context();
    const schema = parseSchema('event_id STRING, t TIMESTAMP');
    const sink = lookupSinkProvider('console')!.createSink({ numRows: '2', truncate: 'false' }, ctx);
    const first = rowsToRecordBatch(schema, [{ event_id: 'event_with_a_rather_long_id_0', t: new Date(Date.UTC(2024, 0, 1)) }]);
    const second = rowsToRecordBatch(schema, [{ event_id: 'event_1', t: null }, { event_id: 'event_2', t: null }]);
    await sink.addBatch(7, [first, second], schema, 'append');
    expect(text()).toBe([
      '-------------------------------------------',
      'Batch: 7',
      '-------------------------------------------',
      '+-----------------------------+-------------------+',
      '|event_id                     |t                  |',
      '+-----------------------------+-------------------+',
      '|event_with_a_rather_long_id_0|2024-01-01 00:00:00|',
      '|event_1                      |null               |',
      '+-----------------------------+-------------------+',
      'only showing top 2 rows',
      '',
      '',
    ].join('\n'));
  });

  it('rejects a bad numRows', () => {
    const { ctx } = context();
    expect(() => lookupSinkProvider('console')!.createSink({ numRows: 'many' }, ctx))
      .toThrow("Invalid value 'many' for option 'numRows' of the console sink: it must be a non-negative integer");
  });
});
