-- expect-error: Column 'valu' does not exist. Available columns: numbers.timestamp, numbers.value
-- expect-position: 4:81
CREATE TABLE numbers WITH ('connector' = 'rate', 'rowsPerSecond' = '${RATE:-1000000}');
CREATE TABLE out WITH ('connector' = '${SINK:-memory}'); INSERT INTO out SELECT valu FROM numbers;
