-- Seed 003 §3.2 and §4 (Kafka in, Kafka out): sales events read from the `sales-events` topic, enriched, and written
-- back to Kafka as JSON — every processed event to `processed-events` (key = event_id, seed §4.2), and the running
-- totals per region to `sales-summary` (key = region, seed §4.1).
--
-- What it shows: a Kafka source table with declared columns ('format' = 'json' parses the value), Kafka metadata
-- columns (partition, offset, kafka_timestamp), Kafka sink tables whose rows are written as JSON with a key taken
-- from 'key.fields', and per-INSERT output modes.
-- Needs a broker: brook run queries/sales-to-kafka.sql --var KAFKA_BOOTSTRAP=localhost:9092 --checkpoint-dir /tmp/ckpt
-- Variables: KAFKA_BOOTSTRAP (localhost:9092), STARTING_OFFSETS (latest).

CREATE TABLE sales_events (
  event_id        STRING,
  `timestamp`     BIGINT,
  product         STRING,
  price           INT,
  quantity        INT,
  region          STRING,
  `partition`     INT       METADATA,
  `offset`        BIGINT    METADATA,
  kafka_timestamp TIMESTAMP METADATA FROM 'timestamp',
  total_amount    AS price * quantity,
  event_time      AS CAST(from_unixtime(`timestamp`) AS TIMESTAMP)
) WITH (
  'connector' = 'kafka',
  'format' = 'json',
  'kafka.bootstrap.servers' = '${KAFKA_BOOTSTRAP:-localhost:9092}',
  'subscribe' = 'sales-events',
  'startingOffsets' = '${STARTING_OFFSETS:-latest}',
  'maxOffsetsPerTrigger' = '1000'
);

CREATE TABLE processed_events (
  event_id     STRING,
  product      STRING,
  region       STRING,
  total_amount INT,
  event_time   TIMESTAMP
) WITH (
  'connector' = 'kafka',
  'format' = 'json',
  'key.fields' = 'event_id',
  'kafka.bootstrap.servers' = '${KAFKA_BOOTSTRAP:-localhost:9092}',
  'topic' = 'processed-events'
);

CREATE TABLE sales_summary (
  region          STRING,
  total_sales     BIGINT,
  order_count     BIGINT,
  avg_order_value DOUBLE
) WITH (
  'connector' = 'kafka',
  'format' = 'json',
  'key.fields' = 'region',
  'kafka.bootstrap.servers' = '${KAFKA_BOOTSTRAP:-localhost:9092}',
  'topic' = 'sales-summary'
);

INSERT INTO processed_events /*+ OPTIONS('trigger' = '10 seconds') */
SELECT event_id, product, region, total_amount, event_time
FROM sales_events;

INSERT INTO sales_summary /*+ OPTIONS('outputMode' = 'update', 'trigger' = '20 seconds') */
SELECT region, sum(total_amount), count(*), avg(total_amount)
FROM sales_events
GROUP BY region;
