// The Nexmark queries (q0–q5, q7, q8) and the seed-003 windowed sales query as brook DataFrames over format('nexmark') / format('sales').
//
// Each query mirrors the Nexmark SQL of the Flink/Beam suites. Where a brook (and Spark) streaming rule forbids the
// exact plan — one streaming aggregation per query, no window() outside groupBy — the query keeps the exact result
// with an allowed plan and says how in `form`:
//   q4  join auction–bid → max(price) per auction closed at `expires` (append) → avg per category over the closed
//       auctions, kept as running totals by the second stage (foreachBatch): the exact q4 answer at any batch end.
//   q5  count per auction per sliding window (append) → per window the auctions with the largest count, computed
//       by the second stage on each batch: exact, because append mode emits every group of a window in one batch.
//   q7  max(struct(price, …)) per tumbling window: the highest bid of each window (q7 returns every bid tied at
//       the maximum price; this returns one of them, the largest struct).
//   q8  persons and auctions joined on id = seller in the same 10 s tumbling window (window index as a join key, a
//       time range for state eviction), then dropDuplicates per (person, window): one row per new person who opened
//       an auction in the window, as q8's two GROUP BYs give.
import { col, count, expr, fromJson, fromUnixtime, max, sum, window } from '../src/index.js';
import type { DataFrame, Session } from '../src/index.js';

export type NexmarkTable = 'person' | 'auction' | 'bid';

/** Builds the source DataFrame of a table (for the sales query the argument is ignored). */
export type TableReader = (table?: NexmarkTable) => DataFrame;

/** What a query's second stage keeps between batches and reports at the end. */
export interface SecondStage {
  /** Runs on each batch's output (a batch DataFrame); returns the rows it produced. */
  run(df: DataFrame, batchId: number): Promise<number>;
  /** The final answer (e.g. q4's running averages), for tests and the report. */
  result(): Record<string, unknown>[];
}

export interface BenchQuery {
  readonly name: string;
  /** The source the query reads: the Nexmark tables, or the seed's sales events. */
  readonly source: 'nexmark' | 'sales';
  readonly tables: readonly NexmarkTable[];
  readonly outputMode: 'append' | 'update';
  /** How the query differs from the Nexmark text, when it does. */
  readonly form: string;
  /** The streaming part. `rate` is events per event-time second (q4 uses it to bound an auction's life). */
  build(read: TableReader, rate: number): DataFrame;
  /** A stage run on each batch's output inside foreachBatch, when the query has one. */
  secondStage?(session: Session): SecondStage;
}

/** Spark's event-time delay used by the Nexmark suites for bids, auctions and persons (Flink: 4 s). */
const WATERMARK_DELAY = '4 seconds';

/**
 * The longest an auction can run at `rate` events per second: expires <= date_time + 2 * span(1666 events) + 1 ms
 * (nexmark-model.ts), rounded up to whole seconds.
 * @example maxAuctionSeconds(10_000) // 1
 */
export function maxAuctionSeconds(rate: number): number {
  const spanMs = Math.ceil((1666 * 1000) / rate) + 1;
  return Math.ceil((2 * spanMs + 1) / 1000);
}

const q0: BenchQuery = {
  name: 'q0', source: 'nexmark', tables: ['bid'], outputMode: 'append', form: 'exact (pass-through)',
  build: (read) => read('bid').selectExpr('auction', 'bidder', 'price', 'date_time', 'extra'),
};

const q1: BenchQuery = {
  name: 'q1', source: 'nexmark', tables: ['bid'], outputMode: 'append', form: 'exact (price * 0.908, a DECIMAL as in Spark)',
  build: (read) => read('bid').selectExpr('auction', 'bidder', '0.908 * price AS price', 'date_time', 'extra'),
};

const q2: BenchQuery = {
  name: 'q2', source: 'nexmark', tables: ['bid'], outputMode: 'append', form: 'exact (Flink form: auction % 123 = 0)',
  build: (read) => read('bid').filter('auction % 123 = 0').selectExpr('auction', 'price'),
};

const q3: BenchQuery = {
  name: 'q3', source: 'nexmark', tables: ['auction', 'person'], outputMode: 'append',
  form: 'exact (unbounded inner join: both sides stay in state, as in Spark)',
  build: (read) => read('auction').filter('category = 10').alias('A')
    .join(read('person').filter("state IN ('OR', 'ID', 'CA')").alias('P'), expr('A.seller = P.id'), 'inner')
    .selectExpr('P.name AS name', 'P.city AS city', 'P.state AS state', 'A.id AS id'),
};

