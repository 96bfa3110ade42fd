// withWatermark's operator: rows pass through unchanged; the event times of each batch are recorded for the watermark.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import { fromRecordBatch } from '../compute/arrow-bridge.js';
import type { BatchContext, EventTimeStats, Operator } from './operator.js';

/** Per batch: max/min/avg of the event-time column (ms); the runtime turns max − delay into the next watermark. */
export class WatermarkOperator implements Operator {
  readonly description: string;
  private stats: { maxMs: number; minMs: number; sumMs: number; count: number } = emptyStats();

  constructor(private readonly inputSchema: StructType, private readonly eventTimeIndex: number, readonly delayMs: number) {
    this.description = `EventTimeWatermark ${inputSchema.fields[eventTimeIndex]!.name}`;
  }

  processBatch(batch: RecordBatch, _ctx: BatchContext): RecordBatch[] {
    const column = fromRecordBatch(batch, this.inputSchema).columns[this.eventTimeIndex]!;
    const values = column.values as Float64Array;
    const s = this.stats;
    for (let i = 0; i < batch.numRows; i++) {
      if (column.nulls !== null && column.nulls[i] === 1) continue;
      const ms = Math.floor(values[i]! / 1000);
      if (ms > s.maxMs) s.maxMs = ms;
      if (ms < s.minMs) s.minMs = ms;
      s.sumMs += ms;
      s.count++;
    }
    return [batch];
  }

  /** The batch's event-time figures (null when it saw no rows); resets them. */
  takeEventTimeStats(): EventTimeStats | null {
    const s = this.stats;
    this.stats = emptyStats();
    return s.count === 0 ? null : s;
  }
}

function emptyStats() {
  return { maxMs: Number.NEGATIVE_INFINITY, minMs: Number.POSITIVE_INFINITY, sumMs: 0, count: 0 };
}
