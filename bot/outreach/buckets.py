"""Rate limits: token buckets (an overall rate per channel, a small burst per chat) and a
sliding one-second window that caps the peak."""

from __future__ import annotations

from collections import deque


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


class SlidingWindow:
    """At most `limit` events in any `seconds`."""

    __slots__ = ("_events", "limit", "seconds")

    def __init__(self, limit: int, seconds: float) -> None:
        if limit < 1 or seconds <= 0:
            raise ValueError("a window needs room for one event and a positive length")
        self.limit = limit
        self.seconds = seconds
        self._events: deque[float] = deque()

    def _forget(self, now: float) -> None:
        while self._events and self._events[0] <= now - self.seconds:
            self._events.popleft()

    def room(self, now: float) -> int:
        self._forget(now)
        return self.limit - len(self._events)

    def record(self, now: float) -> None:
        self._events.append(now)

    def free_at(self, now: float) -> float:
        """When there is room for one more."""
        self._forget(now)
        return now if len(self._events) < self.limit else self._events[0] + self.seconds
