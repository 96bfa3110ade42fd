-- expect-error: Format 'csv' is not supported: brook reads and writes 'json'
-- expect-position: 4:40
CREATE TABLE sales (event_id STRING, price INT)
WITH ('connector' = 'file', 'format' = 'csv', 'path' = '/data/sales');
