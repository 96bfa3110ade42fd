// Parses the `brook` command line: a command, a .sql file and the flags each command takes.
import { userError } from '../common/errors.js';

export type CommandName = 'run' | 'explain' | 'check';
export type ProgressFormat = 'table' | 'json' | 'none';

/** A parsed command line; `help` set means print that help text instead of running. */
export interface CliArgs {
  readonly command?: CommandName;
  readonly help: boolean;
  readonly version: boolean;
  readonly file?: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly availableNow: boolean;
  readonly once: boolean;
  readonly checkpointDir?: string;
  /** undefined: table on a terminal, json when piped. */
  readonly progress?: ProgressFormat;
  readonly verbose: boolean;
}

const COMMANDS: readonly CommandName[] = ['run', 'explain', 'check'];
const FLAGS_OF: Readonly<Record<CommandName, readonly string[]>> = {
  run: ['--var', '--available-now', '--once', '--checkpoint-dir', '--progress'],
  explain: ['--var', '--verbose'],
  check: ['--var'],
};

/**
 * Reads argv (without node and the script). Usage mistakes throw a user error with code CLI_USAGE.
 * @example parseCliArgs(['run', 'q.sql', '--var', 'TOPIC=sales', '--once']).variables // { TOPIC: 'sales' }
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let command: CommandName | undefined;
  let file: string | undefined;
  let help = false;
  let version = false;
  let availableNow = false;
  let once = false;
  let verbose = false;
  let checkpointDir: string | undefined;
  let progress: ProgressFormat | undefined;
  const variables: Record<string, string> = {};
  // --flag=value is the same as --flag value (split at the first '=': --var=K=V gives --var K=V)
  const args = argv.flatMap((a) => (a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    if (arg === '--version' || arg === '-v') { version = true; continue; }
    if (!arg.startsWith('-')) {
      if (command === undefined) {
        if (!COMMANDS.includes(arg as CommandName)) throw usage(`unknown command '${arg}'`);
        command = arg as CommandName;
      } else if (file === undefined) {
        file = arg;
      } else {
        throw usage(`unexpected argument '${arg}'`);
      }
      continue;
    }
    if (command !== undefined && !FLAGS_OF[command].includes(arg)) throw usage(`'brook ${command}' does not take ${arg}`);
    if (command === undefined) throw usage(`${arg} must follow a command (run, explain or check)`);
    switch (arg) {
      case '--var': {
        const pair = value();
        const eq = pair.indexOf('=');
        if (eq <= 0) throw usage(`--var takes KEY=VALUE, got '${pair}'`);
        variables[pair.slice(0, eq)] = pair.slice(eq + 1);
        break;
      }
      case '--available-now': availableNow = true; break;
      case '--once': once = true; break;
      case '--verbose': verbose = true; break;
      case '--checkpoint-dir': checkpointDir = value(); break;
      case '--progress': {
        const p = value();
        if (p !== 'table' && p !== 'json' && p !== 'none') throw usage(`--progress takes table, json or none, got '${p}'`);
        progress = p;
        break;
      }
      default: throw usage(`unknown option ${arg}`);
    }
  }
  if (availableNow && once) throw usage('--available-now and --once cannot be used together');
  if (command !== undefined && file === undefined && !help) throw usage(`'brook ${command}' needs a .sql file`);
  return {
    ...(command === undefined ? {} : { command }), help, version, ...(file === undefined ? {} : { file }), variables,
    availableNow, once, ...(checkpointDir === undefined ? {} : { checkpointDir }), ...(progress === undefined ? {} : { progress }), verbose,
  };
}

function usage(message: string) {
  return userError('CLI_USAGE', message);
}
