-- expect-error: Filter condition '(price + 1)' must be of type BOOLEAN, but it is INT
-- expect-position: 7:7
CREATE TABLE sales (event_id STRING, price INT) WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out
SELECT * FROM sales
WHERE price + 1;
