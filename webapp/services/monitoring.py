"""Relapse monitoring's yearly lines and a monitored household's income figures (issue 12;
webapp/domain/monitoring.py has the rules): the line in force for a village's year, recording a
figure on a case, and whether its risk may be marked removed today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import monitoring as rules
from webapp.domain import policy_levels
from webapp.services import audit, policy_store
from webapp.store import cases as case_store
from webapp.store import monitoring as store
from webapp.store import submissions as submission_store
from webapp.store.engine import immediate
from webapp.web.i18n import _


class MonitoringRefused(machine.IllegalTransition):
    """An income figure or a line that cannot be recorded as given; `field` names the input."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def _line(row) -> rules.Line:
    return rules.Line(row["region_code"], row["year"], row["income_line_fen"], row["watch_band_fen"],
                      row["exception_floor_fen"], row["source"])


def _lines(db: Database, village_code: str) -> tuple[list[str], list[rules.Line]]:
    chain = policy_store.region_chain(db, village_code)
    # A later entry for the same region and year supersedes an earlier one.
    latest = {(r["region_code"], r["year"]): _line(r) for r in store.lines_of(db, chain)}
    return chain, list(latest.values())


def line_for(db: Database, village_code: str, year: int) -> tuple[rules.Line, bool] | None:
    """The line a village uses in a year and whether it is carried over from an earlier year;
    None where none is entered at all."""
    chain, lines = _lines(db, village_code)
    try:
        return rules.line_for(lines, chain, year)
    except rules.NoLine:
        return None


def lines_by_year(db: Database, village_code: str, years: set[int]) -> dict[int, int]:
    """The income line (fen) for each year that has one, own or carried over."""
    found = {year: line_for(db, village_code, year) for year in years}
    return {year: got[0].income_line for year, got in found.items() if got is not None}


def add_line(db: Database, line: rules.Line, *, actor: str) -> int:
    """Enter a year's lines for a region (a province by default; a city or county may set its own)."""
    if not policy_levels.is_region_code(line.region_code):
        raise MonitoringRefused(_("地区代码应为 12 位数字"), "region")
    with immediate(db):
        new_id = store.add_line(db, {
            "region_code": line.region_code, "year": line.year, "income_line_fen": line.income_line,
            "watch_band_fen": line.watch_band, "exception_floor_fen": line.exception_floor,
            "source": line.source, "entered_by": actor,
            "entered_at": datetime.now(UTC).isoformat(timespec="seconds")})
        audit.record(db, actor, "monitoring_line_added", f"monitoring_line:{new_id}",
                     region=line.region_code, year=line.year)
    return new_id


def figures(db: Database, case_id: int) -> list[rules.IncomeFigure]:
    return [rules.IncomeFigure(date.fromisoformat(r["recorded_on"]), r["income_per_capita_fen"],
                               r["labour_force"]) for r in store.incomes_of(db, case_id)]


def removal_why_not(db: Database, case: case_store.Case, today: date) -> str:
    """Why the case's risk may not be marked removed today ("" if it may)."""
    found = figures(db, case.id)
    years = {f.recorded_on.year for f in found} | {today.year}
    return rules.removal_why_not(found, lines_by_year(db, case.village_code, years), today)


def check_removal(db: Database, case: case_store.Case, today: date) -> None:
    """IllegalTransition with the reason when the risk may not be removed (002… 乡村振兴局 一(三))."""
    why = removal_why_not(db, case, today)
    if why:
        raise machine.IllegalTransition(why)


@dataclass(frozen=True)
class IncomeInput:
    recorded_on: date
    income_per_capita: int
    labour_force: int
    note: str = ""


def record_income(db: Database, case_id: int, given: IncomeInput, *, actor: str, today: date) -> None:
    """Record a per-capita income figure on a monitored case (the office's periodic check)."""
    if given.recorded_on > today:
        raise MonitoringRefused(_("记录日期不能晚于今天（%s）") % today.isoformat(), "recorded_on")
    with immediate(db):
        case = case_store.get(db, case_id)
        if case is None or not machine.is_in(machine.Group.MONITORED, case.machine, case.state):
            raise MonitoringRefused(_("只有帮扶计划已录入、风险未消除的监测户可以记录收入"))
        store.add_income(db, {"case_id": case_id, "recorded_on": given.recorded_on.isoformat(),
                              "income_per_capita_fen": given.income_per_capita,
                              "labour_force": given.labour_force, "note": given.note or None,
                              "actor": actor, "at": datetime.now(UTC).isoformat(timespec="seconds")})
        audit.record(db, actor, "monitoring_income_recorded", f"case:{case_id}",
                     recorded_on=given.recorded_on.isoformat())


def declared_situation(db: Database, case: case_store.Case) -> rules.Situation | None:
    """The household's situation as declared (income for the whole household, members counted
    with the declarant), for the inclusion hint; None when no income was declared."""
    answers = submission_store.answers_of(db, case.submission_id)
    risks = answers.get("risks") or {}
    income = risks.get("income")
    if not isinstance(income, int):
        return None
    people = 1 + len(answers.get("members") or [])
    return rules.Situation(income // people)


@dataclass(frozen=True)
class Panel:
    """What the case page shows of relapse monitoring."""

    line: rules.Line | None
    carried_over: bool
    inclusion: str
    figures: list[rules.IncomeFigure]
    removal_blocked: str
    may_record: bool


def panel(db: Database, case: case_store.Case, today: date) -> Panel | None:
    """The relapse-monitoring panel of a case (None for other procedures)."""
    if case.machine != machine.RELAPSE_MONITORING.name:
        return None
    got = line_for(db, case.village_code, today.year)
    situation = declared_situation(db, case)
    hint = rules.inclusion(situation, got[0])[1] if got and situation else ""
    monitored = machine.is_in(machine.Group.MONITORED, case.machine, case.state)
    return Panel(got[0] if got else None, bool(got and got[1]), hint, figures(db, case.id),
                 removal_why_not(db, case, today) if monitored else "", monitored)
