-- expect-error: Invalid trigger interval 'soon'
-- expect-position: 5:41
CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out /*+ OPTIONS('trigger' = 'soon') */ SELECT * FROM sales;
