// The join of two streams (Spark's StreamingSymmetricHashJoinExec): both sides kept in a state store by join key,
// evicted by each side's state watermark, outer rows emitted with nulls when their side's state expires.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import { userError } from '../common/errors.js';
import type { KernelContext } from '../compute/kernel-registry.js';
import type { JoinType } from '../planner/logical/plan.js';
import type { JoinExec } from '../planner/physical/physical-plan.js';
import type { StateStore } from '../state/state-store.js';
import { eventTimeMsReader } from './event-time.js';
import {
  joinStateWatermarks, notNullColumns, preservedSides, splitJoinCondition, stateRangeConstraints, stateWatermarkMs, watermarkColumn,
  watermarkKeyOrdinal,
} from './join-condition.js';
import type { JoinConditionParts, StateWatermarkRule } from './join-condition.js';
import { JoinedRowsBuilder, compilePairFilter, readSide, schemaOf, sideReader } from './join-rows.js';
import type { JoinRow, JoinSideReader, PairFilter, SideRows } from './join-rows.js';
import type { BatchContext, LateRows, Operator, StateOperatorMetrics } from './operator.js';

/** A buffered input row and whether it has matched a row of the other side (Spark's state format 2). */
export interface JoinStateRow {
  readonly values: JoinRow;
  matched: boolean;
}

/**
 * The state store value: the rows of one side with one join key. Store keys are `L` or `R`, U+0002, then the key
 * text (group-key.ts encoding). `keyTimeMs` is the key's event time when the join key carries the watermark.
 */
export interface JoinStateEntry {
  rows: JoinStateRow[];
  readonly keyTimeMs?: number;
}

const SIDE_PREFIX = ['L\u0002', 'R\u0002'] as const;
/** Starts the key text of a stored row whose join key is null (no encoded key starts with it). */
const NULL_KEY_MARK = '\u0003';

/** Spark's names of join types in its error messages. */
const SPARK_JOIN_NAMES: Readonly<Record<JoinType, string>> = {
  inner: 'Inner', cross: 'Cross', left_outer: 'LeftOuter', right_outer: 'RightOuter', full_outer: 'FullOuter', left_semi: 'LeftSemi', left_anti: 'LeftAnti',
};

/** Everything about one input. */
interface JoinSide {
  readonly index: 0 | 1;
  readonly reader: JoinSideReader;
  readonly rule: StateWatermarkRule | null;
  /** The watermarked column (late rows are judged on it). */
  readonly timeColumn: number | undefined;
  /** Columns that must be non-null (Spark's inferred isnotnull filters; none on a preserved side). */
  readonly notNull: readonly number[];
  /** Unmatched rows are output with nulls (left side of a left outer join, …). */
  readonly preserved: boolean;
}

/**
 * Symmetric hash join over micro-batches, Spark 3.5 semantics (append output):
 *   processBatch(b, i)   buffers the rows of input i
 *   onBatchEnd:          left rows, then right rows, each:
 *     drop rows with a null in an inferred not-null column (non-preserved sides), then late rows (event time on the
 *       side's watermarked column <= lateWatermarkMs; counted, captured when asked);
 *     a row failing its side's own conjuncts is never stored: output with nulls at once when its side is preserved;
 *     otherwise it joins the other side's stored rows with the same key that pass the two-side conjuncts (those rows
 *       are marked matched) and is stored (left semi: a matched left row is output once and not stored; a right row
 *       that its side's watermark evicts in this very batch is not stored unless it must still give an outer row);
 *   then each side's state is evicted by its state watermark (join-condition.ts); evicted unmatched rows of a preserved
 *   side are output with nulls for the other side (Spark counts only the other evictions in numRowsRemoved).
 * Without a key or range rule a side's state is kept forever (Spark does the same for inner joins).
 * Output columns: left then right (left semi: left only).
 * @example const op = createStreamStreamJoinOperator(exec, kernelCtx, new StateStore<JoinStateEntry>('join-0'), false);
 */
export function createStreamStreamJoinOperator(exec: JoinExec, ctx: KernelContext, store: StateStore<JoinStateEntry>, captureLateRows: boolean): Operator {
  return new StreamStreamJoinOperator(exec, ctx, store, captureLateRows);
}

