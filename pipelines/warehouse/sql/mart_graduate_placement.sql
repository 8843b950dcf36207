-- 选调生安置：每个区县的总数、在街道/乡镇、科级、政治面貌与一年内调动，由 mart_graduate_placement_detail 汇总。
SELECT district, COUNT(*) AS total, SUM(in_street_office) AS in_street_offices,
       SUM(in_township_office) AS in_township_offices, SUM(section_level) AS at_section_level,
       SUM(CASE WHEN party_status = 'member' THEN 1 ELSE 0 END) AS party_members,
       SUM(joined_before_work) AS joined_before_work,
       SUM(CASE WHEN party_status = 'member' AND joined_before_work = 0 THEN 1 ELSE 0 END) AS joined_after_work,
       SUM(CASE WHEN party_status = 'applied' THEN 1 ELSE 0 END) AS applied,
       SUM(CASE WHEN party_status = 'neither' THEN 1 ELSE 0 END) AS neither,
       SUM(CASE WHEN party_status = 'unknown' THEN 1 ELSE 0 END) AS party_status_unknown,
       SUM(CASE WHEN section_level IS NULL THEN 1 ELSE 0 END) AS rank_unknown,
       SUM(transferred_within_year) AS transferred_within_year
FROM mart_graduate_placement_detail
GROUP BY district
