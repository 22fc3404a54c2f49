"""A case for staff: where it stands, its deadline, every step so far, and the steps this
person may take now. Views stay thin: the procedure is webapp/cases.py and the state machine."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from webapp.domain import case_machine as machine
from webapp.domain import steps_now
from webapp.domain import temporary_aid as aid
from webapp.domain.assessment import PROPOSED_RECIPIENT
from webapp.domain.findings import FindingRefused
from webapp.services import (
    aid_steps,
    audit,
    authz,
    case_answers,
    case_messages,
    cases,
    corrections,
    monitoring,
    officials,
    queues,
    regions,
    temporary_aid,
)
from webapp.services import findings as recorded_findings
from webapp.services.authz import ASSISTANT, COUNTY_ADMIN, COUNTY_CONFIRMER, TOWNSHIP_REVIEWER
from webapp.staff import bp, confirmations, finding_forms, finding_views, phase_out_forms
from webapp.staff.guard import current_staff, require_region, staff_required
from webapp.store import cases as case_store
from webapp.store import submissions as submission_store
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client

# Staff roles as the state machine names them.
MACHINE_ROLE = {ASSISTANT: machine.VILLAGE_ASSISTANT, TOWNSHIP_REVIEWER: machine.TOWNSHIP_REVIEWER,
                COUNTY_CONFIRMER: machine.COUNTY_CONFIRMER, COUNTY_ADMIN: machine.COUNTY_ADMINISTRATOR}


# The checkboxes of opinions given before the findings were structured (webapp/domain/
# findings.py), as their stored record names them; the periodic review keeps the first.
FINDINGS = {"property_over_limits": _("家庭财产超过当地规定"),
            "no_income_source": _("无劳动能力的人没有生活来源"),
            "no_supporter": _("没有法定赡养、抚养、扶养义务人，或其无履行能力")}


def _case_or_404(case_id: int) -> cases.Case:
    db = get_db()
    case = cases.get(db, case_id) if 0 < case_id < 2**63 else None
    if case is None:
        abort(404)
    require_region(case.village_code)
    return case


# The dates some steps take (cases.STEP_DATES), as the form names and explains them.
DATE_LABELS = {"visit_on": _("入户调查日期"), "notice_start": _("公示开始日期")}
# Where a step's reason is not a reason but its result.
REASON_LABELS = {"record_review": _("复核结果（会短信告诉申请人）"),
                 "request_correction": _("说明哪里不对、要怎么改（申请人登录后能看到）"),
                 "stop_assistance": _("停止救助的理由（会短信告诉申请人，并告知可以申请行政复议）"),
                 "remove_risk": _("风险消除的依据（如收入稳定超过监测线半年以上，两不愁三保障稳固）")}


@dataclass(frozen=True)
class Failed:
    """A step refused for its input: which step, the field at fault, and what was typed, so the
    page shows the message next to the field and loses nothing."""

    action: str = ""
    field: str | None = None
    message: str = ""
    values: dict = dc_field(default_factory=dict)


def _page(case: cases.Case, error: str | None = None, status: int = 200, failed: Failed | None = None,
          finding_form=None):
    db = get_db()
    staff = current_staff()
    now = steps_now.steps_now(case.machine, case.state, _facts(db, case), role=MACHINE_ROLE[staff.role],
                              township_confirms=cases.township_confirms(db, case.county_code))
    steps = [s.step for s in now]
    days_left = queues.days_left(db, case)  # working days, or plain days for relapse monitoring
    submission = submission_store.heading_of(db, case.submission_id)
    calculation = json.loads(case.assessment)["lines"] if case.assessment else []
    # Objections are raised by the public on the notice page, not from here.
    # and a correction is resubmitted by the applicant from their own pages, with the changed
    # answers and a new commitment (webapp/corrections.py), never by a bare button here.
    steps = [s for s in steps if s.action not in ("raise_objection", "resubmit")]
    # Temporary aid's steps with amounts have forms of their own (staff/_temporary_aid_steps.html).
    aid_forms = [s for s in steps if s.action in aid_steps.FORM_STEPS]
    steps = [s for s in steps if s.action not in aid_steps.FORM_STEPS]
    # A periodic review has a page of its own (webapp/staff/review_views.py).
    review_step = next((s for s in steps if s.action == "record_review"), None)
    steps = [s for s in steps if s.action != "record_review"]
    return render_template(
        "staff/case.html", calculation=calculation, findings=FINDINGS, case=case, steps=steps,
        extension_reasons=machine.EXTENSION_REASONS,
        can_extend=case.accepted_on and staff.role in authz.roles_for("extend_deadline")
        and case.machine == machine.APPLICATION.name,
        events=cases.events(db, case.id), days_left=days_left, submission=submission,
        village=regions.full_name(db, case.village_code), error=error, staff=staff,
        failed=failed or Failed(), date_fields=cases.STEP_DATES, date_labels=DATE_LABELS,
        reason_labels=REASON_LABELS, today=cases.today(),
        latest_notice_start=cases.today() + timedelta(days=machine.NOTICE_START_AHEAD_DAYS),
        sms=case_messages.for_case(db, case),
        correction_steps=corrections.step_choices(submission["form"]),
        corrections=corrections.for_case(db, case.id),
        deadline_label=machine.DEADLINE_LABELS[machine.deadline_kind(case.machine, case.state)],
        calendar_days=machine.counts_calendar_days(case.machine),
        visit_pending=machine.is_in(machine.Group.VISIT_BOOKED, case.machine, case.state),
        review_pending=machine.is_in(machine.Group.UNDER_REVIEW, case.machine, case.state),
        official=officials.panel(db, case.id, case.machine, case.state,
                                 authz.can(staff.role, "assign_official")),
        aid_forms=aid_forms, review_step=review_step, **_aid_context(db, case),
        blocked={s.step.action: s.why_not for s in now if not s.allowed},
        phase_out_reasons=phase_out_forms.REASONS, monitoring=monitoring.panel(db, case, cases.today()),
        may_record_income=authz.can(staff.role, "record_monitoring_income"),
        finding_forms=finding_views.shown(db, case, [s.action for s in steps], staff.name,
                                          (failed or Failed()).action, finding_form),
        recorded_findings=recorded_findings.sections(db, case.id),
        answers=case_answers.for_case(db, case)), status


def _facts(db, case: cases.Case) -> steps_now.Facts:
    """What the steps' guards look at (webapp/domain/steps_now.py)."""
    return steps_now.Facts(
        today=cases.today(),
        notice=machine.notice_period(date.fromisoformat(case.notice_start)) if case.notice_start else None,
        phase_out_until=date.fromisoformat(case.phase_out_until) if case.phase_out_until else None,
        has_official=case_store.has_official(db, case.id),
        risk_removal_blocked=_risk_removal_blocked(db, case),
        proposed=case.category in PROPOSED_RECIPIENT if case.assessment else True)


