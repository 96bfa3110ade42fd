-- expect-error: INSERT INTO 'out': the query gives 3 columns (region, sum(price), count(1)) but the table declares 2 (region, total)
-- expect-position: 6:1
CREATE TABLE sales (event_id STRING, price INT, region STRING) WITH ('connector' = 'memory');
CREATE TABLE out (region STRING, total BIGINT) WITH ('connector' = 'memory');
INSERT INTO out
SELECT region, sum(price), count(*) FROM sales GROUP BY region;
