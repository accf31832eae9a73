-- Daily usage per model; gpt-5.2 rows need a re-price after the migration.
SELECT model, count(*) FROM requests WHERE model = 'gpt-5.2' GROUP BY model;
