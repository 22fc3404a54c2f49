"""Naming a relapse-monitoring household's responsible official (帮扶责任人) from its case page.
The rules (who, when, at most five households) are webapp/officials.py and the state machine."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from webapp.domain import case_machine as machine
from webapp.services import authz, officials
from webapp.staff import bp, confirmations
from webapp.staff.case_views import Failed, _case_or_404, _page
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _


@bp.post("/cases/<int:case_id>/official")
@staff_required(*authz.roles_for("assign_official"))
def assign_official(case_id: int):
    found = _case_or_404(case_id)
    chosen = (request.form.get("official") or "").strip()
    note = (request.form.get("note") or "").strip()[:200]
    try:
        if not chosen.isascii() or not chosen.isdigit():
            raise machine.OfficialRefused(_("请选择帮扶责任人"))
        officials.assign(get_db(), case_id, int(chosen), current_staff().actor, note)
    except machine.IllegalTransition as refused:
        failed = Failed("assign_official", "official", refused.message,
                        {"official": chosen[:20], "note": note})
        return _page(found, error=refused.message, status=422, failed=failed)
    flash(_("已明确帮扶责任人 %s") % confirmations.reference_of(found))
    return redirect(url_for("staff.case", case_id=case_id, _anchor="official-heading"))
