// Every stateful operator in every output mode Spark allows, in the stream-test DSL (add data → process → check).
import { describe, it } from 'vitest';
import { MemoryStream, Session, col, collectList, count, countDistinct, max, sessionWindow, sum, window } from '../../src/index.js';
import { testStream } from '../support/stream-test.js';

const session = Session.builder().appName('operator-modes-test').getOrCreate();
const T0 = Date.UTC(2023, 10, 14, 22, 13, 30);
const at = (s: number) => new Date(T0 + s * 1000);
const SCHEMA = 'id STRING, region STRING, amount INT, event_time TIMESTAMP';
const row = (id: string, region: string, amount: number, s: number) => ({ id, region, amount, event_time: at(s) });

describe('operators × output modes', () => {
  it('projection and filter: append and update emit each new row once', async () => {
    for (const mode of ['append', 'update'] as const) {
      const input = MemoryStream.create(session, SCHEMA);
      await testStream(input.toDF().filter(col('amount').gt(1)).select('id', 'amount'), mode)
        .addData(input, [row('a', 'n', 1, 0), row('b', 'n', 2, 1)]).processAllAvailable().checkLastBatch([{ id: 'b', amount: 2 }])
        .addData(input, [row('c', 's', 3, 2)]).processAllAvailable().checkLastBatch([{ id: 'c', amount: 3 }])
        .run();
    }
  });

  it('aggregation without a window: update emits changed groups, complete emits all', async () => {
    const input = MemoryStream.create(session, SCHEMA);
    const totals = () => input.toDF().groupBy('region').agg(sum('amount').alias('total'), count('*').alias('n'));
    await testStream(totals(), 'update')
      .addData(input, [row('a', 'n', 1, 0), row('b', 's', 2, 1)]).processAllAvailable()
      .checkLastBatch([{ region: 'n', total: 1, n: 1 }, { region: 's', total: 2, n: 1 }])
      .addData(input, [row('c', 'n', 5, 2)]).processAllAvailable()
      .checkLastBatch([{ region: 'n', total: 6, n: 2 }])
      .run();
    const again = MemoryStream.create(session, SCHEMA);
    await testStream(again.toDF().groupBy('region').agg(sum('amount').alias('total')), 'complete')
      .addData(again, [row('a', 'n', 1, 0), row('b', 's', 2, 1)]).processAllAvailable()
      .checkLastBatch([{ region: 'n', total: 1 }, { region: 's', total: 2 }])
      .addData(again, [row('c', 'n', 5, 2)]).processAllAvailable()
      .checkLastBatch([{ region: 'n', total: 6 }, { region: 's', total: 2 }])
      .run();
  });

  it('exact countDistinct and collect_list in streaming (Spark refuses distinct aggregates on streams; brook keeps the sets in state)', async () => {
    const input = MemoryStream.create(session, SCHEMA);
    await testStream(input.toDF().groupBy('region').agg(countDistinct('id').alias('ids'), collectList('amount').alias('amounts'), max('amount').alias('top')), 'complete')
      .addData(input, [row('a', 'n', 1, 0), row('a', 'n', 2, 1), row('b', 'n', 3, 2)]).processAllAvailable()
      .checkLastBatch([{ region: 'n', ids: 2, amounts: [1, 2, 3], top: 3 }])
      .addData(input, [row('b', 'n', 4, 3), row('c', 'n', 0, 4)]).processAllAvailable()
      .checkLastBatch([{ region: 'n', ids: 3, amounts: [1, 2, 3, 4, 0], top: 4 }])
      .run();
  });

  it('windowed aggregation in complete mode keeps every window (no eviction) and drops nothing as late', async () => {
    const input = MemoryStream.create(session, SCHEMA);
    const df = input.toDF().withWatermark('event_time', '10 seconds').groupBy(window(col('event_time'), '30 seconds')).agg(count('*').alias('n'));
    await testStream(df, 'complete')
      .addData(input, [row('a', 'n', 1, 5), row('b', 'n', 1, 95)]).processAllAvailable()
      .addData(input, [row('c', 'n', 1, 6)]).processAllAvailable()
      .checkLastBatch([
        { window: { start: at(0), end: at(30) }, n: 2 },
        { window: { start: at(90), end: at(120) }, n: 1 },
      ])
      .assertQuery((q) => {
        const last = q.lastProgress!;
        if (last.stateOperators[0]!.numRowsDroppedByWatermark !== 0) throw new Error('complete mode dropped a row');
      })
      .run();
  });

  it('windowed aggregation in append mode emits a window once, after the watermark passes its end', async () => {
    const input = MemoryStream.create(session, SCHEMA);
    const df = input.toDF().withWatermark('event_time', '10 seconds').groupBy(window(col('event_time'), '30 seconds')).agg(count('*').alias('n'));
    await testStream(df, 'append')
      .addData(input, [row('a', 'n', 1, 5), row('b', 'n', 1, 20)]).processAllAvailable()
      .checkAnswer([])
      .addData(input, [row('c', 'n', 1, 45)]).processAllAvailable() // watermark → 35 s: [0, 30) closes in the no-data batch
      .checkLastBatch([{ window: { start: at(0), end: at(30) }, n: 2 }])
      .addData(input, [row('d', 'n', 1, 29)]).processAllAvailable() // late: its window has closed
      .checkAnswer([{ window: { start: at(0), end: at(30) }, n: 2 }])
      .assertQuery((q) => {
        if (q.lastProgress!.stateOperators[0]!.numRowsDroppedByWatermark !== 1) throw new Error('the late row was not counted');
      })
      .run();
  });

  it('session windows in append mode emit a session once it is closed', async () => {
    const input = MemoryStream.create(session, SCHEMA);
    const df = input.toDF().withWatermark('event_time', '5 seconds')
      .groupBy('region', sessionWindow(col('event_time'), '10 seconds')).agg(count('*').alias('n'), sum('amount').alias('total'));
    await testStream(df, 'append')
      .addData(input, [row('a', 'n', 1, 0), row('b', 'n', 2, 8)]).processAllAvailable()
      .checkAnswer([])
      .addData(input, [row('c', 'n', 4, 40)]).processAllAvailable()
      .checkAnswer([{ region: 'n', session_window: { start: at(0), end: at(18) }, n: 2, total: 3 }])
      .run();
  });

  it('dropDuplicates and dropDuplicatesWithinWatermark in append and update mode', async () => {
    for (const mode of ['append', 'update'] as const) {
      const input = MemoryStream.create(session, SCHEMA);
      await testStream(input.toDF().dropDuplicates(['id']), mode)
        .addData(input, [row('a', 'n', 1, 0), row('a', 's', 2, 1), row('b', 'n', 3, 2)]).processAllAvailable()
        .checkLastBatch([row('a', 'n', 1, 0), row('b', 'n', 3, 2)])
        .addData(input, [row('b', 'x', 9, 3), row('c', 'n', 4, 4)]).processAllAvailable()
        .checkLastBatch([row('c', 'n', 4, 4)])
        .run();
      const within = MemoryStream.create(session, SCHEMA);
      await testStream(within.toDF().withWatermark('event_time', '10 seconds').dropDuplicatesWithinWatermark(['id']), mode)
        .addData(within, [row('a', 'n', 1, 0), row('a', 'n', 2, 5)]).processAllAvailable()
        .checkAnswer([row('a', 'n', 1, 0)])
        .addData(within, [row('z', 'n', 1, 100)]).processAllAvailable() // watermark → 90 s: 'a' expires (0 + 10 s ≤ 90 s)
        .addData(within, [row('a', 'n', 3, 95)]).processAllAvailable()
        .checkAnswer([row('a', 'n', 1, 0), row('z', 'n', 1, 100), row('a', 'n', 3, 95)])
        .run();
    }
  });

  it('sort and limit after an aggregation in complete mode', async () => {
    const input = MemoryStream.create(session, SCHEMA);
    const df = input.toDF().groupBy('region').agg(sum('amount').alias('total')).orderBy(col('total').desc()).limit(2);
    await testStream(df, 'complete')
      .addData(input, [row('a', 'n', 1, 0), row('b', 's', 5, 1), row('c', 'e', 3, 2)]).processAllAvailable()
      .checkLastBatch([{ region: 's', total: 5 }, { region: 'e', total: 3 }])
      .addData(input, [row('d', 'n', 10, 3)]).processAllAvailable()
      .checkLastBatch([{ region: 'n', total: 11 }, { region: 's', total: 5 }])
      .run();
  });
});
