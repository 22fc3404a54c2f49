"""Home, start pages, status and the confirmation page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from webapp.auth.views import current_resident, resident_required
from webapp.domain.otp import mask_phone
from webapp.domain.timeline import day_words
from webapp.flows import FORM_NAMES, get_flow
from webapp.resident import bp
from webapp.resident.drafts import step_url
from webapp.services import corrections, on_behalf, submissions, timeline
from webapp.services.signin import phone_of
from webapp.sms import optout
from webapp.store.engine import get_db
from webapp.web.i18n import _

STATUS_LABELS = submissions.STATUS_LABELS


@bp.get("/")
def home():
    resident_id = current_resident()
    awaited = corrections.open_for_resident(get_db(), resident_id) if resident_id else {}
    return render_template("resident/home.html", signed_in=resident_id is not None,
                           corrections=awaited)


@bp.get("/start/<form>")
def start(form: str):
    if form not in FORM_NAMES:
        abort(404)
    return render_template("resident/start.html", flow=get_flow(form))


@bp.route("/start/<form>/begin", methods=["GET", "POST"])
@resident_required
def begin(form: str):
    """Start the form, or go back to the unfinished one (so a repeat makes no second draft).
    GET too, so that signing in on the way lands straight on the first question."""
    if form not in FORM_NAMES:
        abort(404)
    flow = get_flow(form)
    draft_id, resumed = submissions.start_or_resume(get_db(), current_resident(), form,
                                                    flow.steps[0].id)
    if resumed:
        flash(_("您有一份没填完的%s，已经从上次填到的地方接着填。") % flow.title)
    return redirect(url_for("resident.resume", sid=draft_id))


@bp.get("/forms/<int:sid>")
@resident_required
def resume(sid: int):
    try:
        draft = submissions.load(get_db(), current_resident(), sid)
    except submissions.DraftNotFound:
        abort(404)
    if draft.status != submissions.DRAFT:
        return redirect(url_for("resident.submitted", reference=draft.reference))
    step = draft.current_step or get_flow(draft.form).steps[0].id
    if step in ("check", "notice", "sign"):
        return redirect(url_for(f"resident.{step}", sid=sid))
    return redirect(step_url(draft, step))


@bp.get("/status")
@resident_required
def status():
    """The resident's items, a page at a time, each with its case's state, newest steps and
    what comes next (the whole timeline is on the item's own page)."""
    db = get_db()
    resident_id = current_resident()
    phone = phone_of(db, resident_id)
    listed = timeline.status_page(db, resident_id, _page_number())
    return render_template("resident/status.html", items=listed.items, views=listed.views,
                           listed=listed,
                           helpers=on_behalf.assistant_names(db, {i.filled_by for i in listed.items}),
                           corrections=corrections.open_for_resident(db, resident_id),
                           labels=STATUS_LABELS, phone=mask_phone(phone), day_words=day_words,
                           opted_out=optout.is_opted_out(db, phone), get_flow=get_flow)


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 5 else 1


@bp.post("/reminders")
@resident_required
def reminders():
    """Turn SMS reminders off or back on (mainland numbers often cannot reply 退订)."""
    db = get_db()
    resident_id = current_resident()
    phone = phone_of(db, resident_id)
    if request.form.get("reminders") == "off":
        optout.opt_out(db, phone, source=f"resident:{resident_id}")
        flash(_("已关闭提醒短信。办理进度、结果等通知仍会发给您。"))
    else:
        optout.opt_in(db, phone, source=f"resident:{resident_id}")
        flash(_("已打开提醒短信。"))
    return redirect(url_for("resident.status"))


@bp.get("/submissions/<reference>")
@resident_required
def submitted(reference: str):
    db = get_db()
    draft = submissions.by_reference(db, current_resident(), reference)
    if draft is None:
        abort(404)
    return render_template("resident/submitted.html", draft=draft, flow=get_flow(draft.form),
                           view=timeline.for_submission(db, draft), day_words=day_words)
