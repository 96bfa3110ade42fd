-- expect-error: Unknown output mode 'upsert'. Accepted output modes are 'append', 'update', 'complete'
-- expect-position: 5:44
CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out /*+ OPTIONS('outputMode' = 'upsert') */ SELECT * FROM sales;
