-- agg_evaluation_result 的内容（mart_evaluation_results 读它）：每个乡镇、每个季度、每种测评结果的对子数，
-- 全部季度（报告日期在视图中筛选，所以此表不随报告日期重算）。同一对子同一季度只计最后一条；
-- 没有干部键的测评各算一个对子。ev 中的占位符：空时全部重算，或换成一个乡镇的条件（合并后只重算有变化的乡镇）。
WITH ev AS (
    SELECT f.district, f.township, f.year, f.quarter, f.result,
           ROW_NUMBER() OVER (PARTITION BY f.district, f.township,
                                           COALESCE(f.mentor_key, CAST(f.record_id AS TEXT)),
                                           COALESCE(f.mentee_key, CAST(f.record_id AS TEXT)),
                                           COALESCE(f.programme, ''), f.year, f.quarter
                              ORDER BY f.record_id DESC) AS duplicate
    FROM fact_evaluation f
    WHERE 1 = 1 $TOWNSHIP
)
SELECT district, township, year, quarter, result, COUNT(*) AS pairs
FROM ev
WHERE duplicate = 1
GROUP BY district, township, year, quarter, result
