"""Cases: a submitted form taken through its procedure by staff. Each step goes through the
state machine (webapp/domain/case_machine.py), is kept as an append-only event, and reaches the
applicant by SMS through the outbox, in the same transaction."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain import phase_out as phase_out_rules
from webapp.domain import review as review_rules
from webapp.domain.assessment import CATEGORIES, PROPOSED_RECIPIENT
from webapp.domain.findings import FindingRefused
from webapp.domain.money import format_yuan
from webapp.domain.policy import DeadlineDays
from webapp.domain.working_days import WorkingCalendar
from webapp.flows import get_flow
from webapp.services import aid_steps, audit, monitoring, opinion, phase_outs, rating_invitations, regions
from webapp.services import findings as recorded_findings
from webapp.sms import outbox, templates
from webapp.store import cases as store
from webapp.store import submissions as submission_store
from webapp.store.cases import Case
from webapp.store.engine import immediate
from webapp.web.i18n import _

BEIJING = timezone(timedelta(hours=8))
# Which case date a message's {date} names (else today).
MESSAGE_DATES = {"visit_booked": "visit_on", "visit_rebooked": "visit_on",
                 "phase_out": "phase_out_until"}
# The steps that take a date from the form, and the case column it sets.
STEP_DATES = {"book_visit": "visit_on", "rebook_visit": "visit_on",
              "start_public_notice": "notice_start"}


def today() -> date:
    return datetime.now(BEIJING).date()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def calendar(db: Database) -> WorkingCalendar:
    """The official calendar, with the years a county administrator loaded."""
    return WorkingCalendar(store.calendar_days(db))


def open_case(db: Database, submission_id: int, form: str, village_code: str) -> int:
    """Open the case of a submission; call inside the submission's transaction."""
    village = regions.get(db, village_code)
    township = regions.get(db, village.parent_code) if village else None
    procedure = machine.MACHINES[get_flow(form).machine]
    return store.insert(db, {**_applicant(db, submission_id, form),
        "submission_id": submission_id, "machine": procedure.name, "state": procedure.initial,
        "village_code": village_code, "township_code": township.code if township else None,
        "county_code": township.parent_code if township else None,
        "opened_on": today().isoformat(), "updated_at": _now(), **_opening_deadline(form),
    })


def _applicant(db: Database, submission_id: int, form: str) -> dict:
    """What staff lists and search read, copied from the submission when the case opens."""
    row = submission_store.applicant_for_case(db, submission_id)
    person = json.loads(row["answers"]).get(get_flow(form).person_step, {})
    return {"reference": row["reference"], "submitted_at": row["submitted_at"],
            "applicant_name": person.get("name"),
            "applicant_id_number": (person.get("id_number") or "").upper() or None,
            "applicant_phone": row["phone"]}



def _opening_deadline(form: str) -> dict:
    """A self-declaration's county approval is due 15 days on from the declaration (see
    machine.relapse_approval_due for why from the declaration); an application's deadline starts
    at acceptance."""
    if get_flow(form).machine != machine.RELAPSE_MONITORING.name:
        return {}
    return {"due_on": machine.relapse_approval_due(today()).due.isoformat(), "due_fallback": 0}


def get(db: Database, case_id: int) -> Case | None:
    return store.get(db, case_id)


def township_confirms(db: Database, county_code: str | None) -> bool:
    return store.township_confirms(db, county_code)


def deadline_days(db: Database, village_code: str, on: date) -> DeadlineDays:
    """The working-day limits in force for the village on the day (the county's policy
    parameters); the statutory 30/20/45 where the county has entered none."""
    try:
        return opinion.parameters_for(db, village_code, on).deadlines
    except opinion.NoParameters:
        return DeadlineDays()


def events(db: Database, case_id: int) -> list[dict]:
    return store.events(db, case_id)


def act(db: Database, case_id: int, action: str, **kwargs) -> Case:
    """Take one step of the procedure in its own transaction (see act_in)."""
    with immediate(db):
        return act_in(db, case_id, action, **kwargs)


