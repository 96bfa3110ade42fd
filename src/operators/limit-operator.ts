// limit(n): per batch after a complete-mode aggregation (each result is whole), or across batches in append mode.
import type { RecordBatch } from 'apache-arrow';
import type { BatchContext, Operator } from './operator.js';

export class LimitOperator implements Operator {
  readonly description: string;
  private emittedInBatch = 0;
  private emittedTotal = 0;

  /** `perBatch`: the limit applies to each batch's output (complete mode); else to the whole stream. */
  constructor(private readonly limit: number, private readonly perBatch: boolean) {
    this.description = `Limit ${limit}`;
  }

  processBatch(batch: RecordBatch, _ctx: BatchContext): RecordBatch[] {
    const used = this.perBatch ? this.emittedInBatch : this.emittedTotal;
    const room = this.limit - used;
    if (room <= 0) return [];
    const out = batch.numRows <= room ? batch : batch.slice(0, room);
    this.emittedInBatch += out.numRows;
    this.emittedTotal += out.numRows;
    return [out];
  }

  onBatchEnd(_ctx: BatchContext): RecordBatch[] {
    this.emittedInBatch = 0;
    return [];
  }
}
