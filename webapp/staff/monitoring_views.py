"""Recording a monitored household's income on its case page (issue 12): the figures risk
removal is checked from (002… 乡村振兴局 一(三); webapp/services/monitoring.py). A refusal shows
the case page again with the message next to its field and what was typed kept."""

from __future__ import annotations

import unicodedata

from flask import flash, redirect, request, url_for

from webapp.domain import case_machine as machine
from webapp.domain.money import InvalidAmount, parse_yuan
from webapp.services import authz, cases, monitoring
from webapp.staff import bp, confirmations
from webapp.staff.case_views import Failed, _case_or_404, _page
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _

ACTION = "record_income"
FIELDS = ("recorded_on", "income", "labour_force", "note")


@bp.post("/cases/<int:case_id>/monitoring/income")
@staff_required(*authz.roles_for("record_monitoring_income"))
def record_income(case_id: int):
    found = _case_or_404(case_id)
    typed = {name: (request.form.get(name) or "")[:200] for name in FIELDS}
    try:
        monitoring.record_income(get_db(), case_id, _read(typed), actor=current_staff().actor,
                                 today=cases.today())
    except machine.IllegalTransition as refused:
        field = getattr(refused, "field", "")
        failed = Failed(ACTION, f"monitoring-{field}" if field else None, refused.message, typed)
        return _page(found, error=refused.message, status=422, failed=failed)
    flash(_("已记录收入情况 %s") % confirmations.reference_of(found))
    return redirect(url_for("staff.case", case_id=case_id, _anchor="monitoring-heading"))


def _read(typed: dict[str, str]) -> monitoring.IncomeInput:
    day = machine.parse_day(typed["recorded_on"], "recorded_on", _("记录日期"))
    try:
        income = parse_yuan(typed["income"])
    except InvalidAmount as wrong:
        raise monitoring.MonitoringRefused(wrong.message, "income") from None
    workers = unicodedata.normalize("NFKC", typed["labour_force"]).strip().removesuffix("人").strip()
    if not workers.isascii() or not workers.isdigit() or int(workers) > 99:
        raise monitoring.MonitoringRefused(_("劳动力人数请填 0 到 99 的整数（没有劳动力填 0）"),
                                           "labour_force")
    return monitoring.IncomeInput(day, income, int(workers), typed["note"].strip())
