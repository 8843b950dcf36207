-- agg_evaluation_alert 的内容（mart_evaluation_alerts 读它）：对子最近两次测评为相邻季度且同为优秀或同为不合格。
-- ev 中的占位符：空时全部重算，或换成一个乡镇的条件（合并后只重算有变化的乡镇）。
-- 同一对子同一季度有多条时取最后一条。季度编号 = 年 × 4 + 季度 − 1。
-- The previous evaluation comes from LEAD over the same window, not a self-join of the ranked rows:
-- one pass, a plan that stays linear at province scale.
WITH ev AS (
    SELECT f.*, f.year * 4 + f.quarter - 1 AS quarter_index,
           ROW_NUMBER() OVER (PARTITION BY district, township, mentor_key, mentee_key, COALESCE(programme, ''),
                                           year, quarter
                              ORDER BY record_id DESC) AS duplicate
    FROM fact_evaluation f
    WHERE 1 = 1 $TOWNSHIP
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
SELECT a.district, a.township, a.programme, a.mentor_key, a.mentor_name, a.mentee_key, a.mentee_name,
       CAST(a.previous_year AS TEXT) || 'Q' || CAST(a.previous_quarter_number AS TEXT) AS previous_quarter,
       CAST(a.year AS TEXT) || 'Q' || CAST(a.quarter AS TEXT) AS last_quarter, a.result,
       a.file_sha256, a.sheet, a.source_row
FROM ranked a
WHERE a.recency = 1 AND a.quarter_index = a.previous_index + 1 AND a.result = a.previous_result
  AND a.result IN ('优秀', '不合格')
