// A query's checkpoint folder: metadata, offsets/N (written before batch N), commits/N (after it), sources/, state/.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { externalError, userError } from '../common/errors.js';
import type { Offset } from '../sources/source.js';
import { readEntry, writeEntry } from '../state/checkpoint-files.js';
import { MetadataLog } from '../state/metadata-log.js';
import { StateCheckpoint } from '../state/state-checkpoint.js';
import type { StateCodec } from '../state/state-codec.js';
import { StateStore } from '../state/state-store.js';
import { checkCompatible } from './query-fingerprint.js';
import type { QueryFingerprint } from './query-fingerprint.js';

/** offsets/N: what batch N reads, with the watermark and timestamp it runs with (Spark's offset log). */
export interface OffsetEntry {
  readonly batchId: number;
  readonly endOffsets: readonly (Offset | null)[];
  readonly batchWatermarkMs: number;
  readonly batchTimestampMs: number;
  /** Settings that must not change across restarts (the session time zone). */
  readonly conf: Readonly<Record<string, string>>;
}

/** commits/N: batch N is in the sink and its state is committed; the watermark the next batch starts from. */
export interface CommitEntry {
  readonly batchId: number;
  readonly nextBatchWatermarkMs: number;
}

interface Metadata {
  readonly id: string;
  readonly fingerprint: QueryFingerprint;
}

/** Where a restart picks up. */
export interface Recovery {
  /** The batch to run next (a logged but uncommitted batch is re-run with exactly its logged offsets). */
  readonly nextBatchId: number;
  readonly committedOffsets: readonly (Offset | null)[];
  /** The watermark of the last committed batch (late rows are judged against it). */
  readonly lastBatchWatermarkMs: number;
  readonly nextWatermarkMs: number;
  readonly pendingBatch: OffsetEntry | null;
  /** Per source, the metadata saved with the last logged batch (e.g. the files a file source admitted). */
  readonly sourceStates: readonly unknown[];
}

/**
 * on start:  read metadata (or write it); last offsets entry N, last commit M
 *            N == M + 1 → batch N is re-run with exactly its logged offsets (sinks dedup by batch id)
 *            a damaged newest commit is moved aside (its batch re-runs, idempotently);
 *            a damaged newest offsets entry fails the start unless brook.checkpoint.discardDamagedOffsets=true
 */
export class QueryCheckpoint {
  readonly offsets: MetadataLog<OffsetEntry>;
  readonly commits: MetadataLog<CommitEntry>;
  private readonly sourceLogs: MetadataLog<unknown>[];

  private constructor(readonly dir: string, readonly queryId: string, sourceCount: number, private readonly minBatchesToRetain: number) {
    this.offsets = new MetadataLog(join(dir, 'offsets'));
    this.commits = new MetadataLog(join(dir, 'commits'));
    this.sourceLogs = Array.from({ length: sourceCount }, (_, i) => new MetadataLog(join(dir, 'sources', String(i))));
  }

  /** Opens (or creates) the checkpoint; fails before any processing when the query changed incompatibly. */
  static open(dir: string, newQueryId: string, fingerprint: QueryFingerprint, minBatchesToRetain = 100): QueryCheckpoint {
    if (!Number.isInteger(minBatchesToRetain) || minBatchesToRetain < 1) {
      throw userError('INVALID_OPTION', `spark.sql.streaming.minBatchesToRetain must be a positive integer, got '${minBatchesToRetain}'`, {
        hint: 'it is how many batches a restart can go back to; the default is 100',
      });
    }
    removeTemporaryFiles(dir);
    const path = join(dir, 'metadata');
    if (!existsSync(path)) {
      writeEntry(path, { id: newQueryId, fingerprint } satisfies Metadata);
      return new QueryCheckpoint(dir, newQueryId, fingerprint.sources.length, minBatchesToRetain);
    }
    const read = readEntry<Metadata>(path);
    if (!read.ok) throw externalError('CORRUPT_CHECKPOINT', `Checkpoint metadata ${path} cannot be used: ${read.reason}`);
    checkCompatible(dir, read.value.fingerprint, fingerprint);
    return new QueryCheckpoint(dir, read.value.id, fingerprint.sources.length, minBatchesToRetain);
  }

