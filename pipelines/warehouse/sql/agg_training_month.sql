-- agg_training_month 的内容（mart_training_attendance 读它）：每个乡镇、培训类型、月份的场次、应到与实到人次、学时。
-- 一场 = 日期 + 主题 + 主讲人；学时每场只计一次（session_hours），学员学时只计出勤（attendee_hours）。
-- t 中的占位符：空时全部重算，或换成一个乡镇的条件（合并后只重算有变化的乡镇）。
WITH t AS (
    SELECT district, township, COALESCE(training_type, '未知') AS training_type,
           SUBSTR(CAST(training_date AS TEXT), 1, 7) AS month,
           CAST(training_date AS TEXT) || '|' || COALESCE(topic, '') || '|' || COALESCE(trainer, '') AS session,
           attendee_key, hours, attendance
    FROM fact_training f
    WHERE 1 = 1 $TOWNSHIP
),
sessions AS (
    SELECT district, township, training_type, month, session, MAX(hours) AS hours
    FROM t GROUP BY district, township, training_type, month, session
),
session_totals AS (
    SELECT district, township, training_type, month, COUNT(*) AS sessions, SUM(hours) AS session_hours
    FROM sessions GROUP BY district, township, training_type, month
),
attendance AS (
    SELECT district, township, training_type, month, COUNT(*) AS enrolled,
           SUM(CASE WHEN attendance = '出勤' THEN 1 ELSE 0 END) AS attended,
           SUM(CASE WHEN attendance IS NULL THEN 1 ELSE 0 END) AS attendance_unknown,
           COUNT(DISTINCT CASE WHEN attendance = '出勤' THEN attendee_key END) AS attendees,
           SUM(CASE WHEN attendance = '出勤' THEN hours ELSE 0 END) AS attendee_hours
    FROM t GROUP BY district, township, training_type, month
)
SELECT a.district, a.township, a.training_type, a.month, s.sessions, a.enrolled, a.attended, a.attendance_unknown,
       a.attendees, s.session_hours, a.attendee_hours
FROM attendance a
JOIN session_totals s ON s.district = a.district AND s.township = a.township
    AND s.training_type = a.training_type AND s.month = a.month
