-- expect-error: Table 'printed' cannot be read: connector 'console' only writes
-- expect-position: 3:42
CREATE TABLE printed WITH ('connector' = 'console');
CREATE TABLE out WITH ('connector' = 'memory');
INSERT INTO out SELECT * FROM printed;
