-- expect-error: The time column of window() must be a TIMESTAMP column, but 'ts' is string
-- expect-position: 6:50
CREATE TABLE sales (event_id STRING, price INT, ts STRING) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out
SELECT window, count(*) AS n FROM sales GROUP BY window(ts, '1 minute');
