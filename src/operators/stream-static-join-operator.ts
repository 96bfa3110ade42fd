// Joins without join state: a stream with a static DataFrame (every micro-batch against the static rows), and batch joins.
import type { RecordBatch } from 'apache-arrow';
import { userError } from '../common/errors.js';
import type { KernelContext } from '../compute/kernel-registry.js';
import type { JoinType } from '../planner/logical/plan.js';
import type { JoinExec } from '../planner/physical/physical-plan.js';
import { preservedSides, splitJoinCondition } from './join-condition.js';
import { HashedRows, JoinedRowsBuilder, compilePairFilter, probeRows, readSide, schemaOf, sideReader } from './join-rows.js';
import type { JoinSideReader, PairFilter, SideRows } from './join-rows.js';
import type { BatchContext, Operator } from './operator.js';

/** Which input streams: 'batch' when neither does (a batch query, or two static sides inside a streaming query). */
type JoinMode = 'batch' | 'streamLeft' | 'streamRight';

const STREAM_LEFT_TYPES: readonly JoinType[] = ['inner', 'cross', 'left_outer', 'left_semi', 'left_anti'];
const STREAM_RIGHT_TYPES: readonly JoinType[] = ['inner', 'cross', 'right_outer'];

/**
 * The join of a stream with a static side (Spark's stream-static join: no state, the static rows are kept in memory),
 * and of two static sides (batch queries).
 *
 * Stream-static, per micro-batch:
 *   processBatch(static side)  → the rows join the in-memory table (they arrive in the first micro-batch only)
 *   processBatch(stream side)  → joined at once when the table is complete, else buffered until onBatchEnd
 *   onBatchEnd                 → buffered stream rows joined; from now on the table is complete
 * Supported: stream on the left: inner, left outer, left semi, left anti; stream on the right: inner, right outer.
 * Batch: both sides are buffered and joined at onBatchEnd: inner, cross, left/right/full outer, left semi, left anti.
 * Matching follows SQL ON semantics: keys compared with `=` never match a null; a row of the preserved side that
 * matches nothing (its own conjuncts false included) is output once with nulls for the other side.
 * @example const op = createStreamStaticJoinOperator(exec, { timeZone: 'UTC', batchTimestampMs: () => Date.now() });
 */
export function createStreamStaticJoinOperator(exec: JoinExec, ctx: KernelContext): Operator {
  return new StreamStaticJoinOperator(exec, ctx);
}

class StreamStaticJoinOperator implements Operator {
  readonly description: string;
  private readonly mode: JoinMode;
  private readonly readers: readonly [JoinSideReader, JoinSideReader];
  private readonly pairFilter: PairFilter | null;
  private readonly out: JoinedRowsBuilder;
  private readonly preserved: { readonly left: boolean; readonly right: boolean };
  /** Batch mode: the rows of each side seen in this batch. */
  private pending: [SideRows[], SideRows[]] = [[], []];
  /** Stream modes: the static side's rows, and whether they are complete (after the first batch). */
  private table = new HashedRows();
  private tableComplete = false;
  private tableCommitted = false;
  /** Stream modes: stream batches that came before the table was complete. */
  private waiting: SideRows[] = [];

  constructor(private readonly exec: JoinExec, ctx: KernelContext) {
    this.mode = !exec.streaming || exec.leftStreaming === exec.rightStreaming ? 'batch' : exec.leftStreaming ? 'streamLeft' : 'streamRight';
    checkSupported(this.mode, exec.joinType);
    const left = schemaOf(exec.left.output);
    const right = schemaOf(exec.right.output);
    const parts = splitJoinCondition(exec.condition, left.length);
    this.readers = [sideReader(left, parts.keys, 'left', parts.leftOnly, ctx), sideReader(right, parts.keys, 'right', parts.rightOnly, ctx)];
    this.pairFilter = compilePairFilter(parts.bothSides, left, right, ctx);
    const leftOnly = exec.joinType === 'left_semi' || exec.joinType === 'left_anti';
    this.out = new JoinedRowsBuilder(schemaOf(exec.output), left.length, leftOnly);
    this.preserved = preservedSides(exec.joinType);
    this.description = `${this.mode === 'batch' ? 'HashJoin' : 'StreamStaticJoin'} ${exec.joinType}`;
  }

