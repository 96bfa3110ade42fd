-- expect-error: Column 'event_time' does not exist. Available columns: sales.event_id, sales.ts
-- expect-position: 4:35
CREATE TABLE sales (event_id STRING, ts TIMESTAMP) WITH ('connector' = 'memory');
CREATE VIEW recent (WATERMARK FOR event_time AS event_time - INTERVAL '1' MINUTE) AS
SELECT event_id, ts FROM sales;
