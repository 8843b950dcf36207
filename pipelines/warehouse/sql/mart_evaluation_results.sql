-- 每个乡镇、每个季度、每种测评结果的对子数（当前文件，截至报告日期所在季度；同一对子同一季度只计一次；
-- 没有干部键的测评各算一个对子）。
-- 数字由合并按乡镇写入 agg_evaluation_result（SQL 见 agg_evaluation_result.sql，全部季度）；此视图按报告日期筛选季度。
WITH p AS (
    SELECT CAST(SUBSTR(CAST(as_of_date AS TEXT), 1, 4) AS INTEGER) * 4
           + (CAST(SUBSTR(CAST(as_of_date AS TEXT), 6, 2) AS INTEGER) + 2) / 3 - 1 AS as_of_quarter
    FROM ref_reporting_period
)
SELECT a.district, a.township, CAST(a.year AS TEXT) || 'Q' || CAST(a.quarter AS TEXT) AS quarter, a.result,
       r.position AS result_position, a.pairs
FROM agg_evaluation_result a
CROSS JOIN p
LEFT JOIN ref_vocabulary r ON r.vocabulary = 'evaluation_result' AND r.value = a.result
WHERE a.year * 4 + a.quarter - 1 <= p.as_of_quarter
