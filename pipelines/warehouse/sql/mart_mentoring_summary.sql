-- 帮带对子汇总：每个乡镇、每个区县（全区合计）和全省合计，每个项目的导师、对子、培养对象与年轻培养对象数。
-- 年轻：结对时未满 ref_setting.young_age 岁，或参加工作不满 ref_setting.young_recent_years 年（与填报规则同一设置）。
-- Dates are compared as yyyymmdd integers taken from their ISO text, which both dialects render:
-- adding N * 10000 adds N years.
WITH s AS (
    SELECT young_age * 10000 AS young_age, young_recent_years * 10000 AS young_recent_years FROM ref_setting
),
pairs AS (
    SELECT f.district, f.township, f.programme, f.mentor_key, f.mentee_key, f.batch,
           CASE WHEN c.cadre_key IS NOT NULL
                 AND (CAST(REPLACE(SUBSTR(CAST(c.birth_date AS TEXT), 1, 10), '-', '') AS INTEGER) + s.young_age
                          > CAST(REPLACE(SUBSTR(CAST(f.start_date AS TEXT), 1, 10), '-', '') AS INTEGER)
                      OR CAST(REPLACE(SUBSTR(CAST(c.work_start_date AS TEXT), 1, 10), '-', '') AS INTEGER)
                             + s.young_recent_years
                          >= CAST(REPLACE(SUBSTR(CAST(f.start_date AS TEXT), 1, 10), '-', '') AS INTEGER))
                THEN 1 ELSE 0 END AS young
    FROM fact_pairing f
    LEFT JOIN dim_cadre_latest c ON c.cadre_key = f.mentee_key
    CROSS JOIN s
),
by_township AS (
    SELECT district, township, programme, COUNT(DISTINCT mentor_key) AS mentors,
           COUNT(DISTINCT mentor_key || '|' || mentee_key) AS pairs, COUNT(DISTINCT mentee_key) AS mentees,
           COUNT(DISTINCT CASE WHEN young = 1 THEN mentee_key END) AS young_mentees, COUNT(DISTINCT batch) AS batches
    FROM pairs GROUP BY district, township, programme
),
by_district AS (
    SELECT district, programme, COUNT(DISTINCT mentor_key) AS mentors,
           COUNT(DISTINCT mentor_key || '|' || mentee_key) AS pairs, COUNT(DISTINCT mentee_key) AS mentees,
           COUNT(DISTINCT CASE WHEN young = 1 THEN mentee_key END) AS young_mentees, COUNT(DISTINCT batch) AS batches
    FROM pairs GROUP BY district, programme
),
by_province AS (
    SELECT programme, COUNT(DISTINCT mentor_key) AS mentors,
           COUNT(DISTINCT mentor_key || '|' || mentee_key) AS pairs, COUNT(DISTINCT mentee_key) AS mentees,
           COUNT(DISTINCT CASE WHEN young = 1 THEN mentee_key END) AS young_mentees, COUNT(DISTINCT batch) AS batches
    FROM pairs GROUP BY programme
),
programmes AS (
    SELECT value AS programme, position FROM ref_vocabulary WHERE vocabulary = 'programme'
)
SELECT level, district, township, programme, mentors, pairs, mentees, young_mentees, batches
FROM (
    SELECT 'township' AS level, t.district, t.township, p.programme, p.position,
           COALESCE(a.mentors, 0) AS mentors, COALESCE(a.pairs, 0) AS pairs, COALESCE(a.mentees, 0) AS mentees,
           COALESCE(a.young_mentees, 0) AS young_mentees, COALESCE(a.batches, 0) AS batches
    FROM dim_township t
    CROSS JOIN programmes p
    LEFT JOIN by_township a ON a.district = t.district AND a.township = t.township AND a.programme = p.programme
    UNION ALL
    SELECT 'district' AS level, d.district, NULL AS township, p.programme, p.position,
           COALESCE(a.mentors, 0), COALESCE(a.pairs, 0), COALESCE(a.mentees, 0), COALESCE(a.young_mentees, 0),
           COALESCE(a.batches, 0)
    FROM (SELECT DISTINCT district FROM dim_township) d
    CROSS JOIN programmes p
    LEFT JOIN by_district a ON a.district = d.district AND a.programme = p.programme
    UNION ALL
    SELECT 'province' AS level, NULL AS district, NULL AS township, p.programme, p.position,
           COALESCE(a.mentors, 0), COALESCE(a.pairs, 0), COALESCE(a.mentees, 0), COALESCE(a.young_mentees, 0),
           COALESCE(a.batches, 0)
    FROM programmes p
    LEFT JOIN by_province a ON a.programme = p.programme
    WHERE EXISTS (SELECT 1 FROM dim_township)
) summary
