"""A periodic review with a result (定期复核, `002…` 民政厅 6): the reviewer enters the household's
incomes and the findings as they are now, the new monthly amount is calculated as the preliminary
opinion's is (webapp/services/opinion.py) with the parameters in force on the review day, the
result picked must agree with it (webapp/domain/review.py), and the step is taken through the
state machine with the amount and the month it is paid from. A review that stops assistance is
followed, in the same transaction, by the stop_assistance step."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlite_utils import Database

from webapp.domain import assessment
from webapp.domain import case_machine as machine
from webapp.domain import review as rules
from webapp.domain.income import MemberIncome, counted_income
from webapp.services import cases, opinion
from webapp.store import cases as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case
from webapp.store.engine import immediate
from webapp.web.i18n import _

REVIEW, STOP = "record_review", "stop_assistance"


@dataclass(frozen=True)
class ReviewInput:
    """What the review form gives besides its reason: the result picked, each member's counted
    annual income in fen where the reviewer entered one (by member index; the others as the
    application says), the findings (the opinion's, with the review's box,
    webapp/staff/review_forms.py) and the month as typed."""

    result: str = ""
    incomes: dict[int, int] = field(default_factory=dict)
    findings: dict = field(default_factory=dict)
    effective_month: str = ""


@dataclass(frozen=True)
class Member:
    """A member as the review form lists them: the name and the counted annual income (fen) the
    application gave."""

    index: int
    name: str
    applied_income_fen: int


def members(db: Database, case: Case) -> list[Member]:
    """The household's members, in the application's order."""
    answers = submission_store.answers_of(db, case.submission_id)
    incomes = answers.get("income") or {}
    return [Member(i, str(m.get("name") or _("第 %d 位成员") % (i + 1)),
                   counted_income(MemberIncome.from_answers(incomes.get(str(i)) or {})))
            for i, m in enumerate(answers.get("members") or [])]


def opinion_findings(case: Case) -> dict:
    """The findings the preliminary opinion used (kind -> data, webapp/services/findings.py; the
    three checkboxes of older opinions): what the review starts from."""
    found = json.loads(case.assessment).get("findings") if case.assessment else None
    return found if isinstance(found, dict) else {}


def _reviewed_answers(answers: dict, incomes: dict[int, int]) -> dict:
    """The application's answers with the incomes found at the review in place of those applied
    with: one counted figure for the year, net of employment costs; excluded kinds kept."""
    reviewed = copy.deepcopy(answers)
    income = reviewed.setdefault("income", {})
    for index, fen in incomes.items():
        before = income.get(str(index)) or {}
        income[str(index)] = {"wages": fen, "excluded": before.get("excluded") or {}}
    return reviewed


def calculate(db: Database, case: Case, given: ReviewInput, on: date) -> assessment.Assessment:
    """The calculation with the review's figures and the parameters in force on the day
    (opinion.NoParameters, a refusal, where the county has entered none)."""
    answers = submission_store.answers_of(db, case.submission_id)
    if not answers.get("members"):
        raise machine.IllegalTransition(_("申请材料里没有家庭成员，无法计算金额"))
    try:
        return opinion.assess(db, _reviewed_answers(answers, given.incomes), case.village_code,
                              given.findings, on)
    except ValueError as wrong:  # the household as answered cannot be calculated (单人户)
        raise machine.IllegalTransition(_("无法计算金额：%s") % wrong) from None


def result_of(given: ReviewInput) -> rules.ReviewResult:
    try:
        return rules.ReviewResult(given.result)
    except ValueError:
        raise rules.ReviewRefused(_("请选择复核结果：续发、增发、减发或停发"), "result") from None


def outcome(db: Database, case: Case, given: ReviewInput, on: date) -> rules.Outcome:
    """What the review decides, checked: the result agrees with the calculation and the month is
    allowed (ReviewRefused naming the field otherwise)."""
    result = result_of(given)
    month = rules.effective_month(given.effective_month, on)
    if result is rules.ReviewResult.STOP:  # grounds of its own: the calculation is kept if it can be
        return rules.Outcome(result, 0, None, None, month, _lines_or_none(db, case, given, on))
    found = calculate(db, case, given, on)
    rules.check_result(result, case.monthly_amount_fen or 0, found.monthly_amount_fen, found.category)
    lines = tuple((line.label, line.value) for line in found.lines)
    return rules.Outcome(result, found.monthly_amount_fen, found.category, found.household_size,
                         month, lines)


def _lines_or_none(db: Database, case: Case, given: ReviewInput, on: date) -> tuple:
    try:
        return tuple((line.label, line.value) for line in calculate(db, case, given, on).lines)
    except machine.IllegalTransition:
        return ()


def record(db: Database, case_id: int, given: ReviewInput, *, role: str, actor: str, reason: str,
           signature: str, service: str) -> Case:
    """Record the review in one transaction; IllegalTransition (ReviewRefused for the form's
    figures) saying why not, with nothing saved."""
    with immediate(db):
        case = cases.get(db, case_id)
        if case is None:
            raise LookupError(case_id)
        # Who may review, and from which state, before any figure is looked at.
        machine.next_state(case.machine, case.state, REVIEW, role=role, reason=reason)
        decided = outcome(db, case, given, cases.today())
        steps = {"role": role, "actor": actor, "reason": reason, "signature": signature,
                 "service": service}
        updated = cases.act_in(db, case_id, REVIEW, review=decided, **steps)
        if decided.result is rules.ReviewResult.STOP:
            updated = cases.act_in(db, case_id, STOP, **steps)
        return updated


@dataclass(frozen=True)
class HistoryRow:
    """One amount as the case page lists it."""

    recorded_on: str
    source: str
    result: str
    category: str
    monthly_amount_fen: int
    month: rules.Month
    paid_now: bool


SOURCES = {rules.CONFIRM: _("审核确认"), rules.REVIEW: _("定期复核")}
SOURCES["phase_out"] = _("渐退期（按渐退安排）")  # issue 12: webapp/domain/phase_out.py SOURCE


def history(db: Database, case_id: int, on: date) -> list[HistoryRow]:
    """The case's amounts, oldest first, with the one paid in this month marked."""
    rows = store.amounts(db, case_id)
    kept = [rules.Amount(r["monthly_amount_fen"], rules.Month.from_iso(r["effective_month"]))
            for r in rows]
    current = rules.in_force(kept, rules.Month.of(on))
    return [HistoryRow(_beijing_day(r["recorded_at"]), SOURCES.get(r["source"], r["source"]),
                       rules.RESULTS.get(r["result"] or "", ""),
                       assessment.CATEGORIES.get(r["category"] or "", ""), a.monthly_amount_fen,
                       a.effective_month, a is current)
            for r, a in zip(rows, kept, strict=True)]


def _beijing_day(iso: str) -> str:
    """The day a row was recorded, in Beijing (rows backfilled from a date keep it)."""
    moment = datetime.fromisoformat(iso)
    return (moment.astimezone(cases.BEIJING) if moment.tzinfo else moment).date().isoformat()


def latest_calculation(db: Database, case_id: int) -> list[tuple[str, str]]:
    """The lines of the latest review's calculation, or none before a review."""
    rows = [r for r in store.amounts(db, case_id) if r["calculation"]]
    return [tuple(line) for line in json.loads(rows[-1]["calculation"])] if rows else []
