"""好差评 for staff (国办发〔2019〕51号: bad ratings are followed up and answered; the results
are open): the township's list of bad ratings to answer, earliest due first, overdue ones
marked; its answer, which reaches the resident; and the county administrator's view of the
ratings and follow-ups per township."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from webapp.domain import ratings as rules
from webapp.services import ratings, regions
from webapp.services.authz import roles_for
from webapp.staff import bp
from webapp.staff.audit_views import county_of
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _


def _page_number() -> int | None:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else None


def _followups_page(number: int, *, failed: int | None = None, text: str = "",
                    error: str | None = None, status: int = 200):
    staff = current_staff()
    db = get_db()
    listed = ratings.open_followups(db, staff.region_code, number)
    return render_template("staff/rating_followups.html", staff=staff, listed=listed,
                           region=regions.full_name(db, staff.region_code), failed=failed,
                           text=text, error=error, answer_limit=rules.ANSWER_LIMIT), status


@bp.get("/ratings/followups")
@staff_required(*roles_for("answer_ratings"))
def rating_followups():
    number = _page_number()
    if number is None:
        return _followups_page(1, error=_("页码不对"), status=422)
    return _followups_page(number)


@bp.post("/ratings/followups/<int:followup_id>/answer")
@staff_required(*roles_for("answer_ratings"))
def answer_rating(followup_id: int):
    staff = current_staff()
    db = get_db()
    try:
        ratings.followup_in(db, followup_id, staff.region_code)
    except ratings.NotFound:
        abort(404)  # another township's rating is, for this reviewer, not there at all
    text = (request.form.get("answer") or "").strip()
    number = _page_number() or 1
    if not text:
        return _followups_page(number, failed=followup_id, text=text, status=422,
                               error=_("请写明答复的内容"))
    if len(text) > rules.ANSWER_LIMIT:
        return _followups_page(number, failed=followup_id, text=text, status=422,
                               error=_("答复最多 %d 个字") % rules.ANSWER_LIMIT)
    try:
        ratings.answer(db, followup_id, staff.region_code, text, actor=staff.actor,
                       signature=current_app.config["SMS_SIGNATURE"])
    except ratings.AlreadyAnswered:
        flash(_("这条评价之前已经答复过了。"))
    else:
        flash(_("已答复，答复已用短信发给申请人，也会显示在申请人的页面上。"))
    return redirect(url_for("staff.rating_followups"))


@bp.get("/county/ratings")
@staff_required(*roles_for("read_ratings"))
def county_ratings():
    db = get_db()
    county_code = county_of(db, current_staff().region_code)
    return render_template("staff/county_ratings.html", staff=current_staff(),
                           county=regions.full_name(db, county_code), county_code=county_code,
                           levels=rules.LEVELS,
                           townships=ratings.county_summary(db, county_code))
