-- expect-error: Update output mode not supported for session window on streaming DataFrames/DataSets
-- expect-position: 8:44
CREATE TABLE sales (
  event_id STRING, price INT, region STRING, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out /*+ OPTIONS('outputMode' = 'update') */
SELECT region, window_start, window_end, sum(price) AS total
FROM TABLE(SESSION(TABLE sales PARTITION BY region, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY region, window_start, window_end;
