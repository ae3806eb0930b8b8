"""`bpjstk-bot faq unanswered`: most frequent unanswered questions for staff."""

from __future__ import annotations

import argparse
import asyncio
import io
from datetime import datetime
from pathlib import Path

from bot.app import open_store
from bot.commands import faq as command


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="bpjstk-bot")
    command.add_parser(root.add_subparsers(dest="command"))
    return root


ROWS = [
    ("harga emas", "telegram", "2026-11-20T10:00:00+07:00"),
    ("harga  Emas", "whatsapp", "2026-11-21T11:00:00+07:00"),
    ("resep\nrendang", "console", "2026-11-22T09:00:00+07:00"),
]


async def make_database(path: Path) -> None:
    store = await open_store(path)
    for text, channel, at in ROWS:
        await store.log_unanswered(text, channel, datetime.fromisoformat(at))
    await store.db.close()


def test_format_rows_empty() -> None:
    assert command.format_rows([]) == ["Belum ada pertanyaan yang tidak terjawab."]


def test_cli_reads_a_database_file(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    asyncio.run(make_database(db))
    args = parser().parse_args(["faq", "unanswered", "--db", str(db), "--limit", "1"])
    out = io.StringIO()
    assert command.run_unanswered(args, out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split("\t") == ["jumlah", "terakhir", "pertanyaan"]
    assert lines[1] == "2\t2026-11-21 11:00\tharga Emas"  # case and spacing folded into one question
    assert len(lines) == 2


def test_cli_prints_each_question_on_one_line(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    asyncio.run(make_database(db))
    out = io.StringIO()
    assert command.run_unanswered(parser().parse_args(["faq", "unanswered", "--db", str(db)]), out=out) == 0
    assert out.getvalue().splitlines()[2].endswith("\tresep rendang")


def test_cli_missing_database(tmp_path: Path) -> None:
    args = parser().parse_args(["faq", "unanswered", "--db", str(tmp_path / "none.sqlite3")])
    assert command.run_unanswered(args) == 1


def test_faq_without_subcommand_prints_help() -> None:
    args = parser().parse_args(["faq"])
    assert args.handler(args) == 2


def test_explain_shows_the_decision() -> None:
    args = parser().parse_args(["faq", "explain", "gmn carane klaim jht"])
    out = io.StringIO()
    assert command.run_explain(args, out=out) == 0
    text = out.getvalue()
    assert "kata: bagaimana cara klaim jht" in text
    assert "keputusan: answer -> jht-klaim-jmo" in text


def test_explain_tells_how_a_message_was_read() -> None:
    out = io.StringIO()
    args = parser().parse_args(["faq", "explain", "saya buka warung nasi. iuran bpu berapa? dendanya kalau telat?"])
    assert command.run_explain(args, out=out) == 0
    text = out.getvalue()
    assert "cerita: saya buka warung nasi" in text
    assert "dibaca: per pertanyaan" in text
    assert text.count("keputusan: answer") == 2


def test_explain_reads_a_follow_up_with_the_previous_topic() -> None:
    out = io.StringIO()
    args = parser().parse_args(["faq", "explain", "syaratnya apa?", "--sebelumnya", "jkp-apa"])
    assert command.run_explain(args, out=out) == 0
    assert "dibaca: lanjutan dari topik sebelumnya (konteks: jkp)" in out.getvalue()
    assert "-> jkp-syarat" in out.getvalue()


def test_explain_shows_an_acknowledgement_set_aside() -> None:
    out = io.StringIO()
    args = parser().parse_args(["faq", "explain", "oke min, kalau JP?", "--sebelumnya", "jht-cair-kapan"])
    assert command.run_explain(args, out=out) == 0
    assert "pembuka (tidak ditanyakan): oke min" in out.getvalue()
    assert "dibaca: lanjutan dari topik sebelumnya" in out.getvalue()


def test_explain_names_a_later_month_asked() -> None:
    out = io.StringIO()
    args = parser().parse_args(["faq", "explain", "iuran bpu bulan depan berapa"])
    assert command.run_explain(args, out=out) == 0
    assert "angka untuk bulan yang ditanyakan:" in out.getvalue()


def test_explain_names_a_request_to_look_up_a_record() -> None:
    out = io.StringIO()
    args = parser().parse_args(["faq", "explain", "tolong cek saldo jht saya, nik 3505xxxxxxxxxxxx"])
    assert command.run_explain(args, out=out) == 0
    assert "permintaan mengecek data pribadi" in out.getvalue()
