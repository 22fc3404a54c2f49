"""Reporting a change of the household (如实申报) from a submission's page: a household receiving
assistance says what changed, on which day, in a few words; the township is told, and so is the
resident, by SMS. The rules are webapp/domain/change_reports.py; the keeping and telling
webapp/services/change_reports.py."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from webapp.auth.views import current_resident, resident_required
from webapp.domain import case_machine as machine
from webapp.domain import change_reports as rules
from webapp.resident import bp
from webapp.resident.forms import field_fragment
from webapp.services import change_reports, held_posts, submissions
from webapp.store.engine import get_db
from webapp.web.change_forms import ChangeReportForm
from webapp.web.i18n import _


@bp.context_processor
def _change_report_link():
    """For a submission's page: whether its household reports changes here (receiving)."""
    def can_report_change(draft) -> bool:
        if draft is None or draft.status == submissions.DRAFT:
            return False
        return change_reports.can_report(change_reports.case_of_submission(get_db(), draft.id))

    return {"can_report_change": can_report_change}


def _own(reference: str):
    """The resident's own submission and its case; 404 for anyone else's, or before it opens."""
    draft = submissions.by_reference(get_db(), current_resident(), reference[:20])
    case = change_reports.case_of_submission(get_db(), draft.id) if draft else None
    if case is None:
        abort(404)
    return draft, case


def _form(draft) -> ChangeReportForm:
    """The form as posted; on the first GET after signing in again (the session had ended while
    the form was sent), what was typed then; else empty."""
    if request.method == "POST":
        return ChangeReportForm()
    db = get_db()
    held = None
    if submissions.load(db, current_resident(), draft.id, request.path).held:
        held = held_posts.take(db, current_resident(), request.path)
    if held is None:
        return ChangeReportForm(formdata=None)
    flash(_("为了安全您曾被退出。刚才填的内容都还在，请检查后再点“报告给乡镇”。"))
    return ChangeReportForm(formdata=held)


@bp.route("/submissions/<reference>/change", methods=["GET", "POST"])
@resident_required
def change_report(reference: str):
    draft, case = _own(reference)
    if not change_reports.can_report(case):
        flash(_("这户现在不在领取救助，不需要在这里报告变化；有情况请联系乡镇。"))
        return redirect(url_for("resident.submitted", reference=draft.reference))
    form = _form(draft)
    if request.method == "POST" and request.args.get("validate"):
        form.happened_on.description = form.timing() or form.happened_on.description
        return field_fragment(form, request.args["validate"])
    if request.method == "POST" and form.validate():
        try:
            change_reports.report(get_db(), case.id, form.to_report(), role=machine.APPLICANT,
                                  actor=f"resident:{current_resident()}",
                                  signature=current_app.config["SMS_SIGNATURE"])
        except machine.IllegalTransition as refused:
            flash(refused.message)
            return redirect(url_for("resident.submitted", reference=draft.reference))
        flash(_("已报告，乡镇会核实处理，短信已经发到您的手机。") + form.timing())
        return redirect(url_for("resident.submitted", reference=draft.reference))
    form.happened_on.description = form.timing() or form.happened_on.description
    return render_template("resident/change_report.html", form=form, draft=draft,
                           reports=change_reports.for_case(get_db(), case.id), rules=rules,
                           url=url_for("resident.change_report", reference=draft.reference)), \
        422 if form.errors else 200
