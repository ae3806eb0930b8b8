-- Leads, second shape: one owner per NIK and a follow-up status for staff.
--
-- * A lead never moves from one contact to another. When a NIK already belongs
--   to another contact's lead, the new attempt is its own lead with
--   verification = 'needed' (staff see both side by side, matched on nik).
-- * status is the staff follow-up: new -> contacted -> registered | declined | unreachable
--   (baru, dihubungi, terdaftar, tidak jadi, tidak bisa dihubungi), with the
--   staff member handling it and a note.
-- * opt_out_markers keeps "never write to me" after a person erased their data:
--   only a keyed hash of the channel address, nothing that identifies them.
--
-- SQLite cannot change a CHECK constraint in place, so `leads` is rebuilt. Its
-- one dependant, staff_notifications, is set aside first: dropping `leads` while
-- a table references it would cascade-delete the notifications.

CREATE TABLE leads_v2 (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT NOT NULL UNIQUE,      -- e.g. BLT-2026-000123
    contact_id          INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    role                TEXT NOT NULL CHECK (role IN ('employee', 'owner', 'self_employed')),
    name                TEXT NOT NULL,
    nik                 TEXT NOT NULL,             -- 16 digits; shown in full to staff only
    phone               TEXT NOT NULL,             -- E.164, +62...
    area                TEXT NOT NULL,             -- kota_blitar, kab_blitar, tulungagung, trenggalek, other
    area_other          TEXT,
    business_name       TEXT,
    sector              TEXT,
    employees           INTEGER CHECK (employees IS NULL OR employees >= 0),
    employees_registered TEXT CHECK (employees_registered IS NULL OR employees_registered IN ('yes', 'no', 'unknown')),
    employer_name       TEXT,
    employer_registered TEXT CHECK (employer_registered IS NULL OR employer_registered IN ('yes', 'no', 'unknown')),
    occupation          TEXT,
    income              INTEGER CHECK (income IS NULL OR income > 0),
    programs            TEXT CHECK (programs IS NULL OR programs IN ('jkk_jkm', 'jkk_jkm_jht')),
    employer_lead       INTEGER NOT NULL DEFAULT 0 CHECK (employer_lead IN (0, 1)),
    contact_time        TEXT NOT NULL,
    source              TEXT,
    status              TEXT NOT NULL DEFAULT 'new'
                        CHECK (status IN ('new', 'contacted', 'registered', 'declined', 'unreachable')),
    verification        TEXT NOT NULL DEFAULT 'ok' CHECK (verification IN ('ok', 'needed')),
    assigned_to         TEXT,                      -- staff address handling it, e.g. telegram:123
    note                TEXT,                      -- last staff note
    status_changed_at   TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

INSERT INTO leads_v2 (
    id, reference, contact_id, role, name, nik, phone, area, area_other, business_name, sector, employees,
    employees_registered, employer_name, employer_registered, occupation, income, programs, employer_lead,
    contact_time, source, status, verification, created_at, updated_at
)
SELECT
    id, reference, contact_id, role, name, nik, phone, area, area_other, business_name, sector, employees,
    employees_registered, employer_name, employer_registered, occupation, income, programs, employer_lead,
    contact_time, source,
    CASE status WHEN 'contacted' THEN 'contacted' WHEN 'closed' THEN 'registered' ELSE 'new' END,
    -- Under the old rule a second contact typing a known NIK took the lead over; such rows
    -- cannot be told apart any more, so nothing is flagged here.
    'ok', created_at, updated_at
FROM leads;

CREATE TABLE staff_notifications_hold AS SELECT * FROM staff_notifications;
DROP TABLE staff_notifications;
DROP TABLE leads;
ALTER TABLE leads_v2 RENAME TO leads;

CREATE INDEX leads_contact ON leads(contact_id);
CREATE INDEX leads_nik ON leads(nik);
CREATE INDEX leads_created ON leads(created_at);
CREATE INDEX leads_status ON leads(status, created_at);

CREATE TABLE staff_notifications (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    lead_id    INTEGER REFERENCES leads(id) ON DELETE CASCADE
);
INSERT INTO staff_notifications (id, kind, payload, created_at, sent_at, lead_id)
SELECT id, kind, payload, created_at, sent_at, lead_id FROM staff_notifications_hold;
DROP TABLE staff_notifications_hold;
CREATE INDEX staff_notifications_unsent ON staff_notifications(sent_at) WHERE sent_at IS NULL;

-- "Never write to me", kept after erasure: HMAC-SHA256(key, channel || ':' || address), hex.
CREATE TABLE opt_out_markers (
    address_hash TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL
);
