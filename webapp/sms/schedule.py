"""When the worker may send: quiet hours in Beijing time, and a provider's rate."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from datetime import time as clock

BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class QuietHours:
    """A nightly window (e.g. 21:00-08:00 Beijing) in which only urgent messages go out."""

    start: clock | None
    end: clock | None

    @classmethod
    def parse(cls, text: str | None) -> QuietHours:
        """'21:00-08:00'; empty or 'off' for none."""
        if not text or text.strip().lower() == "off":
            return cls(None, None)
        start, end = (clock.fromisoformat(part.strip()) for part in text.split("-"))
        return cls(start, end)

    def holds(self, moment: datetime) -> bool:
        """True while non-urgent messages must wait."""
        if self.start is None or self.end is None:
            return False
        local = moment.astimezone(BEIJING).time()
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_end(self, moment: datetime) -> datetime:
        """When the current quiet window ends (the moment itself if not quiet)."""
        if not self.holds(moment):
            return moment
        local = moment.astimezone(BEIJING)
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)


class RateLimiter:
    """At most `per_second` sends in any one-second window (0: no limit)."""

    def __init__(self, per_second: float, clock_fn=time.monotonic, sleep_fn=time.sleep):
        self.per_second = per_second
        self.clock, self.sleep = clock_fn, sleep_fn
        self.sent: list[float] = []
        self.lock = threading.Lock()

    def wait(self) -> None:
        """Block until one more send keeps within the rate."""
        if self.per_second <= 0:
            return
        limit = int(self.per_second) if self.per_second >= 1 else 1
        window = 1.0 if self.per_second >= 1 else 1.0 / self.per_second
        with self.lock:
            while True:
                now = self.clock()
                self.sent = [t for t in self.sent if now - t < window]
                if len(self.sent) < limit:
                    self.sent.append(now)
                    return
                self.sleep(window - (now - self.sent[0]) + 0.001)
