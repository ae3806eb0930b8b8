"""Test-only: put the toy registration flow into `bpjstk-bot run` (see tgemu/toyflow.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repository, for `tests.tgemu`

import bot.app as _app
from tests.tgemu.toyflow import TEMPLATES, ToyRegistration

_app.build_flows = lambda stores, **_: (ToyRegistration(),)
_app.build_faq = lambda: (None, dict(TEMPLATES))  # type: ignore[assignment,return-value]
