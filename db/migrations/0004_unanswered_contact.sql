-- Tie each unanswered question to the contact who asked it, so that deleting a
-- person's data (/hapusdata) also deletes the questions they typed.
ALTER TABLE unanswered ADD COLUMN contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE;
CREATE INDEX unanswered_contact ON unanswered(contact_id);
