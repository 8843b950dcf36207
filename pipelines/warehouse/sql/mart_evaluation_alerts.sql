-- 测评提醒：对子最近两次测评为相邻季度且同为优秀（经验交流）或同为不合格（检讨发言）。
-- 同一对子同一季度有多条时取最后一条。对子由合并写入 agg_evaluation_alert（只重算有变化的乡镇，
-- SQL 见 agg_evaluation_alert.sql），姓名在此关联。
SELECT a.district, a.township, a.programme, a.mentor_key, COALESCE(m.name, a.mentor_name) AS mentor_name,
       a.mentee_key, COALESCE(n.name, a.mentee_name) AS mentee_name, a.previous_quarter, a.last_quarter, a.result,
       CASE WHEN a.result = '优秀' THEN '经验交流' ELSE '检讨发言' END AS alert, a.file_sha256, a.sheet, a.source_row
FROM agg_evaluation_alert a
LEFT JOIN dim_cadre_latest m ON m.cadre_key = a.mentor_key
LEFT JOIN dim_cadre_latest n ON n.cadre_key = a.mentee_key
