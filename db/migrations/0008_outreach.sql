-- Outreach: consent, a durable inbox and outbox, reminders and broadcasts.
--
-- Times used for scheduling (due_at, lease_until, next_attempt_at) are Unix
-- seconds (REAL): the sender compares them on every claim. Other times are ISO
-- 8601 strings with offset, as elsewhere.

-- Consent to outreach, asked in a clear question at natural moments. Everyone
-- known before this migration has not been asked. BERHENTI (opted_out) always
-- wins over a yes.
ALTER TABLE contacts ADD COLUMN outreach TEXT NOT NULL DEFAULT 'not_asked'
    CHECK (outreach IN ('not_asked', 'yes', 'no'));
ALTER TABLE contacts ADD COLUMN outreach_at TEXT;        -- when they answered
ALTER TABLE contacts ADD COLUMN outreach_asked_at TEXT;  -- when we last asked (we do not nag)

-- What a contact looked at that a campaign may follow up (e.g. 'bpu', 'bpu_transport').
CREATE TABLE contact_interests (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    interest   TEXT NOT NULL,
    first_at   TEXT NOT NULL,
    last_at    TEXT NOT NULL,
    PRIMARY KEY (contact_id, interest)
);

-- Platform events stored before they are acknowledged (a webhook answers 200,
-- polling asks for the next offset, only after the row is committed). A worker
-- hands them to the engine and deletes them: raw events hold personal data.
CREATE TABLE inbound_events (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    event_key   TEXT,                 -- Telegram update_id, hash of a webhook body: redelivery is ignored
    payload     BLOB NOT NULL,
    received_at REAL NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel, event_key)
);

-- Reminders: one row per thing to remind about; each occurrence becomes at most
-- one outbox row (UNIQUE (reminder_id, occurrence) on outbox).
CREATE TABLE reminders (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('bpu_monthly', 'personal', 'rule')),
    contact_id   INTEGER REFERENCES contacts(id) ON DELETE CASCADE,  -- NULL for rules
    topic        TEXT NOT NULL,       -- personal: daftar|bayar; rule: its name (registration_followup, ...)
    detail       TEXT,                -- JSON the reminder's text needs (e.g. the sector for BPU prices)
    due_on       TEXT,                -- personal: the day chosen (YYYY-MM-DD, Asia/Jakarta)
    day_of_month INTEGER CHECK (day_of_month IS NULL OR day_of_month BETWEEN 1 AND 28),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL,
    UNIQUE (kind, contact_id, topic)
);
CREATE UNIQUE INDEX reminders_rule ON reminders(topic) WHERE kind = 'rule';

-- Staff broadcasts: created (draft) and previewed, then sent now or at a time.
CREATE TABLE broadcasts (
    id           INTEGER PRIMARY KEY,
    created_by   TEXT NOT NULL,       -- staff address or "cli"
    created_at   TEXT NOT NULL,
    body         TEXT,                -- the staff's own text (plain; never read as markup)
    template_key TEXT,                -- or a message key under messages/id/outreach/
    segment      TEXT NOT NULL,       -- JSON: {"area": ..., "peran": ..., "sumber": ..., "status": ...}
    channels     TEXT NOT NULL CHECK (channels IN ('telegram', 'whatsapp', 'semua')),
    scheduled_at REAL,                -- Unix seconds; NULL: not yet sent
    state        TEXT NOT NULL DEFAULT 'draft'
                 CHECK (state IN ('draft', 'scheduled', 'sending', 'done', 'cancelled', 'failed')),
    expanded_at  TEXT,
    finished_at  TEXT,
    error        TEXT,
    CHECK ((body IS NULL) != (template_key IS NULL))
);

-- Every outbound message: replies, staff notifications, reminders, broadcasts.
-- state: queued -> sending -> sent | failed | skipped | unknown
--   unknown: a broadcast message whose send may or may not have happened before a
--   crash; it is never resent (a person must not get the same broadcast twice).
CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY,
    channel             TEXT NOT NULL,
    address             TEXT NOT NULL,
    contact_id          INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('reply', 'staff', 'reminder', 'broadcast')),
    priority            INTEGER NOT NULL,        -- 0 live reply, 1 staff, 2 reminder, 3 broadcast
    payload             TEXT NOT NULL,           -- the channel's rendered payload (JSON)
    state               TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'unknown')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     REAL NOT NULL,
    lease_until         REAL,
    provider_message_id TEXT,
    error               TEXT,
    created_at          REAL NOT NULL,
    sent_at             REAL,
    broadcast_id        INTEGER REFERENCES broadcasts(id),
    reminder_id         INTEGER REFERENCES reminders(id) ON DELETE SET NULL,
    occurrence          TEXT,
    part                INTEGER NOT NULL DEFAULT 0,  -- a message too long for one payload has parts
    -- A second copy cannot even be queued: one per (broadcast, person), one per reminder occurrence.
    UNIQUE (broadcast_id, contact_id, part),
    UNIQUE (reminder_id, occurrence, part)
);
CREATE INDEX outbox_queue ON outbox(channel, state, priority, id);
CREATE INDEX outbox_contact ON outbox(contact_id);
CREATE INDEX outbox_provider ON outbox(provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX outbox_broadcast ON outbox(broadcast_id, state) WHERE broadcast_id IS NOT NULL;

-- What providers report about messages we sent (WhatsApp status callbacks), by their id.
-- A report may arrive before the sender has stored that id on the outbox row, so the
-- reports live here and are joined; `rank` keeps a status from ever moving backwards.
CREATE TABLE delivery_reports (
    provider_message_id TEXT PRIMARY KEY,
    status              TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'delivered', 'read')),
    rank                INTEGER NOT NULL,
    error               TEXT,
    updated_at          REAL NOT NULL
);

-- Staff notifications become outbox rows (one per staff destination) once rendered.
ALTER TABLE staff_notifications ADD COLUMN expanded_at TEXT;
ALTER TABLE staff_notifications ADD COLUMN contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE;
-- Rows queued before this migration were either sent or are still owed to the staff chat.
UPDATE staff_notifications SET expanded_at = sent_at WHERE sent_at IS NOT NULL;

-- Jobs the scheduler runs once a day or once a week remember the last period they ran for,
-- so a restart neither repeats nor skips them.
CREATE TABLE job_runs (
    name     TEXT PRIMARY KEY,
    last_key TEXT NOT NULL,         -- e.g. 2026-12-01 (daily), 2026-W49 (weekly)
    ran_at   TEXT NOT NULL
);
