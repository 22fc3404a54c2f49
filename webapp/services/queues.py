"""The lists staff work from, at any size: a region's cases in a state group or a state, one page
at a time, with counts from the trigger-kept table and days left computed for the page's rows
only; search by reference, ID number, phone or name; the export read in keyset batches. The
region filter is one indexed column, chosen by the region's level. No Flask."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain.case_machine import MACHINES, Group
from webapp.domain.reference import normalise_reference
from webapp.domain.working_days import WorkingCalendar
from webapp.services import regions
from webapp.services.board import DUE_SOON_WORKING_DAYS
from webapp.services.cases import Case, calendar, today
from webapp.store import cases as store

PAGE_SIZE = 25
EXPORT_BATCH = 1000
# The queues a staff member picks from, in this order; the first is the default.
QUEUE_GROUPS = (Group.OPEN, Group.WAITING_FOR_APPLICANT, Group.SETTLED, Group.FINISHED)
# The 临时救助 queue: open temporary-aid cases, urgent first, then by deadline.
AID_QUEUE = "temporary_aid"
AID_OPEN = {machine.TEMPORARY_AID.name: machine.TEMPORARY_AID.group(Group.OPEN)}


class UnknownQueue(ValueError):
    """A queue asked for by a name that is neither a state group nor a state."""


@dataclass(frozen=True)
class Page:
    """One page of a list and what its pager needs. total is None where it is not counted."""

    rows: list[dict]
    number: int
    size: int
    total: int | None
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.size))


def scope(db: Database, region_code: str) -> tuple[str, str]:
    """(level, code) of a staff member's region, to filter by its one column."""
    region = regions.get(db, region_code)
    if region is None:
        raise UnknownQueue(region_code)
    return region.level, region.code


def states_of(group_or_state: Group | str) -> dict[str, frozenset[str]]:
    """Machine name -> the states a queue holds: a named group, or a single state."""
    if group_or_state in {g.value for g in Group}:
        return machine.in_group(group_or_state)
    found = {name: frozenset({group_or_state}) for name, m in MACHINES.items()
             if group_or_state in m.states}
    if not found:
        raise UnknownQueue(group_or_state)
    return found


def count(counts: dict[tuple[str, str], int], states: dict[str, frozenset[str]]) -> int:
    """How many of the counted cases are in these states."""
    return sum(n for (m, s), n in counts.items() if s in states.get(m, ()))


def total(db: Database, region_code: str) -> int:
    """How many cases the region has, in every state."""
    return sum(store.counts_by_state(db, scope(db, region_code)[1]).values())


