// What a stateful operator keeps about the rows it dropped as late in a batch: their count and (when asked) the rows.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import { toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { takeRows } from '../compute/column-vector.js';
import type { LateRows } from './operator.js';

/**
 * record(count, columns, rows): adds to numRowsDroppedByWatermark and keeps the rows for the late-rows sink;
 * takeCount() / take() hand them over once per batch.
 */
export class LateRowsBuffer {
  private dropped = 0;
  private batches: RecordBatch[] = [];

  constructor(private readonly schema: StructType, private readonly capture: boolean) {}

  /** `count` is what progress reports (Spark counts late keys for aggregations, late rows elsewhere). */
  record(count: number, columns: readonly ColumnVector[], rows: readonly number[]): void {
    this.dropped += count;
    if (!this.capture || rows.length === 0) return;
    const indices = Int32Array.from(rows);
    this.batches.push(toRecordBatch(this.schema, columns.map((c) => takeRows(c, indices)), rows.length));
  }

  takeCount(): number {
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }

  take(): LateRows | null {
    if (this.batches.length === 0) return null;
    const rows = { schema: this.schema, batches: this.batches };
    this.batches = [];
    return rows;
  }

  clear(): void {
    this.dropped = 0;
    this.batches = [];
  }
}
