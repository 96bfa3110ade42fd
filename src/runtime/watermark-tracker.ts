// The global watermark of a query: per withWatermark operator max(event time) − delay, combined by min (Spark's default).
import type { OperatorNode } from '../operators/operator-tree.js';
import type { EventTimeStats } from '../operators/operator.js';
import { WatermarkOperator } from '../operators/watermark-operator.js';
import { operatorsOf } from './execute-tree.js';

/**
 * After each batch: for every watermark operator, maxSeen = max(maxSeen, batch max event time);
 * its watermark = maxSeen − delay; the query's next watermark = max(current, min over operators).
 * An operator that has seen no data yet holds the global watermark at its current value.
 */
export class WatermarkTracker {
  private readonly operators: WatermarkOperator[];
  private readonly maxSeen: number[];
  private current = 0;
  /** Event-time figures of the last batch across operators (for progress.eventTime). */
  lastStats: EventTimeStats | null = null;

  constructor(tree: OperatorNode) {
    this.operators = operatorsOf(tree).map((n) => n.operator).filter((o): o is WatermarkOperator => o instanceof WatermarkOperator);
    this.maxSeen = this.operators.map(() => Number.NEGATIVE_INFINITY);
  }

  get hasWatermark(): boolean {
    return this.operators.length > 0;
  }

  /** The watermark to use from the next batch on (epoch ms). */
  get watermarkMs(): number {
    return this.current;
  }

  /** Restores a watermark (from the offset log on restart). */
  restore(watermarkMs: number): void {
    this.current = watermarkMs;
  }

  /** Reads the operators' figures of the batch just run and advances the watermark. */
  update(): number {
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    let sum = 0;
    let count = 0;
    this.operators.forEach((op, i) => {
      const s = op.takeEventTimeStats();
      if (!s) return;
      this.maxSeen[i] = Math.max(this.maxSeen[i]!, s.maxMs);
      max = Math.max(max, s.maxMs);
      min = Math.min(min, s.minMs);
      sum += s.sumMs;
      count += s.count;
    });
    this.lastStats = count === 0 ? null : { maxMs: max, minMs: min, sumMs: sum, count };
    if (this.operators.length === 0 || this.maxSeen.some((m) => m === Number.NEGATIVE_INFINITY)) return this.current;
    const candidate = Math.min(...this.operators.map((op, i) => this.maxSeen[i]! - op.delayMs));
    if (candidate > this.current) this.current = candidate;
    return this.current;
  }
}
