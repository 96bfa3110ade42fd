-- expect-error: Cannot INSERT INTO 'numbers': connector 'rate' only reads
-- expect-position: 4:13
CREATE TABLE numbers WITH ('connector' = 'rate');
INSERT INTO numbers SELECT * FROM numbers;
