// The versioned state store of one stateful operator: key → value, changes collected per batch, commit/abort by version.
import { internalError } from '../common/errors.js';

/** What one commit changed (for progress: numRowsUpdated / numRowsRemoved). */
export interface StateCommitStats {
  readonly version: number;
  readonly numRowsUpdated: number;
  readonly numRowsRemoved: number;
}

/** The changes of one version, in the order they happened: the delta a checkpoint writes. */
export interface StateDelta<V> {
  readonly version: number;
  readonly puts: ReadonlyMap<string, V>;
  readonly removes: ReadonlySet<string>;
}

/**
 * Batch N works on version N-1 and commits version N:
 *   get/put/touch/remove during the batch (changes tracked), commit(N) → delta + stats.
 * Keys are strings made by the operator; values are the operator's plain JS objects, which operators may update in
 * place (then `touch` records the change). There is no undo: a batch that fails ends the query, and a restart
 * restores the last committed version from the checkpoint (`restore`).
 * @example const store = new StateStore<number>('aggregate-0'); store.put('a', 1); store.commit(1);
 */
export class StateStore<V> {
  private readonly rows = new Map<string, V>();
  private puts = new Map<string, V>();
  private removes = new Set<string>();
  private touchedWithoutDelta = 0;
  private committedVersion = 0;
  private listeners: ((delta: StateDelta<V>) => void)[] = [];

  constructor(readonly name: string) {}

  get version(): number {
    return this.committedVersion;
  }

  get size(): number {
    return this.rows.size;
  }

  get(key: string): V | undefined {
    return this.rows.get(key);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  put(key: string, value: V): void {
    this.rows.set(key, value);
    this.puts.set(key, value);
    if (this.removes.size > 0) this.removes.delete(key);
  }

  /**
   * Records that the value already stored under `key` was changed in place. Call it once per key and batch; without a
   * checkpoint attached only the count is kept (nothing would read the delta).
   */
  touch(key: string, value: V): void {
    if (this.listeners.length > 0) this.puts.set(key, value);
    else this.touchedWithoutDelta++;
  }

  remove(key: string): void {
    if (!this.rows.delete(key)) return;
    this.puts.delete(key);
    this.removes.add(key);
  }

  /** Every current row (a snapshot of the keys, so removing while iterating is safe). */
  *entries(): IterableIterator<[string, V]> {
    for (const key of [...this.rows.keys()]) {
      const value = this.rows.get(key);
      if (value !== undefined) yield [key, value];
    }
  }

  /** Makes this batch's changes version `version` and hands the delta to listeners (the checkpoint writer). */
  commit(version: number): StateCommitStats {
    if (version !== this.committedVersion + 1) {
      throw internalError(`state store ${this.name}: commit of version ${version} after version ${this.committedVersion}`);
    }
    const delta: StateDelta<V> = { version, puts: this.puts, removes: this.removes };
    for (const l of this.listeners) l(delta);
    const stats = { version, numRowsUpdated: this.puts.size + this.touchedWithoutDelta, numRowsRemoved: this.removes.size };
    this.committedVersion = version;
    this.puts = new Map();
    this.removes = new Set();
    this.touchedWithoutDelta = 0;
    return stats;
  }

  /** Forgets this batch's change records (the rows themselves are restored by `restore` from the checkpoint). */
  abort(): void {
    this.puts = new Map();
    this.removes = new Set();
    this.touchedWithoutDelta = 0;
  }

  /** Replaces the contents with a restored version (checkpoint recovery). */
  restore(version: number, rows: Iterable<[string, V]>): void {
    this.rows.clear();
    for (const [k, v] of rows) this.rows.set(k, v);
    this.committedVersion = version;
    this.abort();
  }

  /** Called with each committed delta. */
  onCommit(listener: (delta: StateDelta<V>) => void): void {
    this.listeners.push(listener);
  }

  /**
   * An estimate of the memory the rows use: key text plus a per-value size given by the operator, measured on up to
   * 256 rows and scaled to all of them (so reporting it each batch stays cheap with millions of rows).
   */
  memoryUsedBytes(valueBytes: (value: V) => number): number {
    const sampleSize = Math.min(256, this.rows.size);
    if (sampleSize === 0) return 0;
    let sampled = 0;
    let n = 0;
    for (const [k, v] of this.rows) {
      sampled += 48 + k.length * 2 + valueBytes(v);
      if (++n === sampleSize) break;
    }
    return Math.round((sampled / sampleSize) * this.rows.size);
  }
}
