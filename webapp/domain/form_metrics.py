"""Form metrics (issue 11, item 10): what counts as time on a page, when a draft counts as
abandoned, and a step's line in the funnel. No Flask, no personal data: only counts and
seconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

# A page left open longer than this was not being filled in: its time counts as this much.
LONGEST_PAGE_SECONDS = 30 * 60
# A draft untouched this long and not submitted counts as abandoned at its last page.
ABANDONED_AFTER = timedelta(days=7)
# How far back the page looks.
WINDOW = timedelta(days=90)
# The pseudo-steps around a form's own steps.
STARTED, SUBMITTED = "start", "submitted"


def seconds_on_page(previous_save: str, now: str) -> int:
    """Seconds between the draft's previous save (or its start) and this one, capped."""
    spent = (datetime.fromisoformat(now) - datetime.fromisoformat(previous_save)).total_seconds()
    return int(min(max(spent, 0), LONGEST_PAGE_SECONDS))


def window_start(today: date) -> str:
    return (today - WINDOW).isoformat()


def abandoned_before(today: date) -> str:
    return (today - ABANDONED_AFTER).isoformat()


@dataclass(frozen=True)
class StepLine:
    """One step of a form's funnel: how many drafts saved it, how many stopped after it for
    good, and the median time spent on it."""

    step: str
    label: str
    reached: int
    abandoned: int
    median_seconds: int | None

    def share_of(self, started: int) -> int:
        """Percent of the drafts started that got this far (for the bar)."""
        return round(100 * self.reached / started) if started else 0


def minutes_label(seconds: int | None) -> str:
    """「1分20秒」, or 「—」 where no one has saved the step."""
    if seconds is None:
        return "—"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}分{rest:02d}秒" if minutes else f"{rest}秒"
