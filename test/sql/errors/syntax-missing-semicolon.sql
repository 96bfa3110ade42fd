-- expect-error: Syntax error at or near 'CREATE': expected ';' or the end of the script
-- expect-position: 4:1
CREATE TABLE sales (event_id STRING) WITH ('connector' = 'memory')
CREATE TABLE out WITH ('connector' = 'console');
