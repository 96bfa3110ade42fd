-- expect-error: Table 'sales' already exists
-- expect-position: 4:14
CREATE TABLE sales (event_id STRING) WITH ('connector' = 'memory');
CREATE TABLE sales (event_id STRING) WITH ('connector' = 'memory');
