-- 每人一行：当前版本，或已不在任何花名册中时的最后版本。One row per real person: the latest version.
-- An anti-join, not a window: PostgreSQL flattens it into the query that joins it, by cadre_key.
-- The columns are dim_cadre's, in its order (tests/warehouse/test_marts.py holds them in step).
SELECT d.cadre_version_id, d.cadre_key, d.name, d.gender, d.ethnicity, d.birth_date, d.id_masked, d.political_status,
       d.party_join_date, d.education, d.work_start_date, d.unit, d.post, d.rank, d.category,
       d.party_application_date, d.township_key, d.district, d.township, d.valid_from, d.valid_to, d.is_current,
       d.record_id, d.file_sha256, d.sheet, d.source_row
FROM dim_cadre d
WHERE NOT EXISTS (
    SELECT 1 FROM dim_cadre later
    WHERE later.cadre_key = d.cadre_key
      AND (later.valid_from > d.valid_from
           OR (later.valid_from = d.valid_from AND later.cadre_version_id > d.cadre_version_id))
)
