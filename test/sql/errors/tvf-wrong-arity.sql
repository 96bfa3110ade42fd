-- expect-error: HOP takes 2 or 3 interval arguments after the DESCRIPTOR, but 1 was given
-- expect-position: 7:12
CREATE TABLE sales (event_id STRING, price INT, ts TIMESTAMP) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out
SELECT window_start, sum(price) AS total
FROM TABLE(HOP(TABLE sales, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
