"""Temporary aid's steps (临时救助, RULES.md "Temporary assistance"): the case columns each step
sets besides its state, checked against webapp/domain/temporary_aid.py with the policy
parameters in force for the village, and the payments it records. webapp/services/cases.py
calls `changes` inside the step's transaction and `sms_fields` for its message; nothing here
imports that module back."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import temporary_aid as aid
from webapp.domain.money import format_yuan
from webapp.domain.policy import PolicyParameters
from webapp.domain.working_days import WorkingCalendar
from webapp.services import opinion
from webapp.store import cases as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case
from webapp.web.i18n import _

# The steps whose forms give more than a reason (webapp/staff/aid_views.py).
FORM_STEPS = ("give_first_aid", "propose_aid", "approve", "record_payment", "complete_aid")
# The messages that name an amount of temporary aid.
SMS_TEMPLATES = frozenset({"first_aid_given", "aid_approved", "aid_paid"})
# Who approves, as webapp/domain/temporary_aid.py names the levels.
APPROVER_LEVEL = {machine.TOWNSHIP_REVIEWER: aid.Level.TOWNSHIP,
                  machine.COUNTY_CONFIRMER: aid.Level.COUNTY}
FIRST_AID, STAGE = "first_aid", "stage"


@dataclass(frozen=True)
class AidInput:
    """What a temporary-aid step's form gives besides its reason: an amount in fen, how and when
    it was paid, a note; for a proposal the number of people and the major-hardship flag; for a
    一事一议 approval who took part."""

    amount: int = 0
    method: str = ""
    paid_on: date | None = None
    note: str = ""
    household_size: int | None = None
    major_hardship: bool = False
    participants: str = ""
    # 002… 民政厅 第三类 2: what the major hardship is, as investigated (issue 12).
    major_hardship_finding: str = ""


@dataclass(frozen=True)
class Step:
    """One step being taken: the case as it was, who takes it, and what they gave."""

    db: Database
    case: Case
    action: str
    role: str
    actor: str
    reason: str
    today: date
    calendar: WorkingCalendar
    at: str
    given: AidInput


def changes(step: Step) -> dict:
    """The case columns the step sets (AidRefused or IllegalTransition when the rules say no)."""
    handler = _HANDLERS.get(step.action)
    return handler(step) if handler else {}


def parameters(db: Database, case: Case, on: date) -> PolicyParameters:
    """The parameters in force for the case's village (NoParameters, a refusal, if none)."""
    return opinion.parameters_for(db, case.village_code, on)


def parameters_or_none(db: Database, case: Case, on: date) -> PolicyParameters | None:
    """The parameters in force for the case's village, None where the county entered none."""
    try:
        return parameters(db, case, on)
    except opinion.NoParameters:
        return None


def _deadline(step: Step, start: date, name: str) -> dict:
    """`name` working days on from `start`: the parameters' figure, or the example value the
    parameters default to where the county has entered none (a deadline is never left unset)."""
    found = parameters_or_none(step.db, step.case, step.today)
    days = getattr(found, name) if found else _DEFAULTS[name]
    deadline = step.calendar.add_working_days(start, days)
    return {"due_on": deadline.due.isoformat(), "due_fallback": int(deadline.fallback_used)}


_DEFAULTS = {f.name: f.default for f in fields(PolicyParameters)
             if f.name in ("temporary_aid_decision_days", "temporary_aid_explanation_days")}


def _decision_due(step: Step, accepted_on: date) -> dict:
    return _deadline(step, accepted_on, "temporary_aid_decision_days")


def _accept(step: Step) -> dict:
    """Accepted where the emergency happened: the decision is due a parameter's working days on."""
    return {"accepted_on": step.today.isoformat(), **_decision_due(step, step.today)}


def _mark_urgent(step: Step) -> dict:
    return {"urgent": 1}


def _paid_on(step: Step, earliest: str | None, label: str) -> date:
    """The day a payment was made: today or earlier, not before `earliest`."""
    day = step.given.paid_on
    if day is None:
        raise machine.InvalidDate(_("请填写发放日期"), "paid_on")
    if day > step.today:
        raise machine.InvalidDate(_("发放日期不能晚于今天（%s）") % step.today.isoformat(), "paid_on")
    if earliest and day < date.fromisoformat(earliest):
        raise machine.InvalidDate(_("发放日期不能早于%s（%s）") % (label, earliest), "paid_on")
    return day


def _record_payment(step: Step, kind: str, day: date) -> None:
    if step.given.method not in aid.PAYMENT_METHODS:
        raise aid.AidRefused(_("请选择发放方式"), "method")
    store.add_payment(step.db, {"case_id": step.case.id, "kind": kind, "amount_fen": step.given.amount,
                                "method": step.given.method, "paid_on": day.isoformat(),
                                "note": step.given.note or None, "actor": step.actor, "at": step.at})


def _first_aid(step: Step) -> dict:
    """小金额先行救助 (001… 二(六); 004… 四(三)): only for a case marked urgent, within the
    region's cap; it accepts the case if it was not yet, and the written explanation is due a
    parameter's working days on."""
    case = step.case
    if not case.urgent:
        raise machine.IllegalTransition(_("先行救助只用于急难情况：请先“标记为急难”，写明急在哪里"))
    aid.check_first_aid(step.given.amount, parameters(step.db, case, step.today).temporary_aid_first_aid_cap)
    day = _paid_on(step, case.opened_on, _("申请提交的日子"))
    _record_payment(step, FIRST_AID, day)
    return {"accepted_on": case.accepted_on or step.today.isoformat(), "first_aid_on": day.isoformat(),
            "aid_paid_fen": case.aid_paid_fen + step.given.amount,
            **_deadline(step, step.today, "temporary_aid_explanation_days")}


