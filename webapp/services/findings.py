"""The township's structured findings (webapp/domain/findings.py): checked and recorded with
the step that takes them, inside its transaction (webapp/services/cases.py act_in), the latest
of each kind read back for the preliminary opinion's calculation (webapp/services/opinion.py)
and shown line by line on the case page and in the household file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from webapp.domain import findings as rules
from webapp.domain.case_machine import APPLICATION
from webapp.store import findings as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case

Finding = tuple[str, dict]  # (kind, data) as a form gave it


@dataclass(frozen=True)
class Section:
    """One kind of finding as shown: its title, who recorded it when, and its lines."""

    kind: str
    title: str
    lines: list[tuple[str, str]]
    recorded_at: str = ""
    actor: str = ""


def kind_of(machine_name: str, action: str) -> str | None:
    """The kind of finding a step of the dibao procedure records, None for any other step."""
    return rules.STEP_KINDS.get(action) if machine_name == APPLICATION.name else None


def check(case: Case, finding: Finding, today: date) -> None:
    """The rules of the kind (FindingRefused naming the field)."""
    kind, data = finding
    if kind == rules.HOME_VISIT:
        rules.check_home_visit(data, date.fromisoformat(case.visit_on) if case.visit_on else None, today)
    elif kind == rules.RECORDS_CHECK:
        rules.check_records(data)
    elif kind == rules.DEMOCRATIC_REVIEW:
        rules.check_democratic_review(data, today)
    else:
        rules.check_category(data)


def named(db: Database, case: Case, data: dict) -> dict:
    """The data with each member's name from the application, so the lines read on their own."""
    if "members" not in data:
        return data
    people = submission_store.answers_of(db, case.submission_id).get("members") or []
    return {**data, "members": [{**m, "name": str((people[i] if i < len(people) else {}).get("name") or "")}
                                for i, m in enumerate(data["members"])]}


def record(db: Database, case: Case, finding: Finding, *, actor: str, at: str) -> None:
    """Append the recording (call inside the step's transaction, after check)."""
    kind, data = finding
    store.add(db, case.id, kind, at=at, actor=actor, data=data)


def latest(db: Database, case_id: int) -> dict[str, dict]:
    """The latest recording of each kind: kind -> data."""
    return {kind: row["data"] for kind, row in store.latest(db, case_id, tuple(rules.KINDS)).items()}


def in_use(db: Database, case_id: int, finding: Finding | None) -> dict[str, dict]:
    """What the opinion uses and keeps: the latest of each kind, with the one being recorded."""
    found = latest(db, case_id)
    if finding is not None:
        found[finding[0]] = finding[1]
    return found


def sections_of(found: dict) -> list[Section]:
    """Structured findings (kind -> data) as sections, in the procedure's order; none for the
    checkboxes of opinions given before findings were recorded."""
    return [Section(kind, title, rules.lines(kind, found[kind]))
            for kind, title in rules.KINDS.items() if isinstance(found.get(kind), dict)]


def sections(db: Database, case_id: int) -> list[Section]:
    """The case's recorded findings, with who recorded each and when."""
    rows = store.latest(db, case_id, tuple(rules.KINDS))
    return [Section(kind, title, rules.lines(kind, rows[kind]["data"]), rows[kind]["recorded_at"],
                    rows[kind]["actor"])
            for kind, title in rules.KINDS.items() if kind in rows]
