-- Whether the caller agreed to be called back (a call-taker asks); null when nobody asked.
ALTER TABLE report ADD COLUMN reporter_callback BOOLEAN;
