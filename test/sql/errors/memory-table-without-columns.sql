-- expect-error: The memory table 'sales' needs declared columns: they are the schema of its MemoryStream
-- expect-position: 3:14
CREATE TABLE sales WITH ('connector' = 'memory');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out SELECT * FROM sales;
