-- 每个乡镇、每个季度、每种测评结果的对子数（当前文件，截至报告日期所在季度；同一对子同一季度只计一次；
-- 没有干部键的测评各算一个对子）。
WITH p AS (
    SELECT CAST(SUBSTR(CAST(as_of_date AS TEXT), 1, 4) AS INTEGER) * 4
           + (CAST(SUBSTR(CAST(as_of_date AS TEXT), 6, 2) AS INTEGER) + 2) / 3 - 1 AS as_of_quarter
    FROM ref_reporting_period
),
ev AS (
    SELECT e.district, e.township, e.year, e.quarter, e.result,
           ROW_NUMBER() OVER (PARTITION BY e.district, e.township,
                                           COALESCE(e.mentor_key, CAST(e.record_id AS TEXT)),
                                           COALESCE(e.mentee_key, CAST(e.record_id AS TEXT)),
                                           COALESCE(e.programme, ''), e.year, e.quarter
                              ORDER BY e.record_id DESC) AS duplicate
    FROM fact_evaluation e CROSS JOIN p
    WHERE e.year * 4 + e.quarter - 1 <= p.as_of_quarter
)
SELECT ev.district, ev.township, CAST(ev.year AS TEXT) || 'Q' || CAST(ev.quarter AS TEXT) AS quarter, ev.result,
       MIN(r.position) AS result_position, COUNT(*) AS pairs
FROM ev LEFT JOIN ref_vocabulary r ON r.vocabulary = 'evaluation_result' AND r.value = ev.result
WHERE ev.duplicate = 1
GROUP BY ev.district, ev.township, ev.year, ev.quarter, ev.result
