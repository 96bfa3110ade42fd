// StreamingQueryManager (session.streams): active queries, listeners, awaitAnyTermination, graceful stop on signals.
import { userError } from '../common/errors.js';
import type { BrookError } from '../common/errors.js';
import type { StreamingQueryListener } from './progress.js';
import type { QueryLifecycle, StreamingQuery } from './streaming-query.js';

/**
 * The queries of one session.
 * @example session.streams.addListener({ onQueryProgress: (e) => log(e.progress) })
 */
export class StreamingQueryManager implements QueryLifecycle {
  private readonly queries = new Map<string, StreamingQuery>();
  private readonly listeners: StreamingQueryListener[] = [];
  private terminationWaiters: (() => void)[] = [];
  private lastTerminated: StreamingQuery | null = null;
  private signalHandler: (() => void) | null = null;

  get active(): StreamingQuery[] {
    return [...this.queries.values()].filter((q) => q.isActive);
  }

  get(id: string): StreamingQuery | null {
    return this.queries.get(id) ?? null;
  }

  addListener(listener: StreamingQueryListener): void {
    this.listeners.push(listener);
  }

  removeListener(listener: StreamingQueryListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Waits until any query ends (since the last resetTerminated); rethrows its error. Resolves false on timeout. */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (!this.lastTerminated) {
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        new Promise<boolean>((resolve) => this.terminationWaiters.push(() => resolve(true))),
        ...(timeoutMs === undefined ? [] : [new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); })]),
      ]);
      clearTimeout(timer);
      if (!ended) return false;
    }
    const error = this.lastTerminated?.exception();
    if (error) throw error;
    return true;
  }

  /** Forgets past terminations so awaitAnyTermination waits for a new one. */
  resetTerminated(): void {
    this.lastTerminated = null;
  }

  /** Fails when a query of that name is already running (Spark's rule). */
  checkNameAvailable(name: string | null): void {
    if (name !== null && this.active.some((q) => q.name === name)) {
      throw userError('DUPLICATE_QUERY_NAME', `Cannot start query with name ${name} as a query with that name is already active in this session`);
    }
  }

  /** Stops every active query (session.stop(), SIGINT, SIGTERM). */
  async stopAll(): Promise<void> {
    await Promise.all(this.active.map((q) => q.stop()));
  }

  started(query: StreamingQuery): void {
    this.queries.set(query.id, query);
    this.installSignalHandlers();
    this.emit((l) => l.onQueryStarted?.({ id: query.id, runId: query.runId, name: query.name, timestamp: new Date().toISOString() }));
  }

  progress(_query: StreamingQuery, progress: Parameters<NonNullable<StreamingQueryListener['onQueryProgress']>>[0]['progress']): void {
    this.emit((l) => l.onQueryProgress?.({ progress }));
  }

  idle(query: StreamingQuery, timestamp: string): void {
    this.emit((l) => l.onQueryIdle?.({ id: query.id, runId: query.runId, timestamp }));
  }

  terminated(query: StreamingQuery, error: BrookError | null): void {
    this.lastTerminated = query;
    this.emit((l) => l.onQueryTerminated?.({ id: query.id, runId: query.runId, exception: error }));
    for (const w of this.terminationWaiters.splice(0)) w();
    if (this.active.length === 0) this.removeSignalHandlers();
  }

  private emit(call: (l: StreamingQueryListener) => void): void {
    for (const l of [...this.listeners]) {
      try {
        call(l);
      } catch (error) {
        // A listener's failure must not stop the query: Spark logs it and goes on; so do we, on stderr.
        process.stderr.write(`brook: a StreamingQueryListener threw: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }

  private installSignalHandlers(): void {
    if (this.signalHandler) return;
    const handler = () => {
      this.removeSignalHandlers();
      void this.stopAll();
    };
    this.signalHandler = handler;
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  }

  private removeSignalHandlers(): void {
    if (!this.signalHandler) return;
    process.removeListener('SIGINT', this.signalHandler);
    process.removeListener('SIGTERM', this.signalHandler);
    this.signalHandler = null;
  }
}
