"""`bpjstk-bot run` refuses to start without its configuration, with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BPJSTK_"))}
    clean["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + clean.get("PYTHONPATH", "")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--db", str(tmp_path / "bot.sqlite3")],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_token_exits_2_naming_the_variable(tmp_path: Path) -> None:
    result = run_bot(tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_webhook_without_secret_exits_2(tmp_path: Path) -> None:
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN="1:x", TELEGRAM_WEBHOOK_URL="https://bot.example.id/hook")
    assert result.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in result.stderr


def test_bad_staff_chat_id_exits_2(tmp_path: Path) -> None:
    result = run_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN="1:x",
        TELEGRAM_STAFF_CHAT_ID="staf-blitar",
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
    )
    assert result.returncode == 2
    assert "TELEGRAM_STAFF_CHAT_ID" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_is_listed_in_help(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert " run " in result.stdout
