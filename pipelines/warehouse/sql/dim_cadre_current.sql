-- 每位干部的当前版本（is_current），一人一行。The current version of every cadre still in some current roster.
-- The columns are dim_cadre's, in its order (tests/warehouse/test_marts.py holds them in step).
SELECT cadre_version_id, cadre_key, name, gender, ethnicity, birth_date, id_masked, political_status, party_join_date,
       education, work_start_date, unit, post, rank, category, party_application_date, township_key, district,
       township, valid_from, valid_to, is_current, record_id, file_sha256, sheet, source_row
FROM dim_cadre
WHERE is_current
