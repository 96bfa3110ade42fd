// Tests for the command-line parser of `brook`.
import { describe, expect, it } from 'vitest';
import { BrookError } from '../../src/common/errors.js';
import { parseCliArgs } from '../../src/cli/cli-args.js';

function usage(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof BrookError && error.code === 'CLI_USAGE') return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('parseCliArgs', () => {
  it('reads run with every flag, in both --flag value and --flag=value forms', () => {
    expect(parseCliArgs(['run', 'q.sql', '--var', 'A=1', '--var=B=x=y', '--available-now', '--checkpoint-dir=/ck', '--progress', 'json'])).toEqual({
      command: 'run', help: false, version: false, file: 'q.sql', variables: { A: '1', B: 'x=y' },
      availableNow: true, once: false, checkpointDir: '/ck', progress: 'json', verbose: false,
    });
  });

  it('reads explain --verbose, check, --help per command and --version', () => {
    expect(parseCliArgs(['explain', 'q.sql', '--verbose'])).toMatchObject({ command: 'explain', file: 'q.sql', verbose: true });
    expect(parseCliArgs(['check', 'q.sql'])).toMatchObject({ command: 'check', file: 'q.sql', variables: {} });
    expect(parseCliArgs(['run', '--help'])).toMatchObject({ command: 'run', help: true });
    expect(parseCliArgs(['--version'])).toMatchObject({ version: true });
    expect(parseCliArgs([])).toMatchObject({ help: false, version: false });
  });

  it('refuses what it does not understand, saying what', () => {
    expect(usage(['start', 'q.sql'])).toBe("unknown command 'start'");
    expect(usage(['run'])).toBe("'brook run' needs a .sql file");
    expect(usage(['run', 'a.sql', 'b.sql'])).toBe("unexpected argument 'b.sql'");
    expect(usage(['check', 'q.sql', '--once'])).toBe("'brook check' does not take --once");
    expect(usage(['run', 'q.sql', '--var', 'NOEQUALS'])).toBe("--var takes KEY=VALUE, got 'NOEQUALS'");
    expect(usage(['run', 'q.sql', '--progress', 'fancy'])).toBe("--progress takes table, json or none, got 'fancy'");
    expect(usage(['run', 'q.sql', '--checkpoint-dir'])).toBe('--checkpoint-dir needs a value');
    expect(usage(['run', 'q.sql', '--once', '--available-now'])).toBe('--available-now and --once cannot be used together');
    expect(usage(['--once'])).toBe('--once must follow a command (run, explain, check or generate)');
  });
});

describe('parseCliArgs: generate', () => {
  const required = ['--bootstrap-servers', 'localhost:9092', '--topic', 'events'];

  it('reads every flag of generate, in both forms, with kafka options from --option and --api-timeout-ms', () => {
    const args = parseCliArgs(['generate', 'nexmark', '--bootstrap-servers=b1:9092,b2:9092', '--topic', 'nx', '--events', '5000', '--rate=2000',
      '--no-pace', '--partitions', '3', '--seed', '-7', '--start-timestamp', '1700000000000', '--batch', '500', '--exactly-once',
      '--progress', 'json', '--option', 'kafka.client.id=gen', '--option=kafka.retry.backoff.ms=50', '--api-timeout-ms', '1500']);
    expect(args).toEqual({
      command: 'generate', help: false, version: false, variables: {}, availableNow: false, once: false, verbose: false,
      generate: {
        generator: 'nexmark', bootstrapServers: 'b1:9092,b2:9092', topic: 'nx', events: 5000, rate: 2000, paced: false, partitions: 3,
        seed: -7, startTimestampMs: 1_700_000_000_000, batch: 500, exactlyOnce: true, progress: 'json',
        kafkaOptions: { 'kafka.client.id': 'gen', 'kafka.retry.backoff.ms': '50', 'kafka.default.api.timeout.ms': '1500' },
      },
    });
  });

  it('fills in the defaults: unbounded, paced at 10000 a second, 2 partitions, seed 42, batches of 10000, no progress', () => {
    expect(parseCliArgs(['generate', 'sales', ...required]).generate).toEqual({
      generator: 'sales', bootstrapServers: 'localhost:9092', topic: 'events', rate: 10_000, paced: true, partitions: 2, seed: 42,
      batch: 10_000, exactlyOnce: false, progress: 'none', kafkaOptions: {},
    });
  });

  it('prints help without checking the required flags', () => {
    expect(parseCliArgs(['generate', '--help'])).toEqual({ command: 'generate', help: true, version: false, variables: {}, availableNow: false, once: false, verbose: false });
    expect(parseCliArgs(['generate', 'nexmark', '-h'])).toMatchObject({ command: 'generate', help: true });
  });

  it('refuses usage mistakes with a specific message', () => {
    expect(usage(['generate', 'tpch', ...required])).toBe("unknown generator 'tpch': choose nexmark or sales");
    expect(usage(['generate', ...required])).toBe("'brook generate' needs a generator: nexmark or sales");
    expect(usage(['generate', 'sales', '--topic', 't'])).toBe("'brook generate' needs --bootstrap-servers HOST:PORT");
    expect(usage(['generate', 'sales', '--bootstrap-servers', 'h:1'])).toBe("'brook generate' needs --topic TOPIC");
    expect(usage(['generate', 'sales', ...required, 'extra'])).toBe("unexpected argument 'extra'");
    expect(usage(['generate', 'sales', ...required, '--no-pace'])).toBe('--no-pace needs --events N: writing as fast as possible must have an end');
    expect(usage(['generate', 'sales', ...required, '--events', '0'])).toBe("--events takes a positive integer, got '0'");
    expect(usage(['generate', 'sales', ...required, '--events', '2.5'])).toBe("--events takes a positive integer, got '2.5'");
    expect(usage(['generate', 'sales', ...required, '--rate', 'fast'])).toBe("--rate takes a positive integer (events per second), got 'fast'");
    expect(usage(['generate', 'sales', ...required, '--partitions', '-1'])).toBe("--partitions takes a positive integer, got '-1'");
    expect(usage(['generate', 'sales', ...required, '--seed', '9007199254740993'])).toBe("--seed takes an integer, got '9007199254740993'");
    expect(usage(['generate', 'sales', ...required, '--start-timestamp', '-5'])).toBe("--start-timestamp takes epoch milliseconds (an integer >= 0), got '-5'");
    expect(usage(['generate', 'sales', ...required, '--batch', ''])).toBe("--batch takes a positive integer, got ''");
    expect(usage(['generate', 'sales', ...required, '--api-timeout-ms', '1s'])).toBe("--api-timeout-ms takes milliseconds (an integer >= 0), got '1s'");
    expect(usage(['generate', 'sales', ...required, '--option', 'linger.ms=5'])).toBe("--option takes kafka.NAME=VALUE (a Kafka client setting), got 'linger.ms=5'");
    expect(usage(['generate', 'sales', ...required, '--progress', 'table'])).toBe("--progress of 'brook generate' takes json or none, got 'table'");
    expect(usage(['generate', 'sales', '--topic', ' ', '--bootstrap-servers', 'h:1'])).toBe('--topic must not be empty');
    expect(usage(['generate', 'sales', ...required, '--once'])).toBe("'brook generate' does not take --once");
    expect(usage(['run', 'q.sql', '--topic', 't'])).toBe("'brook run' does not take --topic");
    expect(usage(['generate', 'sales', ...required, '--events'])).toBe('--events needs a value');
  });
});
