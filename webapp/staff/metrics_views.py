"""Form metrics for the county administrator (issue 11, item 10): per form and page, how many
drafts started, got that far, stopped there for good, finished, and the median time on the page
— bars drawn by the server (no script), no personal data (webapp/services/form_metrics.py)."""

from __future__ import annotations

from flask import render_template

from webapp.domain import form_metrics as rules
from webapp.flows import get_flow
from webapp.services import cases, form_metrics
from webapp.services.authz import roles_for
from webapp.services.submissions import FORM_NAMES
from webapp.staff import bp
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db


@bp.get("/county/form-metrics")
@staff_required(*roles_for("read_form_metrics"))
def form_metrics_page():
    db = get_db()
    today = cases.today()
    funnels = [form_metrics.funnel(db, get_flow(form), today) for form in FORM_NAMES]
    return render_template("staff/form_metrics.html", staff=current_staff(), funnels=funnels,
                           since=rules.window_start(today), minutes=rules.minutes_label,
                           idle_days=rules.ABANDONED_AFTER.days)
