-- expect-error: Unknown function 'frobnicate'
-- expect-position: 6:18
CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out
SELECT event_id, frobnicate(price) AS p FROM sales;
