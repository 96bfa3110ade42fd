-- Seed 002 (Spark Streaming + Kafka, direct approach): a producer sends a random number from 0 to 9 every second;
-- the job prints the sum of the numbers of every 2-second batch.
-- What it shows: the 2-second batch of the seed as a 2-second tumbling event-time window (TUMBLE), over the built-in
-- 'rate' source (one row per second: timestamp, value), with `value % 10` standing in for the random number.
-- Without a watermark the windows are aggregations with unbounded keys, so the mode is update: every batch writes
-- the windows it changed.
--
-- Run:  brook run queries/sums-per-2-seconds.sql
-- Variables: ROWS_PER_SECOND (1), SINK (console).

CREATE TABLE numbers (
  `timestamp` TIMESTAMP,
  `value`     BIGINT,
  number      AS CAST(`value` % 10 AS INT)
) WITH (
  'connector' = 'rate',
  'rowsPerSecond' = '${ROWS_PER_SECOND:-1}'
);

CREATE TABLE sums WITH ('connector' = '${SINK:-console}');

INSERT INTO sums /*+ OPTIONS('trigger' = '2 seconds') */
SELECT window_start, window_end, sum(number) AS total, count(*) AS numbers
FROM TABLE(TUMBLE(TABLE numbers, DESCRIPTOR(`timestamp`), INTERVAL '2' SECOND))
GROUP BY window_start, window_end;
