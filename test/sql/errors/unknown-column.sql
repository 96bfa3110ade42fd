-- expect-error: Column 'prize' does not exist. Available columns: sales.event_id, sales.price
-- expect-position: 7:8
CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out
SELECT event_id,
       prize * 2 AS doubled
FROM sales;
