"""Change reports (如实申报) and the death of a member: a household receiving assistance, its
village assistant or the township reports a change; it is kept, told to the applicant by SMS and
put in the township's queue; the township acknowledges it and decides (no change, an earlier
review, or a stop through the procedure). A death brings the review forward to within 3 months
of it (webapp/domain/change_reports.py). Each step is a case event, audited, with its SMS in the
same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import change_reports as rules
from webapp.services import audit, cases, queues
from webapp.sms import outbox, templates
from webapp.store import cases as case_store
from webapp.store import change_reports as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case
from webapp.store.engine import immediate
from webapp.web.i18n import _

CASE_REPORTS_SHOWN = 20
BOARD_REVIEWS_SHOWN = 10
# Why a report set a review day: the rule of a death, or the township's decision.
DEATH_REVIEW, DECISION_REVIEW = "death", "decision"


@dataclass(frozen=True)
class Report:
    """What the form gave: the kind of change, its day and a short description."""

    kind: str
    happened_on: date
    description: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def case_of_submission(db: Database, submission_id: int) -> Case | None:
    """The case of a resident's submission, None before it opens."""
    case_id = case_store.case_id_of_submission(db, submission_id)
    return cases.get(db, case_id) if case_id else None


def can_report(case: Case | None) -> bool:
    return case is not None and rules.can_report(case.machine, case.state)


def report(db: Database, case_id: int, given: Report, *, role: str, actor: str, signature: str
           ) -> int:
    """Keep a report on the case, in its own transaction; its id. ChangeRefused or InvalidDate
    (naming the field) when the household does not report here or the form is wrong."""
    with immediate(db):
        case = cases.get(db, case_id)
        if case is None:
            raise LookupError(case_id)
        rules.check_can_report(case.machine, case.state)
        rules.check_kind(given.kind)
        today = cases.today()
        rules.check_happened_on(given.happened_on, today)
        description = given.description[:rules.DESCRIPTION_MAX]
        repeated = store.same_open(db, case.id, given.kind, given.happened_on.isoformat(),
                                   description)
        if repeated:  # the form sent twice (a double tap, a retry): kept and told once
            return repeated
        due = _death_review(db, case, given) if given.kind == rules.DEATH else None
        report_id = store.insert(db, {
            "case_id": case.id, "village_code": case.village_code,
            "township_code": case.township_code, "county_code": case.county_code,
            "kind": given.kind, "happened_on": given.happened_on.isoformat(),
            "description": description,
            "in_time": int(rules.reported_in_time(given.happened_on, today)),
            "reported_by": role, "actor": actor, "reported_at": _now(),
            "review_due_on": due.isoformat() if due else None,
            "review_reason": DEATH_REVIEW if due else None})
        detail = {"kind": given.kind, "happened_on": given.happened_on.isoformat(),
                  "report_id": report_id}
        if due:
            detail.update(review_due_on=due.isoformat(), review_reason=DEATH_REVIEW)
        _event(db, case, "report_change", actor, detail)
        audit.record(db, actor, "change_reported", f"case:{case.id}", kind=given.kind,
                     report_id=report_id)
        _tell(db, case, "change_death_received" if due else "change_received",
              {"items": rules.SHORT[given.kind], "date": cases.month_day(due.isoformat()) if due
               else ""}, signature)
    return report_id


def _death_review(db: Database, case: Case, given: Report) -> date:
    """000… 一(三): the review within 3 months of the death, moved on the case where sooner."""
    current = date.fromisoformat(case.review_due_on) if case.review_due_on else None
    due = rules.death_review_due(given.happened_on, current)
    if due != current:
        case_store.move_review_due(db, case.id, due.isoformat())
    return due


def _event(db: Database, case: Case, action: str, actor: str, detail: dict,
           reason: str | None = None) -> None:
    """A change report's event: the state stays as it is (a stop has its own event first)."""
    state = cases.get(db, case.id).state
    case_store.add_event(db, case.id, at=_now(), actor=actor, action=action, from_state=state,
                         to_state=state, reason=reason, detail=detail)


def _tell(db: Database, case: Case, template: str, params: dict, signature: str) -> None:
    """An SMS to the applicant (whoever reported), with the fields its template names."""
    row = submission_store.reference_and_phone(db, case.submission_id)
    fields = {"reference": row["reference"], **params}
    needed = {k: fields[k] for k in templates.get(template).fields}
    outbox.enqueue(db, row["phone"], template, needed, signature=signature,
                   submission_id=case.submission_id)


