"""Correcting the name an ID number is bound to, from the staff case page
(webapp/services/persons.py): the township reviewer of the case's township or the county
administrator of its county, with a reason; audited, kept as the case's `correct_name` event.
A refusal shows the case page again with the message next to its field and what was typed kept."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from webapp.services import authz, persons
from webapp.staff import bp, confirmations
from webapp.staff.case_views import Failed, _case_or_404, _page
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db, immediate
from webapp.web.i18n import _

ACTION = "correct_name"


@bp.context_processor
def _name_correction():
    """For the case page: whether this staff member may correct the bound name."""
    return {"may_correct_name": lambda staff: authz.can(staff.role, ACTION)}


@bp.post("/cases/<int:case_id>/correct-name")
@staff_required(*authz.roles_for(ACTION))
def correct_name(case_id: int):
    found = _case_or_404(case_id)
    name = (request.form.get("name") or "")[:persons.NAME_LIMIT * 2]
    reason = (request.form.get("reason") or "")[:persons.REASON_LIMIT]
    db = get_db()
    try:
        with immediate(db):
            persons.correct_name(db, case_id, name, reason, current_staff().actor)
    except persons.NameRefused as refused:
        field = "reason" if refused.field == "reason" else f"{ACTION}-{refused.field}"
        failed = Failed(ACTION, field, refused.message, {"name": name, "reason": reason})
        return _page(found, error=refused.message, status=422, failed=failed)
    flash(_("已更正登记的姓名 %s") % confirmations.reference_of(found))
    return redirect(url_for("staff.case", case_id=case_id, _anchor="correct-name-heading"))
