-- 每个对子、每个季度的经验交流 / 检讨发言提醒，不只是最近一次。
-- 测评取自每个文件的最新版本（rec_evaluation），文件后来从文件夹中移走也保留；
-- 同一对子同一季度有多条时，取最近收到的一条。季度编号 = 年 × 4 + 季度 − 1。
-- 导师或培养对象没有干部键的测评无法认定对子，不计入。
-- 连续段由合并与报告日期的变化写入 agg_evaluation_streak（SQL 见 agg_evaluation_streak.sql），姓名在此关联。
SELECT s.district, s.township, s.programme, s.mentor_key, COALESCE(m.name, s.mentor_name) AS mentor_name,
       s.mentee_key, COALESCE(n.name, s.mentee_name) AS mentee_name, s.quarter, s.streak_start, s.streak_length,
       s.result, CASE WHEN s.result = '优秀' THEN '经验交流' ELSE '检讨发言' END AS alert, s.is_latest,
       CASE WHEN EXISTS (SELECT 1 FROM fact_evaluation e WHERE e.record_id = s.record_id) THEN 1 ELSE 0 END
           AS in_current_files,
       s.file_sha256, s.sheet, s.source_row
FROM agg_evaluation_streak s
LEFT JOIN dim_cadre_latest m ON m.cadre_key = s.mentor_key
LEFT JOIN dim_cadre_latest n ON n.cadre_key = s.mentee_key
