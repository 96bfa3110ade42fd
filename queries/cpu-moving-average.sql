-- Seed 001 (Kafka + Spark Streaming overview): monitor server CPU usage, read every 5 seconds, as the average over
-- the last 5 minutes.
-- What it shows: Flink's window table function HOP(TABLE t, DESCRIPTOR(ts), slide, size) giving window_start and
-- window_end, a moving average per host, append mode (each 5-minute window is written once, when the watermark
-- passes its end), and a watermark on a computed event-time column.
-- The readings are JSON lines files ({"host": "web-1", "usage": 37.5, "ts": "2024-05-01T10:00:05Z"}) in CPU_DIR; the
-- seed reads bare numbers from the `cpu-usage` topic (with Kafka: 'connector' = 'kafka' and
-- CAST(CAST(value AS STRING) AS DOUBLE) as the usage).
--
-- Run:  brook run queries/cpu-moving-average.sql --var CPU_DIR=/data/cpu
-- Variables: CPU_DIR (data/cpu-usage), SINK (console).

CREATE TABLE cpu_usage (
  host       STRING,
  usage      DOUBLE,
  ts         STRING,
  event_time AS CAST(ts AS TIMESTAMP),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'file',
  'format' = 'json',
  'path' = '${CPU_DIR:-data/cpu-usage}'
);

CREATE TABLE cpu_average WITH ('connector' = '${SINK:-console}', 'truncate' = 'false');

INSERT INTO cpu_average
SELECT host,
       window_start,
       window_end,
       round(avg(usage), 2) AS avg_usage,
       count(*)             AS readings
FROM TABLE(HOP(TABLE cpu_usage, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTES))
GROUP BY host, window_start, window_end;
