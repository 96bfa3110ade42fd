// Parses the `brook` command line: a command, a .sql file (or, for generate, a generator) and the flags each command takes.
import { userError } from '../common/errors.js';

export type CommandName = 'run' | 'explain' | 'check' | 'generate';
export type ProgressFormat = 'table' | 'json' | 'none';
export type GeneratorName = 'nexmark' | 'sales';

/** The arguments of `brook generate` (see help-text.ts), checked: every number is in range, the required flags are there. */
export interface GenerateArgs {
  readonly generator: GeneratorName;
  readonly bootstrapServers: string;
  readonly topic: string;
  /** undefined: unbounded (until Ctrl-C / SIGTERM). */
  readonly events?: number;
  readonly rate: number;
  readonly paced: boolean;
  readonly partitions: number;
  readonly seed: number;
  /** Epoch milliseconds of event 0; undefined: the start of the query. */
  readonly startTimestampMs?: number;
  readonly batch: number;
  readonly exactlyOnce: boolean;
  readonly progress: 'json' | 'none';
  /** kafka.* options for the sink and the admin client (--option, --api-timeout-ms). */
  readonly kafkaOptions: Readonly<Record<string, string>>;
}

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
  /** Set for `brook generate` (unless --help). */
  readonly generate?: GenerateArgs;
}

const COMMANDS: readonly CommandName[] = ['run', 'explain', 'check', 'generate'];
const GENERATORS: readonly GeneratorName[] = ['nexmark', 'sales'];
const FLAGS_OF: Readonly<Record<CommandName, readonly string[]>> = {
  run: ['--var', '--available-now', '--once', '--checkpoint-dir', '--progress'],
  explain: ['--var', '--verbose'],
  check: ['--var'],
  generate: [
    '--bootstrap-servers', '--topic', '--events', '--rate', '--no-pace', '--partitions', '--seed', '--start-timestamp',
    '--batch', '--exactly-once', '--progress', '--option', '--api-timeout-ms',
  ],
};

/** The flags of `brook generate` as read, before the checks that need all of them. */
interface GenerateFlags {
  bootstrapServers?: string;
  topic?: string;
  events?: number;
  rate?: number;
  paced: boolean;
  partitions?: number;
  seed?: number;
  startTimestampMs?: number;
  batch?: number;
  exactlyOnce: boolean;
  kafkaOptions: Record<string, string>;
}

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
  const gen: GenerateFlags = { paced: true, exactlyOnce: false, kafkaOptions: {} };
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
      } else if (command === 'generate' && file === undefined) {
        if (!GENERATORS.includes(arg as GeneratorName)) throw usage(`unknown generator '${arg}': choose nexmark or sales`);
        file = arg;
      } else if (file === undefined) {
        file = arg;
      } else {
        throw usage(`unexpected argument '${arg}'`);
      }
      continue;
    }
    if (command !== undefined && !FLAGS_OF[command].includes(arg)) throw usage(`'brook ${command}' does not take ${arg}`);
    if (command === undefined) throw usage(`${arg} must follow a command (run, explain, check or generate)`);
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
        if (command === 'generate' && p !== 'json' && p !== 'none') throw usage(`--progress of 'brook generate' takes json or none, got '${p}'`);
        if (p !== 'table' && p !== 'json' && p !== 'none') throw usage(`--progress takes table, json or none, got '${p}'`);
        progress = p;
        break;
      }
      case '--bootstrap-servers': gen.bootstrapServers = nonEmpty(arg, value()); break;
      case '--topic': gen.topic = nonEmpty(arg, value()); break;
      case '--events': gen.events = integerFlag(arg, value(), 1, 'a positive integer'); break;
      case '--rate': gen.rate = integerFlag(arg, value(), 1, 'a positive integer (events per second)'); break;
      case '--no-pace': gen.paced = false; break;
      case '--partitions': gen.partitions = integerFlag(arg, value(), 1, 'a positive integer'); break;
      case '--seed': gen.seed = integerFlag(arg, value(), Number.MIN_SAFE_INTEGER, 'an integer'); break;
      case '--start-timestamp': gen.startTimestampMs = integerFlag(arg, value(), 0, 'epoch milliseconds (an integer >= 0)'); break;
      case '--batch': gen.batch = integerFlag(arg, value(), 1, 'a positive integer'); break;
      case '--exactly-once': gen.exactlyOnce = true; break;
      case '--api-timeout-ms': gen.kafkaOptions['kafka.default.api.timeout.ms'] = String(integerFlag(arg, value(), 0, 'milliseconds (an integer >= 0)')); break;
      case '--option': {
        const pair = value();
        const eq = pair.indexOf('=');
        if (eq <= 0 || !pair.toLowerCase().startsWith('kafka.')) throw usage(`--option takes kafka.NAME=VALUE (a Kafka client setting), got '${pair}'`);
        gen.kafkaOptions[pair.slice(0, eq)] = pair.slice(eq + 1);
        break;
      }
      default: throw usage(`unknown option ${arg}`);
    }
  }
  if (availableNow && once) throw usage('--available-now and --once cannot be used together');
  if (command === 'generate') {
    if (help) return { command, help, version, variables, availableNow, once, verbose };
    return { command, help, version, variables, availableNow, once, verbose, generate: generateArgs(file, gen, progress) };
  }
  if (command !== undefined && file === undefined && !help) throw usage(`'brook ${command}' needs a .sql file`);
  return {
    ...(command === undefined ? {} : { command }), help, version, ...(file === undefined ? {} : { file }), variables,
    availableNow, once, ...(checkpointDir === undefined ? {} : { checkpointDir }), ...(progress === undefined ? {} : { progress }), verbose,
  };
}

/** The checks of `brook generate` that need every flag read. */
function generateArgs(generator: string | undefined, gen: GenerateFlags, progress: ProgressFormat | undefined): GenerateArgs {
  if (generator === undefined) throw usage("'brook generate' needs a generator: nexmark or sales");
  if (gen.bootstrapServers === undefined) throw usage("'brook generate' needs --bootstrap-servers HOST:PORT");
  if (gen.topic === undefined) throw usage("'brook generate' needs --topic TOPIC");
  if (!gen.paced && gen.events === undefined) throw usage('--no-pace needs --events N: writing as fast as possible must have an end');
  return {
    generator: generator as GeneratorName,
    bootstrapServers: gen.bootstrapServers,
    topic: gen.topic,
    ...(gen.events === undefined ? {} : { events: gen.events }),
    rate: gen.rate ?? 10_000,
    paced: gen.paced,
    partitions: gen.partitions ?? 2,
    seed: gen.seed ?? 42,
    ...(gen.startTimestampMs === undefined ? {} : { startTimestampMs: gen.startTimestampMs }),
    batch: gen.batch ?? 10_000,
    exactlyOnce: gen.exactlyOnce,
    progress: progress === 'json' ? 'json' : 'none',
    kafkaOptions: gen.kafkaOptions,
  };
}

/** A whole number in [min, MAX_SAFE_INTEGER], or a usage error saying what the flag takes. */
function integerFlag(flag: string, raw: string, min: number, what: string): number {
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) throw usage(`${flag} takes ${what}, got '${raw}'`);
  return value;
}

function nonEmpty(flag: string, raw: string): string {
  if (raw.trim() === '') throw usage(`${flag} must not be empty`);
  return raw.trim();
}

function usage(message: string) {
  return userError('CLI_USAGE', message);
}
