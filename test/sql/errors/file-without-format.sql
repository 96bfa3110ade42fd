-- expect-error: Table 'sales' with 'connector' = 'file' needs a 'format' option
-- expect-position: 4:21
CREATE TABLE sales (event_id STRING, price INT)
WITH ('connector' = 'file', 'path' = '/data/sales');
