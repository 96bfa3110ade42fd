-- expect-error: Syntax error at or near 'price': expected ',' or ')'
-- expect-position: 5:3
CREATE TABLE sales (
  event_id STRING
  price INT
) WITH ('connector' = 'memory');
