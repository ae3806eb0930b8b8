"""The FAQ follow-up context lives on the contact row: last topic and when it was answered."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bot.app import open_store
from bot.core.clock import WIB
from bot.storage.leads import SqliteLeadStore

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=WIB)


async def test_a_topic_is_recent_until_the_cut_off(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "bot.sqlite3")
    try:
        contact = await store.contact_for("console", "u1")
        assert await store.recent_faq_topic(contact.id, NOW - timedelta(minutes=10)) is None
        await store.remember_faq_topic(contact.id, "jht-cair-kapan", NOW)
        assert await store.recent_faq_topic(contact.id, NOW - timedelta(minutes=10)) == "jht-cair-kapan"
        assert await store.recent_faq_topic(contact.id, NOW + timedelta(seconds=1)) is None
        await store.remember_faq_topic(contact.id, "jkm-santunan", NOW + timedelta(minutes=1))
        assert await store.recent_faq_topic(contact.id, NOW) == "jkm-santunan"
    finally:
        await store.db.close()


async def test_the_topic_is_per_contact_and_erased_with_the_person(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "bot.sqlite3")
    try:
        first = await store.contact_for("console", "u1")
        second = await store.contact_for("console", "u2")
        await store.remember_faq_topic(first.id, "jht-cair-kapan", NOW)
        assert await store.recent_faq_topic(second.id, NOW - timedelta(minutes=10)) is None
        await SqliteLeadStore(store.db).erase_personal_data(first.id)
        row = await store.db.fetchone("SELECT COUNT(*) AS n FROM contacts WHERE last_topic IS NOT NULL")
        assert row is not None and row["n"] == 0
    finally:
        await store.db.close()