const q4: BenchQuery = {
  name: 'q4', source: 'nexmark', tables: ['auction', 'bid'], outputMode: 'append',
  form: 'join + max per auction closed at expires (streaming), avg per category over closed auctions (second stage)',
  build: (read, rate) => {
    const auctions = read('auction').withWatermark('expires', WATERMARK_DELAY)
      .selectExpr('id', 'category', 'date_time AS a_time', 'expires');
    const bids = read('bid').withWatermark('date_time', WATERMARK_DELAY).selectExpr('auction', 'price', 'date_time AS b_time');
    const life = maxAuctionSeconds(rate);
    return auctions
      .join(bids, expr(`id = auction AND b_time >= a_time AND b_time <= expires AND b_time >= expires - INTERVAL ${life} SECONDS`), 'inner')
      .groupBy('id', 'category', 'expires')
      .agg(max('price').alias('final'));
  },
  secondStage: () => {
    const totals = new Map<number, { sum: number; count: number }>();
    return {
      async run(df) {
        const rows = await df.groupBy('category').agg(sum('final').alias('s'), count('*').alias('c')).collect();
        for (const r of rows) {
          const t = totals.get(r.category as number) ?? { sum: 0, count: 0 };
          t.sum += r.s as number;
          t.count += r.c as number;
          totals.set(r.category as number, t);
        }
        return rows.length;
      },
      result: () => [...totals].sort((a, b) => a[0] - b[0]).map(([category, t]) => ({ category, avg: t.sum / t.count, auctions: t.count })),
    };
  },
};

const q5: BenchQuery = {
  name: 'q5', source: 'nexmark', tables: ['bid'], outputMode: 'append',
  form: 'count per auction per 10 s window sliding 2 s (streaming), the auctions with the max count per window (second stage)',
  build: (read) => read('bid').withWatermark('date_time', WATERMARK_DELAY)
    .groupBy(col('auction'), window(col('date_time'), '10 seconds', '2 seconds'))
    .agg(count('*').alias('num'))
    .selectExpr('auction', 'num', 'window.start AS starttime', 'window.end AS endtime'),
  secondStage: () => {
    const out: Record<string, unknown>[] = [];
    return {
      async run(df) {
        const maxima = df.groupBy('starttime').agg(max('num').alias('maxn')).withColumnRenamed('starttime', 'max_start');
        const rows = await df.join(maxima, expr('starttime = max_start AND num >= maxn'), 'inner').select('auction', 'num', 'starttime').collect();
        out.push(...rows);
        return rows.length;
      },
      result: () => out,
    };
  },
};

const q7: BenchQuery = {
  name: 'q7', source: 'nexmark', tables: ['bid'], outputMode: 'append', form: 'max(struct(price, …)) per 10 s tumbling window (one bid per window)',
  build: (read) => read('bid').withWatermark('date_time', WATERMARK_DELAY)
    .groupBy(window(col('date_time'), '10 seconds'))
    .agg(expr('max(struct(price, auction, bidder, date_time, extra)) AS top'))
    .selectExpr('top.auction AS auction', 'top.price AS price', 'top.bidder AS bidder', 'top.date_time AS date_time', 'top.extra AS extra', 'window.end AS window_end'),
};

const q8: BenchQuery = {
  name: 'q8', source: 'nexmark', tables: ['person', 'auction'], outputMode: 'append',
  form: 'join person–auction on id = seller and the 10 s window index, then dropDuplicates per person and window',
  build: (read) => {
    const persons = read('person').withWatermark('date_time', WATERMARK_DELAY)
      .selectExpr('id', 'name', 'date_time AS p_time', 'floor(unix_millis(date_time) / 10000) AS p_win');
    const auctions = read('auction').withWatermark('date_time', WATERMARK_DELAY)
      .selectExpr('seller', 'date_time AS a_time', 'floor(unix_millis(date_time) / 10000) AS a_win');
    return persons
      .join(auctions, expr('id = seller AND p_win = a_win AND a_time >= p_time - INTERVAL 10 SECONDS AND a_time <= p_time + INTERVAL 10 SECONDS'), 'inner')
      .selectExpr('id', 'name', 'p_time', 'timestamp_seconds(p_win * 10) AS starttime')
      .dropDuplicates(['id', 'starttime', 'p_time'])
      .select('id', 'name', 'starttime');
  },
};

/** The seed-003 windowed sales query: JSON events → parse → 1 minute windows sliding 30 s per product (update mode). */
const seedWindowed: BenchQuery = {
  name: 'seed-windowed', source: 'sales', tables: [], outputMode: 'update', form: 'exact (shared/seeds/003 §3.4, noop instead of console)',
  build: (read) => read()
    .select(fromJson(col('value'), 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING').alias('data'))
    .select('data.*')
    .withColumn('total_amount', col('price').multiply(col('quantity')))
    .withColumn('event_time', fromUnixtime(col('timestamp')).cast('timestamp'))
    .withWatermark('event_time', '10 seconds')
    .groupBy(col('product'), window(col('event_time'), '1 minute', '30 seconds'))
    .agg(sum('total_amount').alias('window_sales'), count('*').alias('window_orders')),
};

/**
 * Every benchmark query by name.
 * @example BENCH_QUERIES.q2.build(read, 10_000).writeStream.format('noop').start()
 */
export const BENCH_QUERIES: Readonly<Record<string, BenchQuery>> = {
  q0, q1, q2, q3, q4, q5, q7, q8, 'seed-windowed': seedWindowed,
};
