"""Token buckets: an overall rate per channel, the pace of outreach, a small burst per chat."""

from __future__ import annotations


class TokenBucket:
    """`rate` tokens a second, at most `capacity` saved up; starts full."""

    __slots__ = ("_at", "_tokens", "capacity", "rate")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("a bucket needs a positive rate and room for one token")
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._at = now

    def _refill(self, now: float) -> None:
        if now > self._at:
            self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate)
            self._at = now

    def available(self, now: float) -> float:
        self._refill(now)
        return self._tokens

    def take(self, now: float, count: float = 1.0) -> None:
        self._refill(now)
        self._tokens -= count

    def ready_at(self, now: float, count: float = 1.0) -> float:
        """When `count` tokens will be there."""
        self._refill(now)
        missing = count - self._tokens
        return now if missing <= 0 else now + missing / self.rate

    def full_at(self, now: float) -> float:
        return self.ready_at(now, self.capacity)
