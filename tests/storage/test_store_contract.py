"""The store contract: one suite, run against the SQLite stores and the in-memory fake.

Whatever the engine and flows rely on is stated here once. If the fake drifts from
SQLite (or SQLite from the promise), one of the two parametrised runs fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.core.clock import WIB
from bot.core.flows.registration.ports import MAX_LEAD_NOTICES_PER_DAY, LeadInput, LeadStore, PersonalDataStore
from bot.core.models import FlowState, Inbound
from bot.core.ports import ConversationStore
from bot.storage.address_key import AddressHasher
from bot.storage.memory import MemoryStore
from bot.storage.stores import Stores, open_stores

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
NIK = "3572015708850004"
NAME = "Siti Rahayu Wulandari"


class LeadsAndData(LeadStore, PersonalDataStore):
    """What the registration flows and /datasaya, /hapusdata need (typing only)."""


@dataclass
class Subject:
    kind: str
    conversations: ConversationStore
    leads: LeadStore
    personal: PersonalDataStore
    sqlite: Stores | None = None

    async def holds(self, needle: str) -> bool:
        """Does anything stored contain `needle` in clear text?"""
        if self.sqlite is None:
            assert isinstance(self.conversations, MemoryStore)
            return self.conversations.holds_text(needle)
        db = self.sqlite.db
        tables = [str(r["name"]) for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in await db.fetchall(f"SELECT * FROM {table}"):
                if any(needle in str(value) for value in tuple(row)):
                    return True
        return False


@pytest.fixture(params=["sqlite", "memory"])
async def subject(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Subject]:
    hasher = AddressHasher(b"k" * 32)
    if request.param == "memory":
        memory = MemoryStore(hasher)
        yield Subject("memory", memory, memory, memory)
        return
    stores = await open_stores(tmp_path / "contract.sqlite3", hasher)
    try:
        yield Subject("sqlite", stores.conversations, stores.leads, stores.leads, stores)
    finally:
        await stores.close()


def message(external_id: str | None, text: str = "halo", address: str = "u1", channel: str = "telegram") -> Inbound:
    return Inbound(channel, address, NOW, external_id=external_id, text=text)


def lead_for(contact_id: int, *, nik: str = NIK, name: str = NAME) -> LeadInput:
    return LeadInput(
        contact_id=contact_id,
        role="employee",
        name=name,
        nik=nik,
        phone="+6281234567890",
        area="kota_blitar",
        area_other=None,
        contact_time="pagi",
        employer_name="CV Maju",
        employer_registered="yes",
    )


# --- contacts ----------------------------------------------------------------------
async def test_one_contact_per_channel_address(subject: Subject) -> None:
    store = subject.conversations
    first = await store.contact_for("telegram", "42", "Budi")
    again = await store.contact_for("telegram", "42", "Budi")
    other = await store.contact_for("whatsapp", "42")
    assert first.id == again.id != other.id
    assert await store.get_contact(first.id) == first
    assert await store.get_contact_by_address("telegram", "42") == first
    assert await store.get_contact_by_address("telegram", "43") is None
    assert (first.opted_out, first.reachable, first.source) == (False, True, None)


async def test_a_second_id_of_the_same_person_finds_the_same_contact(subject: Subject) -> None:
    store = subject.conversations
    first = await store.contact_for("whatsapp", "6281234567890", "Siti", ("ID.15025763",))
    by_alias = await store.contact_for("whatsapp", "ID.15025763")
    assert by_alias.id == first.id
    # A later message with the number missing (a username user) still finds her.
    assert (await store.get_contact_by_address("whatsapp", "ID.15025763")) == first
    # A new id met beside a known one is added to the same person.
    again = await store.contact_for("whatsapp", "ID.15025763", None, ("6281234567890", "ID.new"))
    assert again.id == first.id and (await store.get_contact_by_address("whatsapp", "ID.new")) == first


async def test_source_keeps_the_first_campaign_and_reachability_flips(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "1")
    await store.set_source(contact.id, "posterpasar", NOW)
    await store.set_source(contact.id, "radio", NOW)
    await store.set_reachable(contact.id, False)
    stored = await store.get_contact(contact.id)
    assert stored is not None and (stored.source, stored.reachable) == ("posterpasar", False)


async def test_outreach_consent_starts_not_asked_and_stop_wins(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    assert (contact.outreach, contact.outreach_asked_at, contact.wants_outreach) == ("not_asked", None, False)
    await store.mark_outreach_asked(contact.id, NOW)
    asked = await store.get_contact(contact.id)
    assert asked is not None and asked.outreach == "not_asked" and asked.outreach_asked_at == NOW
    await store.set_outreach(contact.id, "yes", NOW + timedelta(minutes=1))
    said_yes = await store.get_contact(contact.id)
    assert said_yes is not None and said_yes.wants_outreach
    await store.set_opt_out(contact.id, True, NOW)
    stopped = await store.get_contact(contact.id)
    assert stopped is not None and stopped.outreach == "yes" and not stopped.wants_outreach
    with pytest.raises(ValueError):
        await store.set_outreach(contact.id, "maybe", NOW)


async def test_interests_are_remembered_once_each(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    await store.record_interest(contact.id, "bpu", NOW)
    await store.record_interest(contact.id, "bpu", NOW + timedelta(days=1))
    await store.record_interest(contact.id, "bpu_transport", NOW)
    assert await store.interests(contact.id) == {"bpu", "bpu_transport"}
    other = await store.contact_for("telegram", "u2")
    assert await store.interests(other.id) == frozenset()


# --- the inbound log ---------------------------------------------------------------
async def test_a_provider_message_id_is_recorded_once(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    assert not await store.is_duplicate(message("m1"))
    assert await store.record_inbound(message("m1"), contact.id)
    assert await store.is_duplicate(message("m1"))
    assert not await store.record_inbound(message("m1", text="lagi"), contact.id)
    # The same id on another channel is another message; no id at all is never a duplicate.
    assert await store.record_inbound(message("m1", channel="whatsapp"), contact.id)
    assert await store.record_inbound(message(None), contact.id)
    assert await store.record_inbound(message(None), contact.id)
    assert not await store.is_duplicate(message(None))


async def test_message_bodies_and_unanswered_questions_are_stored_masked(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    text = f"nik saya {NIK} hp 0812-3456-7890 tolong"
    await store.record_inbound(message("m1", text=text), contact.id)
    await store.log_unanswered(text, "telegram", NOW, contact.id)
    assert not await subject.holds(NIK)
    assert not await subject.holds("3456-7890")
    [summary] = await store.top_unanswered()
    assert "tolong" in summary.text and NIK not in summary.text


async def test_unanswered_questions_are_grouped_and_ordered(subject: Subject) -> None:
    store = subject.conversations
    for text, minutes in (("Resep Rendang", 1), ("resep  rendang", 2), ("cuaca blitar", 3)):
        await store.log_unanswered(text, "telegram", NOW + timedelta(minutes=minutes))
    rows = await store.top_unanswered(limit=5)
    assert [(r.text.lower(), r.count) for r in rows] == [("resep rendang", 2), ("cuaca blitar", 1)]
    assert rows[0].last_asked == NOW + timedelta(minutes=2)
    assert len(await store.top_unanswered(limit=1)) == 1


async def test_the_last_faq_topic_is_remembered_for_a_while(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    assert await store.recent_faq_topic(contact.id, NOW - timedelta(minutes=10)) is None
    await store.remember_faq_topic(contact.id, "iuran-bpu", NOW)
    await store.remember_faq_topic(contact.id, "jkm-manfaat", NOW + timedelta(minutes=1))
    assert await store.recent_faq_topic(contact.id, NOW) == "jkm-manfaat"
    assert await store.recent_faq_topic(contact.id, NOW + timedelta(minutes=2)) is None
    other = await store.contact_for("telegram", "u2")
    assert await store.recent_faq_topic(other.id, NOW) is None


async def test_the_last_question_not_understood_is_read_back_for_a_while(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    assert await store.recent_unanswered(contact.id, NOW - timedelta(minutes=10)) is None
    await store.log_unanswered("bapak jatuh dari   pohon", "telegram", NOW, contact.id)
    await store.log_unanswered("lumpuh total, NIK 3505123456789012", "telegram", NOW + timedelta(minutes=1), contact.id)
    last = await store.recent_unanswered(contact.id, NOW)
    assert last is not None and last.startswith("lumpuh total") and "3505123456789012" not in last  # as logged: masked
    assert await store.recent_unanswered(contact.id, NOW + timedelta(minutes=2)) is None
    other = await store.contact_for("telegram", "u2")
    assert await store.recent_unanswered(other.id, NOW - timedelta(minutes=10)) is None


async def test_the_sums_named_in_faq_questions_are_remembered_for_a_while(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    assert await store.recent_faq_amounts(contact.id, NOW - timedelta(minutes=10)) == {}
    await store.remember_faq_amounts(contact.id, {"wage": 2500000}, NOW)
    await store.remember_faq_amounts(contact.id, {"wage": 2500000, "balance": 40000000}, NOW + timedelta(minutes=1))
    assert await store.recent_faq_amounts(contact.id, NOW) == {"wage": 2500000, "balance": 40000000}
    assert await store.recent_faq_amounts(contact.id, NOW + timedelta(minutes=2)) == {}
    other = await store.contact_for("telegram", "u2")
    assert await store.recent_faq_amounts(other.id, NOW) == {}


# --- state and transactions --------------------------------------------------------
async def test_state_round_trips_as_a_copy(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1")
    state = FlowState("registration", "nik", {"role": "employee"}, ["consent", "role"], 1)
    await store.save_state(contact.id, state, NOW)
    loaded = await store.load_state(contact.id)
    assert loaded == state and loaded is not state
    loaded.data["role"] = "owner"  # changing what was read does not change what is stored
    assert await store.load_state(contact.id) == state
    await store.save_state(contact.id, None, NOW)
    assert await store.load_state(contact.id) is None


async def test_a_transaction_that_fails_leaves_nothing(subject: Subject) -> None:
    store, leads = subject.conversations, subject.leads
    contact = await store.contact_for("telegram", "u1")
    before = FlowState("registration", "summary", {"name": NAME})
    await store.save_state(contact.id, before, NOW)
    with pytest.raises(RuntimeError):
        async with store.transaction():
            await store.record_inbound(message("m1"), contact.id)
            await leads.save_lead(lead_for(contact.id), NOW, {"name": NAME})
            await store.save_state(contact.id, None, NOW)
            raise RuntimeError("crash before commit")
    assert await store.load_state(contact.id) == before
    assert await leads.lead_for_contact(contact.id) is None
    assert not await store.is_duplicate(message("m1"))
    assert await store.pending_staff_notifications(10) == []


async def test_calls_inside_a_transaction_commit_together(subject: Subject) -> None:
    store, leads = subject.conversations, subject.leads
    contact = await store.contact_for("telegram", "u1")
    async with store.transaction():
        assert await store.record_inbound(message("m1"), contact.id)
        saved = await leads.save_lead(lead_for(contact.id), NOW, {"name": NAME})
        await store.save_state(contact.id, None, NOW)
        # Reads inside the transaction see its own writes.
        own = await leads.lead_for_contact(contact.id)
        assert own is not None and own.reference == saved.reference
    assert await store.is_duplicate(message("m1"))
    assert (await leads.lead_for_contact(contact.id)) == own


# --- leads: one owner per NIK --------------------------------------------------------
async def test_a_contact_updates_its_own_lead(subject: Subject) -> None:
    leads = subject.leads
    contact = await subject.conversations.contact_for("telegram", "u1")
    first = await leads.save_lead(lead_for(contact.id), NOW, {"name": NAME})
    assert first.created and first.reference.startswith(f"BLT-{NOW.year}-")
    second = await leads.save_lead(lead_for(contact.id, name="Siti R."), NOW + timedelta(hours=1), {})
    assert (second.reference, second.created) == (first.reference, False)
    stored = await leads.lead_for_contact(contact.id)
    assert stored is not None
    assert (stored.fields.name, stored.status, stored.verification) == ("Siti R.", "new", "ok")


async def test_a_nik_on_another_contacts_lead_makes_a_separate_lead_for_verification(subject: Subject) -> None:
    store, leads = subject.conversations, subject.leads
    owner = await store.contact_for("telegram", "owner")
    other = await store.contact_for("whatsapp", "other")
    mine = await leads.save_lead(lead_for(owner.id), NOW, {})
    theirs = await leads.save_lead(lead_for(other.id, name="Penyusup"), NOW, {})
    assert theirs.created and theirs.reference != mine.reference
    owners_lead = await leads.lead_for_contact(owner.id)
    others_lead = await leads.lead_for_contact(other.id)
    assert owners_lead is not None and others_lead is not None
    assert (owners_lead.fields.name, owners_lead.verification) == (NAME, "ok")
    assert (others_lead.fields.name, others_lead.verification) == ("Penyusup", "needed")
    notes = await store.pending_staff_notifications(10)
    assert [(n.context["reference"], n.context["verify"]) for n in notes] == [
        (mine.reference, False),
        (theirs.reference, True),
    ]


async def test_saving_a_lead_drops_the_draft(subject: Subject) -> None:
    store, leads = subject.conversations, subject.leads
    contact = await store.contact_for("telegram", "u1")
    await leads.record_draft(contact.id, "nik", "employee", "poster", NOW)
    data = await subject.personal.personal_data(contact.id)
    assert data.draft_step == "nik"
    await leads.save_lead(lead_for(contact.id), NOW, {})
    assert (await subject.personal.personal_data(contact.id)).draft_step is None


async def test_staff_notifications_are_pending_until_marked_sent(subject: Subject) -> None:
    store = subject.conversations
    await store.notify_staff("core/staff_human_request", {"contact_id": 9, "channel": "telegram"}, NOW)
    [note] = await store.pending_staff_notifications(10)
    assert (note.kind, note.context["contact_id"]) == ("core/staff_human_request", 9)
    assert note.about == 9  # the person it is about: /hapusdata takes its copies
    await store.mark_staff_notification_queued(note.id, NOW)
    assert await store.pending_staff_notifications(10) == []


async def test_saving_a_lead_again_and_again_cannot_flood_staff(subject: Subject) -> None:
    store, leads = subject.conversations, subject.leads
    contact = await store.contact_for("telegram", "u1")
    for minute in range(5):  # while the notice waits to go, a new save rewrites it
        await leads.save_lead(lead_for(contact.id, name=f"Siti {minute}"), NOW + timedelta(minutes=minute), {})
    [waiting] = await store.pending_staff_notifications(10)
    assert waiting.context["updated"] and waiting.about == contact.id
    await store.mark_staff_notification_queued(waiting.id, NOW)
    raised = 1
    for hour in range(1, 6):  # each one sent before the next save: at most three a day
        await leads.save_lead(lead_for(contact.id), NOW + timedelta(hours=hour), {})
        for note in await store.pending_staff_notifications(10):
            raised += 1
            await store.mark_staff_notification_queued(note.id, NOW + timedelta(hours=hour))
    assert raised == MAX_LEAD_NOTICES_PER_DAY
    await leads.save_lead(lead_for(contact.id), NOW + timedelta(days=1, hours=1), {})
    assert len(await store.pending_staff_notifications(10)) == 1  # a day later, staff hear again


# --- erasure and opt-out markers -------------------------------------------------------
async def test_erasure_removes_the_person_everywhere_and_keeps_others(subject: Subject) -> None:
    store, leads = subject.conversations, subject.leads
    person = await store.contact_for("telegram", "person", NAME)
    bystander = await store.contact_for("telegram", "bystander", "Bystander")
    await store.record_inbound(message("m1", text="halo", address="person"), person.id)
    await store.save_state(person.id, FlowState("registration", "nik"), NOW)
    await store.record_event(person.id, "flow_started", "registration", NOW)
    await store.log_unanswered("pertanyaan aneh sekali", "telegram", NOW, person.id)
    await store.remember_faq_amounts(person.id, {"wage": 2718281}, NOW)
    await store.notify_staff("core/staff_human_request", {"contact_id": person.id, "name": NAME}, NOW)
    await leads.save_lead(lead_for(person.id), NOW, {"name": NAME})
    await leads.record_draft(person.id, "nik", "employee", None, NOW)
    await leads.save_lead(lead_for(bystander.id, nik="3505015708850001", name="Bystander"), NOW, {})

    await subject.personal.erase_personal_data(person.id)

    assert await store.get_contact(person.id) is None
    assert await store.get_contact_by_address("telegram", "person") is None
    assert await store.load_state(person.id) is None
    assert await leads.lead_for_contact(person.id) is None
    assert (await subject.personal.personal_data(person.id)).leads == []
    for needle in (NAME, NIK, "pertanyaan aneh", "person", "2718281"):
        assert not await subject.holds(needle), needle
    assert not await store.is_duplicate(message("m1", address="person"))
    # The bystander's lead and notification are untouched.
    assert await leads.lead_for_contact(bystander.id) is not None
    assert [n.context["reference"] for n in await store.pending_staff_notifications(10)] != []


async def test_stop_survives_erasure_and_mulai_lifts_it(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "stop-person")
    await store.set_opt_out(contact.id, True, NOW)
    await subject.personal.erase_personal_data(contact.id)
    assert not await subject.holds("stop-person")  # the marker is a keyed hash, not the address
    back = await store.contact_for("telegram", "stop-person")
    assert back.opted_out
    # Other addresses are not affected by the marker.
    assert not (await store.contact_for("telegram", "someone-else")).opted_out
    await store.set_opt_out(back.id, False, NOW)
    await subject.personal.erase_personal_data(back.id)
    assert not (await store.contact_for("telegram", "stop-person")).opted_out


async def test_personal_data_lists_what_is_held(subject: Subject) -> None:
    store = subject.conversations
    contact = await store.contact_for("telegram", "u1", "Budi")
    await store.contact_for("telegram", "someone-else")
    await store.set_source(contact.id, "poster", NOW)
    await store.record_inbound(message("m1"), contact.id)
    await store.record_inbound(message("m2"), contact.id)
    await subject.leads.save_lead(lead_for(contact.id), NOW, {})
    data = await subject.personal.personal_data(contact.id)
    assert (data.channels, data.display_name, data.source, data.messages_logged) == (["telegram"], "Budi", "poster", 2)
    assert [lead.fields.nik for lead in data.leads] == [NIK]
    unknown = await subject.personal.personal_data(9999)
    assert replace(unknown) == unknown and unknown.leads == [] and unknown.channels == []
