-- Nexmark Q14 (calculation): converted prices in a range, the time of day of the bid, and how many 'c's its extra holds.
-- What it shows: CASE over hour(), filters on expressions; Flink's count_char UDF is written with length/replace.
-- Runs on the built-in 'nexmark' generator (Nexmark's Person/Auction/Bid stream, 'table' = 'bid': the bids).
-- Run:  brook run queries/nexmark-q14.sql --var PACED=false --var TOTAL_EVENTS=1000000 --available-now
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

INSERT INTO nexmark_sink /*+ OPTIONS('queryName' = 'nexmark_q14') */
SELECT auction,
       bidder,
       0.908 * price AS price,
       CASE WHEN hour(date_time) >= 8 AND hour(date_time) <= 18 THEN 'dayTime'
            WHEN hour(date_time) <= 6 OR hour(date_time) >= 20 THEN 'nightTime'
            ELSE 'otherTime' END AS bid_time_type,
       date_time,
       extra,
       length(extra) - length(replace(extra, 'c', '')) AS c_counts
FROM bid
WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000;