def _explained(step: Step) -> dict:
    """Explained afterwards (事后补充说明情况): the decision deadline from acceptance runs again."""
    return _decision_due(step, date.fromisoformat(step.case.accepted_on or step.today.isoformat()))


def household_size_asked(db: Database, case: Case) -> int | None:
    """How many people the applicant said the hardship touches (the form's household step)."""
    size = (submission_store.answers_of(db, case.submission_id).get("household") or {}).get("size")
    return size if isinstance(size, int) and size > 0 else None


def approval_for(db: Database, case: Case, on: date, amount: int, household_size: int,
                 major_hardship: bool) -> aid.Approval:
    """Which level approves this amount for the case, under the parameters in force on the day."""
    return aid.approval_level(parameters(db, case, on), amount, household_size,
                              major_hardship=major_hardship)


def _proposal(step: Step) -> dict:
    """The township's proposal: the amount, for how many people (by default as the applicant
    said), whether it is a major hardship, and the level that must approve it, with why."""
    given, case = step.given, step.case
    size = given.household_size or household_size_asked(step.db, case) or 0
    aid.check_major_hardship(given.major_hardship, given.major_hardship_finding)
    approval = approval_for(step.db, case, step.today, given.amount, size, given.major_hardship)
    if given.amount < case.aid_paid_fen:
        raise aid.AidRefused(_("已先行救助 %s 元，救助金额不能少于已发放的") % format_yuan(case.aid_paid_fen),
                             "amount")
    return {"aid_amount_fen": given.amount, "aid_household_size": size,
            "aid_major_hardship": int(given.major_hardship), "aid_level": str(approval.level),
            "aid_why": approval.why,
            "aid_major_hardship_finding": given.major_hardship_finding.strip()
            if given.major_hardship else None}


def current_approval(db: Database, case: Case, on: date) -> aid.Approval | None:
    """The level the case's proposal needs now (None before a proposal)."""
    if not case.aid_amount_fen or not case.aid_household_size:
        return None
    return approval_for(db, case, on, case.aid_amount_fen, case.aid_household_size,
                        bool(case.aid_major_hardship))


def _approve(step: Step) -> dict:
    """Approved at the level the amount needs (002… 民政厅 第三类 2): the township only up to its
    limit; the county any amount, a 一事一议 decision recording who took part."""
    approval = current_approval(step.db, step.case, step.today)
    if approval is None:
        raise machine.IllegalTransition(_("还没有提出救助意见，不能审批"))
    aid.check_approver(approval, APPROVER_LEVEL[step.role])
    aid.check_case_by_case_grounds(approval, step.case.aid_major_hardship_finding or "")
    aid.check_case_by_case(approval, step.given.participants)
    participants = step.given.participants.strip() if approval.level is aid.Level.CASE_BY_CASE else ""
    return {"approved_on": step.today.isoformat(), "due_on": None, "aid_level": str(approval.level),
            "aid_why": approval.why, "aid_participants": participants or None}


def _stage(step: Step) -> dict:
    """A payment under the approval (一次审批、分阶段救助), within what is left of it."""
    case = step.case
    aid.check_payment(step.given.amount, case.aid_amount_fen or 0, case.aid_paid_fen)
    _record_payment(step, STAGE, _paid_on(step, case.approved_on, _("批准的日子")))
    return {"aid_paid_fen": case.aid_paid_fen + step.given.amount}


def fully_paid(case: Case) -> bool:
    """Whether the payments reach the amount approved."""
    return bool(case.aid_amount_fen) and case.aid_paid_fen >= case.aid_amount_fen


def _complete(step: Step) -> dict:
    """Finished: with less paid than approved only for a reason written down."""
    if not fully_paid(step.case) and not step.reason.strip():
        raise aid.AidRefused(
            _("批准 %s 元，已发放 %s 元：还没发完就办结的，请写明原因")
            % (format_yuan(step.case.aid_amount_fen or 0), format_yuan(step.case.aid_paid_fen)), "reason")
    return {}


def _closed(step: Step) -> dict:
    """Refused: no deadline runs any more."""
    return {"due_on": None}


_HANDLERS = {"accept": _accept, "mark_urgent": _mark_urgent, "give_first_aid": _first_aid,
             "explain_first_aid": _explained, "propose_aid": _proposal, "approve": _approve,
             "record_payment": _stage, "complete_aid": _complete, "refuse": _closed,
             "refuse_acceptance": _closed}


def sms_fields(db: Database, case: Case, template: str) -> dict:
    """What a temporary-aid message names: the amount of this payment (or of the approval), how
    it was paid and the total paid so far."""
    if template == "aid_approved":
        return {"amount": format_yuan(case.aid_amount_fen or 0)}
    payment = store.latest_payment(db, case.id) or {"amount_fen": 0, "method": ""}
    return {"amount": format_yuan(payment["amount_fen"]),
            "method": aid.PAYMENT_METHODS.get(payment["method"], ""),
            "total": format_yuan(case.aid_paid_fen)}
