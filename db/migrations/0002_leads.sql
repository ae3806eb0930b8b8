-- Registration interest (issue 5): leads staff call back, drafts of abandoned
-- registrations, and notifications for the staff Telegram chat.
-- Times are ISO 8601 strings with offset, as in 0001.

-- One lead per person: registering again (same contact, or same NIK) updates it.
CREATE TABLE leads (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT NOT NULL UNIQUE,      -- e.g. BLT-2026-000123
    contact_id          INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    role                TEXT NOT NULL CHECK (role IN ('employee', 'owner', 'self_employed')),
    name                TEXT NOT NULL,
    nik                 TEXT NOT NULL,             -- 16 digits; masked everywhere but the staff export
    phone               TEXT NOT NULL,             -- E.164, +62...
    area                TEXT NOT NULL,             -- kota_blitar, kab_blitar, tulungagung, trenggalek, other
    area_other          TEXT,                      -- free text when area = 'other'
    -- business owner
    business_name       TEXT,
    sector              TEXT,
    employees           INTEGER CHECK (employees IS NULL OR employees >= 0),
    employees_registered TEXT CHECK (employees_registered IS NULL OR employees_registered IN ('yes', 'no', 'unknown')),
    -- employee
    employer_name       TEXT,
    employer_registered TEXT CHECK (employer_registered IS NULL OR employer_registered IN ('yes', 'no', 'unknown')),
    -- self-employed
    occupation          TEXT,
    income              INTEGER CHECK (income IS NULL OR income > 0),   -- approximate monthly, rupiah
    programs            TEXT CHECK (programs IS NULL OR programs IN ('jkk_jkm', 'jkk_jkm_jht')),
    -- flags and follow-up
    employer_lead       INTEGER NOT NULL DEFAULT 0 CHECK (employer_lead IN (0, 1)),
    contact_time        TEXT NOT NULL CHECK (contact_time IN ('pagi', 'siang', 'sore', 'any')),
    source              TEXT,                      -- campaign code of the deep link, if any
    status              TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'updated', 'contacted', 'closed')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX leads_contact ON leads(contact_id);
CREATE INDEX leads_nik ON leads(nik);
CREATE INDEX leads_created ON leads(created_at);

-- A registration left before the end (BATAL, another flow, opt-out): the step
-- reached, so a later follow-up reminder can pick it up. No NIK or phone here.
-- Recorded only after consent; removed when the registration is completed.
CREATE TABLE registration_drafts (
    contact_id   INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    step         TEXT NOT NULL,
    role         TEXT,
    source       TEXT,
    abandoned_at TEXT NOT NULL,
    reminded_at  TEXT                               -- set by the follow-up job
);

-- Messages for the staff chat. The Telegram channel sends unsent rows by
-- rendering the template named in `kind` ("registration/staff_new_lead") with
-- the JSON payload as context, then sets sent_at. Payloads carry NIK masked only.
CREATE TABLE staff_notifications (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    lead_id    INTEGER REFERENCES leads(id) ON DELETE CASCADE
);
CREATE INDEX staff_notifications_unsent ON staff_notifications(sent_at) WHERE sent_at IS NULL;
