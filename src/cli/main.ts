// The `brook` command line: run / explain / check a .sql file, generate events to Kafka (see help-text.ts); resolves to the process exit code.
import { existsSync, readFileSync } from 'node:fs';
import { Session } from '../api/session.js';
import { BrookError } from '../common/errors.js';
import { parseCliArgs } from './cli-args.js';
import type { CliArgs } from './cli-args.js';
import { formatError } from './error-report.js';
import { EXIT_CODES } from './exit-codes.js';
import { generateCommand } from './generate-command.js';
import { helpText } from './help-text.js';
import { checkCommand, explainCommand } from './plan-commands.js';
import { runCommand } from './run-command.js';
import type { CliStreams } from './run-command.js';

/**
 * Runs the CLI with its arguments (without `node` and the script path); resolves to the exit code.
 * @example process.exitCode = await main(['check', 'queries/sales-analytics.sql'])
 */
export async function main(argv: readonly string[], io: CliStreams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    const message = error instanceof BrookError ? error.message : String(error);
    io.stderr.write(`brook: ${message}\nRun 'brook --help' for usage.\n`);
    return EXIT_CODES.usage;
  }
  if (args.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_CODES.ok;
  }
  if (args.help || args.command === undefined) {
    io.stdout.write(helpText(args.command));
    return EXIT_CODES.ok;
  }
  if (args.command === 'generate') return generateCommand(args.generate!, io);
  let text: string;
  try {
    text = readFileSync(args.file!, 'utf8');
  } catch (error) {
    io.stderr.write(`brook: cannot read ${args.file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.usage;
  }
  const session = Session.builder().appName(`brook ${args.command}`).getOrCreate();
  try {
    switch (args.command) {
      case 'run': return await runCommand(session, args, text, io);
      case 'explain': return await explainCommand(session, args, text, io);
      case 'check': return await checkCommand(session, args, text, io);
    }
  } catch (error) {
    io.stderr.write(formatError(error, args.file));
    return EXIT_CODES.internal;
  } finally {
    await session.stop();
  }
}

/** The version in brook's package.json: two folders up from src/cli (sources), three from dist/src/cli (the build). */
function packageVersion(): string {
  for (const relative of ['../../../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'brook' && pkg.version !== undefined) return pkg.version;
  }
  return 'unknown';
}
