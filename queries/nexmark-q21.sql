-- Nexmark Q21 (add channel id): a channel id from the channel name, or from the channel_id parameter of the URL.
-- What it shows: CASE, lower(), IN, regexp_extract; Spark's regexp_extract gives '' (Flink: NULL) when nothing
-- matches, so the test for a match is written nullif(regexp_extract(...), '') IS NOT NULL.
-- Runs on the built-in 'nexmark' generator (Nexmark's Person/Auction/Bid stream, 'table' = 'bid': the bids).
-- Run:  brook run queries/nexmark-q21.sql --var PACED=false --var TOTAL_EVENTS=1000000 --available-now
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

INSERT INTO nexmark_sink /*+ OPTIONS('queryName' = 'nexmark_q21') */
SELECT auction, bidder, price, channel,
       CASE WHEN lower(channel) = 'apple' THEN '0'
            WHEN lower(channel) = 'google' THEN '1'
            WHEN lower(channel) = 'facebook' THEN '2'
            WHEN lower(channel) = 'baidu' THEN '3'
            ELSE regexp_extract(url, '(&|^)channel_id=([^&]*)', 2) END AS channel_id
FROM bid
WHERE nullif(regexp_extract(url, '(&|^)channel_id=([^&]*)', 2), '') IS NOT NULL
   OR lower(channel) IN ('apple', 'google', 'facebook', 'baidu');
