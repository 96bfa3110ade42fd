// Persists a StateStore in a checkpoint: one Arrow IPC delta per version, a full snapshot every few versions.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { externalError } from '../common/errors.js';
import { numberedEntries, pruneEntries, writeFileAtomic } from './checkpoint-files.js';
import type { StateCodec } from './state-codec.js';
import type { StateDelta, StateStore } from './state-store.js';

const DELTA = '.delta';
const SNAPSHOT = '.snapshot';

/**
 * Layout of state/<operatorId>/:  <v>.delta (changes of version v)  and  <v>.snapshot (all rows at version v).
 *   commit(v)  → write v.delta; every `snapshotInterval` versions also v.snapshot
 *   load(v)    → newest snapshot s ≤ v, then deltas s+1 … v (each must exist)
 */
export class StateCheckpoint<V> {
  constructor(
    readonly folder: string,
    private readonly codec: StateCodec<V>,
    private readonly snapshotInterval = 10,
  ) {
    mkdirSync(folder, { recursive: true });
  }

  /** Writes each committed version of `store` from now on. */
  attach(store: StateStore<V>): void {
    store.onCommit((delta) => this.writeDelta(store, delta));
  }

  private writeDelta(store: StateStore<V>, delta: StateDelta<V>): void {
    const rows: StateFileRow[] = [];
    for (const [key, value] of delta.puts) rows.push({ key, value: this.codec.encode(value) });
    for (const key of delta.removes) rows.push({ key, value: null });
    writeTable(join(this.folder, `${delta.version}${DELTA}`), rows);
    if (delta.version % this.snapshotInterval === 0) {
      const all: StateFileRow[] = [];
      for (const [key, value] of store.entries()) all.push({ key, value: this.codec.encode(value) });
      writeTable(join(this.folder, `${delta.version}${SNAPSHOT}`), all);
    }
  }

  /** The rows of `version` (0 = empty). */
  load(version: number): Map<string, V> {
    const rows = new Map<string, V>();
    if (version === 0) return rows;
    const snapshots = numberedEntries(this.folder, SNAPSHOT).filter((s) => s <= version);
    const base = snapshots[snapshots.length - 1] ?? 0;
    if (base > 0) for (const r of readTable(join(this.folder, `${base}${SNAPSHOT}`))) rows.set(r.key, this.codec.decode(r.value!));
    for (let v = base + 1; v <= version; v++) {
      const path = join(this.folder, `${v}${DELTA}`);
      if (!existsSync(path)) {
        throw externalError('CORRUPT_CHECKPOINT', `State file ${path} is missing: version ${version} of the state in ${this.folder} cannot be rebuilt`);
      }
      for (const r of readTable(path)) {
        if (r.value === null) rows.delete(r.key);
        else rows.set(r.key, this.codec.decode(r.value));
      }
    }
    return rows;
  }

  /** Drops files no restart can need: keeps the newest snapshot ≤ keepFrom and everything after it. */
  prune(keepFrom: number): void {
    const snapshots = numberedEntries(this.folder, SNAPSHOT).filter((s) => s <= keepFrom);
    const base = snapshots[snapshots.length - 1];
    if (base === undefined) return;
    pruneEntries(this.folder, base + 1, DELTA);
    pruneEntries(this.folder, base, SNAPSHOT);
  }
}

/** One row of a state file: key STRING, value STRING (null = the key was removed in that version). */
export interface StateFileRow {
  readonly key: string;
  readonly value: string | null;
}

function writeTable(path: string, rows: readonly StateFileRow[]): void {
  const table = new Table({
    key: vectorFromArray(rows.map((r) => r.key), new Utf8()),
    value: vectorFromArray(rows.map((r) => r.value), new Utf8()),
  });
  writeFileAtomic(path, tableToIPC(table, 'file'));
}

/** Rows of a state file (for restores and for the `state` data source). */
export function readTable(path: string): StateFileRow[] {
  let table: Table;
  try {
    table = tableFromIPC(readFileSync(path));
  } catch (e) {
    throw externalError('CORRUPT_CHECKPOINT', `State file ${path} cannot be read: ${(e as Error).message}`);
  }
  const keys = table.getChild('key')?.toArray() as (string | null)[] | undefined;
  const values = table.getChild('value')?.toArray() as (string | null)[] | undefined;
  if (!keys || !values) throw externalError('CORRUPT_CHECKPOINT', `State file ${path} does not have the columns key and value`);
  return keys.map((key, i) => ({ key: key!, value: values[i] ?? null }));
}
