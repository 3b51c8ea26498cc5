-- The reporter's e-mail address, when a channel has one (Open311 clients send `email`); personal
-- data like the name and phone.
ALTER TABLE report ADD COLUMN reporter_email TEXT;
