-- expect-error: Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark
-- expect-position: 5:44
CREATE TABLE sales (event_id STRING, price INT, region STRING) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out /*+ OPTIONS('outputMode' = 'append') */
SELECT region, sum(price) AS total FROM sales GROUP BY region;
