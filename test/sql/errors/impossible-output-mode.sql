-- expect-error: Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets
-- expect-position: 5:44
CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out /*+ OPTIONS('outputMode' = 'complete') */
SELECT event_id, price FROM sales WHERE price > 0;
