-- expect-error: Cannot INSERT INTO view 'evens': INSERT writes to a table declared with CREATE TABLE ... WITH ('connector' = ...)
-- expect-position: 5:13
CREATE TABLE numbers WITH ('connector' = 'rate');
CREATE VIEW evens AS SELECT * FROM numbers WHERE `value` % 2 = 0;
INSERT INTO evens SELECT * FROM numbers;
