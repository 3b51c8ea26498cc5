-- Place files (issue 26): the city's named streets and points that an admin activated, kept as
-- district layers are (V7) so every node, and every node started later, suggests from the same
-- version: the same columns, key and index. The newest activation is the active file.
CREATE TABLE place_file (LIKE district_layer INCLUDING ALL);
