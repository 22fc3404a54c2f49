"""Responsible officials (帮扶责任人) of relapse-monitoring households: who may be named, the limit
of five households whose risk is not removed, the history of who assigned whom, and the
households an official holds. RULES.md "Relapse monitoring" (002… 乡村振兴局(二)(二)1).

An official is a staff account, not a typed name: the limit is counted per person, and a name
typed twice (or two people of one name) could not be counted; the official also sees their
households when they sign in. Those who may be named are the township reviewers of the case's
township and the assistants of its village — the staff who can open the case. Someone without an
account is given one by the county administrator first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain.working_days import WorkingCalendar
from webapp.services import audit
from webapp.services.authz import ROLE_LABELS
from webapp.services.queues import mask_name
from webapp.store import cases as store
from webapp.store import staff as staff_store
from webapp.store.engine import immediate
from webapp.web.i18n import _

# Staff roles (webapp/services/authz.py) who may be named: those who work in the case's village.
ELIGIBLE = {"township_reviewer": "township_code", "assistant": "village_code"}


@dataclass(frozen=True)
class Assignment:
    """One row of a case's history: who was named, by whom, when, and why (for a change)."""

    id: int
    case_id: int
    staff_id: int
    name: str
    role: str
    assigned_by: str
    assigned_by_name: str
    assigned_at: str
    note: str | None
    replaces: int | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class Candidate:
    """A staff member who may be named, with the households at risk they hold now."""

    staff_id: int
    name: str
    role: str
    held: int

    @property
    def full(self) -> bool:
        return not machine.official_can_take_household(self.held)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class Panel:
    """What the case page shows of a monitored household's official: the history (current
    first) and, when this person may name one now, who can be named."""

    history: list[Assignment]
    may_assign: bool
    candidates: list[Candidate]
    limit: int = machine.HOUSEHOLDS_PER_OFFICIAL

    @property
    def current(self) -> Assignment | None:
        return self.history[0] if self.history else None


def panel(db: Database, case_id: int, machine_name: str, state: str, may_assign: bool) -> Panel | None:
    """The official's part of a relapse-monitoring case page (None for other cases).
    `may_assign`: the role may name officials (webapp/services/authz.py "assign_official")."""
    if machine_name != machine.RELAPSE_MONITORING.name:
        return None
    now = may_assign and state in machine.OFFICIAL_STATES
    return Panel(history(db, case_id), now, candidates(db, case_id) if now else [])


def history(db: Database, case_id: int) -> list[Assignment]:
    """Every assignment of the case, newest (the current official) first."""
    rows = store.official_history(db, case_id)
    return [Assignment(r["id"], r["case_id"], r["staff_id"], r["name"], r["role"], r["assigned_by"],
                       r["assigned_by_name"] or r["assigned_by"], r["assigned_at"], r["note"],
                       r["replaces"]) for r in rows]


def current(db: Database, case_id: int) -> Assignment | None:
    found = history(db, case_id)
    return found[0] if found else None


def _held(db: Database) -> Counter[int]:
    """Per staff id, the households they are the official of whose risk is not removed."""
    return Counter(r["staff_id"] for r in store.official_states(db) if machine.risk_not_removed(r["state"]))


def held(db: Database, staff_id: int) -> int:
    return _held(db)[staff_id]


def candidates(db: Database, case_id: int) -> list[Candidate]:
    """Active staff who may be named for the case, township reviewers first."""
    case = store.get(db, case_id)
    if case is None:
        return []
    rows = staff_store.active_in(db, {role: getattr(case, column) for role, column in ELIGIBLE.items()})
    counts = _held(db)
    return [Candidate(r["id"], r["name"], r["role"], counts[r["id"]]) for r in rows]


def assign(db: Database, case_id: int, staff_id: int, actor: str, note: str = "") -> Assignment:
    """Name the case's responsible official, or raise OfficialRefused saying why not. Naming
    another keeps the earlier assignment in the history."""
    with immediate(db):  # the count and the new row under one lock: no sixth household slips in
        case = store.get(db, case_id)
        if case is None:
            raise LookupError(case_id)
        machine.check_official_assignable(case.machine, case.state)
        official = next((c for c in candidates(db, case_id) if c.staff_id == staff_id), None)
        if official is None:
            raise machine.OfficialRefused(_("只能指定本乡镇的审核员或本村的协理员为帮扶责任人"))
        before = current(db, case_id)
        if before is not None and before.staff_id == staff_id:
            raise machine.OfficialRefused(_("%s已经是这户的帮扶责任人") % official.name)
        machine.check_official_capacity(official.name, official.held)
        store.add_official(db, {
            "case_id": case_id, "staff_id": staff_id, "assigned_by": actor,
            "assigned_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "note": note or None, "replaces": before.id if before else None})
        audit.record(db, actor, "official_assigned", f"case:{case_id}", official=f"staff:{staff_id}",
                     replaces=f"staff:{before.staff_id}" if before else None)
    assigned = current(db, case_id)
    assert assigned is not None
    return assigned


def households(db: Database, staff_id: int, today: date, calendar: WorkingCalendar) -> list[dict]:
    """The relapse-monitoring cases an official holds now, those at risk first, soonest deadline
    first; each with `at_risk`, `days_left` (plain days, None without a deadline) and the
    declarant's `masked_name`."""
    rows = store.official_households(db, staff_id)
    for row in rows:
        row["at_risk"] = machine.risk_not_removed(row["state"])
        row["masked_name"] = mask_name(row.pop("name"))
        due = date.fromisoformat(row["due_on"]) if row["due_on"] else None
        row["days_left"] = machine.days_left(row["machine"], today, due, calendar) if due else None
    return sorted(rows, key=lambda row: not row["at_risk"])
