-- 报送情况：每个乡镇、每种记录的当前文件、最近报送时间、入库与拒收行数、距今天数。
-- days_since_last is the one dialect-specific fragment of the views (days from a.last_received_at to today, UTC):
-- marts.py puts SQLite's or PostgreSQL's expression in place of the placeholder below.
WITH current_files AS (
    SELECT m.*,
           ROW_NUMBER() OVER (PARTITION BY m.township_key, m.kind ORDER BY m.received_at DESC, m.manifest_id DESC)
               AS recency
    FROM etl_manifest m
    WHERE m.is_current
),
a AS (
    SELECT township_key, kind, COUNT(*) AS files, SUM(rows_loaded) AS rows_loaded,
           SUM(rows_rejected) AS rows_rejected, MAX(received_at) AS last_received_at
    FROM current_files GROUP BY township_key, kind
),
kinds AS (
    SELECT value AS kind, position FROM ref_vocabulary WHERE vocabulary = 'record_kind'
)
SELECT t.district, t.township, t.township_key, k.kind, COALESCE(a.files, 0) AS files, l.relative_path AS last_file,
       a.last_received_at, COALESCE(a.rows_loaded, 0) AS rows_loaded, COALESCE(a.rows_rejected, 0) AS rows_rejected,
       $DAYS_SINCE_LAST AS days_since_last
FROM dim_township t
CROSS JOIN kinds k
LEFT JOIN a ON a.township_key = t.township_key AND a.kind = k.kind
LEFT JOIN current_files l ON l.township_key = t.township_key AND l.kind = k.kind AND l.recency = 1
