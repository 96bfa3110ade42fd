// Tests for the live progress view: the table text and the in-place redraw of LiveView.
import { describe, expect, it } from 'vitest';
import { LiveView } from '../../src/cli/live-view.js';
import { kafkaLag, progressCells, renderProgressTable } from '../../src/cli/progress-table.js';
import type { StreamingQueryProgress } from '../../src/runtime/progress.js';

function progress(parts: Partial<StreamingQueryProgress>): StreamingQueryProgress {
  return {
    id: 'id', runId: 'run', name: 'q', timestamp: '2024-01-01T00:00:00.000Z', batchId: 0, batchDuration: 10, numInputRows: 0,
    inputRowsPerSecond: 0, processedRowsPerSecond: 0, durationMs: {}, eventTime: {}, stateOperators: [], sources: [],
    sink: { description: 'noop', numOutputRows: 0 }, ...parts,
  };
}

const source = (metrics: Record<string, string>) => ({
  description: 'KafkaV2[Subscribe[sales-events]]', startOffset: null, endOffset: null, latestOffset: null, numInputRows: 0,
  inputRowsPerSecond: 0, processedRowsPerSecond: 0, metrics,
});
const state = (rows: number) => ({ operatorName: 'stateStoreSave', numRowsTotal: rows, numRowsUpdated: 0, numRowsRemoved: 0, memoryUsedBytes: 0, numRowsDroppedByWatermark: 0 });

describe('progress table', () => {
  it('shows dashes before the first batch', () => {
    expect(progressCells({ name: 'totals', status: 'running', progress: null })).toEqual(['totals', 'running', '-', '-', '-', '-', '-', '-']);
  });

  it('shows batch, rates, watermark, state rows summed over operators and Kafka lag summed over sources', () => {
    const p = progress({
      batchId: 12, inputRowsPerSecond: 1234.567, processedRowsPerSecond: 20000, eventTime: { watermark: '2024-05-01T10:00:00.000Z' },
      stateOperators: [state(40), state(2)], sources: [source({ maxOffsetsBehindLatest: '7' }), source({ maxOffsetsBehindLatest: '5' })],
    });
    expect(progressCells({ name: 'region_sales', status: 'running', progress: p })).toEqual(
      ['region_sales', 'running', '12', '1234.6', '20000.0', '2024-05-01T10:00:00.000Z', '42', '12']);
    expect(kafkaLag(progress({ sources: [source({ numFilesAdmitted: '3' })] }))).toBe('-');
  });

  it('aligns the table under a title with the elapsed time', () => {
    const text = renderProgressTable('q.sql', [
      { name: 'a', status: 'running', progress: progress({ batchId: 3, inputRowsPerSecond: 5, processedRowsPerSecond: 10 }) },
      { name: 'longer_name', status: 'stopped', progress: null },
    ], 3_725_000);
    expect(text).toBe([
      'brook | q.sql | 2 queries | 01:02:05',
      'QUERY        STATUS   BATCH  INPUT ROWS/S  PROCESSED ROWS/S  WATERMARK  STATE ROWS  KAFKA LAG',
      'a            running      3           5.0              10.0  -                   -          -',
      'longer_name  stopped      -             -                 -  -                   -          -',
      '',
    ].join('\n'));
  });
});

describe('LiveView', () => {
  it('redraws in place and prints other output above the view', () => {
    const written: string[] = [];
    const stream = { write: (chunk: string | Uint8Array) => { written.push(String(chunk)); return true; } };
    let n = 0;
    const view = new LiveView(stream, () => `view ${++n}\nline\n`);
    view.install();
    view.refresh();
    stream.write('row from a console sink\n');
    view.refresh();
    view.uninstall();
    stream.write('after\n');
    expect(written).toEqual([
      'view 1\nline\n',
      '\u001b[2A\r\u001b[0J', 'row from a console sink\n', 'view 2\nline\n',
      '\u001b[2A\r\u001b[0J', 'view 3\nline\n',
      'after\n',
    ]);
  });
});
