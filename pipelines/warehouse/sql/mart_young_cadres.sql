-- 年轻干部（未满 ref_setting.young_age 岁，或参加工作不满 ref_setting.young_recent_years 年；与填报规则同一设置），
-- 按报告日期（ref_reporting_period.as_of_date）计算。
-- Dates are compared as yyyymmdd integers taken from their ISO text, which both dialects render:
-- adding N * 10000 adds N years.
-- A cadre whose dates are not given is counted as a cadre; young_unknown says how many could not be decided.
WITH p AS (
    SELECT r.as_of_date,
           CAST(REPLACE(SUBSTR(CAST(r.as_of_date AS TEXT), 1, 10), '-', '') AS INTEGER) AS as_of,
           s.young_age * 10000 AS young_age, s.young_recent_years * 10000 AS young_recent_years
    FROM ref_reporting_period r CROSS JOIN ref_setting s
),
dated AS (
    SELECT c.district, c.township,
           CAST(REPLACE(SUBSTR(CAST(c.birth_date AS TEXT), 1, 10), '-', '') AS INTEGER) AS born,
           CAST(REPLACE(SUBSTR(CAST(c.work_start_date AS TEXT), 1, 10), '-', '') AS INTEGER) AS started
    FROM dim_cadre_current c
),
cadres AS (
    SELECT d.district, d.township, d.born, d.started,
           CASE WHEN d.born + p.young_age > p.as_of THEN 1 ELSE 0 END AS under_35,
           CASE WHEN d.started + p.young_recent_years >= p.as_of THEN 1 ELSE 0 END AS recent
    FROM dated d CROSS JOIN p
    WHERE d.started IS NULL OR d.started <= p.as_of
),
counted AS (
    SELECT district, township, CAST(COUNT(*) AS INTEGER) AS cadres,
           CAST(SUM(CASE WHEN under_35 = 1 OR recent = 1 THEN 1 ELSE 0 END) AS INTEGER) AS young_cadres,
           CAST(SUM(under_35) AS INTEGER) AS under_35, CAST(SUM(recent) AS INTEGER) AS recruited_last_3_years,
           CAST(SUM(CASE WHEN under_35 = 0 AND recent = 0 AND (born IS NULL OR started IS NULL) THEN 1 ELSE 0 END)
                AS INTEGER) AS young_unknown
    FROM cadres GROUP BY district, township
),
townships AS (
    SELECT t.district, t.township, COALESCE(a.cadres, 0) AS cadres, COALESCE(a.young_cadres, 0) AS young_cadres,
           COALESCE(a.under_35, 0) AS under_35, COALESCE(a.recruited_last_3_years, 0) AS recruited_last_3_years,
           COALESCE(a.young_unknown, 0) AS young_unknown
    FROM dim_township t LEFT JOIN counted a ON a.district = t.district AND a.township = t.township
),
levels AS (
    SELECT 'township' AS level, district, township, cadres, young_cadres, under_35, recruited_last_3_years,
           young_unknown
    FROM townships
    UNION ALL
    SELECT 'district', district, NULL, CAST(SUM(cadres) AS INTEGER), CAST(SUM(young_cadres) AS INTEGER),
           CAST(SUM(under_35) AS INTEGER), CAST(SUM(recruited_last_3_years) AS INTEGER),
           CAST(SUM(young_unknown) AS INTEGER)
    FROM townships GROUP BY district
    UNION ALL
    SELECT 'province', NULL, NULL, CAST(SUM(cadres) AS INTEGER), CAST(SUM(young_cadres) AS INTEGER),
           CAST(SUM(under_35) AS INTEGER), CAST(SUM(recruited_last_3_years) AS INTEGER),
           CAST(SUM(young_unknown) AS INTEGER)
    FROM townships
    HAVING COUNT(*) > 0
)
SELECT l.level, l.district, l.township, p.as_of_date, l.cadres, l.young_cadres, l.under_35, l.recruited_last_3_years,
       l.young_unknown,
       CASE WHEN l.cadres = 0 THEN NULL ELSE ROUND(1.0 * l.young_cadres / l.cadres, 4) END AS young_share
FROM levels l CROSS JOIN p
