-- Contacts, their channel addresses, conversation state, the inbound log,
-- the audit trail and unanswered questions.
-- Times are ISO 8601 strings with offset (e.g. 2026-11-23T10:00:00+07:00).

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    created_at   TEXT NOT NULL,
    display_name TEXT,
    opted_out    INTEGER NOT NULL DEFAULT 0 CHECK (opted_out IN (0, 1)),
    opted_out_at TEXT,
    source       TEXT,              -- campaign code of the first deep link
    reachable    INTEGER NOT NULL DEFAULT 1 CHECK (reachable IN (0, 1))
);

-- One contact may be reachable on several channels.
CREATE TABLE contact_addresses (
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (channel, address)
);
CREATE INDEX contact_addresses_contact ON contact_addresses(contact_id);

CREATE TABLE conversation_state (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    flow       TEXT NOT NULL,
    step       TEXT NOT NULL,
    data       TEXT NOT NULL,      -- JSON of FlowState
    updated_at TEXT NOT NULL
);

-- Every inbound message, with personal data masked. A provider message id is
-- unique per channel, so a duplicate delivery is recognised and answered once.
CREATE TABLE inbound_messages (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    external_id TEXT,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    received_at TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('text', 'button', 'contact')),
    body        TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbound_messages_contact ON inbound_messages(contact_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE INDEX events_kind_at ON events(kind, at);

CREATE TABLE unanswered (
    id       INTEGER PRIMARY KEY,
    text     TEXT NOT NULL,
    channel  TEXT NOT NULL,
    asked_at TEXT NOT NULL
);
