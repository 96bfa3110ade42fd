-- expect-error: The table or view 'salse' cannot be found. Known: sales, out
-- expect-position: 5:31
CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out SELECT * FROM salse;
