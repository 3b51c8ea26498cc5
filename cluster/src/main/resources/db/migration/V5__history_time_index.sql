-- Reconciliation after a member dies looks up what changed in the last minutes.
CREATE INDEX report_history_at ON report_history (at);
