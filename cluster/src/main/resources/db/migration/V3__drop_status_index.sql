-- Every index is paid on every insert, and intake is the hot path. Status alone selects a large
-- share of the table (most reports are new or closed); listings filter by district and time
-- first, which the district index serves.
DROP INDEX report_status;
