// Streaming (and batch) hash aggregation with state: groups kept in a StateStore, output by Spark's output-mode rules.
import type { RecordBatch } from 'apache-arrow';
import type { DataType, StructType } from '../common/data-types.js';
import type { AggregateFunction } from '../compute/aggregates/aggregate-function.js';
import { fromRecordBatch, toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { internalValueAt } from '../compute/column-vector.js';
import type { OutputMode } from '../sinks/sink.js';
import type { StateStore } from '../state/state-store.js';
import { groupLookup } from './aggregate-group-lookup.js';
import type { GroupLookup } from './aggregate-group-lookup.js';
import { outputVector } from './aggregate-output.js';
import { stateKeyWriter } from './aggregate-state-key.js';
import { compileKeyEncoder } from './group-key.js';
import { eventTimeMsReader } from './event-time.js';
import { LateRowsBuffer } from './late-rows.js';
import type { BatchContext, LateRows, Operator, StateOperatorMetrics } from './operator.js';

/** One group's state: its key values and one buffer per aggregate. */
export interface GroupState {
  /** The group's key in the state store (made once, when the group is created). */
  readonly stateKey: string;
  readonly keys: unknown[];
  readonly buffers: unknown[];
  /** The last batch that changed the group (operator bookkeeping, not persisted). */
  touchedInBatch?: number;
}

/**
 * The groups this operator keeps: key values and buffers in one array (`values`: keys first), every field set in the
 * constructor so all groups share one shape. `keys` and `buffers` are copies, for the state codec.
 */
class AggregateGroup implements GroupState {
  constructor(readonly stateKey: string, readonly values: unknown[], private readonly keyCount: number, public touchedInBatch: number) {}

  get keys(): unknown[] {
    return this.values.slice(0, this.keyCount);
  }

  get buffers(): unknown[] {
    return this.values.slice(this.keyCount);
  }

  /** The operator's form of a group read back from a checkpoint (a plain GroupState). */
  static of(g: GroupState): AggregateGroup {
    return g instanceof AggregateGroup ? g : new AggregateGroup(g.stateKey, [...g.keys, ...g.buffers], g.keys.length, -1);
  }
}

export interface AggregateOperatorSpec {
  readonly inputSchema: StructType;
  readonly outputSchema: StructType;
  readonly keyCount: number;
  readonly functions: readonly AggregateFunction[];
  /** Input column indices of each aggregate's arguments. */
  readonly argumentIndices: readonly (readonly number[])[];
  /** Key index of the event-time key (timestamp or window), when the query has a watermark on it. */
  readonly eventTimeKey?: number;
  /** Key index of a tumbling/sliding window key (all its windows have one size, so the start identifies it). */
  readonly timeWindowKey?: number;
  /** null for batch queries (emit everything once, keep nothing). */
  readonly outputMode: OutputMode | null;
  readonly store: StateStore<GroupState>;
  readonly captureLateRows: boolean;
}

/**
 * processBatch: rows whose event-time key is at or behind the late watermark are dropped (counted, optionally kept
 *   for the late-rows sink); the others update their group's buffers.
 * onBatchEnd, by output mode:
 *   complete → every group;  update → the groups changed in this batch, then groups behind the watermark are evicted;
 *   append   → the groups behind the watermark (final), which are evicted;  batch → every group.
 */
export class AggregateOperator implements Operator {
  readonly description = 'Aggregate';
  /** Groups changed in this batch. */
  private updated: AggregateGroup[] = [];
  private readonly groups: GroupLookup<AggregateGroup>;
  private readonly stateKeyOf: (keys: readonly unknown[]) => string;
  private readonly late: LateRowsBuffer;
  private lastStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  private lastEvictionWatermarkMs = 0;
  /** Groups by event time (ms) of their event-time key, so eviction visits only the groups it removes. */
  private readonly byEventTime = new Map<number, AggregateGroup[]>();
  private indexedVersion = -1;

  constructor(private readonly spec: AggregateOperatorSpec) {
    this.late = new LateRowsBuffer(spec.inputSchema, spec.captureLateRows);
    const keyTypes: DataType[] = spec.inputSchema.fields.slice(0, spec.keyCount).map((f) => f.dataType);
    this.groups = groupLookup<AggregateGroup>(keyTypes, new Set(spec.timeWindowKey === undefined ? [] : [spec.timeWindowKey]));
    this.stateKeyOf = stateKeyWriter(keyTypes);
  }

  processBatch(batch: RecordBatch, ctx: BatchContext): RecordBatch[] {
    const { spec } = this;
    this.ensureIndex();
    const input = fromRecordBatch(batch, spec.inputSchema);
    const keyColumns = input.columns.slice(0, spec.keyCount);
    this.groups.bind(keyColumns);
    const newGroupValues = this.keyValueReader(keyColumns);
    const args = spec.argumentIndices.map((idx) => idx.map((i) => input.columns[i]!));
    // complete mode keeps every group, so nothing is late there (Spark applies the late-row filter in append/update only)
    const filtersLate = spec.outputMode === 'append' || spec.outputMode === 'update';
    const eventTime = spec.eventTimeKey !== undefined && filtersLate ? eventTimeMsReader(keyColumns[spec.eventTimeKey]!) : undefined;
    const tracksUpdated = spec.outputMode === 'update';
    const late: number[] = [];
    const lateKeys = new Set<string>();
    const lateKeyOf = eventTimeLateKey(keyColumns);
    const rowArgs = spec.functions.map((_, k) => new Array<unknown>(args[k]!.length));
    for (let i = 0; i < input.numRows; i++) {
      if (eventTime !== undefined && eventTime(i) <= ctx.lateWatermarkMs) {
        late.push(i);
        lateKeys.add(lateKeyOf(i));
        continue;
      }
      let group = this.groups.find(i);
      if (group === undefined) {
        const values = newGroupValues(i);
        group = new AggregateGroup(this.stateKeyOf(values), values, spec.keyCount, ctx.batchId);
        this.groups.add(i, group);
        if (spec.eventTimeKey !== undefined) this.index(group);
        spec.store.put(group.stateKey, group);
        if (tracksUpdated) this.updated.push(group);
      }
      // buffers are updated in place: a failed batch ends the query, and a restart reloads state from the checkpoint
      const state = group.values;
      for (let k = 0; k < spec.functions.length; k++) {
        const values = rowArgs[k]!;
        const cols = args[k]!;
        for (let a = 0; a < cols.length; a++) values[a] = valueOf(cols[a]!, i);
        state[spec.keyCount + k] = spec.functions[k]!.update(state[spec.keyCount + k], values);
      }
      if (group.touchedInBatch !== ctx.batchId) {
        spec.store.touch(group.stateKey, group);
        group.touchedInBatch = ctx.batchId;
        if (tracksUpdated) this.updated.push(group);
      }
    }
    this.groups.release();
    // Spark counts late rows after its partial aggregation: one per distinct late group key (PySpark 3.5.9, windowed b6)
    this.late.record(lateKeys.size, input.columns, late);
    return [];
  }

  /**
   * Row i's key values (internal values) followed by fresh buffers, for a new group. The groups of one window share
   * one window object: all windows of a query have one size, so the start identifies it.
   */
  private keyValueReader(keyColumns: readonly ColumnVector[]): (i: number) => unknown[] {
    const { functions, timeWindowKey } = this.spec;
    const window = timeWindowKey === undefined ? undefined : keyColumns[timeWindowKey];
    const starts = window?.fields?.[0]?.values as Float64Array | undefined;
    const windows = new Map<number, unknown>();
    const keyCount = keyColumns.length;
    return (i) => {
      const values = new Array<unknown>(keyCount + functions.length);
      for (let k = 0; k < keyCount; k++) {
        const c = keyColumns[k]!;
        if (c !== window || starts === undefined || (c.nulls !== null && c.nulls[i] === 1)) {
          values[k] = internalValueAt(c, i);
          continue;
        }
        let w = windows.get(starts[i]!);
        if (w === undefined) windows.set(starts[i]!, (w = internalValueAt(c, i)));
        values[k] = w;
      }
      for (let k = 0; k < functions.length; k++) values[keyCount + k] = functions[k]!.init();
      return values;
    };
  }

  onBatchEnd(ctx: BatchContext): RecordBatch[] {
    const { spec } = this;
    const emitted: AggregateGroup[] = [];
    const mode = spec.outputMode;
    this.ensureIndex();
    if (mode === null || mode === 'complete') {
      for (const [, g] of spec.store.entries()) emitted.push(AggregateGroup.of(g));
      if (mode === null) {
        for (const [key] of spec.store.entries()) spec.store.remove(key);
        this.groups.clear();
      }
    } else if (mode === 'update') {
      for (const g of this.updated) emitted.push(g);
      this.evict(ctx.watermarkMs, null);
    } else {
      this.evict(ctx.watermarkMs, emitted);
    }
    if (mode !== null && mode !== 'complete') this.lastEvictionWatermarkMs = ctx.watermarkMs;
    this.updated = [];
    return emitted.length === 0 ? [] : [this.toBatch(emitted)];
  }

  /** Removes the groups whose event time is at or behind the watermark (collecting them into `emitted` in append mode). */
  private evict(watermarkMs: number, emitted: AggregateGroup[] | null): void {
    if (this.spec.eventTimeKey === undefined) return;
    const due = [...this.byEventTime.keys()].filter((t) => t <= watermarkMs).sort((a, b) => a - b);
    for (const t of due) {
      for (const g of this.byEventTime.get(t)!) {
        emitted?.push(g);
        this.spec.store.remove(g.stateKey);
        this.groups.remove(g.values);
      }
      this.byEventTime.delete(t);
    }
  }

  private index(group: AggregateGroup): void {
    const t = eventTimeOfKey(group.values[this.spec.eventTimeKey!]);
    const groups = this.byEventTime.get(t);
    if (groups === undefined) this.byEventTime.set(t, [group]);
    else groups.push(group);
  }

  /**
   * Builds the group and event-time indexes once from the store (which a checkpoint restore may have filled), putting
   * the restored groups back in the operator's form (the same contents, so no change is recorded).
   */
  private ensureIndex(): void {
    if (this.indexedVersion !== -1) return;
    const { store } = this.spec;
    this.indexedVersion = store.version;
    if (store.size === 0) return;
    const groups: [string, AggregateGroup][] = [];
    for (const [key, g] of store.entries()) groups.push([key, AggregateGroup.of(g)]);
    store.restore(store.version, groups);
    for (const [, g] of groups) {
      this.groups.restore(g.values, g);
      if (this.spec.eventTimeKey !== undefined) this.index(g);
    }
  }

  private toBatch(groups: readonly AggregateGroup[]): RecordBatch {
    const { spec } = this;
    const fields = spec.outputSchema.fields;
    const columns: ColumnVector[] = [];
    const n = groups.length;
    for (let k = 0; k < spec.keyCount; k++) columns.push(outputVector(fields[k]!.dataType, n, (i) => groups[i]!.values[k]));
    spec.functions.forEach((f, k) => {
      columns.push(outputVector(fields[spec.keyCount + k]!.dataType, n, (i) => f.result(groups[i]!.values[spec.keyCount + k])));
    });
    return toRecordBatch(spec.outputSchema, columns, groups.length);
  }

  commit(version: number): void {
    if (this.spec.outputMode === null) return;
    const stats = this.spec.store.commit(version);
    this.lastStats = { numRowsUpdated: stats.numRowsUpdated, numRowsRemoved: stats.numRowsRemoved };
  }

  abort(): void {
    this.spec.store.abort();
    this.updated = [];
    this.late.clear();
  }

  needsNoDataBatch(nextWatermarkMs: number): boolean {
    const mode = this.spec.outputMode;
    return mode !== null && mode !== 'complete' && this.spec.eventTimeKey !== undefined && nextWatermarkMs > this.lastEvictionWatermarkMs;
  }

  takeLateRows(): LateRows | null {
    return this.late.take();
  }

  stateProgress(): StateOperatorMetrics {
    const dropped = this.late.takeCount();
    return {
      operatorName: 'stateStoreSave',
      numRowsTotal: this.spec.store.size,
      numRowsUpdated: this.lastStats.numRowsUpdated,
      numRowsRemoved: this.lastStats.numRowsRemoved,
      memoryUsedBytes: this.spec.store.memoryUsedBytes((g) => 24 + 16 * AggregateGroup.of(g).values.length),
      numRowsDroppedByWatermark: dropped,
    };
  }
}

/** Late rows are counted per distinct group key, like Spark (after its partial aggregation). */
function eventTimeLateKey(keyColumns: readonly ColumnVector[]): (i: number) => string {
  return compileKeyEncoder(keyColumns);
}

function valueOf(v: ColumnVector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return v.fields ? internalValueAt(v, i) : (v.values as ArrayLike<unknown>)[i];
}

/** A key's event time in ms: a window's end, or a timestamp. */
function eventTimeOfKey(key: unknown): number {
  if (key === null || key === undefined) return Number.POSITIVE_INFINITY;
  if (typeof key === 'number') return key / 1000;
  return ((key as { end: number }).end) / 1000;
}
