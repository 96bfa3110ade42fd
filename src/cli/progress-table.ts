// The text of the live progress view: one row per query with batch, rates, watermark, state rows and Kafka lag.
import type { StreamingQueryProgress } from '../runtime/progress.js';

/** What the view shows of one query. */
export interface QueryRow {
  readonly name: string;
  /** 'running', 'stopped', 'failed' or 'stopping'. */
  readonly status: string;
  readonly progress: StreamingQueryProgress | null;
}

const HEADERS = ['QUERY', 'STATUS', 'BATCH', 'INPUT ROWS/S', 'PROCESSED ROWS/S', 'WATERMARK', 'STATE ROWS', 'KAFKA LAG'];
const RIGHT_ALIGNED = new Set([2, 3, 4, 6, 7]);

/**
 * The cells of one query's row; `-` where the query has no figure yet (or no Kafka source, for the lag).
 * @example progressCells({ name: 'totals', status: 'running', progress: null }) // ['totals', 'running', '-', '-', '-', '-', '-', '-']
 */
export function progressCells(row: QueryRow): string[] {
  const p = row.progress;
  if (p === null) return [row.name, row.status, '-', '-', '-', '-', '-', '-'];
  const state = p.stateOperators.reduce((n, s) => n + s.numRowsTotal, 0);
  return [
    row.name,
    row.status,
    String(p.batchId),
    rate(p.inputRowsPerSecond),
    rate(p.processedRowsPerSecond),
    p.eventTime.watermark ?? '-',
    p.stateOperators.length > 0 ? String(state) : '-',
    kafkaLag(p),
  ];
}

/**
 * Offsets behind the latest ones over the query's Kafka sources, from the source metrics Spark names
 * `maxOffsetsBehindLatest` (summed over sources); '-' when no source reports it.
 */
export function kafkaLag(p: StreamingQueryProgress): string {
  const lags = p.sources.map((s) => s.metrics.maxOffsetsBehindLatest).filter((v): v is string => v !== undefined);
  if (lags.length === 0) return '-';
  return String(lags.reduce((n, v) => n + Number(v), 0));
}

function rate(value: number): string {
  return value.toFixed(1);
}

/**
 * The whole view: a title line, then an aligned table.
 * @example renderProgressTable('queries/sales.sql', [row], 12_000) // 'brook | queries/sales.sql | 1 query | 00:00:12\nQUERY …'
 */
export function renderProgressTable(title: string, rows: readonly QueryRow[], elapsedMs: number): string {
  const cells = [HEADERS, ...rows.map(progressCells)];
  const widths = HEADERS.map((_, k) => Math.max(...cells.map((r) => r[k]!.length)));
  const lines = cells.map((r) => r.map((cell, k) => (RIGHT_ALIGNED.has(k) ? cell.padStart(widths[k]!) : cell.padEnd(widths[k]!))).join('  ').trimEnd());
  const count = `${rows.length} ${rows.length === 1 ? 'query' : 'queries'}`;
  return `brook | ${title} | ${count} | ${clock(elapsedMs)}\n${lines.join('\n')}\n`;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}
