-- expect-error: Unknown connector 'kafak' in table 'sales'
-- expect-position: 4:21
CREATE TABLE sales (event_id STRING, price INT)
WITH ('connector' = 'kafak', 'subscribe' = 'sales-events');
