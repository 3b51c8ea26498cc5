-- Who filed each report: the subject of the token that submitted it (a staff member, a tablet or
-- an intake system, never a resident). A patroller may report anywhere and attach photos to what
-- they filed, also outside their districts. Reports stored before this migration stay null.
ALTER TABLE report ADD COLUMN submitted_by VARCHAR(200);
