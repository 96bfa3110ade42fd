-- expect-error: Unsupported data type 'MONEY'
-- expect-position: 5:12
CREATE TABLE sales (
  event_id STRING,
  price    MONEY
) WITH ('connector' = 'memory');