def act_in(db: Database, case_id: int, action: str, *, role: str, actor: str, reason: str = "",
           signature: str, service: str, findings: dict | None = None,
           day: date | None = None, items: str = "", aid: aid_steps.AidInput | None = None,
           review: review_rules.Outcome | None = None,
           phase_out: phase_out_rules.Grounds | None = None,
           finding: recorded_findings.Finding | None = None) -> Case:
    """Take one step of the procedure inside the caller's transaction, or raise
    IllegalTransition (AidRefused for an amount of temporary aid) saying why not. `day` is the
    date a step of STEP_DATES takes: the home visit (required) or the first day of the public
    notice (today if not given). `items` is what a request to correct names, in words, for its
    SMS (webapp/corrections.py). `aid` is what a temporary-aid step's form gave
    (webapp/services/temporary_aid.py). `review` is what a periodic review decided
    (webapp/services/reviews.py). `finding` is what the step's findings form gave (webapp/services/
    findings.py), checked and recorded with the step; the preliminary opinion uses the latest
    recorded findings of each kind."""
    case = get(db, case_id)
    if case is None:
        raise LookupError(case_id)
    notice = None
    if case.notice_start:
        notice = machine.notice_period(date.fromisoformat(case.notice_start))
    confirms = township_confirms(db, case.county_code)
    new_state = machine.next_state(case.machine, case.state, action, role=role, reason=reason,
                                   township_confirms=confirms, notice=notice, today=today())
    machine.check_after_opinion(case.state, action, case.category in PROPOSED_RECIPIENT)
    now = _now()
    if finding is not None:
        finding = (finding[0], recorded_findings.named(db, case, finding[1]))
        recorded_findings.check(case, finding, today())
    if action == "give_preliminary_opinion" and findings is None:
        findings = recorded_findings.in_use(db, case_id, finding)
    given = None
    if case.machine == machine.TEMPORARY_AID.name:  # its handlers take more than a reason
        given = aid_steps.Step(db, case, action, role, actor, reason, today(), calendar(db), now,
                               aid or aid_steps.AidInput())
    if action == "record_review":
        changes = _review(case, reason, review)
    elif action == "start_phase_out":  # issue 12: its grounds, then its schedule (below)
        changes = phase_outs.changes(db, case, phase_out, today())
    else:
        changes = _changes(db, case, action, confirms, findings or {}, day, reason, given)
    store.update_step(db, case_id, case.state, new_state, changes, now)
    if finding is not None:
        recorded_findings.record(db, case, finding, actor=actor, at=now)
    store.add_event(db, case_id, at=now, actor=actor, action=action, from_state=case.state,
                    to_state=new_state, reason=reason or None,
                    detail={**changes, **(review.detail if review else {}),
                            **_phase_out_grounds(phase_out)})
    audit.record(db, actor, f"case_{action}", f"case:{case_id}")
    updated = get(db, case_id)
    _keep_amount(db, updated, action, review, actor, now)
    if action == "start_phase_out" and phase_out is not None:
        phase_outs.keep_amounts(db, updated, phase_out, actor=actor, at=now, today=today())
    step = machine.transition_for(case.machine, case.state, action)
    template = review_rules.message_for(review.result, review.monthly_amount_fen) if review else step.sms
    _tell_applicant(db, updated, template, reason, signature, service, items,
                    month=review.month if review else None)
    rating_invitations.offer(db, case, action, at=now, signature=signature, service=service)
    return updated


def extend(db: Database, case_id: int, reason: str, note: str, actor: str) -> Case:
    """Extend an accepted application's deadline to 45 working days, recording why
    (RULES.md "Procedure and deadlines for dibao": only the reasons of 000… 四(一))."""
    reason = machine.ExtensionReason(reason)  # ValueError for any other reason
    with immediate(db):
        case = get(db, case_id)
        if case is None or case.machine != machine.APPLICATION.name or not case.accepted_on:
            raise machine.IllegalTransition(_("只有已受理的申请可以延长办理期限"))
        accepted_on = date.fromisoformat(case.accepted_on)
        deadline = machine.deadline_for(
            calendar(db), accepted_on, extensions=[machine.Extension(reason, note)],
            days=deadline_days(db, case.village_code, accepted_on))
        store.set_deadline(db, case_id, deadline.due.isoformat(), deadline.fallback_used)
        label = machine.EXTENSION_REASONS[reason]
        store.add_event(db, case_id, at=_now(), actor=actor, action="extend", from_state=case.state,
                        to_state=case.state, reason=f"{label}：{note}" if note else label,
                        detail={"reason": str(reason), "due_on": deadline.due.isoformat()})
        audit.record(db, actor, "case_extended", f"case:{case_id}", reason=str(reason))
    return get(db, case_id)


