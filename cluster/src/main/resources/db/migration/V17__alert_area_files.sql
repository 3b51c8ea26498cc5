-- Alert-area files (issue 28): the Home Front Command's alert areas an admin activated, kept as
-- district layers (V7) and place files (V12) are, so every node, and every node started later,
-- uses the same version: the same columns, key and index. The newest activation is the active file.
CREATE TABLE alert_area_file (LIKE district_layer INCLUDING ALL);
