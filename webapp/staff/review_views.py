"""The periodic review's page (定期复核, `002…` 民政厅 6): the reviewer enters the household's
incomes and findings as they are now, sees the calculation line by line (its button posts the
form back and records nothing, so neither the CSRF token nor what was typed goes into an
address), picks the result and the month, and records it (a POST, then back to the case). A
refusal shows the page again with the message next to its field and what was typed kept; the
rules are webapp/services/reviews.py and webapp/domain/review.py."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from webapp.domain import case_machine as machine
from webapp.domain import review as rules
from webapp.domain.assessment import CATEGORIES
from webapp.services import authz, cases, reviews
from webapp.staff import bp, confirmations, review_forms
from webapp.staff.case_views import FINDINGS, MACHINE_ROLE, _case_or_404, _page
from webapp.staff.guard import current_staff, staff_required
from webapp.store import submissions as submission_store
from webapp.store.engine import get_db
from webapp.web.i18n import _

REVIEWERS = (authz.TOWNSHIP_REVIEWER,)


@bp.context_processor
def _amounts():
    """For the case page: the history of amounts and the latest review's calculation."""
    return {"case_amounts": lambda case_id: reviews.history(get_db(), case_id, cases.today()),
            "review_calculation": lambda case_id: reviews.latest_calculation(get_db(), case_id)}


@bp.get("/cases/<int:case_id>/review")
@staff_required(*REVIEWERS)
def review(case_id: int):
    return _calculation(case_id, request.args)


def _calculation(case_id: int, source):
    """The page with the calculation for what `source` holds; the first GET starts from the
    findings of the opinion."""
    found = _case_or_404(case_id)
    try:
        machine.transition_for(found.machine, found.state, reviews.REVIEW)
    except machine.IllegalTransition as refused:
        return _page(found, error=refused.message, status=422)
    members = reviews.members(get_db(), found)
    sent = source.get("calculated") == "1" or source.get("calculate") == "1"
    base = reviews.opinion_findings(found)
    start = None if sent else base
    try:
        given = review_forms.read(source, len(members), start, base)
    except machine.IllegalTransition as refused:
        given = reviews.ReviewInput(findings=start or review_forms.findings_of(source, base))
        return _review_page(found, members, given, refused, 422)
    return _review_page(found, members, given)


@bp.post("/cases/<int:case_id>/review")
@staff_required()
def record_review(case_id: int):
    staff = current_staff()
    if request.form.get("calculate") == "1":  # the calculation only: nothing is recorded
        if staff.role not in REVIEWERS:
            abort(403)
        return _calculation(case_id, request.form)
    found = _case_or_404(case_id)
    config = current_app.config
    members = reviews.members(get_db(), found)
    reason = (request.form.get("reason") or "").strip()[:review_forms.REASON_MAX]
    base = reviews.opinion_findings(found)
    given = reviews.ReviewInput(findings=review_forms.findings_of(request.form, base))
    try:
        given = review_forms.read(request.form, len(members), base=base)
        reviews.record(get_db(), case_id, given, role=MACHINE_ROLE[staff.role], actor=staff.actor,
                       reason=reason, signature=config["SMS_SIGNATURE"],
                       service=config["SERVICE_NAME"])
    except machine.IllegalTransition as refused:
        if isinstance(refused, machine.RoleNotAllowed) or not _can_review(found):
            return _page(found, error=refused.message, status=422)
        return _review_page(found, members, given, refused, 422, reason)
    flash(_("已记录复核结果 %s，并短信告诉申请人。") % confirmations.reference_of(found))
    return redirect(url_for("staff.case", case_id=case_id, _anchor="amounts-heading"))


def _can_review(case: cases.Case) -> bool:
    return machine.MACHINES[case.machine].find(case.state, reviews.REVIEW) is not None


def _review_page(case: cases.Case, members: list, given: reviews.ReviewInput,
                 refused: machine.IllegalTransition | None = None, status: int = 200,
                 reason: str = ""):
    """The review page with the calculation for what was entered (none where it cannot be made)."""
    db = get_db()
    today = cases.today()
    calculation, suggested, problem = None, None, None
    try:
        calculation = reviews.calculate(db, case, given, today)
        suggested = rules.suggest(case.monthly_amount_fen or 0, calculation.monthly_amount_fen,
                                  calculation.category)
    except machine.IllegalTransition as cannot:  # no parameters in force
        problem = cannot.message
    source = request.form if request.method == "POST" else request.args
    values = review_forms.typed(source)
    if reason:
        values["reason"] = reason
    return render_template(
        "staff/review.html", case=case, members=members, given=given,
        findings={name: FINDINGS[name] for name in review_forms.FINDING_NAMES},
        ticked=review_forms.ticked(given.findings),
        results=rules.RESULTS, categories=CATEGORIES, calculation=calculation, suggested=suggested,
        problem=problem,
        error=refused.message if refused else None,
        field=getattr(refused, "field", None) or _reason_field(refused, reason),
        values=values, today=today, staff=current_staff(),
        reference=submission_store.heading_of(db, case.submission_id)["reference"],
        default_month=rules.default_effective_month(today).iso,
        earliest_month=rules.Month.of(today).iso,
        latest_month=rules.Month.of(today).plus(machine.REVIEW_INTERVAL_MONTHS).iso,
        income_field=review_forms.income_field), status


def _reason_field(refused: machine.IllegalTransition | None, reason: str) -> str | None:
    return "reason" if refused is not None and not reason else None

