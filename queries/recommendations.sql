-- Seed 003 §6 (a real-time recommendation system): user behaviour events give per-user interest scores and the
-- popular items of each hour.
--   interest_scores: views per user and category in 10-minute windows sliding every 5 minutes (seed §6.1, update mode);
--   popular_items:   per item, views + 5 × purchases in 1-hour windows sliding every 30 minutes, kept when the score
--                    is above 10 (seed §6.2; the seed writes them to the `recommendations` topic).
-- What it shows: a view with a filter shared by two queries, window() in GROUP BY with window.start/window.end,
-- sum(CASE WHEN ...) counters, HAVING on an aggregate, a 5-minute watermark declared on the table.
-- The events are JSON lines files ({"user_id", "item_id", "action", "timestamp", "category"}, timestamp in epoch
-- seconds) in BEHAVIOR_DIR; the seed reads them from the `user-behavior` topic (use 'connector' = 'kafka').
--
-- Run:  brook run queries/recommendations.sql --var BEHAVIOR_DIR=/data/user-behavior
-- Variables: BEHAVIOR_DIR (data/user-behavior), SINK (console).

CREATE TABLE user_behavior (
  user_id     STRING,
  item_id     STRING,
  action      STRING,
  `timestamp` BIGINT,
  category    STRING,
  event_time  AS CAST(from_unixtime(`timestamp`) AS TIMESTAMP),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' MINUTE
) WITH (
  'connector' = 'file',
  'format' = 'json',
  'path' = '${BEHAVIOR_DIR:-data/user-behavior}'
);

CREATE TABLE interest_scores WITH ('connector' = '${SINK:-console}', 'truncate' = 'false');
CREATE TABLE popular_items WITH ('connector' = '${SINK:-console}', 'truncate' = 'false');

CREATE VIEW views_and_purchases AS
SELECT * FROM user_behavior WHERE action IN ('view', 'purchase');

INSERT INTO interest_scores /*+ OPTIONS('outputMode' = 'update', 'trigger' = '30 seconds') */
SELECT user_id,
       category,
       window.start AS window_start,
       window.end   AS window_end,
       count(*)     AS interest_score
FROM views_and_purchases
WHERE action = 'view'
GROUP BY user_id, category, window(event_time, '10 minutes', '5 minutes');

INSERT INTO popular_items /*+ OPTIONS('outputMode' = 'update', 'trigger' = '1 minute') */
SELECT item_id,
       category,
       sum(CASE WHEN action = 'view' THEN 1 ELSE 0 END)
         + sum(CASE WHEN action = 'purchase' THEN 1 ELSE 0 END) * 5 AS popularity_score,
       window.start AS window_start
FROM views_and_purchases
GROUP BY item_id, category, window(event_time, '1 hour', '30 minutes')
HAVING popularity_score > 10;
