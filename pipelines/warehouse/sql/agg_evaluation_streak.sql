-- agg_evaluation_streak 的内容（mart_evaluation_alert_history 读它）：每个对子、每个季度的提醒，不只是最近一次。
-- files 中的占位符：空时全部重算，或换成一个乡镇的条件（合并后只重算有变化的乡镇）。
-- 测评取自每个文件的最新版本（rec_evaluation），文件后来从文件夹中移走也保留；
-- 同一对子同一季度有多条时，取最近收到的一条。季度编号 = 年 × 4 + 季度 − 1。
-- 导师或培养对象没有干部键的测评无法认定对子，不计入。
WITH p AS (
    SELECT CAST(SUBSTR(CAST(as_of_date AS TEXT), 1, 4) AS INTEGER) * 4
           + (CAST(SUBSTR(CAST(as_of_date AS TEXT), 6, 2) AS INTEGER) + 2) / 3 - 1 AS as_of_quarter
    FROM ref_reporting_period
),
files AS (
    SELECT manifest_id, received_at,
           ROW_NUMBER() OVER (PARTITION BY township_key, kind, relative_path
                              ORDER BY received_at DESC, manifest_id DESC) AS file_version
    FROM etl_manifest f WHERE kind = 'evaluations' $TOWNSHIP
),
ev AS (
    SELECT r.record_id, r.district, r.township, COALESCE(r.programme, '') AS programme_key, r.programme,
           r.mentor_key, r.mentor_name, r.mentee_key, r.mentee_name, r.year, r.quarter, r.result,
           r.file_sha256, r.sheet, r.source_row, r.year * 4 + r.quarter - 1 AS quarter_index,
           ROW_NUMBER() OVER (PARTITION BY r.district, r.township, r.mentor_key, r.mentee_key,
                                           COALESCE(r.programme, ''), r.year, r.quarter
                              ORDER BY f.received_at DESC, r.record_id DESC) AS duplicate
    FROM rec_evaluation r JOIN files f ON f.manifest_id = r.manifest_id AND f.file_version = 1
    CROSS JOIN p
    WHERE r.year * 4 + r.quarter - 1 <= p.as_of_quarter AND r.mentor_key IS NOT NULL AND r.mentee_key IS NOT NULL
),
islands AS (
    SELECT ev.*,
           quarter_index - ROW_NUMBER() OVER (PARTITION BY district, township, mentor_key, mentee_key, programme_key,
                                                           result ORDER BY quarter_index) AS island,
           MAX(quarter_index) OVER (PARTITION BY district, township, mentor_key, mentee_key, programme_key) AS pair_last
    FROM ev WHERE duplicate = 1
),
streaks AS (
    SELECT islands.*,
           ROW_NUMBER() OVER (PARTITION BY district, township, mentor_key, mentee_key, programme_key, result, island
                              ORDER BY quarter_index) AS streak_length,
           MIN(quarter_index) OVER (PARTITION BY district, township, mentor_key, mentee_key, programme_key, result,
                                                 island) AS streak_start
    FROM islands
)
SELECT s.district, s.township, s.record_id, s.programme, s.mentor_key, s.mentor_name, s.mentee_key, s.mentee_name,
       CAST(s.year AS TEXT) || 'Q' || CAST(s.quarter AS TEXT) AS quarter,
       CAST(s.streak_start / 4 AS TEXT) || 'Q' || CAST(s.streak_start - (s.streak_start / 4) * 4 + 1 AS TEXT)
           AS streak_start,
       s.streak_length, s.result, CASE WHEN s.quarter_index = s.pair_last THEN 1 ELSE 0 END AS is_latest,
       s.file_sha256, s.sheet, s.source_row
FROM streaks s
WHERE s.streak_length >= 2 AND s.result IN ('优秀', '不合格')
