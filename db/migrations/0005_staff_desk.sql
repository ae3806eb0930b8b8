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

-- Statistics: "who wrote" per period and per week, events per kind and period, questions per period.
-- Covering indexes, so the counts read the index alone.
CREATE INDEX inbound_messages_received ON inbound_messages(received_at, contact_id);
DROP INDEX events_kind_at;
CREATE INDEX events_kind_at ON events(kind, at, detail, contact_id);
CREATE INDEX unanswered_asked ON unanswered(asked_at);
