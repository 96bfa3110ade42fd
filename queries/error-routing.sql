-- Seed 003 §7.2 (error handling): events that cannot be processed go to an error topic instead of being lost.
-- Valid events (parsed, price > 0) are written to `processed-data`; records whose JSON is malformed or whose price is
-- not positive are written to `error-events` with the reason, the raw record and the time they were seen.
--
-- What it shows: one source feeding two INSERTs (two queries in one process), from_json in PERMISSIVE mode with a
-- _corrupt_record column ('json.columnNameOfCorruptRecord'), CASE for the error message, current_timestamp().
-- Needs a broker: brook run queries/error-routing.sql --var KAFKA_BOOTSTRAP=localhost:9092 --checkpoint-dir /tmp/ckpt
-- Variables: KAFKA_BOOTSTRAP (localhost:9092), STARTING_OFFSETS (latest).

CREATE TABLE sales_events (
  event_id        STRING,
  `timestamp`     BIGINT,
  product         STRING,
  price           INT,
  quantity        INT,
  region          STRING,
  _corrupt_record STRING
) WITH (
  'connector' = 'kafka',
  'format' = 'json',
  'json.columnNameOfCorruptRecord' = '_corrupt_record',
  'kafka.bootstrap.servers' = '${KAFKA_BOOTSTRAP:-localhost:9092}',
  'subscribe' = 'sales-events',
  'startingOffsets' = '${STARTING_OFFSETS:-latest}'
);

CREATE TABLE processed_data (
  event_id     STRING,
  product      STRING,
  region       STRING,
  price        INT,
  quantity     INT,
  total_amount INT
) WITH (
  'connector' = 'kafka',
  'format' = 'json',
  'key.fields' = 'event_id',
  'kafka.bootstrap.servers' = '${KAFKA_BOOTSTRAP:-localhost:9092}',
  'topic' = 'processed-data'
);

CREATE TABLE error_events (
  error_message STRING,
  raw_record    STRING,
  error_time    TIMESTAMP
) WITH (
  'connector' = 'kafka',
  'format' = 'json',
  'kafka.bootstrap.servers' = '${KAFKA_BOOTSTRAP:-localhost:9092}',
  'topic' = 'error-events'
);

INSERT INTO processed_data
SELECT event_id, product, region, price, quantity, price * quantity
FROM sales_events
WHERE _corrupt_record IS NULL AND price > 0;

INSERT INTO error_events
SELECT CASE WHEN _corrupt_record IS NOT NULL THEN 'malformed JSON'
            WHEN price IS NULL THEN 'missing price'
            ELSE concat('invalid price ', CAST(price AS STRING)) END,
       coalesce(_corrupt_record, to_json(struct(event_id, `timestamp`, product, price, quantity, region))),
       current_timestamp()
FROM sales_events
WHERE _corrupt_record IS NOT NULL OR price IS NULL OR price <= 0;
