"""What outreach is, apart from how it is sent: outbox rows, delivery statuses, segments, events."""
