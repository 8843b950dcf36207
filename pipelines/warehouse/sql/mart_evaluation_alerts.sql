-- 测评提醒：对子最近两次测评为相邻季度且同为优秀（经验交流）或同为不合格（检讨发言）。
-- 同一对子同一季度有多条时取最后一条。季度编号 = 年 × 4 + 季度 − 1。
-- The previous evaluation comes from LEAD over the same window, not a self-join of the ranked rows:
-- one pass, a plan that stays linear at province scale.
WITH ev AS (
    SELECT e.*, e.year * 4 + e.quarter - 1 AS quarter_index,
           ROW_NUMBER() OVER (PARTITION BY district, township, mentor_key, mentee_key, COALESCE(programme, ''),
                                           year, quarter
                              ORDER BY record_id DESC) AS duplicate
    FROM fact_evaluation e
),
ranked AS (
    SELECT ev.*,
           ROW_NUMBER() OVER pair AS recency,
           LEAD(quarter_index) OVER pair AS previous_index,
           LEAD(result) OVER pair AS previous_result,
           LEAD(year) OVER pair AS previous_year,
           LEAD(quarter) OVER pair AS previous_quarter_number
    FROM ev
    WHERE duplicate = 1
    WINDOW pair AS (PARTITION BY district, township, mentor_key, mentee_key, COALESCE(programme, '')
                    ORDER BY quarter_index DESC)
)
SELECT a.district, a.township, a.programme, a.mentor_key, COALESCE(m.name, a.mentor_name) AS mentor_name,
       a.mentee_key, COALESCE(n.name, a.mentee_name) AS mentee_name,
       CAST(a.previous_year AS TEXT) || 'Q' || CAST(a.previous_quarter_number AS TEXT) AS previous_quarter,
       CAST(a.year AS TEXT) || 'Q' || CAST(a.quarter AS TEXT) AS last_quarter, a.result,
       CASE WHEN a.result = '优秀' THEN '经验交流' ELSE '检讨发言' END AS alert, a.file_sha256, a.sheet, a.source_row
FROM ranked a
LEFT JOIN dim_cadre_latest m ON m.cadre_key = a.mentor_key
LEFT JOIN dim_cadre_latest n ON n.cadre_key = a.mentee_key
WHERE a.recency = 1 AND a.quarter_index = a.previous_index + 1 AND a.result = a.previous_result
  AND a.result IN ('优秀', '不合格')
