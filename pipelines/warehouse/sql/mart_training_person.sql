-- 每人、每种培训、每个报送周期的出勤；分母 = 本乡镇举办、名单上有此人的场次（出勤、请假或缺勤），
-- 出勤未填的场次不计入出勤率。A person without a cadre key is told apart by name.
-- 数字、当前姓名与脱敏身份证号由合并和报告日期的变化写入 agg_training_person（SQL 见 agg_training_person.sql）：
-- 此视图只读这一张表（不关联 dim_cadre_latest）。
SELECT a.district, a.township, a.training_type, a.period, a.attendee_key, a.id_masked,
       COALESCE(a.cadre_name, a.attendee_name) AS name, a.sessions_held, a.sessions_expected, a.attended, a.excused,
       a.absent, a.attendance_unknown,
       CASE WHEN a.sessions_expected > a.attendance_unknown
            THEN ROUND(1.0 * a.attended / (a.sessions_expected - a.attendance_unknown), 4) END AS attendance_rate,
       a.hours_attended
FROM agg_training_person a
