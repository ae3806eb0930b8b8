-- Requests to talk with a person at the branch ("PETUGAS"), and who took them.
-- One open request per person at a time: asking again does not alert staff again.
-- A staff member who takes it talks with the person through the bot until they end
-- it or 24 hours pass without a message; meanwhile the bot stays silent for the person.
CREATE TABLE human_requests (
    id               INTEGER PRIMARY KEY,
    contact_id       INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel          TEXT NOT NULL,               -- where the person wrote from
    address          TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'closed')),
    taken_by         TEXT,                        -- staff address, e.g. telegram:123
    opened_at        TEXT NOT NULL,
    taken_at         TEXT,
    last_activity_at TEXT NOT NULL,
    closed_at        TEXT,
    closed_reason    TEXT                         -- staff, silence, erased
);
CREATE UNIQUE INDEX human_requests_one_open ON human_requests(contact_id) WHERE state != 'closed';
CREATE INDEX human_requests_staff ON human_requests(taken_by) WHERE state = 'taken';
