-- expect-error: Unterminated comment: missing */
-- expect-position: 4:1
CREATE TABLE sales (event_id STRING) WITH ('connector' = 'memory');
/* the sink comes later
CREATE TABLE out WITH ('connector' = 'console');
