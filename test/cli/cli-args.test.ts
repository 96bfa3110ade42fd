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
    expect(usage(['--once'])).toBe('--once must follow a command (run, explain or check)');
  });
});
