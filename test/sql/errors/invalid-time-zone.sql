-- expect-error: Invalid time zone 'Mars/Olympus_Mons' for spark.sql.session.timeZone
-- expect-position: 3:36
SET 'spark.sql.session.timeZone' = 'Mars/Olympus_Mons';
