"""Temporary aid for staff (临时救助, RULES.md "Temporary assistance"): each step taken through
webapp/services/cases.py `act_in` in one transaction, so it is checked by the state machine,
kept as an event, audited and told to the applicant like every step; a staged payment that
reaches the amount approved finishes the case in the same transaction. And what the case page
and the household file show of it. The rules of each step are in webapp/services/aid_steps.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from webapp.domain import temporary_aid as aid
from webapp.domain.money import format_yuan
from webapp.flows.temporary_aid import HUKOU_PLACES
from webapp.services import aid_steps, cases, opinion, regions
from webapp.services.aid_steps import AidInput
from webapp.store import cases as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case
from webapp.store.engine import immediate
from webapp.web.i18n import _

PAYMENT_KINDS = {aid_steps.FIRST_AID: _("先行救助"), aid_steps.STAGE: _("分阶段发放")}


def take(db: Database, case_id: int, action: str, given: AidInput, *, role: str, actor: str,
         reason: str = "", signature: str, service: str) -> Case:
    """Take one step of temporary aid with what its form gave; a payment that completes the
    amount approved also finishes the case (发放完毕，办结)."""
    with immediate(db):
        case = cases.act_in(db, case_id, action, role=role, actor=actor, reason=reason,
                            signature=signature, service=service, aid=given)
        if action == "record_payment" and aid_steps.fully_paid(case):
            case = cases.act_in(db, case_id, "complete_aid", role=role, actor=actor,
                                signature=signature, service=service)
    return case


@dataclass(frozen=True)
class Panel:
    """What the case page shows of a temporary-aid case."""

    event: list[tuple[str, str]]  # what happened, as the applicant said it: (label, value)
    hukou_note: str
    cap: int | None  # the first-aid cap in force (None: no parameters)
    explanation_days: int | None  # working days from first aid to its explanation
    per_person: tuple[int, int] | None  # the township's and the county's limit per person
    household_size: int | None  # the proposal's, else the applicant's
    approval: aid.Approval | None  # the level the proposal needs now
    level_label: str  # the level recorded on the case
    payments: list[dict]
    paid: int
    remaining: int | None  # of the amount approved

    @property
    def township_may_approve(self) -> bool:
        return self.approval is not None and self.approval.level is aid.Level.TOWNSHIP

    @property
    def needs(self) -> str:
        """Who must approve the proposal, in words."""
        return aid.LEVEL_LABELS[self.approval.level] if self.approval else ""

    @property
    def case_by_case(self) -> bool:
        return self.approval is not None and self.approval.level is aid.Level.CASE_BY_CASE


def _event(db: Database, case: Case, answers: dict) -> list[tuple[str, str]]:
    event, place = answers.get("event") or {}, answers.get("place") or {}
    household = answers.get("household") or {}
    where = regions.full_name(db, case.village_code)
    asked = household.get("amount_asked")
    rows = [(_("遇到的事"), aid.EMERGENCY_KINDS.get(event.get("kind") or "", _("未填"))),
            (_("从哪天开始"), event.get("since") or _("未填")),
            (_("发生了什么"), event.get("what_happened") or ""),
            (_("在哪里遇到的"), "，".join(filter(None, (where, place.get("address"))))),
            (_("户口"), HUKOU_PLACES.get(place.get("hukou") or "", _("未填"))),
            (_("受影响的人数"), _("%s 人") % household["size"] if household.get("size") else _("未填")),
            (_("大概需要"), _("%s 元") % format_yuan(asked) if asked else _("没有填，由工作人员核定"))]
    return rows


def _approval(db: Database, case: Case, on: date) -> aid.Approval | None:
    try:
        return aid_steps.current_approval(db, case, on)
    except (aid.AidRefused, opinion.NoParameters):
        return None  # the parameters changed since the proposal: approving says why


def payments(db: Database, case: Case) -> list[dict]:
    """The case's payments with their kind and method in words."""
    return [{**p, "kind_label": PAYMENT_KINDS.get(p["kind"], p["kind"]),
             "method_label": aid.PAYMENT_METHODS.get(p["method"], p["method"])}
            for p in store.payments(db, case.id)]


def panel(db: Database, case: Case, on: date) -> Panel:
    """The temporary-aid part of the case page."""
    answers = submission_store.answers_of(db, case.submission_id)
    params = aid_steps.parameters_or_none(db, case, on)
    hukou = (answers.get("place") or {}).get("hukou")
    note = "" if hukou == "here" else _("临时救助不看户籍和居住地：在急难发生地申请、审核和发放。")
    approved = case.aid_amount_fen if case.approved_on else None
    return Panel(
        event=_event(db, case, answers), hukou_note=note,
        cap=params.temporary_aid_first_aid_cap if params else None,
        explanation_days=params.temporary_aid_explanation_days if params else None,
        per_person=params.temporary_aid_limits() if params else None,
        household_size=case.aid_household_size or aid_steps.household_size_asked(db, case),
        approval=_approval(db, case, on),
        level_label=aid.LEVEL_LABELS.get(aid.Level(case.aid_level), "") if case.aid_level else "",
        payments=payments(db, case), paid=case.aid_paid_fen,
        remaining=approved - case.aid_paid_fen if approved is not None else None)


def file_section(db: Database, case: Case) -> dict:
    """What the household file prints of temporary aid: the urgent mark, the first aid, the
    approval with its level and why, and every payment."""
    return {"urgent": bool(case.urgent), "first_aid_on": case.first_aid_on,
            "amount": case.aid_amount_fen, "household_size": case.aid_household_size,
            "level": aid.LEVEL_LABELS.get(aid.Level(case.aid_level), "") if case.aid_level else "",
            "why": case.aid_why or "", "participants": case.aid_participants or "",
            "approved_on": case.approved_on, "payments": payments(db, case), "paid": case.aid_paid_fen,
            "major_hardship_finding": case.aid_major_hardship_finding or ""}  # issue 12
