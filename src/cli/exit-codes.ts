// The exit codes of the `brook` command (documented in docs/sql.md and `brook --help`).
import type { BrookError } from '../common/errors.js';

/**
 * 0 success (also after Ctrl-C / SIGTERM stopped the queries cleanly); 1 the script is invalid or a query failed on what
 * it says; 2 command-line usage; 3 a query failed outside brook (broker, files); 4 internal error; 130 a second Ctrl-C
 * ended the process without waiting for the current batch.
 * @example process.exitCode = EXIT_CODES.usage
 */
export const EXIT_CODES = {
  ok: 0,
  failed: 1,
  usage: 2,
  external: 3,
  internal: 4,
  interrupted: 130,
} as const;

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: BrookError): number {
  switch (error.domain) {
    case 'user': return EXIT_CODES.failed;
    case 'external': return EXIT_CODES.external;
    case 'internal': return EXIT_CODES.internal;
  }
}
