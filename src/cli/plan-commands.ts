// `brook explain` and `brook check`: plan a script without reading data; print the plans, or "ok" / the error.
import { BrookError } from '../common/errors.js';
import type { Session } from '../api/session.js';
import { runSqlScript } from '../api/sql-script.js';
import type { CliArgs } from './cli-args.js';
import { formatError } from './error-report.js';
import { EXIT_CODES, exitCodeOf } from './exit-codes.js';
import type { CliStreams } from './run-command.js';

/**
 * Prints the plan of every INSERT (and the file's EXPLAIN statements); resolves to the exit code.
 * @example await explainCommand(session, parseCliArgs(['explain', 'q.sql']), text, io)
 */
export async function explainCommand(session: Session, args: CliArgs, text: string, io: CliStreams): Promise<number> {
  try {
    await runSqlScript(session, text, { variables: args.variables, mode: 'explain', verbose: args.verbose, out: io.stdout });
    return EXIT_CODES.ok;
  } catch (error) {
    return reportFailure(error, args, io);
  }
}

/**
 * Parses and plans the file; prints `ok: <file>: N statements, M queries (name: mode, …)` or the error.
 * @example await checkCommand(session, parseCliArgs(['check', 'q.sql']), text, io) // 0
 */
export async function checkCommand(session: Session, args: CliArgs, text: string, io: CliStreams): Promise<number> {
  try {
    const result = await runSqlScript(session, text, { variables: args.variables, mode: 'check', out: io.stdout });
    const queries = result.queries.map((q) => `${q.name}: ${q.outputMode}`).join(', ');
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    const statements = count(result.statements.length, 'statement', 'statements');
    io.stdout.write(`ok: ${args.file}: ${statements}, ${count(result.queries.length, 'query', 'queries')}${queries ? ` (${queries})` : ''}\n`);
    return EXIT_CODES.ok;
  } catch (error) {
    return reportFailure(error, args, io);
  }
}

function reportFailure(error: unknown, args: CliArgs, io: CliStreams): number {
  io.stderr.write(formatError(error, args.file));
  return error instanceof BrookError ? exitCodeOf(error) : EXIT_CODES.internal;
}
