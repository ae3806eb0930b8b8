"""Who is staff: a staff / non-staff / group matrix over every staff command and button.

Non-staff get exactly what they would get for any unknown word (nothing reveals that staff
commands exist); staff in their private chat see full NIK and phone; anyone writing inside the
staff group is staff, but sees them masked and cannot export. Every staff action is audited.
"""

from __future__ import annotations

import pytest

from bot.core.models import Reply
from tests.conftest import Harness
from tests.staff.helpers import MEMBER, NIK_A, PHONE_A, STAFF, STAFF_ID, STRANGER, add_lead, keys, rows, say

REF = "BLT-2026-000001"
COMMANDS = [
    "/petugas",
    "/pendaftar",
    "/pendaftar dihubungi",
    "/cari Budi",
    f"/lihat {REF}",
    f"/status {REF} dihubungi sudah ditelepon",
    f"/catatan {REF} minta formulir",
    "/statistik",
    "/ekspor",
    "/ekspor csv",
]
BUTTONS = ["st:menu", "st:new", "st:find", "st:stats", "st:export", "st:v:1", "st:s:1:contacted"]


def visible(replies: list[Reply]) -> list[tuple[str, tuple[str, ...]]]:
    return [(reply.key, tuple(choice.id for choice in reply.choices)) for reply in replies]


@pytest.mark.parametrize("command", COMMANDS)
async def test_a_stranger_gets_what_an_unknown_command_gets(desk: Harness, command: str) -> None:
    await add_lead(desk, "u1")
    unknown = await say(desk, "/xyzzy", user=STRANGER)
    replies = await say(desk, command, user=STRANGER)
    if command == "/petugas":  # the word asks for a human from everyone who is not staff
        assert keys(replies) == ["core/human"]
    else:
        assert keys(unknown) == ["core/unknown_command"]
        assert visible(replies) == visible(unknown)
    assert all(reply.attachment is None for reply in replies)
    assert await rows(desk, "SELECT * FROM staff_audit") == []
    assert (await rows(desk, "SELECT status FROM leads"))[0]["status"] == "new"


@pytest.mark.parametrize("button", BUTTONS)
async def test_a_stranger_pressing_a_staff_button_gets_a_stale_button(desk: Harness, button: str) -> None:
    await add_lead(desk, "u1")
    assert keys(await say(desk, button=button, user=STRANGER)) == ["core/stale_button"]
    assert await rows(desk, "SELECT * FROM staff_audit") == []
    assert await rows(desk, "SELECT * FROM lead_history") == []


async def test_a_listed_address_on_another_channel_is_not_staff(desk: Harness) -> None:
    # BPJSTK_STAFF_IDS names "console:petugas1"; the same id on another channel is someone else.
    replies = await desk.engine.handle(desk.inbound("/statistik", user=STAFF, channel="whatsapp"))
    assert keys(replies) == ["core/unknown_command"]


@pytest.mark.parametrize("command", COMMANDS)
async def test_staff_in_private_get_the_desk(desk: Harness, command: str) -> None:
    await add_lead(desk, "u1")
    replies = await say(desk, command)
    assert replies and all(key.startswith("staff/") for key in keys(replies))
    assert "staff/private_only" not in keys(replies)


@pytest.mark.parametrize("button", BUTTONS)
async def test_staff_buttons_work_in_private_and_in_the_group(desk: Harness, button: str) -> None:
    await add_lead(desk, "u1")
    for user, group in ((STAFF, False), (MEMBER, True)):
        replies = await say(desk, button=button, user=user, group=group)
        assert replies and all(key.startswith("staff/") for key in keys(replies)), (user, keys(replies))


@pytest.mark.parametrize("user", [MEMBER, STAFF])
@pytest.mark.parametrize("command", COMMANDS)
async def test_inside_the_staff_group_everyone_is_staff_but_sees_masked_data(
    desk: Harness, command: str, user: str
) -> None:
    await add_lead(desk, "u1")
    replies = await say(desk, command, user=user, group=True)
    assert replies and all(key.startswith("staff/") for key in keys(replies))
    text = desk.text(replies, "telegram")
    assert NIK_A not in text and PHONE_A not in text
    if command.startswith("/ekspor"):
        assert keys(replies) == ["staff/private_only"]
    assert all(reply.attachment is None or reply.attachment.kind == "image" for reply in replies)


async def test_the_lead_card_is_full_in_private_and_masked_in_the_group(desk: Harness) -> None:
    await add_lead(desk, "u1")
    private = desk.text(await say(desk, f"/lihat {REF}"))
    assert NIK_A in private and PHONE_A in private
    group = desk.text(await say(desk, f"/lihat {REF}", user=MEMBER, group=True))
    assert NIK_A not in group and PHONE_A not in group
    assert "3572********0001" in group and "+62812*****001" in group


async def test_the_menu_offers_exports_only_in_private(desk: Harness) -> None:
    private = await say(desk, "/petugas")
    group = await say(desk, "/petugas", user=MEMBER, group=True)
    assert "st:export" in [c.id for c in private[0].choices]
    assert "st:export" not in [c.id for c in group[0].choices]


async def test_every_staff_action_is_audited_with_who_and_what(desk: Harness) -> None:
    await add_lead(desk, "u1")
    for command in COMMANDS[1:]:
        await say(desk, command)
    await say(desk, "/ekspor", user=MEMBER, group=True)
    audit = await rows(desk, "SELECT actor, action, target, detail, at FROM staff_audit ORDER BY id")
    actions = [row["action"] for row in audit]
    assert actions == [
        "leads_list",
        "leads_list",
        "leads_search",
        "lead_view",
        "lead_status",
        "lead_note",
        "stats_view",
        "leads_export",
        "leads_export",
        "leads_export_refused",
    ]
    assert {row["actor"] for row in audit} == {STAFF_ID, f"console:{MEMBER}"}
    assert all(row["at"].startswith("2026-11-23T10:00") for row in audit)
    for row in audit:
        assert NIK_A not in row["detail"] and PHONE_A not in row["detail"]
        assert "minta formulir" not in row["detail"]  # notes are staff's free text: not copied


async def test_a_search_by_nik_is_audited_masked(desk: Harness) -> None:
    await add_lead(desk, "u1")
    replies = await say(desk, f"/cari {NIK_A}")
    assert [lead["reference"] for lead in replies[0].context["leads"]] == [REF]
    (row,) = await rows(desk, "SELECT detail FROM staff_audit")
    assert NIK_A not in row["detail"] and "3572********0001" in row["detail"]


async def test_staff_keywords_and_flows_still_work_for_staff(desk: Harness) -> None:
    assert keys(await say(desk, "iuran")) == ["calculator/ask_segment"]
    assert keys(await say(desk, "/statistik"))[0] == "staff/stats"  # a staff command inside a flow
    assert keys(await say(desk, "batal")) == ["core/cancelled"]
    assert keys(await say(desk, "berhenti")) == ["core/opted_out"]