def acknowledge(db: Database, report_id: int, actor: str) -> bool:
    """The township has seen the report (知悉); False when it was seen or decided before."""
    with immediate(db):
        found = store.get(db, report_id)
        if found is None:
            raise LookupError(report_id)
        done = store.acknowledge(db, report_id, _now(), actor)
        if done:
            audit.record(db, actor, "change_acknowledged", f"case:{found['case_id']}",
                         report_id=report_id)
    return done


@dataclass(frozen=True)
class Decision:
    """What the township decided: no change, review (by a day) or stop (with a reason)."""

    decision: str
    reason: str = ""
    review_by: date | None = None


def decide(db: Database, report_id: int, given: Decision, *, role: str, actor: str,
           signature: str, service: str) -> None:
    """Decide a report in one transaction: a stop takes the procedure's stop_assistance step
    (its SMS tells the applicant, with the reason and how to appeal); no change and a review are
    told by their own SMS. ChangeRefused, InvalidDate or IllegalTransition say why not."""
    with immediate(db):
        found = store.get(db, report_id)
        if found is None:
            raise LookupError(report_id)
        if found["status"] == rules.DECIDED:
            raise rules.ChangeRefused(_already_decided())
        case = cases.get(db, found["case_id"])
        rules.check_decision(given.decision, case.machine, case.state, given.reason)
        due = _decided_review(db, case, given) if given.decision == rules.REVIEW else None
        if given.decision == rules.STOP:
            cases.act_in(db, case.id, "stop_assistance", role=role, actor=actor,
                         reason=given.reason, signature=signature, service=service)
        store.decide(db, report_id, decision=given.decision, reason=given.reason or None,
                     at=_now(), by=actor, review_due_on=due.isoformat() if due else None)
        detail = {"decision": given.decision, "report_id": report_id}
        if due:
            detail["review_due_on"] = due.isoformat()
        _event(db, case, "decide_change", actor, detail, given.reason or None)
        audit.record(db, actor, "change_decided", f"case:{case.id}", decision=given.decision,
                     report_id=report_id)
        if given.decision == rules.NO_CHANGE:
            _tell(db, case, "change_no_change", {}, signature)
        elif due:
            _tell(db, case, "change_review", {"date": cases.month_day(due.isoformat())}, signature)


def _already_decided() -> str:
    return _("这份报告已经处理过了。")


def _decided_review(db: Database, case: Case, given: Decision) -> date:
    """The earlier review the township set: from today, not later than the one already due."""
    if given.review_by is None:
        raise machine.InvalidDate(_("请选择复核日期"), "review_by")
    current = date.fromisoformat(case.review_due_on) if case.review_due_on else None
    due = rules.sooner_review(given.review_by, current, cases.today())
    if due != current:
        case_store.move_review_due(db, case.id, due.isoformat())
    return due


# --- Reading: a case's reports, a region's queue, the reviews reports brought forward

def for_case(db: Database, case_id: int) -> list[dict]:
    return store.for_case(db, case_id, CASE_REPORTS_SHOWN)


def get(db: Database, report_id: int) -> dict | None:
    return store.get(db, report_id) if 0 < report_id < 2**63 else None


def queue(db: Database, region_code: str, decided: bool, page: int) -> queues.Page:
    """One page of the region's reports: those waiting for a decision, or those decided."""
    level, code = queues.scope(db, region_code)
    statuses = (rules.DECIDED,) if decided else rules.OPEN_STATUSES
    total = store.count(db, level, code, statuses)
    number = min(max(page, 1), max(1, -(-total // queues.PAGE_SIZE)))
    offset = (number - 1) * queues.PAGE_SIZE
    rows = store.queue_page(db, level, code, statuses, offset, queues.PAGE_SIZE)
    return queues.Page(rows, number, queues.PAGE_SIZE, total, offset + len(rows) < total)


def open_count(db: Database, region_code: str) -> int:
    """How many of the region's reports wait for a decision (for the menu)."""
    level, code = queues.scope(db, region_code)
    return store.count(db, level, code, rules.OPEN_STATUSES)


def reviews(db: Database, region_code: str, page: int, size: int = queues.PAGE_SIZE) -> queues.Page:
    """One page of the region's households whose review a report brought forward (a death
    first of all), the soonest first, each with its days left."""
    level, code = queues.scope(db, region_code)
    total = store.reviews_count(db, level, code)
    number = min(max(page, 1), max(1, -(-total // size)))
    offset = (number - 1) * size
    rows = store.reviews_page(db, level, code, offset, size)
    today = cases.today()
    for row in rows:
        row["days_left"] = (date.fromisoformat(row["review_due_on"]) - today).days
    return queues.Page(rows, number, size, total, offset + len(rows) < total)

