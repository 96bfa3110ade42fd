-- expect-error: Variable 'SALES_TOPIC' is not set
-- expect-position: 4:45
CREATE TABLE sales (event_id STRING, price INT)
WITH ('connector' = 'kafka', 'subscribe' = '${SALES_TOPIC}');
