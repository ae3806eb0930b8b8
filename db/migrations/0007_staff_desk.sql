-- Staff desk (issue 13): the follow-up history of each lead, the staff audit log,
-- and indexes for the statistics. Times are ISO 8601 strings in WIB, as in 0001.

-- Every follow-up change: status (old -> new, equal when only the note changed) and note.
-- Deleted with the lead when the person erases their data.
CREATE TABLE lead_history (
    id         INTEGER PRIMARY KEY,
    lead_id    INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,                 -- staff address (telegram:123) or cli:<user>
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL,
    note       TEXT
);
CREATE INDEX lead_history_lead ON lead_history(lead_id, id);

-- Who did what, when: views, status changes, exports, broadcasts, takeovers.
-- `target` is a lead reference or empty; `detail` never holds a full NIK or phone number.
CREATE TABLE staff_audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_audit_at ON staff_audit(at);

-- Statistics (bot/storage/stats.py): covering indexes, so each count reads one index and
-- groups in its order. They replace narrower indexes with the same leading columns.
-- Who wrote in a period, per contact (EXISTS) and per week (a range of received_at):
DROP INDEX inbound_messages_contact;
CREATE INDEX inbound_messages_contact ON inbound_messages(contact_id, received_at);
CREATE INDEX inbound_messages_received ON inbound_messages(received_at, contact_id);
-- People per campaign:
CREATE INDEX contacts_source ON contacts(source);
-- Questions and flow starts per period:
DROP INDEX events_kind_at;
CREATE INDEX events_kind_at ON events(kind, at, detail, contact_id);
CREATE INDEX unanswered_asked ON unanswered(asked_at, contact_id);
-- Leads per period, status, area, role and campaign (also serves the newest-first listing):
DROP INDEX leads_created;
CREATE INDEX leads_created ON leads(created_at, status, area, role, source);
