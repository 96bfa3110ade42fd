-- expect-error: Syntax error at or near ';': expected WITH ('connector' = '...', ...)
-- expect-position: 3:48
CREATE TABLE sales (event_id STRING, price INT);
