-- 应报送名单（ref_expected_township）对照报送周期（ref_reporting_period）：谁已报送、谁逾期、谁从未报送。
-- 报送 = 截至报告日期收到的任一文件版本（etl_manifest，含后来被替换或移走的版本）。
WITH p AS (
    SELECT as_of_date, period_label, period_start, period_end,
           CAST(REPLACE(SUBSTR(CAST(as_of_date AS TEXT), 1, 10), '-', '') AS INTEGER) AS as_of,
           CAST(REPLACE(SUBSTR(CAST(period_start AS TEXT), 1, 10), '-', '') AS INTEGER) AS start_day
    FROM ref_reporting_period
),
received AS (
    SELECT m.township_key, m.kind, m.received_at,
           CAST(REPLACE(SUBSTR(CAST(m.received_at AS TEXT), 1, 10), '-', '') AS INTEGER) AS received_day
    FROM etl_manifest m
),
seen AS (
    SELECT r.township_key, r.kind, MAX(r.received_at) AS last_received_at,
           SUM(CASE WHEN r.received_day >= p.start_day THEN 1 ELSE 0 END) AS files_in_period
    FROM received r CROSS JOIN p
    WHERE r.received_day <= p.as_of
    GROUP BY r.township_key, r.kind
),
sent AS (
    SELECT DISTINCT m.township_key, m.district, m.township, m.kind
    FROM etl_manifest m
    WHERE m.kind IN (SELECT value FROM ref_vocabulary WHERE vocabulary = 'record_kind')
),
pairs AS (
    SELECT township_key, district, township, kind FROM ref_expected_township
    UNION
    SELECT township_key, district, township, kind FROM sent
)
SELECT k.district, k.township, k.township_key, k.kind, p.period_label AS period, p.period_start, p.period_end,
       p.as_of_date, CASE WHEN e.township_key IS NULL THEN 0 ELSE 1 END AS expected,
       COALESCE(s.files_in_period, 0) AS files_in_period, s.last_received_at,
       CASE WHEN e.township_key IS NULL THEN '未登记'
            WHEN s.files_in_period > 0 THEN '已报送'
            WHEN s.last_received_at IS NOT NULL THEN '逾期'
            ELSE '从未报送' END AS status
FROM pairs k CROSS JOIN p
LEFT JOIN ref_expected_township e ON e.township_key = k.township_key AND e.kind = k.kind
LEFT JOIN seen s ON s.township_key = k.township_key AND s.kind = k.kind
