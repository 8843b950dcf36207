-- agg_training_person 的内容（mart_training_person 读它）：每人、每种培训、每个报送周期的出勤；
-- 分母 = 本乡镇举办、名单上有此人的场次（出勤、请假或缺勤）。A person without a cadre key is told apart by name.
-- t 中的占位符：空时全部重算，或换成一个乡镇的条件（合并后只重算有变化的乡镇）。
-- 当前姓名与脱敏身份证号也存在此表：合并改动某人的花名册记录时，aggregates.follow_names 更新其各乡镇的行。
WITH p AS (
    SELECT period, CAST(REPLACE(SUBSTR(CAST(as_of_date AS TEXT), 1, 10), '-', '') AS INTEGER) AS as_of
    FROM ref_reporting_period
),
t AS (
    SELECT f.district, f.township, COALESCE(f.training_type, '未知') AS training_type,
           CASE WHEN p.period = 'month' THEN SUBSTR(CAST(f.training_date AS TEXT), 1, 7)
                ELSE SUBSTR(CAST(f.training_date AS TEXT), 1, 4) || 'Q'
                     || CAST((CAST(SUBSTR(CAST(f.training_date AS TEXT), 6, 2) AS INTEGER) + 2) / 3 AS TEXT)
           END AS period,
           CAST(f.training_date AS TEXT) || '|' || COALESCE(f.topic, '') || '|' || COALESCE(f.trainer, '') AS session,
           COALESCE(f.attendee_key, '姓名:' || f.attendee_name) AS person, f.attendee_key, f.attendee_name,
           f.attendance, f.hours
    FROM fact_training f CROSS JOIN p
    WHERE CAST(REPLACE(SUBSTR(CAST(f.training_date AS TEXT), 1, 10), '-', '') AS INTEGER) <= p.as_of $TOWNSHIP
),
held AS (
    SELECT district, township, training_type, period, COUNT(DISTINCT session) AS sessions_held
    FROM t GROUP BY district, township, training_type, period
),
person AS (
    SELECT district, township, training_type, period, person, MAX(attendee_key) AS attendee_key,
           MAX(attendee_name) AS attendee_name,
           COUNT(DISTINCT session) AS sessions_expected,
           COUNT(DISTINCT CASE WHEN attendance = '出勤' THEN session END) AS attended,
           COUNT(DISTINCT CASE WHEN attendance = '请假' THEN session END) AS excused,
           COUNT(DISTINCT CASE WHEN attendance = '缺勤' THEN session END) AS absent,
           COUNT(DISTINCT CASE WHEN attendance IS NULL THEN session END) AS attendance_unknown,
           SUM(CASE WHEN attendance = '出勤' THEN hours ELSE 0 END) AS hours_attended
    FROM t GROUP BY district, township, training_type, period, person
)
SELECT a.district, a.township, a.training_type, a.period, a.attendee_key, a.attendee_name, h.sessions_held,
       a.sessions_expected, a.attended, a.excused, a.absent, a.attendance_unknown, a.hours_attended,
       c.id_masked, c.name AS cadre_name
FROM person a
JOIN held h ON h.district = a.district AND h.township = a.township AND h.training_type = a.training_type
    AND h.period = a.period
LEFT JOIN dim_cadre_latest c ON c.cadre_key = a.attendee_key