def _changes(db: Database, case: Case, action: str, confirms: bool, findings: dict,
             day: date | None, reason: str, aid: aid_steps.Step | None = None) -> dict:
    """The case columns a step sets, besides its state; temporary aid's steps have handlers of
    their own (webapp/services/aid_steps.py)."""
    if aid is not None:
        return aid_steps.changes(aid)
    if action == "accept" and not case.accepted_on:
        deadline = machine.deadline_for(calendar(db), today(), township_confirms=confirms,
                                        days=deadline_days(db, case.village_code, today()))
        return {"accepted_on": today().isoformat(), "due_on": deadline.due.isoformat(),
                "due_fallback": int(deadline.fallback_used)}
    if action == "give_preliminary_opinion":
        answers = submission_store.answers_of(db, case.submission_id)
        try:
            result = opinion.assess(db, answers, case.village_code, findings, today())
        except machine.IllegalTransition:
            raise
        except ValueError as wrong:  # the findings do not make a household (单人户 not allowed)
            raise FindingRefused(str(wrong), "single_person") from None
        return opinion.as_record(result, findings)
    handler = _STEP_CHANGES.get(action)
    return handler(db, case, day, reason) if handler else {}


def _visit(db: Database, case: Case, day: date | None, reason: str) -> dict:
    """Book or rebook the home visit: today or later, by the deadline."""
    if day is None:
        raise machine.InvalidDate(_("请选择入户调查的日期"), "visit_on")
    due = date.fromisoformat(case.due_on) if case.due_on else None
    machine.check_visit_date(day, today(), due)
    return {"visit_on": day.isoformat(), "visit_booked_on": today().isoformat()}


def _notice(db: Database, case: Case, day: date | None, reason: str) -> dict:
    """Post the 7-day notice from `day` (today unless set, at most 7 days ahead)."""
    start = day or today()
    machine.check_notice_start(start, today())
    period = machine.notice_period(start)
    return {"notice_start": period.start.isoformat(), "notice_end": period.end.isoformat(),
            "notice_posted_on": today().isoformat()}


def _confirmation(db: Database, case: Case, day: date | None, reason: str) -> dict:
    """Confirmed today; the first periodic review is due a review interval on."""
    return {"confirmed_on": today().isoformat(),
            "review_due_on": machine.review_due(today()).isoformat()}


def _review(case: Case, reason: str, review: review_rules.Outcome | None) -> dict:
    """A periodic review (002… 民政厅 6): what was found, the next one a review interval on, and
    the amount decided (kept on the case at once; case_amounts says from which month). A stop
    keeps the last amount paid: the stop_assistance step that follows ends the payments."""
    if review is None:
        raise review_rules.ReviewRefused(_("请选择复核结果"), "result")
    changes = {"reviewed_on": today().isoformat(), "review_result": reason,
               "review_due_on": machine.review_due(today()).isoformat()}
    if review.result is not review_rules.ReviewResult.STOP:
        changes.update(monthly_amount_fen=review.monthly_amount_fen, category=review.category,
                       household_size=review.household_size)
    return changes


def _keep_amount(db: Database, case: Case, action: str, review: review_rules.Outcome | None,
                 actor: str, at: str) -> None:
    """The history of amounts: the confirmed one, paid from the month after confirmation
    (RULES.md "Procedure and deadlines for dibao"), and each review's from its month."""
    if action not in ("confirm", "record_review"):
        return
    row = {"case_id": case.id, "event_id": store.last_event_id(db, case.id), "recorded_at": at,
           "actor": actor, "source": review_rules.CONFIRM, "category": case.category,
           "monthly_amount_fen": case.monthly_amount_fen or 0, "household_size": case.household_size,
           "effective_month": review_rules.default_effective_month(today()).iso}
    if review is not None:
        stopped = review.result is review_rules.ReviewResult.STOP
        row.update(source=review_rules.REVIEW, result=str(review.result),
                   monthly_amount_fen=review.monthly_amount_fen, effective_month=review.month.iso,
                   category=None if stopped else review.category,
                   calculation=json.dumps(review.lines, ensure_ascii=False))
    store.add_amount(db, row)


