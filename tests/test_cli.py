"""`ask`, `chat` and `migrate` driven as a user or a script would, as subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_bot(
    *args: str, stdin: str = "", cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if k != "BPJSTK_DB_PATH"}
    full_env = {**inherited, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )


def test_ask_answers_each_line_as_json_in_order_without_touching_the_real_db(tmp_path: Path) -> None:
    questions = ["apa itu jht", "", "  BATAL", "menu", "resep rendang enak"]
    result = run_bot("ask", "-", stdin="\n".join(questions) + "\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == questions
    assert all(isinstance(a["reply"], str) and a["reply"] for a in answers)
    assert all(set(a) == {"question", "reply", "topic"} for a in answers)
    assert answers[4]["topic"] is None
    # Each question is a fresh user: BATAL after a question finds nothing to cancel.
    assert "Tidak ada langkah" in answers[2]["reply"]
    assert not (tmp_path / "data").exists(), "ask must not create the default database"


def test_ask_single_question_argument(tmp_path: Path) -> None:
    result = run_bot("ask", "halo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["question"] == "halo"


def test_chat_with_piped_stdin_creates_the_default_db_and_remembers_opt_out(tmp_path: Path) -> None:
    first = run_bot("chat", stdin="menu\nBERHENTI\n", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Menu utama" in first.stdout
    assert "tidak akan lagi menerima" in first.stdout
    assert (tmp_path / "data" / "bpjstk.sqlite3").exists()
    second = run_bot("chat", stdin="MULAI\n", cwd=tmp_path)
    assert "Selamat datang kembali" in second.stdout
    assert "Traceback" not in first.stderr + second.stderr


def test_chat_numbers_press_the_buttons_of_the_last_message(tmp_path: Path) -> None:
    result = run_bot("chat", "--db", str(tmp_path / "x.sqlite3"), stdin="4\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Kata kunci yang bisa dipakai" in result.stdout  # [4] Bantuan


def test_chat_db_path_from_environment(tmp_path: Path) -> None:
    target = tmp_path / "env" / "bot.sqlite3"
    result = run_bot("chat", stdin="menu\n", cwd=tmp_path, env={"BPJSTK_DB_PATH": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    db = str(tmp_path / "m.sqlite3")
    first = run_bot("migrate", "--db", db, cwd=tmp_path)
    second = run_bot("migrate", "--db", db, cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0
    assert "diterapkan: 0001_initial.sql" in first.stdout
    assert "(0 migrasi baru)" in second.stdout


def test_unknown_option_exits_2_with_a_message(tmp_path: Path) -> None:
    result = run_bot("chat", "--nonsense", cwd=tmp_path)
    assert result.returncode == 2
    assert "kesalahan" in result.stderr


def test_ask_answers_for_the_date_given(tmp_path: Path) -> None:
    """--tanggal moves the conversation's day: the PP 50/2025 discount is in force, then over."""
    question = "iuran bpjs mandiri sebulan berapa\n"
    during = run_bot("ask", "-", "--tanggal", "2026-11-23", stdin=question, cwd=tmp_path)
    after = run_bot("ask", "-", "--tanggal", "2027-04-01", stdin=question, cwd=tmp_path)
    assert during.returncode == 0 and after.returncode == 0, during.stderr + after.stderr
    assert "Rp8.400" in json.loads(during.stdout)["reply"]
    assert "Rp8.400" not in json.loads(after.stdout)["reply"]
    assert "Rp16.800" in json.loads(after.stdout)["reply"]


def test_chat_answers_for_the_date_given(tmp_path: Path) -> None:
    result = run_bot(
        "chat", "--db", str(tmp_path / "c.sqlite3"), "--tanggal", "2027-04-01", stdin="iuran bpu berapa\n", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Rp16.800" in result.stdout and "Rp8.400" not in result.stdout


def test_a_malformed_date_is_refused(tmp_path: Path) -> None:
    result = run_bot("ask", "halo", "--tanggal", "1-12-2026", cwd=tmp_path)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