  processBatch(batch: RecordBatch, _ctx: BatchContext, inputIndex: number): RecordBatch[] {
    const side = inputIndex === 0 ? 0 : 1;
    const rows = readSide(batch, this.readers[side]);
    if (this.mode === 'batch') {
      this.pending[side].push(rows);
      return [];
    }
    const streamSide = this.mode === 'streamLeft' ? 0 : 1;
    if (side !== streamSide) {
      this.table.addAll(rows, false);
      return [];
    }
    if (!this.tableComplete) {
      this.waiting.push(rows);
      return [];
    }
    this.probe(rows, streamSide === 0, this.table, false);
    return this.out.take();
  }

  onBatchEnd(_ctx: BatchContext): RecordBatch[] {
    if (this.mode === 'batch') {
      this.joinPending();
      return this.out.take();
    }
    const streamIsLeft = this.mode === 'streamLeft';
    for (const rows of this.waiting) this.probe(rows, streamIsLeft, this.table, false);
    this.waiting = [];
    this.tableComplete = true;
    return this.out.take();
  }

  commit(_version: number): void {
    if (this.tableComplete) this.tableCommitted = true;
  }

  abort(): void {
    this.pending = [[], []];
    this.waiting = [];
    if (!this.tableCommitted) {
      // the re-run of the first batch feeds the static rows again
      this.table = new HashedRows();
      this.tableComplete = false;
    }
  }

  /** Batch mode: right rows hashed, left rows probe them; unmatched rows of preserved sides get nulls. */
  private joinPending(): void {
    const [lefts, rights] = this.pending;
    this.pending = [[], []];
    const build = new HashedRows();
    for (const rows of rights) build.addAll(rows, this.preserved.right);
    for (const rows of lefts) this.probe(rows, true, build, this.preserved.right);
    if (this.preserved.right) {
      for (let j = 0; j < build.rows.length; j++) if (build.matched[j] === 0) this.out.add(null, build.rows[j]!);
    }
  }

  /** Joins probe rows with the table, by join type; `trackBuild` marks the table rows that matched. */
  private probe(probe: SideRows, probeIsLeft: boolean, build: HashedRows, trackBuild: boolean): void {
    const matches = probeRows(probe, build, probeIsLeft, this.pairFilter);
    const joinType = this.exec.joinType;
    const probePreserved = probeIsLeft ? this.preserved.left : this.preserved.right;
    let k = 0;
    for (let i = 0; i < probe.numRows; i++) {
      const row = probe.rows[i]!;
      let matched = false;
      for (; k < matches.probe.length && matches.probe[k] === i; k++) {
        const j = matches.build[k]!;
        matched = true;
        if (trackBuild) build.matched[j] = 1;
        if (joinType === 'left_semi' || joinType === 'left_anti') continue;
        if (probeIsLeft) this.out.add(row, build.rows[j]!);
        else this.out.add(build.rows[j]!, row);
      }
      if (joinType === 'left_semi') {
        if (matched) this.out.add(row, null);
      } else if (joinType === 'left_anti') {
        if (!matched) this.out.add(row, null);
      } else if (probePreserved && !matched) {
        if (probeIsLeft) this.out.add(row, null);
        else this.out.add(null, row);
      }
    }
  }
}

function checkSupported(mode: JoinMode, joinType: JoinType): void {
  if (mode === 'streamLeft' && !STREAM_LEFT_TYPES.includes(joinType)) {
    throw userError('UNSUPPORTED_OPERATION', `A ${joinType} join with a streaming DataFrame/Dataset on the left and a static DataFrame/Dataset on the right is not supported`, {
      hint: 'use an inner, left outer, left semi or left anti join',
    });
  }
  if (mode === 'streamRight' && !STREAM_RIGHT_TYPES.includes(joinType)) {
    throw userError('UNSUPPORTED_OPERATION', `A ${joinType} join with a static DataFrame/Dataset on the left and a streaming DataFrame/Dataset on the right is not supported`, {
      hint: 'use an inner or right outer join, or put the stream on the left',
    });
  }
}
