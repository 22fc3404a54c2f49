"""The temporary-aid steps whose forms give more than a reason (先行救助, 救助意见, 审批, 分阶段
发放, 办结), posted from the case page. The rules are webapp/services/aid_steps.py and the state
machine; a refusal shows the case page again with the message next to its field and what was
typed kept."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for

from webapp.domain import case_machine as machine
from webapp.domain import temporary_aid as aid
from webapp.services import aid_steps, temporary_aid
from webapp.staff import aid_forms, bp, confirmations
from webapp.staff.case_views import MACHINE_ROLE, Failed, _case_or_404, _page
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _

DONE = {"give_first_aid": _("已记录先行救助 %s，并短信告诉申请人。"),
        "propose_aid": _("已提出救助意见 %s"),
        "approve": _("已批准救助 %s，并短信告诉申请人。"),
        "record_payment": _("已记录发放 %s，并短信告诉申请人。"),
        "complete_aid": _("已办结 %s")}


@bp.post("/cases/<int:case_id>/aid/<action>")
@staff_required()
def aid_step(case_id: int, action: str):
    if action not in aid_steps.FORM_STEPS:
        abort(404)
    found = _case_or_404(case_id)
    staff = current_staff()
    config = current_app.config
    reason = (request.form.get("reason") or "").strip()[:500]
    try:
        temporary_aid.take(get_db(), case_id, action, aid_forms.read(request.form),
                           role=MACHINE_ROLE[staff.role], actor=staff.actor, reason=reason,
                           signature=config["SMS_SIGNATURE"], service=config["SERVICE_NAME"])
    except (machine.IllegalTransition, aid.AidRefused) as refused:
        failed = Failed(action, _field(refused, action), refused.message, aid_forms.typed(request.form))
        return _page(found, error=refused.message, status=422, failed=failed)
    flash(DONE[action] % confirmations.reference_of(found))
    return redirect(url_for("staff.case", case_id=case_id, _anchor="aid-heading"))


def _field(refused: Exception, action: str) -> str | None:
    """The id of the input a refusal is about (`<action>-<field>`; a reason is `reason`, whose
    input is `reason-<action>` as on every step), or None for a refusal of the step itself."""
    name = getattr(refused, "field", "")
    if not name:
        return None
    return name if name == "reason" else f"{action}-{name}"
