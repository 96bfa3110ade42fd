-- expect-error: A NOT NULL constraint is not supported
-- expect-position: 4:19
CREATE TABLE sales (
  event_id STRING NOT NULL,
  price    INT
) WITH ('connector' = 'memory');
