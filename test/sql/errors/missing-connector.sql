-- expect-error: Table 'sales' has no 'connector' option
-- expect-position: 4:1
CREATE TABLE sales (event_id STRING, price INT)
WITH ('format' = 'json', 'path' = '/data/sales');