  recover(discardDamagedOffsets: boolean, conf: Readonly<Record<string, string>> = {}): Recovery {
    const lastCommit = this.latestCommit();
    const latest = this.offsets.readLatest();
    if (latest && latest.batchId > (lastCommit?.batchId ?? -1) + 1) {
      throw externalError('CORRUPT_CHECKPOINT', `Checkpoint ${this.dir} logged batches ${(lastCommit?.batchId ?? -1) + 1} to ${latest.batchId} after its last readable commit (${lastCommit ? `batch ${lastCommit.batchId}` : 'none'}): a commit entry is missing or damaged, so which batches reached the sink is unknown`, {
        hint: 'restore the commits folder from a backup, or start over with a new checkpointLocation',
      });
    }
    let pending: OffsetEntry | null = null;
    if (latest && latest.batchId > (lastCommit?.batchId ?? -1)) {
      if (latest.read.ok) {
        pending = latest.read.value;
      } else if (discardDamagedOffsets) {
        renameSync(this.offsets.pathOf(latest.batchId), `${this.offsets.pathOf(latest.batchId)}.damaged`);
      } else {
        throw externalError('CORRUPT_CHECKPOINT', `The newest offsets entry ${this.offsets.pathOf(latest.batchId)} cannot be used: ${latest.read.reason}. Batch ${latest.batchId} was logged but never committed, so what it read is unknown.`, {
          hint: "if its output never reached the sink, set brook.checkpoint.discardDamagedOffsets to 'true' to plan the batch again from the last committed offsets",
        });
      }
    }
    const committedEntry = lastCommit ? this.offsets.get(lastCommit.batchId) : null;
    checkConf(this.dir, (pending ?? committedEntry)?.conf, conf);
    const sourceStates = this.sourceLogs.map((log) => {
      const ids = log.ids().filter((id) => id <= (pending?.batchId ?? lastCommit?.batchId ?? -1));
      const last = ids[ids.length - 1];
      return last === undefined ? undefined : log.get(last);
    });
    return {
      nextBatchId: pending ? pending.batchId : (lastCommit?.batchId ?? -1) + 1,
      committedOffsets: committedEntry ? committedEntry.endOffsets : this.sourceLogs.map(() => null),
      lastBatchWatermarkMs: committedEntry?.batchWatermarkMs ?? 0,
      nextWatermarkMs: lastCommit?.nextBatchWatermarkMs ?? 0,
      pendingBatch: pending,
      sourceStates,
    };
  }

  /** The newest readable commit; a damaged newest commit is moved aside (that batch re-runs, and sinks dedup it). */
  private latestCommit(): CommitEntry | null {
    const latest = this.commits.readLatest();
    if (!latest) return null;
    if (latest.read.ok) return latest.read.value;
    renameSync(this.commits.pathOf(latest.batchId), `${this.commits.pathOf(latest.batchId)}.damaged`);
    return this.latestCommit();
  }

  /** Writes offsets/N (and each source's metadata) before batch N reads anything. */
  logBatch(entry: OffsetEntry, sourceStates: readonly unknown[]): void {
    sourceStates.forEach((s, i) => {
      if (s !== undefined) this.sourceLogs[i]!.add(entry.batchId, s);
    });
    this.offsets.add(entry.batchId, entry);
  }

  /** Writes commits/N after the sink has batch N and the state is committed; prunes old entries. */
  commitBatch(entry: CommitEntry): void {
    this.commits.add(entry.batchId, entry);
    const keepFrom = entry.batchId - this.minBatchesToRetain + 1;
    if (keepFrom > 0) {
      this.offsets.prune(keepFrom);
      this.commits.prune(keepFrom);
      for (const log of this.sourceLogs) log.prune(keepFrom);
    }
  }

  /** The state store of a stateful operator, restored to `version` and persisted from then on. */
  stateStore<V>(operatorId: number, name: string, codec: StateCodec<V>, version: number): StateStore<V> {
    const persisted = new StateCheckpoint<V>(join(this.dir, 'state', String(operatorId)), codec);
    const store = new StateStore<V>(`${name}-${operatorId}`);
    store.restore(version, persisted.load(version));
    persisted.attach(store);
    store.onCommit((delta) => {
      if (delta.version > this.minBatchesToRetain) persisted.prune(delta.version - this.minBatchesToRetain);
    });
    return store;
  }
}

/** Settings recorded with the batches must be the same now: results depend on them (from_unixtime and the time zone). */
function checkConf(dir: string, recorded: Readonly<Record<string, string>> | undefined, now: Readonly<Record<string, string>>): void {
  if (!recorded) return;
  for (const [key, value] of Object.entries(recorded)) {
    if (now[key] !== undefined && now[key] !== value) {
      throw userError('INCOMPATIBLE_CHECKPOINT', `The query cannot restart from checkpoint ${dir}: ${key} was '${value}' when its batches were written and is now '${now[key]}'`, {
        hint: `set ${key} back to '${value}', or start with a new checkpointLocation`,
      });
    }
  }
}

/** Temporary files left by a process killed in the middle of an atomic write. */
function removeTemporaryFiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.tmp')) rmSync(join(entry.parentPath ?? dir, entry.name), { force: true });
  }
}

/** The checkpoint folder of a query: its checkpointLocation, or <session default>/<query name or id>. */
export function checkpointFolder(option: string | undefined, sessionDefault: string | undefined, queryName: string | null): string | undefined {
  if (option !== undefined && option !== '') return option;
  if (sessionDefault === undefined || sessionDefault === '') return undefined;
  if (queryName === null) {
    throw userError('CHECKPOINT_NEEDS_NAME', 'spark.sql.streaming.checkpointLocation is set, so this query needs a queryName(...) to name its checkpoint folder under it', {
      hint: "call queryName('...'), or give the query its own option('checkpointLocation', dir)",
    });
  }
  return join(sessionDefault, queryName);
}
