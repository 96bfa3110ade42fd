// The stream-test DSL (in the spirit of Spark's testStream): add data → process → check the last batch / whole answer.
import { expect } from 'vitest';
import type { DataFrame } from '../../src/api/data-frame.js';
import type { MemoryStream } from '../../src/api/memory-stream.js';
import type { StreamingQuery } from '../../src/runtime/streaming-query.js';
import type { TriggerSpec } from '../../src/runtime/trigger.js';

type Row = Record<string, unknown>;
type Action = (state: StreamState) => Promise<void>;

interface StreamState {
  query: StreamingQuery | undefined;
  /** Rows of each batch by batchId (a re-run batch replaces its entry). */
  batches: Map<number, Row[]>;
  lastBatchId: number;
}

/**
 * @example
 * await testStream(df, 'append')
 *   .addData(input, [{ value: 'a' }]).processAllAvailable().checkLastBatch([{ value: 'A' }])
 *   .run();
 */
export function testStream(
  df: DataFrame, outputMode: 'append' | 'update' | 'complete' = 'append', trigger?: TriggerSpec, options: { checkpointLocation?: string } = {},
): StreamTest {
  return new StreamTest(df, outputMode, trigger, options.checkpointLocation);
}

export class StreamTest {
  private readonly actions: Action[] = [];

  constructor(private df: DataFrame, private readonly outputMode: string, private readonly trigger?: TriggerSpec, private readonly checkpointLocation?: string) {
    this.actions.push((s) => this.start(s));
  }

  private async start(s: StreamState): Promise<void> {
    let writer = this.df.writeStream.outputMode(this.outputMode).foreachBatch(async (batch, batchId) => {
      s.batches.set(batchId, await batch.collect());
      s.lastBatchId = Math.max(s.lastBatchId, batchId);
    });
    if (this.trigger) writer = writer.trigger(this.trigger);
    if (this.checkpointLocation) writer = writer.option('checkpointLocation', this.checkpointLocation);
    s.query = await writer.start();
  }

  /** Stops the query (if running) and starts it again from its checkpoint, optionally with a changed DataFrame. */
  restart(df?: DataFrame): StreamTest {
    this.actions.push(async (s) => {
      if (s.query?.isActive) await s.query.stop();
      if (df) this.df = df;
      await this.start(s);
    });
    return this;
  }

  addData(stream: MemoryStream, rows: Row[]): StreamTest {
    this.actions.push(async () => {
      stream.addData(rows);
    });
    return this;
  }

  processAllAvailable(): StreamTest {
    this.actions.push(async (s) => {
      await s.query!.processAllAvailable();
    });
    return this;
  }

  /** The rows of the newest batch, in any order. */
  checkLastBatch(expected: Row[]): StreamTest {
    this.actions.push(async (s) => {
      expect(sortRows(s.batches.get(s.lastBatchId) ?? [])).toEqual(sortRows(expected));
    });
    return this;
  }

  /** Every row the sink received so far, in any order. */
  checkAnswer(expected: Row[]): StreamTest {
    this.actions.push(async (s) => {
      expect(sortRows([...s.batches.values()].flat())).toEqual(sortRows(expected));
    });
    return this;
  }

  /** Runs an assertion against the running query (progress, status). */
  assertQuery(check: (query: StreamingQuery, batches: ReadonlyMap<number, Row[]>) => void): StreamTest {
    this.actions.push(async (s) => check(s.query!, s.batches));
    return this;
  }

  /** The query fails; its error message contains every fragment. */
  expectFailure(...fragments: string[]): StreamTest {
    this.actions.push(async (s) => {
      const error = await s.query!.processAllAvailable().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      for (const f of fragments) expect((error as Error).message).toContain(f);
      expect(s.query!.isActive).toBe(false);
    });
    return this;
  }

  stop(): StreamTest {
    this.actions.push(async (s) => {
      await s.query!.stop();
    });
    return this;
  }

  async run(): Promise<void> {
    const state: StreamState = { query: undefined, batches: new Map(), lastBatchId: -1 };
    try {
      for (const action of this.actions) await action(state);
    } finally {
      if (state.query?.isActive) await state.query.stop();
    }
  }
}

/** Rows in a canonical order for order-insensitive comparison. */
export function sortRows(rows: Row[]): Row[] {
  const key = (r: Row) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