class StreamStreamJoinOperator implements Operator {
  readonly description: string;
  private readonly sides: readonly [JoinSide, JoinSide];
  private readonly pairFilter: PairFilter | null;
  private readonly out: JoinedRowsBuilder;
  private readonly late: JoinedRowsBuilder;
  private readonly lateSchema: StructType;
  private readonly semi: boolean;
  private inputs: [SideRows[], SideRows[]] = [[], []];
  private counts = { updated: 0, removed: 0, dropped: 0 };
  private lastCounts = { updated: 0, removed: 0, dropped: 0 };
  private lateBatches: RecordBatch[] = [];
  private lastEvictionWatermarkMs = 0;
  /** Numbers the null-key rows stored in this batch. */
  private nullKeyRows = 0;

  constructor(exec: JoinExec, ctx: KernelContext, private readonly store: StateStore<JoinStateEntry>, private readonly captureLateRows: boolean) {
    const { joinType } = exec;
    if (joinType === 'left_anti') {
      throw userError('UNSUPPORTED_OPERATION', 'Left anti joins with a streaming DataFrame/Dataset on the right are not supported', {
        hint: 'use a left semi, inner or outer join between two streams',
      });
    }
    const leftAttrs = exec.left.output;
    const rightAttrs = exec.right.output;
    const left = schemaOf(leftAttrs);
    const right = schemaOf(rightAttrs);
    const parts = splitJoinCondition(exec.condition, left.length);
    checkWatermarkForOuterJoin(joinType, parts, exec);
    const rules = joinStateWatermarks(parts, leftAttrs, rightAttrs);
    const preserved = preservedSides(joinType);
    const notNull = [...notNullColumns(exec.condition)];
    this.sides = [
      {
        index: 0, reader: sideReader(left, parts.keys, 'left', parts.leftOnly, ctx), rule: rules.left, timeColumn: watermarkColumn(leftAttrs),
        notNull: preserved.left ? [] : notNull.filter((c) => c < left.length), preserved: preserved.left,
      },
      {
        index: 1, reader: sideReader(right, parts.keys, 'right', parts.rightOnly, ctx), rule: rules.right, timeColumn: watermarkColumn(rightAttrs),
        notNull: preserved.right ? [] : notNull.filter((c) => c >= left.length).map((c) => c - left.length), preserved: preserved.right,
      },
    ];
    this.pairFilter = compilePairFilter(parts.bothSides, left, right, ctx);
    this.semi = joinType === 'left_semi';
    this.out = new JoinedRowsBuilder(schemaOf(exec.output), left.length, this.semi);
    this.lateSchema = schemaOf([...leftAttrs, ...rightAttrs].map((a) => ({ ...a, nullable: true })));
    this.late = new JoinedRowsBuilder(this.lateSchema, left.length, false);
    this.description = `StreamingSymmetricHashJoin ${joinType}`;
  }

  processBatch(batch: RecordBatch, _ctx: BatchContext, inputIndex: number): RecordBatch[] {
    const side = inputIndex === 0 ? 0 : 1;
    this.inputs[side].push(readSide(batch, this.sides[side].reader));
    return [];
  }

  onBatchEnd(ctx: BatchContext): RecordBatch[] {
    const [lefts, rights] = this.inputs;
    this.inputs = [[], []];
    for (const rows of lefts) this.joinWithState(this.sides[0], rows, ctx);
    for (const rows of rights) this.joinWithState(this.sides[1], rows, ctx);
    for (const side of this.sides) this.evict(side, ctx.watermarkMs);
    this.lastEvictionWatermarkMs = ctx.watermarkMs;
    this.nullKeyRows = 0;
    if (this.late.size > 0) this.lateBatches.push(...this.late.take());
    return this.out.take();
  }