def _risk_removal_blocked(db, case: cases.Case) -> str:
    """Issue 12: why the risk may not be marked removed today, for a monitored case."""
    if not machine.is_in(machine.Group.MONITORED, case.machine, case.state):
        return ""
    return monitoring.removal_why_not(db, case, cases.today())


def _aid_context(db, case: cases.Case) -> dict:
    """What the case page shows of temporary aid (nothing for the other procedures)."""
    if case.machine != machine.TEMPORARY_AID.name:
        return {"aid": None}
    return {"aid": temporary_aid.panel(db, case, cases.today()), "payment_methods": aid.PAYMENT_METHODS}


@bp.get("/cases/<int:case_id>")
@staff_required()
def case(case_id: int):
    found = _case_or_404(case_id)
    db = get_db()
    with db.atomic():
        audit.record(db, current_staff().actor, "viewed_case", f"case:{case_id}",
                     client_address=client()["address"])
    return _page(found)


@bp.post("/cases/<int:case_id>/extend")
@staff_required(*authz.roles_for("extend_deadline"))
def extend(case_id: int):
    found = _case_or_404(case_id)
    try:
        cases.extend(get_db(), case_id, request.form.get("extension_reason", ""),
                     (request.form.get("note") or "").strip()[:200], current_staff().actor)
    except ValueError as refused:
        message = getattr(refused, "message", None) or _("请选择延期的理由")
        return _page(found, error=message, status=422)
    flash(confirmations.extended(cases.get(get_db(), case_id) or found))
    return redirect(url_for("staff.case", case_id=case_id))


@bp.post("/cases/<int:case_id>/<action>")
@staff_required()
def act(case_id: int, action: str):
    found = _case_or_404(case_id)
    staff = current_staff()
    config = current_app.config
    reason = (request.form.get("reason") or "").strip()[:500]
    try:
        finding = finding_views.read(get_db(), found, action, request.form, MACHINE_ROLE[staff.role])
        if action == "request_correction":  # names the steps to correct (webapp/corrections.py)
            corrections.request(get_db(), case_id, request.form.getlist("steps"), reason,
                                role=MACHINE_ROLE[staff.role], actor=staff.actor,
                                signature=config["SMS_SIGNATURE"], service=config["SERVICE_NAME"])
        else:
            cases.act(get_db(), case_id, action, role=MACHINE_ROLE[staff.role], actor=staff.actor,
                      reason=reason, signature=config["SMS_SIGNATURE"],
                      service=config["SERVICE_NAME"], finding=finding, day=_day_of(action),
                      phase_out=phase_out_forms.read(action, request.form))
    except (machine.IllegalTransition, aid.AidRefused) as refused:
        form = _finding_form(found, action, refused)
        failed = Failed(action, _refused_field(refused, found, action, reason), refused.message,
                        {**{k: request.form.get(k, "")[:500]
                            for k in ("reason", *DATE_LABELS, *phase_out_forms.FIELDS)},
                         "steps": request.form.getlist("steps")})
        return _page(found, error=refused.message, status=422, failed=failed, finding_form=form)
    flash(confirmations.step_done(case_id, found, action))
    return redirect(url_for("staff.case", case_id=case_id))


def _finding_form(case: cases.Case, action: str, refused):
    """The findings form of a refused step as typed, its error on it (None for other steps)."""
    if isinstance(refused, finding_views.Invalid):
        return refused.form
    return finding_views.refused(get_db(), case, action, request.form, refused)


def _day_of(action: str) -> date | None:
    """The date a step takes from its form (InvalidDate for nonsense); None where it takes none
    or where it was left empty (cases.act_in says whether that is allowed)."""
    name = cases.STEP_DATES.get(action)
    text = (request.form.get(name) or "").strip() if name else ""
    return machine.parse_day(text, name, DATE_LABELS[name]) if name and text else None


def _refused_field(refused, case: cases.Case, action: str, reason: str) -> str | None:
    """The id of the field a refusal is about, a findings form's field included."""
    if isinstance(refused, finding_views.Invalid):
        return refused.field
    if isinstance(refused, FindingRefused):
        return finding_forms.field_id(recorded_findings.kind_of(case.machine, action) or "", refused.field)
    return _field_of(refused, case, action, reason)


def _field_of(refused: machine.IllegalTransition | aid.AidRefused, case: cases.Case, action: str,
              reason: str) -> str | None:
    """The form field a refusal is about: a date, the steps to correct, or a reason left empty."""
    if getattr(refused, "field", None):
        return refused.field
    step = machine.MACHINES[case.machine].find(case.state, action)
    return "reason" if step and step.needs_reason and not reason else None
