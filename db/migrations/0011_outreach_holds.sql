-- A spam or policy block from the platform (WhatsApp 131048, 368, ...) stops outreach on that
-- channel for hours. It is kept here, not only in the sender's memory, so that a restart (a
-- deploy, a crash, an impatient officer) does not resume broadcasts straight into the block
-- and risk the number. Replies are never held.
CREATE TABLE outreach_holds (
    channel TEXT PRIMARY KEY,
    until REAL NOT NULL,          -- unix time; outreach may go again from then
    reason TEXT NOT NULL,
    held_at REAL NOT NULL
);
