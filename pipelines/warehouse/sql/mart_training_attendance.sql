-- 培训出勤：每个乡镇、培训类型、月份的场次、应到与实到人次、出勤率与学时。
-- 数字由合并写入 agg_training_month（只重算有变化的乡镇，SQL 见 agg_training_month.sql）。
SELECT district, township, training_type, month, sessions, enrolled, attended, attendance_unknown, attendees,
       CASE WHEN enrolled > attendance_unknown
            THEN ROUND(1.0 * attended / (enrolled - attendance_unknown), 4) END AS attendance_rate,
       session_hours, attendee_hours
FROM agg_training_month
