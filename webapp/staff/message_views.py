"""SMS people can rely on: the region's failed deliveries to tell in person, and reminders
stopped or restarted for an applicant by the village assistant or the township."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for

from webapp.services import audit, cases, regions
from webapp.services.authz import roles_for
from webapp.sms import followup
from webapp.staff import bp, case_views
from webapp.staff.guard import current_staff, require_region, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client

NOTE_MAX = 200
MESSAGE_ID = re.compile(r"[1-9][0-9]{0,17}")


@bp.context_processor
def _undelivered_count():
    """For the menu: how many failed messages wait in the region (counted only when shown)."""
    def count() -> int | str:
        staff = current_staff()
        n = followup.count_pending(get_db(), staff.region_code) if staff else 0
        return f"{followup.COUNT_UP_TO - 1}+" if n >= followup.COUNT_UP_TO else n

    return {"undelivered_count": count}


def _list_page(error: str | None = None, status: int = 200, before: int | None = None):
    """One page of the region's list, newest first; `older` starts the next page."""
    staff = current_staff()
    db = get_db()
    items = followup.pending(db, staff.region_code, before=before, limit=followup.PAGE_SIZE + 1)
    older = items[followup.PAGE_SIZE - 1].message.id if len(items) > followup.PAGE_SIZE else None
    return render_template("staff/undelivered.html", staff=staff, error=error, note_max=NOTE_MAX,
                           items=items[:followup.PAGE_SIZE], older=older, before=before,
                           region=regions.full_name(db, staff.region_code)), status


@bp.get("/messages/undelivered")
@staff_required(*roles_for("follow_up_sms"))
def undelivered():
    staff = current_staff()
    db = get_db()
    before = (request.args.get("before") or "").strip()
    if before and not MESSAGE_ID.fullmatch(before):
        return _list_page(_("翻页的位置不对"), 422)
    with db.atomic():  # the list shows what messages said: reading it is recorded
        audit.record(db, staff.actor, "viewed_undelivered_sms", f"region:{staff.region_code}",
                     client_address=client()["address"])
    return _list_page(before=int(before) if before else None)


@bp.post("/messages/undelivered")
@staff_required(*roles_for("follow_up_sms"))
def told_in_person():
    """已当面告知: the person was told what the message said; it leaves the list."""
    staff = current_staff()
    raw = request.form.get("message", "")
    note = (request.form.get("note") or "").strip()
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        return _list_page(_("没有找到这条短信，请从列表中选择。"), 422)
    if len(note) > NOTE_MAX:
        return _list_page(_("说明最多%d个字。") % NOTE_MAX, 422)
    try:
        case_id, new = followup.record_told(get_db(), int(raw), staff.region_code,
                                            staff_id=staff.id, actor=staff.actor, note=note)
    except followup.NotListed:
        abort(404)  # another region's message is, for this person, not there at all
    flash(_("已记录：已当面告知。") if new else _("这条短信之前已经记录为已当面告知。"))
    if request.form.get("back") == "case":
        return redirect(url_for("staff.case", case_id=case_id) + "#case-messages")
    return redirect(url_for("staff.undelivered"))


@bp.post("/cases/<int:case_id>/reminders")
@staff_required(*roles_for("opt_out_for_resident"))
def case_reminders(case_id: int):
    """代为退订提醒短信 / 恢复提醒短信 for the applicant of a case."""
    db = get_db()
    case = cases.get(db, case_id) if 0 < case_id < 2**63 else None
    if case is None:
        abort(404)
    require_region(case.village_code)
    choice = request.form.get("reminders")
    if choice not in ("off", "on"):
        return case_views._page(case, error=_("请选择退订还是恢复提醒短信。"), status=422)
    staff = current_staff()
    followup.set_reminders(db, case.id, case.submission_id, stop=choice == "off",
                           staff_id=staff.id, actor=staff.actor)
    flash(_("已代申请人退订提醒短信，以后有提醒请当面告知。") if choice == "off"
          else _("已恢复给申请人发提醒短信。"))
    return redirect(url_for("staff.case", case_id=case_id) + "#case-messages")
