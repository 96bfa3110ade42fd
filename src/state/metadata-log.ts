// A folder of numbered JSON entries (offsets/N, commits/N, sources/i/N), each written atomically before it is used.
import { join } from 'node:path';
import { numberedEntries, pruneEntries, readEntry, readEntryOrFail, writeEntry } from './checkpoint-files.js';
import type { EntryRead } from './checkpoint-files.js';

/**
 * add(N, entry) writes folder/N atomically; latest() is the highest N with its entry;
 * a damaged newest entry is reported (readLatest), never silently skipped.
 */
export class MetadataLog<T> {
  constructor(readonly folder: string) {}

  add(batchId: number, entry: T): void {
    writeEntry(this.pathOf(batchId), entry);
  }

  get(batchId: number): T {
    return readEntryOrFail<T>(this.pathOf(batchId));
  }

  ids(): number[] {
    return numberedEntries(this.folder);
  }

  /** The newest entry's id and how reading it went (null when the log is empty). */
  readLatest(): { readonly batchId: number; readonly read: EntryRead<T> } | null {
    const ids = this.ids();
    const last = ids[ids.length - 1];
    if (last === undefined) return null;
    return { batchId: last, read: readEntry<T>(this.pathOf(last)) };
  }

  pathOf(batchId: number): string {
    return join(this.folder, String(batchId));
  }

  /** Keeps entries from `keepFrom` on. */
  prune(keepFrom: number): void {
    pruneEntries(this.folder, keepFrom);
  }
}