  /** New rows of one side: joined with the other side's state, then stored (see the class comment). */
  private joinWithState(me: JoinSide, rows: SideRows, ctx: BatchContext): void {
    const other = this.sides[1 - me.index]!;
    const eventTime = me.timeColumn === undefined ? undefined : eventTimeMsReader(rows.columns[me.timeColumn]!);
    const excludeMatched = this.semi && me.index === 1;
    // candidate pairs: this row i with row `slot` of the other side's entry `entryKey`
    const eligible: number[] = [];
    const pairRow: number[] = [];
    const pairEntry: string[] = [];
    const pairSlot: number[] = [];
    const lefts: JoinRow[] = [];
    const rights: JoinRow[] = [];
    for (let i = 0; i < rows.numRows; i++) {
      if (me.notNull.some((c) => rows.columns[c]!.nulls?.[i] === 1)) continue;
      if (eventTime !== undefined && eventTime(i) <= ctx.lateWatermarkMs) {
        this.counts.dropped++;
        if (this.captureLateRows) this.late.add(me.index === 0 ? rows.rows[i]! : null, me.index === 1 ? rows.rows[i]! : null);
        continue;
      }
      if (rows.passes !== null && rows.passes[i] === 0) {
        if (me.preserved) this.emit(me, rows.rows[i]!, null);
        continue;
      }
      eligible.push(i);
      const key = rows.keys[i];
      if (key === null || key === undefined) continue;
      const entryKey = SIDE_PREFIX[other.index] + key;
      const entry = this.store.get(entryKey);
      if (entry === undefined) continue;
      entry.rows.forEach((stored, slot) => {
        if (excludeMatched && stored.matched) return;
        pairRow.push(i);
        pairEntry.push(entryKey);
        pairSlot.push(slot);
        lefts.push(me.index === 0 ? rows.rows[i]! : stored.values);
        rights.push(me.index === 0 ? stored.values : rows.rows[i]!);
      });
    }
    const passes = this.pairFilter === null || pairRow.length === 0 ? null : this.pairFilter(lefts, rights);
    let k = 0;
    for (const i of eligible) {
      const row = rows.rows[i]!;
      let matched = false;
      for (; k < pairRow.length && pairRow[k] === i; k++) {
        if (passes !== null && passes[k] === 0) continue;
        if (this.semi && me.index === 0 && matched) continue; // a left row is output once
        const entry = this.store.get(pairEntry[k]!)!;
        const stored = entry.rows[pairSlot[k]!]!;
        if (excludeMatched && stored.matched) continue; // matched by an earlier row of this batch
        matched = true;
        if (!stored.matched) {
          stored.matched = true;
          this.store.touch(pairEntry[k]!, entry);
        }
        this.emit(me, row, stored.values);
      }
      if (this.shouldStore(me, rows, i, matched, ctx.watermarkMs)) {
        // a row with a null key (kept only to be output with nulls later) gets an entry of its own
        const key = rows.keys[i] ?? `${NULL_KEY_MARK}${ctx.batchId}.${this.nullKeyRows++}`;
        this.append(SIDE_PREFIX[me.index] + key, { values: row, matched }, () => this.keyTimeMs(me, rows, i));
        this.counts.updated++;
      }
    }
  }

  /** Outputs a joined row: `row` of side `me` with `matchedRow` of the other side (null: no match). */
  private emit(me: JoinSide, row: JoinRow, matchedRow: JoinRow | null): void {
    if (this.semi) {
      // left semi: the left row, whichever side found the match
      this.out.add(me.index === 0 ? row : matchedRow, null);
    } else if (me.index === 0) this.out.add(row, matchedRow);
    else this.out.add(matchedRow, row);
  }

  /**
   * Spark 3.5.4+: left rows are always stored (but a matched left-semi row), right rows only when this batch's
   * eviction would not drop them at once, or when they must still give an outer row.
   */
  private shouldStore(me: JoinSide, rows: SideRows, i: number, matched: boolean, watermarkMs: number): boolean {
    const key = rows.keys[i];
    if (key === null || key === undefined) return me.preserved; // a null key matches nothing; only an outer row can come of it
    if (me.index === 0) return !(this.semi && matched);
    if (me.rule === null) return true;
    const evictedNow = me.rule.kind === 'key'
      ? this.keyTimeMs(me, rows, i) <= watermarkMs
      : timeMsOf(rows.rows[i]![me.rule.column]) <= stateWatermarkMs(me.rule, watermarkMs);
    return !evictedNow || (me.preserved && !matched);
  }

  /** The event time (ms) of row i's watermarked join key; +Infinity when there is none or it is null. */
  private keyTimeMs(me: JoinSide, rows: SideRows, i: number): number {
    if (me.rule?.kind !== 'key') return Number.POSITIVE_INFINITY;
    return eventTimeMsReader(rows.keyVectors[me.rule.keyOrdinal]!)(i);
  }