def _phase_out_grounds(grounds: phase_out_rules.Grounds | None) -> dict:
    """Kept in the step's event (not as case columns): why income rose, and to how much."""
    if grounds is None:
        return {}
    return {"phase_out_reason": grounds.reason,
            "phase_out_income_fen": grounds.income_per_capita_monthly,
            "phase_out_disabled_household": int(grounds.disabled_household)}


def _phase_out_over(db: Database, case: Case, day: date | None, reason: str) -> dict:
    until = date.fromisoformat(case.phase_out_until) if case.phase_out_until else None
    machine.check_phase_out_over(until, today())
    return {}


_STEP_CHANGES = {"book_visit": _visit, "rebook_visit": _visit, "start_public_notice": _notice,
                  "confirm": _confirmation,
                  "end_phase_out": _phase_out_over}


def _relapse_approved(db: Database, case: Case, day: date | None, reason: str) -> dict:
    """Approved by the county: the 10 days to the assistance plan start (RULES.md "Relapse
    monitoring")."""
    return {"due_on": machine.relapse_plan_due(today()).due.isoformat(), "due_fallback": 0}


def _relapse_plan(db: Database, case: Case, day: date | None, reason: str) -> dict:
    """The plan is made with the household's responsible official; once in, no deadline runs."""
    machine.check_plan_has_official(store.has_official(db, case.id))
    return {"due_on": None}


def _relapse_not_included(db: Database, case: Case, day: date | None, reason: str) -> dict:
    return {"due_on": None}


def _risk_removal(db: Database, case: Case, day: date | None, reason: str) -> dict:
    """002… 乡村振兴局 一(三): only on the recorded figures — income stably above the line for six
    months or more — and never for a household with no labour force (webapp/domain/monitoring.py)."""
    monitoring.check_removal(db, case, today())
    return {}


# Relapse monitoring: 15 days to the county's approval, then 10 to the plan, then none.
_STEP_CHANGES.update({"approve_at_county": _relapse_approved, "enter_assistance_plan": _relapse_plan,
                      "not_shortlist": _relapse_not_included, "reject_at_township": _relapse_not_included,
                      "reject_at_county": _relapse_not_included})
_STEP_CHANGES["remove_risk"] = _risk_removal  # issue 12


def _tell_applicant(db: Database, case: Case, template: str, reason: str, signature: str,
                    service: str, items: str = "", month: review_rules.Month | None = None) -> None:
    """Send the step's SMS (its transition names it, machine.SILENT for none); {month} is the
    month an amount is paid from: `month`, else the next one."""
    if template == machine.SILENT:
        return
    if template == "confirmed" and not case.monthly_amount_fen:
        template = "confirmed_no_amount"  # near-dibao and others: help, but no monthly payment
    row = submission_store.reference_and_phone(db, case.submission_id)
    first_of_next = (today().replace(day=1) + timedelta(days=32)).replace(day=1)
    dated = getattr(case, MESSAGE_DATES[template]) if template in MESSAGE_DATES else None
    params = {"reference": row["reference"], "service": service, "reason": reason,
              "category": CATEGORIES.get(case.category or "", ""),
              "amount": format_yuan(case.monthly_amount_fen or 0),
              "month": month.label if month else f"{first_of_next.year}年{first_of_next.month}月",
              "result": reason,
              "items": items or reason, "deadline": month_day(case.due_on),
              "date": month_day(dated or today().isoformat()),
              "start": month_day(case.notice_start), "end": month_day(case.notice_end)}
    if template in aid_steps.SMS_TEMPLATES:
        params.update(aid_steps.sms_fields(db, case, template))
    needed = {k: params[k] for k in templates.get(template).fields}
    outbox.enqueue(db, row["phone"], template, needed, signature=signature,
                   submission_id=case.submission_id)


def month_day(iso: str | None, on: date | None = None) -> str:
    """A date as an SMS sent on `on` (today) says it: 3月5日, with the year when it is another."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    year = f"{day.year}年" if day.year != (on or today()).year else ""
    return f"{year}{day.month}月{day.day}日"

