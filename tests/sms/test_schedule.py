"""Quiet hours (Beijing time) and the provider's sending rate."""

from __future__ import annotations

from datetime import UTC, datetime

from webapp.sms.schedule import QuietHours, RateLimiter

NIGHT = QuietHours.parse("21:00-08:00")


def beijing(hour: int, minute: int = 0) -> datetime:
    """A moment given in Beijing time, expressed in UTC as the server keeps it."""
    return datetime(2026, 11, 23, (hour - 8) % 24, minute, tzinfo=UTC)


def test_evening_and_early_morning_are_quiet():
    assert NIGHT.holds(beijing(21, 0))
    assert NIGHT.holds(beijing(23, 30))
    assert NIGHT.holds(beijing(3, 0))
    assert NIGHT.holds(beijing(7, 59))


def test_daytime_is_not_quiet():
    assert not NIGHT.holds(beijing(8, 0))
    assert not NIGHT.holds(beijing(12, 0))
    assert not NIGHT.holds(beijing(20, 59))


def test_the_quiet_window_ends_at_eight_in_the_morning():
    end = NIGHT.next_end(beijing(22, 15))
    assert (end.hour, end.minute) == (8, 0)
    assert end > beijing(22, 15)


def test_quiet_hours_can_be_switched_off():
    assert not QuietHours.parse("off").holds(beijing(23, 0))
    assert not QuietHours.parse("").holds(beijing(2, 0))


class FakeClock:
    """Time that moves only when the limiter sleeps, so the test is exact and instant."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_rate_limiter_never_lets_more_than_n_through_in_any_second():
    clock = FakeClock()
    limiter = RateLimiter(5, clock_fn=clock, sleep_fn=clock.sleep)
    times = []
    for _ in range(23):
        limiter.wait()
        times.append(clock.now)
    for start in times:
        assert sum(1 for t in times if start <= t < start + 1.0) <= 5
    assert times[-1] >= 4.0  # 23 sends at 5 a second take at least 4 seconds


def test_rate_zero_means_no_limit():
    clock = FakeClock()
    limiter = RateLimiter(0, clock_fn=clock, sleep_fn=clock.sleep)
    for _ in range(1000):
        limiter.wait()
    assert clock.now == 0.0
