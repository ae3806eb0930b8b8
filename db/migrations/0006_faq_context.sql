-- The FAQ topic a contact was last answered on, and when, so a follow-up such as
-- "kalau buat istri saya?" can be read against it for a few minutes. Kept on the
-- contact row, so erasing a person's data erases it too.
ALTER TABLE contacts ADD COLUMN last_topic TEXT;
ALTER TABLE contacts ADD COLUMN last_topic_at TEXT;
