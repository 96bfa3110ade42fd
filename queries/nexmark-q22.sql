-- Nexmark Q22 (get URL directories): the first three directories of each bid's URL.
-- What it shows: split() and array indexing; Flink's SPLIT_INDEX(url, '/', n) is split(url, '/')[n] (0-based).
-- Runs on the built-in 'nexmark' generator (Nexmark's Person/Auction/Bid stream, 'table' = 'bid': the bids).
-- Run:  brook run queries/nexmark-q22.sql --var PACED=false --var TOTAL_EVENTS=1000000 --available-now
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

INSERT INTO nexmark_sink /*+ OPTIONS('queryName' = 'nexmark_q22') */
SELECT auction, bidder, price, channel,
       split(url, '/')[3] AS dir1,
       split(url, '/')[4] AS dir2,
       split(url, '/')[5] AS dir3
FROM bid;
