// Finds a file of the repository (bin/brook.js, scripts/kafka.mjs) whether the benchmarks run from bench/ or from dist/bench/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { internalError } from '../src/common/errors.js';

/**
 * The path of `parts` in the nearest folder above this file that has it.
 * @example repoFile('scripts', 'kafka.mjs')
 */
export function repoFile(...parts: string[]): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, ...parts);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw internalError(`${parts.join('/')} not found above ${import.meta.dirname}`);
}
