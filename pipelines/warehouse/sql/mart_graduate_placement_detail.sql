-- 选调生明细：每位当前选调生一行。One row per selected graduate (选调生) in a current roster.
-- 科级与党员按词表（ref_vocabulary：section_level_ranks、party_members）判断；
-- 一年内调动 = dim_cadre 历史中，安置后不满一年乡镇或单位有变化（yyyymmdd 整数 + 10000 = 一年后）。
WITH moves AS (
    SELECT cadre_key, valid_from, township_key, unit,
           LAG(township_key) OVER (PARTITION BY cadre_key ORDER BY valid_from, cadre_version_id)
               AS previous_township_key,
           LAG(unit) OVER (PARTITION BY cadre_key ORDER BY valid_from, cadre_version_id) AS previous_unit
    FROM dim_cadre
),
early AS (
    SELECT DISTINCT m.cadre_key
    FROM moves m
    JOIN dim_cadre_current g ON g.cadre_key = m.cadre_key
    WHERE m.previous_township_key IS NOT NULL
      AND (m.township_key <> m.previous_township_key OR m.unit <> m.previous_unit)
      AND CAST(REPLACE(SUBSTR(CAST(m.valid_from AS TEXT), 1, 10), '-', '') AS INTEGER)
          < CAST(REPLACE(SUBSTR(CAST(g.work_start_date AS TEXT), 1, 10), '-', '') AS INTEGER) + 10000
),
graduates AS (
    SELECT g.*,
           EXISTS (SELECT 1 FROM ref_vocabulary r
                   WHERE r.vocabulary = 'party_members' AND r.value = g.political_status) AS is_member
    FROM dim_cadre_current g
    WHERE g.category = '选调生'
)
SELECT g.district, g.township, t.township_type, g.cadre_key, g.id_masked, g.name, g.unit, g.post, g.rank,
       g.work_start_date,
       CASE WHEN t.township_type = '街道办事处' THEN 1 ELSE 0 END AS in_street_office,
       CASE WHEN t.township_type = '乡镇' THEN 1 ELSE 0 END AS in_township_office,
       CASE WHEN g.rank IS NULL THEN NULL
            WHEN EXISTS (SELECT 1 FROM ref_vocabulary r WHERE r.vocabulary = 'section_level_ranks' AND r.value = g.rank)
            THEN 1 ELSE 0 END AS section_level,
       CASE WHEN g.political_status IS NULL THEN 'unknown'
            WHEN g.is_member THEN 'member'
            WHEN g.party_application_date IS NOT NULL THEN 'applied'
            ELSE 'neither' END AS party_status,
       CASE WHEN NOT g.is_member THEN 0
            WHEN g.party_join_date IS NULL OR g.work_start_date IS NULL THEN NULL
            WHEN g.party_join_date < g.work_start_date THEN 1 ELSE 0 END AS joined_before_work,
       CASE WHEN e.cadre_key IS NOT NULL THEN 1 ELSE 0 END AS transferred_within_year
FROM graduates g
LEFT JOIN dim_township t ON t.township_key = g.township_key
LEFT JOIN early e ON e.cadre_key = g.cadre_key
