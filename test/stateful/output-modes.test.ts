// Spark's output-mode rules: start() rejects impossible combinations with a message that says what to change.
import { describe, expect, it } from 'vitest';
import { BrookError, MemoryStream, Session, col, count, sum, window } from '../../src/index.js';
import type { DataFrame } from '../../src/index.js';

const session = Session.builder().appName('output-modes-test').getOrCreate();

async function startError(df: DataFrame, mode: string): Promise<BrookError> {
  const e = await df.writeStream.format('noop').outputMode(mode).start().then(async (q) => { await q.stop(); return null; }, (x: unknown) => x);
  expect(e).toBeInstanceOf(BrookError);
  return e as BrookError;
}

async function starts(df: DataFrame, mode: string): Promise<void> {
  const q = await df.writeStream.format('noop').outputMode(mode).start();
  expect(q.isActive).toBe(true);
  await q.stop();
}

describe('output modes', () => {
  const events = () => MemoryStream.create(session, 'product STRING, region STRING, amount INT, event_time TIMESTAMP').toDF();

  it('complete mode needs an aggregation', async () => {
    const e = await startError(events(), 'complete');
    expect(e.message).toContain('Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets');
  });

  it('append mode with an aggregation needs a watermark on a grouping key', async () => {
    const e = await startError(events().groupBy('region').agg(sum('amount')), 'append');
    expect(e.message).toContain('Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark');
    expect(e.hint).toContain('withWatermark');
    // a watermark that is not on a grouping key does not count
    const e2 = await startError(events().withWatermark('event_time', '10 seconds').groupBy('region').agg(sum('amount')), 'append');
    expect(e2.code).toBe('UNSUPPORTED_OPERATION');
  });

  it('accepts the combinations Spark accepts', async () => {
    const windowed = events().withWatermark('event_time', '10 seconds').groupBy('product', window(col('event_time'), '1 minute', '30 seconds')).agg(count('*'));
    await starts(windowed, 'append');
    await starts(windowed, 'update');
    await starts(windowed, 'complete');
    await starts(events().groupBy('region').agg(sum('amount')), 'update');
    await starts(events().groupBy('region').agg(sum('amount')).orderBy('region'), 'complete');
  });

  it('sorting needs an aggregation in complete mode', async () => {
    const e = await startError(events().orderBy('amount'), 'append');
    expect(e.message).toContain('Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode');
  });

  it('limit is refused in update mode', async () => {
    const e = await startError(events().groupBy('region').agg(sum('amount')).limit(2), 'update');
    expect(e.message).toContain('Limits are not supported on streaming DataFrames/Datasets in Update output mode');
  });

  it('refuses a second streaming aggregation', async () => {
    const twice = events().groupBy('region', 'product').agg(sum('amount').alias('s')).groupBy('region').agg(sum('s'));
    const e = await startError(twice, 'complete');
    expect(e.message).toContain('Multiple streaming aggregations are not supported');
  });

  it('names a column that is neither grouped nor aggregated', () => {
    expect(() => events().groupBy('region').agg(col('amount'))).toThrow("The expression 'amount' is neither present in the group by, nor is it an aggregate function");
  });

  it('requires a TIMESTAMP event-time column for the watermark', () => {
    expect(() => events().withWatermark('amount', '10 seconds')).toThrow('Event time must be defined on a window or a timestamp, but amount is of type int');
  });

  it('refuses a window slide longer than the window', () => {
    expect(() => events().groupBy(window(col('event_time'), '10 seconds', '1 minute')).count()).toThrow('must be less than or equal to the windowDuration');
  });
});
