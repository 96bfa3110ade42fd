-- expect-error: The expression 'event_id' is neither present in the group by, nor is it an aggregate function
-- expect-position: 6:16
CREATE TABLE sales (event_id STRING, price INT, region STRING) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out
SELECT region, event_id, sum(price) AS total
FROM sales
GROUP BY region;
