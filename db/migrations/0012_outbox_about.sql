-- Whom a message is about when it goes to someone else: a staff notice of a new lead, a
-- person's message relayed to the staff member handling it, a lead card shown to staff.
-- /hapusdata deletes these copies with the person's own rows.
ALTER TABLE outbox ADD COLUMN about_contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL;
CREATE INDEX outbox_about ON outbox(about_contact_id) WHERE about_contact_id IS NOT NULL;
