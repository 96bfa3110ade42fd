// The `--help` texts of `brook` and of each command.
import type { CommandName } from './cli-args.js';

const EXIT_CODES_TEXT = `Exit codes:
  0    success (also when Ctrl-C or SIGTERM stopped the queries cleanly)
  1    the script is invalid, or a query failed because of what it says
  2    command-line usage error
  3    a query failed outside brook (Kafka broker, file system)
  4    internal error (a bug: please report it)
  130  a second Ctrl-C ended brook without waiting for the current batch
`;

export const MAIN_HELP = `brook — structured streaming SQL for Node.js

Usage:
  brook run <file.sql>      run every INSERT INTO of the file as a streaming query
  brook explain <file.sql>  print the plan of every INSERT INTO (and EXPLAIN statements)
  brook check <file.sql>    parse and plan the file without reading any data
  brook --version           print the version
  brook <command> --help    the options of a command

Variables: \${NAME} and \${NAME:-default} in the file come from --var NAME=value or the environment.
The SQL brook reads is described in docs/sql.md.

${EXIT_CODES_TEXT}`;

const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  run: `Usage: brook run <file.sql> [options]

Runs the statements of the file in order; every INSERT INTO starts a streaming query, and all of them run in this
process until they end (--once, --available-now) or Ctrl-C stops them: the batch in progress finishes, its
checkpoint is committed, then brook exits. A second Ctrl-C exits at once.

Options:
  --var NAME=VALUE        set \${NAME} (repeatable; wins over the environment)
  --available-now         process what is available now, then stop (Trigger.AvailableNow) — for every query
  --once                  run one micro-batch per query, then stop (Trigger.Once)
  --checkpoint-dir DIR    checkpointLocation of each query: DIR/<query name> (unless the file sets one)
  --progress FORMAT       table: a live view refreshed in place (default on a terminal)
                          json:  one JSON progress object per batch on stdout (default when piped)
                          none:  no progress output
  -h, --help              this text

${EXIT_CODES_TEXT}`,
  explain: `Usage: brook explain <file.sql> [options]

Plans every INSERT INTO of the file without starting it and prints its physical plan, the output mode and trigger
it would run with; EXPLAIN statements in the file print too.

Options:
  --var NAME=VALUE        set \${NAME} (repeatable; wins over the environment)
  --verbose               print the analyzed and optimized logical plans too (like EXPLAIN VERBOSE)
  -h, --help              this text

${EXIT_CODES_TEXT}`,
  check: `Usage: brook check <file.sql> [options]

Parses the file and plans every statement (tables, views, INSERT INTO with its output mode) without reading data.
Prints "ok" and exits 0 when the file is valid; prints the error with its line and column and exits 1 when not.

Options:
  --var NAME=VALUE        set \${NAME} (repeatable; wins over the environment)
  -h, --help              this text

${EXIT_CODES_TEXT}`,
};

/** The help of one command, or the main help. */
export function helpText(command?: CommandName): string {
  return command === undefined ? MAIN_HELP : COMMAND_HELP[command];
}