  /** Adds a row to the entry under `key` (updated in place and touched, as the state store allows). */
  private append(key: string, row: JoinStateRow, keyTimeMs: () => number): void {
    const entry = this.store.get(key);
    if (entry === undefined) {
      this.store.put(key, { rows: [row], keyTimeMs: this.sides.some((s) => s.rule?.kind === 'key') ? keyTimeMs() : undefined });
    } else {
      entry.rows.push(row);
      this.store.touch(key, entry);
    }
  }

  /** Drops the rows of one side behind its state watermark; unmatched ones of a preserved side are output with nulls. */
  private evict(side: JoinSide, watermarkMs: number): void {
    const rule = side.rule;
    if (rule === null) return;
    const threshold = rule.kind === 'key' ? watermarkMs : stateWatermarkMs(rule, watermarkMs);
    const prefix = SIDE_PREFIX[side.index];
    for (const [key, entry] of this.store.entries()) {
      if (!key.startsWith(prefix)) continue;
      const keep: JoinStateRow[] = [];
      const expired: JoinStateRow[] = [];
      if (rule.kind === 'key') ((entry.keyTimeMs ?? Number.POSITIVE_INFINITY) <= threshold ? expired : keep).push(...entry.rows);
      else for (const r of entry.rows) (timeMsOf(r.values[rule.column]) <= threshold ? expired : keep).push(r);
      if (expired.length === 0) continue;
      for (const r of expired) if (side.preserved && !r.matched) this.emit(side, r.values, null);
      if (!side.preserved) this.counts.removed += expired.length;
      if (keep.length === 0) {
        this.store.remove(key);
      } else {
        entry.rows = keep;
        this.store.touch(key, entry);
      }
    }
  }

  commit(version: number): void {
    this.store.commit(version);
    this.lastCounts = this.counts;
    this.counts = { updated: 0, removed: 0, dropped: 0 };
  }

  abort(): void {
    this.store.abort();
    this.inputs = [[], []];
    this.counts = { updated: 0, removed: 0, dropped: 0 };
    this.lateBatches = [];
    this.late.take();
    this.out.take();
  }

  needsNoDataBatch(nextWatermarkMs: number): boolean {
    return (this.sides[0].rule !== null || this.sides[1].rule !== null) && nextWatermarkMs > this.lastEvictionWatermarkMs;
  }

  takeLateRows(): LateRows | null {
    if (this.lateBatches.length === 0) return null;
    const rows = { schema: this.lateSchema, batches: this.lateBatches };
    this.lateBatches = [];
    return rows;
  }

  stateProgress(): StateOperatorMetrics {
    let total = 0;
    for (const [, entry] of this.store.entries()) total += entry.rows.length;
    return {
      operatorName: 'symmetricHashJoin',
      numRowsTotal: total,
      numRowsUpdated: this.lastCounts.updated,
      numRowsRemoved: this.lastCounts.removed,
      memoryUsedBytes: this.store.memoryUsedBytes((e) => 32 + e.rows.reduce((n, r) => n + 24 + 16 * r.values.length, 0)),
      numRowsDroppedByWatermark: this.lastCounts.dropped,
    };
  }
}

/** A stored value's event time in ms: a TIMESTAMP (µs) or a window's end; +Infinity for null (never evicted). */
function timeMsOf(value: unknown): number {
  if (value === null || value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value === 'number') return value / 1000;
  return (value as { end: number }).end / 1000;
}

/**
 * Spark's check for outer and semi stream-stream joins: the state of the side whose rows may be output unmatched must
 * be evictable, by a watermarked join key or by a range condition against the other side's watermarked time.
 */
function checkWatermarkForOuterJoin(joinType: JoinType, parts: JoinConditionParts, exec: JoinExec): void {
  const needs: ('left' | 'right')[] = joinType === 'left_outer' || joinType === 'left_semi' ? ['left']
    : joinType === 'right_outer' ? ['right'] : joinType === 'full_outer' ? ['left', 'right'] : [];
  if (needs.length === 0) return;
  const left = exec.left.output;
  const right = exec.right.output;
  if (watermarkKeyOrdinal(parts.keys, left, right) !== undefined) return;
  if (needs.every((side) => stateRangeConstraints(parts, side, left, right).length > 0)) return;
  throw userError('UNSUPPORTED_OPERATION',
    `Stream-stream ${SPARK_JOIN_NAMES[joinType]} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`,
    { hint: 'add withWatermark(...) on both inputs and a condition such as right.t BETWEEN left.t AND left.t + INTERVAL 1 HOUR' });
}
