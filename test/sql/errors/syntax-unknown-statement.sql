-- expect-error: Syntax error at or near 'UPSERT': expected CREATE, INSERT, SET, RESET, EXPLAIN or SELECT
-- expect-position: 4:1
CREATE TABLE sales (event_id STRING) WITH ('connector' = 'memory');
UPSERT INTO sales SELECT * FROM sales;
