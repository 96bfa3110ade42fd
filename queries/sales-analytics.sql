-- Seed 003 (Structured Streaming + Kafka, PySpark): the sales-events pipeline, written in SQL.
--
-- What it shows:
--   * a source table whose JSON `value` is parsed into typed columns ('format' = 'json' → from_json),
--     computed columns (total_amount = price * quantity, event_time from epoch seconds) and a 10-second watermark;
--   * region_sales: sales per region (sum, count, average) in complete mode, every 10 seconds (seed §3.3);
--   * product_sales: sales per product in 1-minute windows sliding every 30 seconds, update mode, every 15 seconds
--     (seed §3.4).
-- The events come from the built-in 'sales' generator: the seed's producer (event_id, timestamp, product, price,
-- quantity, region) as Kafka-like rows with a JSON value. For a real topic, replace the WITH options by
-- 'connector' = 'kafka', 'kafka.bootstrap.servers' = '...', 'subscribe' = 'sales-events' (see sales-to-kafka.sql).
--
-- Run:  brook run queries/sales-analytics.sql
--       brook run queries/sales-analytics.sql --var PACED=false --var TOTAL_EVENTS=1000 --available-now
-- Variables: ROWS_PER_SECOND (10), TOTAL_EVENTS (1000000), PACED (true), SEED (42), SINK (console).

CREATE TABLE sales_events (
  event_id     STRING,
  `timestamp`  BIGINT,
  product      STRING,
  price        INT,
  quantity     INT,
  region       STRING,
  total_amount AS price * quantity,
  event_time   AS CAST(from_unixtime(`timestamp`) AS TIMESTAMP),
  WATERMARK FOR event_time AS event_time - INTERVAL '10' SECOND
) WITH (
  'connector' = 'sales',
  'format' = 'json',
  'rowsPerSecond' = '${ROWS_PER_SECOND:-10}',
  'totalEvents' = '${TOTAL_EVENTS:-1000000}',
  'paced' = '${PACED:-true}',
  'seed' = '${SEED:-42}'
);

CREATE TABLE region_sales WITH ('connector' = '${SINK:-console}', 'truncate' = 'false');
CREATE TABLE product_sales WITH ('connector' = '${SINK:-console}', 'truncate' = 'false');

INSERT INTO region_sales /*+ OPTIONS('outputMode' = 'complete', 'trigger' = '10 seconds') */
SELECT region,
       sum(total_amount) AS total_sales,
       count(*)          AS order_count,
       avg(total_amount) AS avg_order_value
FROM sales_events
GROUP BY region;

INSERT INTO product_sales /*+ OPTIONS('outputMode' = 'update', 'trigger' = '15 seconds') */
SELECT product,
       window,
       sum(total_amount) AS window_sales,
       count(*)          AS window_orders
FROM sales_events
GROUP BY product, window(event_time, '1 minute', '30 seconds');
