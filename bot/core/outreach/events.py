"""What sending learns about people and broadcasts, told to whoever keeps contacts and staff informed."""

from __future__ import annotations

from typing import Protocol


class SenderEvents(Protocol):
    """What the sender tells the rest of the bot (contacts, broadcasts, staff)."""

    async def recipient_gone(self, channel: str, address: str) -> None: ...

    async def marketing_refused(self, channel: str, address: str) -> None: ...

    async def outreach_blocked(self, channel: str, detail: str) -> None: ...

    async def broadcast_failed(self, broadcast_id: int, detail: str) -> None: ...

    async def channel_misconfigured(self, channel: str, detail: str) -> None: ...


class QuietEvents:
    """Events nobody listens to (tests, tools)."""

    async def recipient_gone(self, channel: str, address: str) -> None:
        return None

    async def marketing_refused(self, channel: str, address: str) -> None:
        return None

    async def outreach_blocked(self, channel: str, detail: str) -> None:
        return None

    async def broadcast_failed(self, broadcast_id: int, detail: str) -> None:
        return None

    async def channel_misconfigured(self, channel: str, detail: str) -> None:
        return None
