// The `brook` command line: for now `--version` and `--help`; `run`/`explain`/`check` of .sql files come with the SQL front end.
import { readFileSync } from 'node:fs';

const HELP = `brook — structured streaming for Node.js

Usage:
  brook --version     print the version
  brook --help        this text

The SQL commands (brook run|explain|check <file.sql>) are not built yet; use the DataFrame API (see README.md).
`;

/** Runs the CLI with its arguments; resolves to the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--version')) {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  process.stderr.write(`brook: unknown command '${args[0]}'\n\n${HELP}`);
  return 2;
}
