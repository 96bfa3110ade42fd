-- expect-error: Option 'Connector' is given twice
-- expect-position: 4:31
CREATE TABLE sales (event_id STRING, price INT)
WITH ('connector' = 'memory', 'Connector' = 'rate');
