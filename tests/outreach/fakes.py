"""Fakes for outreach tests: a channel that records and answers as scripted, a timer moved by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from bot.channels.base import Payload, SendResult
from bot.core.models import Reply


class ManualTimer:
    def __init__(self, at: float = 1_795_000_000.0) -> None:
        self.now = at
        self.mono = 1000.0

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.mono += seconds


@dataclass
class Sent:
    address: str
    payload: Payload
    at: float


@dataclass
class RecordingChannel:
    """Renders a reply as one payload with its key; `send` answers from `script[address]` first."""

    name: str = "telegram"
    timer: ManualTimer | None = None
    script: dict[str, list[SendResult]] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: count(1))

    def parse(self, raw: bytes) -> Any:
        raise ValueError("not used")

    def render(self, address: str, replies: Sequence[Reply]) -> list[Payload]:
        return [
            {
                "to": address,
                "key": reply.key,
                "context": {name: str(value) for name, value in reply.context.items()},
                "buttons": [choice.id for choice in reply.choices],
            }
            for reply in replies
        ]

    async def send(self, payload: Payload) -> SendResult:
        address = str(payload.get("to"))
        self.attempts.append(address)
        scripted = self.script.get(address)
        if scripted:
            result = scripted.pop(0)
            if not result.ok:
                return result
        self.sent.append(Sent(address, payload, self.timer.now if self.timer else 0.0))
        return SendResult.sent(f"{self.name}-{next(self._ids)}")

    def to(self, address: str) -> list[Sent]:
        return [s for s in self.sent if s.address == address]
