-- expect-error: Event time must be defined on a window or a timestamp, but price is of type int
-- expect-position: 6:17
CREATE TABLE sales (
  event_id STRING,
  price    INT,
  WATERMARK FOR price AS price - INTERVAL '10' SECOND
) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out SELECT * FROM sales;
