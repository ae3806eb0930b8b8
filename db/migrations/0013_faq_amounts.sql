-- The sums of money a contact named in recent FAQ questions, by what they are (a wage, a
-- contract's value, a JHT balance, dues owed), and when: "gaji saya 3,4 juta" followed by
-- "BPJS TK motong berapa?" is answered for that wage. Only the numbers are kept, never the
-- text; they frame follow-ups for FAQ_CONTEXT_TTL, the daily retention job blanks older ones,
-- and erasing a person's data erases the row.
ALTER TABLE contacts ADD COLUMN last_amounts TEXT;
ALTER TABLE contacts ADD COLUMN last_amounts_at TEXT;
