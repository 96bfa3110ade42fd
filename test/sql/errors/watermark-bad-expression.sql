-- expect-error: The watermark of 'ts' must be 'ts - INTERVAL ...': the column minus a constant delay
-- expect-position: 6:23
CREATE TABLE sales (
  event_id STRING,
  ts       TIMESTAMP,
  WATERMARK FOR ts AS ts + INTERVAL '10' SECOND
) WITH ('connector' = 'memory');
