-- Nexmark Q16 (channel statistics report): per channel and day, the last minute with bids, and bids, bidders and
-- auctions in three price ranges.
-- What it shows: max() over a formatted time, distinct counts on a stream, conditional counts (count_if for
-- Flink's `count(*) FILTER (WHERE c)`, count(DISTINCT CASE WHEN c THEN x END) for the distinct ones), update mode.
-- Runs on the built-in 'nexmark' generator (Nexmark's Person/Auction/Bid stream, 'table' = 'bid': the bids).
-- Run:  brook run queries/nexmark-q16.sql --var PACED=false --var TOTAL_EVENTS=1000000 --available-now
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

INSERT INTO nexmark_sink /*+ OPTIONS('queryName' = 'nexmark_q16') */
SELECT channel,
       date_format(date_time, 'yyyy-MM-dd') AS `day`,
       max(date_format(date_time, 'HH:mm')) AS `minute`,
       count(*) AS total_bids,
       count_if(price < 10000) AS rank1_bids,
       count_if(price >= 10000 AND price < 1000000) AS rank2_bids,
       count_if(price >= 1000000) AS rank3_bids,
       count(DISTINCT bidder) AS total_bidders,
       count(DISTINCT CASE WHEN price < 10000 THEN bidder END) AS rank1_bidders,
       count(DISTINCT CASE WHEN price >= 10000 AND price < 1000000 THEN bidder END) AS rank2_bidders,
       count(DISTINCT CASE WHEN price >= 1000000 THEN bidder END) AS rank3_bidders,
       count(DISTINCT auction) AS total_auctions,
       count(DISTINCT CASE WHEN price < 10000 THEN auction END) AS rank1_auctions,
       count(DISTINCT CASE WHEN price >= 10000 AND price < 1000000 THEN auction END) AS rank2_auctions,
       count(DISTINCT CASE WHEN price >= 1000000 THEN auction END) AS rank3_auctions
FROM bid
GROUP BY channel, date_format(date_time, 'yyyy-MM-dd');
