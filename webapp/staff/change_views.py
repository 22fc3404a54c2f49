"""Change reports (如实申报) for staff: the village assistant or the township reports a change of
a household receiving assistance (a death too); the region's queue of reports; a report's page,
where the township acknowledges it and decides (no change, an earlier review, or a stop). The
rules are webapp/domain/change_reports.py, the work webapp/services/change_reports.py."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from webapp.domain import case_machine as machine
from webapp.domain import change_reports as rules
from webapp.services import audit, cases, change_reports, regions
from webapp.services.authz import ASSISTANT, TOWNSHIP_REVIEWER
from webapp.staff import bp
from webapp.staff.case_views import MACHINE_ROLE, _case_or_404
from webapp.staff.guard import current_staff, require_region, staff_required
from webapp.store import submissions as submission_store
from webapp.store.engine import get_db
from webapp.web.change_forms import ChangeReportForm, DecisionForm
from webapp.web.i18n import _
from webapp.web.security import client

# The village assistant or the township records a household's report (a death too); the township
# decides. Everyone sees the reports of their region.
REPORT_ROLES = (ASSISTANT, TOWNSHIP_REVIEWER)
DECIDE_ROLES = (TOWNSHIP_REVIEWER,)
VIEWS = {"open": _("待处理"), "decided": _("已处理"), "reviews": _("提前复核（含家人去世）")}


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


def _report_or_404(report_id: int) -> dict:
    found = change_reports.get(get_db(), report_id)
    if found is None:
        abort(404)
    require_region(found["village_code"])
    return found


@bp.context_processor
def _change_panels():
    """For the case page, the board and the menu: a case's reports, the region's reviews a
    report brought forward, and how many reports wait (counted only when shown)."""
    def of_case(case) -> dict:
        staff = current_staff()
        return {"reports": change_reports.for_case(get_db(), case.id),
                "can_report": staff.role in REPORT_ROLES and change_reports.can_report(case)}

    def reviews() -> object:
        staff = current_staff()
        return change_reports.reviews(get_db(), staff.region_code, 1, change_reports.BOARD_REVIEWS_SHOWN)

    def waiting() -> int:
        staff = current_staff()
        return change_reports.open_count(get_db(), staff.region_code) if staff else 0

    return {"change_reports_of": of_case, "change_reviews": reviews, "change_reports_waiting": waiting,
            "change_rules": rules}


@bp.get("/changes")
@staff_required()
def change_queue():
    """The region's reports: waiting (oldest first), decided, or the reviews they brought forward."""
    staff = current_staff()
    db = get_db()
    view = request.args.get("view", "open")
    if view not in VIEWS:
        abort(404)
    if view == "reviews":
        listed = change_reports.reviews(db, staff.region_code, _page_number())
    else:
        listed = change_reports.queue(db, staff.region_code, view == "decided", _page_number())
    with db.atomic():
        audit.record(db, staff.actor, "viewed_change_reports", f"region:{staff.region_code}",
                     view=view, page=listed.number, count=len(listed.rows),
                     client_address=client()["address"])
    return render_template("staff/change_queue.html", staff=staff, listed=listed, view=view,
                           views=VIEWS, rules=rules, region=regions.full_name(db, staff.region_code))


def _report_page(found: dict, form: DecisionForm | None = None, error: str = ""):
    staff = current_staff()
    db = get_db()
    case = cases.get(db, found["case_id"])
    return render_template("staff/change_report.html", staff=staff, report=found, case=case,
                           rules=rules, form=form or DecisionForm(formdata=None), error=error,
                           can_decide=staff.role in DECIDE_ROLES and found["status"] != rules.DECIDED,
                           village=regions.full_name(db, found["village_code"]),
                           today=cases.today()), 422 if error or (form and form.errors) else 200


@bp.get("/changes/<int:report_id>")
@staff_required()
def change_report(report_id: int):
    found = _report_or_404(report_id)
    db = get_db()
    with db.atomic():
        audit.record(db, current_staff().actor, "viewed_change_report", f"case:{found['case_id']}",
                     report_id=report_id, client_address=client()["address"])
    return _report_page(found)


@bp.post("/changes/<int:report_id>/acknowledge")
@staff_required(*DECIDE_ROLES)
def change_acknowledge(report_id: int):
    found = _report_or_404(report_id)
    if change_reports.acknowledge(get_db(), report_id, current_staff().actor):
        flash(_("已记为知悉 %s 的家庭变化报告，请核实后作出处理。") % found["reference"])
    return redirect(url_for("staff.change_report", report_id=report_id))


@bp.post("/changes/<int:report_id>/decide")
@staff_required(*DECIDE_ROLES)
def change_decide(report_id: int):
    found = _report_or_404(report_id)
    form = DecisionForm()
    if not form.validate():
        return _report_page(found, form)
    staff = current_staff()
    config = current_app.config
    try:
        change_reports.decide(get_db(), report_id, form.to_decision(),
                              role=MACHINE_ROLE[staff.role], actor=staff.actor,
                              signature=config["SMS_SIGNATURE"], service=config["SERVICE_NAME"])
    except machine.IllegalTransition as refused:
        field = getattr(refused, "field", "")
        if field in form:
            form[field].errors = [refused.message]
        return _report_page(change_reports.get(get_db(), report_id), form, refused.message)
    flash(_("已处理 %(r)s 的家庭变化报告：%(d)s，并短信告诉申请人。")
          % {"r": found["reference"], "d": rules.DECISIONS.get(form.decision.data, "")})
    return redirect(url_for("staff.change_report", report_id=report_id))


@bp.route("/cases/<int:case_id>/change", methods=["GET", "POST"])
@staff_required(*REPORT_ROLES)
def case_change(case_id: int):
    """The assistant or the township records what a household reports (a death too)."""
    case = _case_or_404(case_id)
    if not change_reports.can_report(case):
        flash(_("这户现在不在领取救助，不能报告变化。"))
        return redirect(url_for("staff.case", case_id=case_id))
    form = ChangeReportForm() if request.method == "POST" else ChangeReportForm(formdata=None)
    url = url_for("staff.case_change", case_id=case_id)
    if request.method == "POST" and form.validate():
        staff = current_staff()
        try:
            change_reports.report(get_db(), case_id, form.to_report(), role=MACHINE_ROLE[staff.role],
                                  actor=staff.actor, signature=current_app.config["SMS_SIGNATURE"])
        except machine.IllegalTransition as refused:
            flash(refused.message)
            return redirect(url_for("staff.case", case_id=case_id))
        flash(_("已报告给乡镇，并短信告诉申请人。") + form.timing())
        return redirect(url_for("staff.case", case_id=case_id, _anchor="change-reports"))
    form.happened_on.description = form.timing() or form.happened_on.description
    return render_template("staff/change_report_form.html", staff=current_staff(), form=form,
                           case=case, url=url, rules=rules,
                           reference=submission_store.heading_of(get_db(), case.submission_id)["reference"],
                           reports=change_reports.for_case(get_db(), case_id)), \
        422 if form.errors else 200
