"""The core knows no channel, database, template or scheduler library (DESIGN.md §2)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "bot" / "core"
FORBIDDEN = {"telegram", "httpx", "starlette", "aiosqlite", "jinja2", "apscheduler", "uvicorn", "sqlite3"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_imports_no_infrastructure_library() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files, "bot/core has no Python files?"
    offenders = {
        str(path.relative_to(CORE)): sorted(imported_roots(path) & FORBIDDEN)
        for path in files
        if imported_roots(path) & FORBIDDEN
    }
    assert offenders == {}


def test_core_does_not_import_the_edges_of_the_app() -> None:
    edges = ("bot.storage", "bot.channels", "bot.render", "bot.commands", "bot.app", "bot.cli")
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(edges):
                offenders.append(f"{path.name}: {node.module}")
            if isinstance(node, ast.Import):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith(edges)]
    assert offenders == []


def test_the_checker_itself_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("import os\nfrom telegram.ext import Application\nimport jinja2.sandbox\n")
    assert imported_roots(sample) & FORBIDDEN == {"telegram", "jinja2"}
