// Sort of a batch's whole output (Spark allows it on streaming only after an aggregation in complete mode).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import { fromRecordBatch, toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnBatch } from '../compute/column-vector.js';
import { concatVectors, internalValueAt, takeRows } from '../compute/column-vector.js';
import type { CompiledExpression } from '../compute/compile-expression.js';
import { compareInternal } from '../compute/kernels/operator-kernels.js';
import type { SortKey } from '../planner/logical/plan.js';
import type { BatchContext, Operator } from './operator.js';

/** Collects the batch's rows, then emits them ordered by the keys (nulls first/last as asked). */
export class SortOperator implements Operator {
  readonly description = 'Sort';
  private pending: ColumnBatch[] = [];

  constructor(private readonly schema: StructType, private readonly keys: readonly SortKey[], private readonly compiled: readonly CompiledExpression[]) {}

  processBatch(batch: RecordBatch, _ctx: BatchContext): RecordBatch[] {
    this.pending.push(fromRecordBatch(batch, this.schema));
    return [];
  }

  onBatchEnd(_ctx: BatchContext): RecordBatch[] {
    if (this.pending.length === 0) return [];
    const parts = this.pending;
    this.pending = [];
    const columns = this.schema.fields.map((f, c) => concatVectors(f.dataType, parts.map((p) => p.columns[c]!)));
    const all: ColumnBatch = { numRows: parts.reduce((n, p) => n + p.numRows, 0), columns };
    const keyVectors = this.compiled.map((e) => e(all));
    const order = Array.from({ length: all.numRows }, (_, i) => i);
    order.sort((a, b) => {
      for (let k = 0; k < this.keys.length; k++) {
        const key = this.keys[k]!;
        const va = internalValueAt(keyVectors[k]!, a);
        const vb = internalValueAt(keyVectors[k]!, b);
        if (va === null || vb === null) {
          if (va === vb) continue;
          return (va === null) === key.nullsFirst ? -1 : 1;
        }
        const c = compareInternal(key.expr.dataType, va, vb);
        if (c !== 0) return key.ascending ? c : -c;
      }
      return a - b;
    });
    const indices = Int32Array.from(order);
    return [toRecordBatch(this.schema, all.columns.map((v) => takeRows(v, indices)), all.numRows)];
  }
}
