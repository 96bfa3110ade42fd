// `brook run <file.sql>`: starts every INSERT, shows progress (live table, JSON lines or nothing), stops cleanly on Ctrl-C.
import { BrookError } from '../common/errors.js';
import type { Session } from '../api/session.js';
import { runSqlScript } from '../api/sql-script.js';
import type { SqlScriptQuery } from '../api/sql-script.js';
import type { StreamingQueryListener } from '../runtime/progress.js';
import type { CliArgs, ProgressFormat } from './cli-args.js';
import { formatError } from './error-report.js';
import { EXIT_CODES, exitCodeOf } from './exit-codes.js';
import { LiveView } from './live-view.js';
import type { ViewStream } from './live-view.js';
import { renderProgressTable } from './progress-table.js';
import type { QueryRow } from './progress-table.js';

/** Where the command writes; tests pass their own streams. */
export interface CliStreams {
  readonly stdout: ViewStream & { readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
}

const REFRESH_MS = 1000;

/**
 * Runs a script until its queries end or a signal stops them; resolves to the exit code.
 * @example await runCommand(session, args, text, { stdout: process.stdout, stderr: process.stderr })
 */
export async function runCommand(session: Session, args: CliArgs, text: string, io: CliStreams): Promise<number> {
  const started = Date.now();
  const format: ProgressFormat = args.progress ?? (io.stdout.isTTY ? 'table' : 'json');
  const rows = new Map<string, { status: string; query: SqlScriptQuery }>();
  const render = () => renderProgressTable(args.file ?? '', [...rows.values()].map((r): QueryRow => ({
    name: r.query.name, status: r.status, progress: r.query.query?.lastProgress ?? null,
  })), Date.now() - started);
  const view = format === 'table' && io.stdout.isTTY ? new LiveView(io.stdout, render) : undefined;
  const listener: StreamingQueryListener = {
    onQueryProgress: (event) => {
      if (format === 'json') io.stdout.write(`${JSON.stringify(event.progress)}\n`);
      else if (format === 'table') {
        if (view) view.refresh();
        else io.stdout.write(render());
      }
    },
  };
  session.streams.addListener(listener);
  let stopping = false;
  // with the live view on the terminal, notices go through stdout so they print above the view instead of into it
  const notice = (text: string) => (view ? io.stdout.write(text) : io.stderr.write(text));
  const onSignal = () => {
    if (stopping) {
      notice('brook: stopping now, without waiting for the current batch\n');
      process.exit(EXIT_CODES.interrupted);
    }
    stopping = true;
    for (const r of rows.values()) if (r.status === 'running') r.status = 'stopping';
    notice('brook: stopping: the batch in progress finishes and is committed (Ctrl-C again to exit at once)\n');
    view?.refresh();
    void session.streams.stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = view ? setInterval(() => view.refresh(), REFRESH_MS) : undefined;
  timer?.unref();
  view?.install();
  try {
    const result = await runSqlScript(session, text, {
      variables: args.variables,
      mode: 'run',
      ...(args.availableNow ? { trigger: { availableNow: true } } : args.once ? { trigger: { once: true } } : {}),
      ...(args.checkpointDir === undefined ? {} : { checkpointDir: args.checkpointDir }),
    });
    if (result.queries.length === 0) {
      io.stderr.write(`brook: ${args.file} has no INSERT INTO statement: nothing to run\n`);
      return EXIT_CODES.ok;
    }
    for (const query of result.queries) rows.set(query.name, { status: 'running', query });
    view?.refresh();
    if (stopping) await session.streams.stopAll();
    const failures = await Promise.all(result.queries.map(async (q) => {
      try {
        await q.query!.awaitTermination();
        rows.get(q.name)!.status = 'stopped';
        return undefined;
      } catch (error) {
        rows.get(q.name)!.status = 'failed';
        return { name: q.name, error };
      }
    }));
    view?.refresh();
    let code: number = EXIT_CODES.ok;
    for (const failure of failures) {
      if (failure === undefined) continue;
      io.stderr.write(`brook: query ${failure.name} failed: ${formatError(failure.error, undefined)}`);
      const errorCode = failure.error instanceof BrookError ? exitCodeOf(failure.error) : EXIT_CODES.internal;
      code = Math.max(code, errorCode);
    }
    return code;
  } catch (error) {
    view?.uninstall();
    io.stderr.write(formatError(error, args.file));
    return error instanceof BrookError ? exitCodeOf(error) : EXIT_CODES.internal;
  } finally {
    if (timer) clearInterval(timer);
    view?.uninstall();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    session.streams.removeListener(listener);
  }
}
