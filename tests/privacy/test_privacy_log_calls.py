"""Our own log calls never pass message text, names or whole objects that carry them.

A free-text masker finds numbers, not names, so names stay out of the log by
construction: this test reads every `log.<level>(...)` call under bot/ and
rejects arguments such as `inbound.text`, `contact.display_name` or a whole
`update` (whose repr holds the message).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
LEVELS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
LOGGERS = {"log", "logger", "_log", "_logger", "LOG", "LOGGER"}
# Values that are, or may contain, what people typed or who they are.
FORBIDDEN = {
    "text", "payload", "body", "answer", "answers", "data", "context", "params", "fields",
    "name", "display_name", "first_name", "last_name", "full_name", "username",
    "nik", "phone", "shared_phone", "e164", "address_raw",
    "inbound", "update", "message", "reply", "replies", "state", "lead", "contact", "row", "settings",
}  # fmt: skip
# The bot's own public @name, and channel names ("telegram", "whatsapp").
ALLOWED = {"bot.username", "self._channel.name", "self.name", "channel.name", "rule.__name__"}


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else "?"


def leaves(node: ast.expr) -> Iterator[str]:
    """The names a log argument finally shows: `a.b.c` -> c, `row["kind"]` -> kind, f(x) -> leaves of x."""
    if isinstance(node, ast.Attribute):
        if dotted(node) not in ALLOWED:
            yield node.attr
    elif isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield key.value
        else:
            yield from leaves(node.value)
    elif isinstance(node, ast.Call):
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            yield from leaves(arg)
    else:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                yield from leaves(child)


def log_calls() -> Iterator[tuple[str, int, ast.Call]]:
    for path in sorted(BOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LEVELS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in LOGGERS
            ):
                yield str(path.relative_to(BOT.parent)), node.lineno, node


def test_log_calls_are_found() -> None:
    assert sum(1 for _ in log_calls()) >= 10


def test_no_log_call_passes_text_names_or_whole_messages() -> None:
    offenders = []
    for where, line, call in log_calls():
        arguments = [*call.args[1:], *(k.value for k in call.keywords if k.arg != "exc_info")]
        if call.args and not isinstance(call.args[0], ast.Constant):
            arguments.insert(0, call.args[0])  # a computed message is an argument too
        shown = {leaf for arg in arguments for leaf in leaves(arg)}
        if shown & FORBIDDEN:
            offenders.append(f"{where}:{line} logs {sorted(shown & FORBIDDEN)}")
    assert offenders == []
