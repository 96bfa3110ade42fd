// Atomic, verifiable checkpoint files: write to a temp file, fsync, rename, fsync the folder; entries carry a checksum.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { externalError } from '../common/errors.js';

const FORMAT_LINE = 'v1';

/**
 * Writes `data` to `path` so that readers see either the old file or the whole new one:
 *   write path.tmp → fsync → rename over path → fsync the folder.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    if (typeof data === 'string') writeSync(fd, data);
    else writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncFolder(dirname(path));
}

function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems cannot fsync a folder; the rename is still atomic there
  }
}

/** FNV-1a over the text: enough to tell a cut or damaged entry from a whole one. */
export function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** An entry file: `v1`, the JSON body, and `#<checksum of the body>` as the last line. */
export function writeEntry(path: string, body: unknown): void {
  const json = JSON.stringify(body);
  writeFileAtomic(path, `${FORMAT_LINE}\n${json}\n#${checksum(json)}\n`);
}

/** What reading an entry found. */
export type EntryRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Reads an entry written by writeEntry, checking its format line and checksum. */
export function readEntry<T>(path: string): EntryRead<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, reason: `cannot read it: ${(e as Error).message}` };
  }
  const lines = text.split('\n');
  if (lines[0] !== FORMAT_LINE) return { ok: false, reason: `it does not start with '${FORMAT_LINE}' (an unknown version or a damaged file)` };
  const json = lines[1] ?? '';
  const sum = lines[2];
  if (sum === undefined || sum !== `#${checksum(json)}`) return { ok: false, reason: 'it is incomplete or damaged (its checksum does not match)' };
  try {
    return { ok: true, value: JSON.parse(json) as T };
  } catch (e) {
    return { ok: false, reason: `its JSON does not parse: ${(e as Error).message}` };
  }
}

/** Reads an entry or throws an external error naming the file. */
export function readEntryOrFail<T>(path: string): T {
  const r = readEntry<T>(path);
  if (!r.ok) throw externalError('CORRUPT_CHECKPOINT', `Checkpoint file ${path} cannot be used: ${r.reason}`);
  return r.value;
}

/** The numbered entries (batch ids, versions) in a folder, ascending; names like `12` or `12.delta`. */
export function numberedEntries(folder: string, suffix = ''): number[] {
  if (!existsSync(folder)) return [];
  const out: number[] = [];
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(suffix)) continue;
    const stem = suffix === '' ? name : name.slice(0, -suffix.length);
    if (/^\d+$/.test(stem)) out.push(Number(stem));
  }
  return out.sort((a, b) => a - b);
}

/** Removes entries below `keepFrom` (minBatchesToRetain). */
export function pruneEntries(folder: string, keepFrom: number, suffix = ''): void {
  for (const n of numberedEntries(folder, suffix)) {
    if (n < keepFrom) rmSync(join(folder, `${n}${suffix}`), { force: true });
  }
}
