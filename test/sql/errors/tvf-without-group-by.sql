-- expect-error: TUMBLE(...) must be grouped by its window: add GROUP BY window_start, window_end
-- expect-position: 7:6
CREATE TABLE sales (event_id STRING, price INT, ts TIMESTAMP) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out
SELECT event_id, price
FROM TABLE(TUMBLE(TABLE sales, DESCRIPTOR(ts), INTERVAL '1' MINUTE));