def _number(page: int, total: int) -> int:
    """The page asked for, kept between the first and the last."""
    return min(max(page, 1), max(1, -(-total // PAGE_SIZE)))


def queue(db: Database, region_code: str, group_or_state: Group | str = Group.OPEN, page: int = 1,
          *, on: date | None = None, cal: WorkingCalendar | None = None) -> Page:
    """One page of the region's cases in a state group (or a state), soonest deadline first;
    or of the 临时救助 queue (AID_QUEUE)."""
    if group_or_state == AID_QUEUE:
        return aid_queue(db, region_code, page, on=on, cal=cal)
    level, code = scope(db, region_code)
    states = states_of(group_or_state)
    total = count(store.counts_by_state(db, code), states)
    number = _number(page, total)
    offset = (number - 1) * PAGE_SIZE
    rows = store.queue_page(db, level, code, states, offset, PAGE_SIZE)
    annotate(rows, on or today(), cal or calendar(db))
    return Page(rows, number, PAGE_SIZE, total, offset + len(rows) < total)


def aid_queue(db: Database, region_code: str, page: int = 1, *, on: date | None = None,
              cal: WorkingCalendar | None = None) -> Page:
    """One page of the region's open temporary-aid cases: urgent first, then by deadline."""
    level, code = scope(db, region_code)
    total = count(store.counts_by_state(db, code), AID_OPEN)
    number = _number(page, total)
    offset = (number - 1) * PAGE_SIZE
    rows = store.aid_queue_page(db, level, code, offset, PAGE_SIZE)
    annotate(rows, on or today(), cal or calendar(db))
    return Page(rows, number, PAGE_SIZE, total, offset + len(rows) < total)


def queue_counts(db: Database, region_code: str) -> tuple[dict[Group | str, int], list[tuple[str, str, int]]]:
    """The counts a staff home shows: per queue group, and per state of the open group but of
    temporary aid, whose open cases have their own queue (AID_QUEUE, counted as its key)."""
    counts = store.counts_by_state(db, scope(db, region_code)[1])
    groups = {g: count(counts, machine.in_group(g)) for g in QUEUE_GROUPS}
    groups[AID_QUEUE] = count(counts, AID_OPEN)
    open_states = {m: states for m, states in machine.in_group(Group.OPEN).items() if m not in AID_OPEN}
    per_state = [(m, s, counts[m, s]) for m, mach in MACHINES.items() for s in mach.states
                 if s in open_states.get(m, ()) and counts.get((m, s))]
    return groups, per_state


def annotate(rows: list[dict], on: date, cal: WorkingCalendar) -> None:
    """Days left, masked name and flags for the rows of one page: O(1) each on the calendar
    built once for the request."""
    for row in rows:
        due = date.fromisoformat(row["due_on"]) if row["due_on"] else None
        closed = row["state"] in MACHINES[row["machine"]].closed_states()
        # days_left in the deadline's own unit (plain days for relapse monitoring);
        # working_days_left for what counts working days everywhere (due soon, the export).
        row["calendar_days"] = machine.counts_calendar_days(row["machine"])
        row["working_days_left"] = cal.working_days_left(on, due) if due else None
        row["days_left"] = ((due - on).days if row["calendar_days"] else row["working_days_left"]) \
            if due else None  # machine.days_left, without counting the working days twice
        row["closed"] = closed
        row["overdue"] = due is not None and due < on and not closed
        row["due_soon"] = (row["working_days_left"] is not None and not closed
                           and 0 <= row["working_days_left"] <= DUE_SOON_WORKING_DAYS)
        row["masked_name"] = mask_name(row["applicant_name"])
        row["deadline_label"] = machine.DEADLINE_LABELS[machine.deadline_kind(row["machine"], row["state"])]


def days_left(db: Database, case: Case) -> int | None:
    """Days to the case's deadline in its own unit (see machine.days_left); None without one."""
    if not case.deadline_running:  # none, or the case is finished or settled
        return None
    return machine.days_left(case.machine, today(), date.fromisoformat(case.due_on), calendar(db))


def due_soon_until(on: date, cal: WorkingCalendar) -> date:
    """The last day that is still within DUE_SOON_WORKING_DAYS working days of `on`."""
    return cal.add_working_days(on, DUE_SOON_WORKING_DAYS + 1).due - timedelta(days=1)


def board_counts(db: Database, region_code: str, on: date, cal: WorkingCalendar):
    """Per (machine, state): cases, and of the open ones those due soon and overdue."""
    code = scope(db, region_code)[1]
    due = store.due_counts(db, code, machine.in_group(Group.OPEN), on.isoformat(),
                           due_soon_until(on, cal).isoformat())
    return store.counts_by_state(db, code), due


# --- search ------------------------------------------------------------------------------

_ID_NUMBER = re.compile(r"\d{17}[\dX]")
_PHONE = re.compile(r"1\d{10}")


def search_key(text: str) -> tuple[str, str] | None:
    """What a typed text searches by, and the value as stored: a reference, an ID number (upper
    case X), a mobile number, else a name (exact or its beginning). None for nothing typed."""
    text = "".join((text or "").split())
    if not text:
        return None
    if _ID_NUMBER.fullmatch(text.upper()):
        return "id_number", text.upper()
    if _PHONE.fullmatch(text):
        return "phone", text
    reference = normalise_reference(text)
    if reference is not None and not text.isdigit():
        return "reference", reference
    return "name", text[:30]


def search(db: Database, region_code: str, text: str, page: int = 1, *, on: date | None = None,
           cal: WorkingCalendar | None = None) -> tuple[str | None, Page]:
    """The region's cases matching the text, one page (next page known by reading one more)."""
    key = search_key(text)
    number = max(page, 1)
    if key is None:
        return None, Page([], 1, PAGE_SIZE, 0, False)
    level, code = scope(db, region_code)
    rows = store.search_page(db, level, code, *key, (number - 1) * PAGE_SIZE, PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    annotate(rows, on or today(), cal or calendar(db))
    return key[0], Page(rows, number, PAGE_SIZE, None, more)


# --- export ------------------------------------------------------------------------------

def export_rows(db: Database, region_code: str, on: date, cal: WorkingCalendar) -> Iterator[dict]:
    """Every case of the region in order of submission, read EXPORT_BATCH at a time."""
    level, code = scope(db, region_code)
    after = None
    while True:
        rows = store.export_batch(db, level, code, after, EXPORT_BATCH)
        annotate(rows, on, cal)
        yield from rows
        if len(rows) < EXPORT_BATCH:
            return
        after = (rows[-1]["submitted_at"], rows[-1]["id"])


def mask_name(name: str | None) -> str:
    """'张*' for 张三, '欧*明' for 欧阳明: enough to tell cases apart on a list."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
