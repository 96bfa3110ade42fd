-- Nexmark Q0 (pass through): every bid, unchanged — measures the cost of reading and writing.
-- What it shows: a source table whose declared columns are the generator's own, a projection in append mode.
-- Runs on the built-in 'nexmark' generator (Nexmark's Person/Auction/Bid stream, 'table' = 'bid': the bids).
-- Run:  brook run queries/nexmark-q0.sql --var PACED=false --var TOTAL_EVENTS=1000000 --available-now
-- Variables: EVENTS_PER_SECOND (10000), TOTAL_EVENTS (100000000), PACED (true), SINK (blackhole = noop).

CREATE TABLE bid (
  auction   BIGINT,
  bidder    BIGINT,
  price     BIGINT,
  channel   STRING,
  url       STRING,
  date_time TIMESTAMP,
  extra     STRING,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'nexmark',
  'table' = 'bid',
  'rowsPerSecond' = '${EVENTS_PER_SECOND:-10000}',
  'totalEvents' = '${TOTAL_EVENTS:-100000000}',
  'paced' = '${PACED:-true}'
);

CREATE TABLE nexmark_sink WITH ('connector' = '${SINK:-blackhole}');

INSERT INTO nexmark_sink /*+ OPTIONS('queryName' = 'nexmark_q0') */
SELECT auction, bidder, price, date_time, extra FROM bid;
