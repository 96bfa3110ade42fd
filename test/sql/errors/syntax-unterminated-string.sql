-- expect-error: Unterminated string literal
-- expect-position: 3:58
CREATE TABLE sales (event_id STRING) WITH ('connector' = 'memory);
