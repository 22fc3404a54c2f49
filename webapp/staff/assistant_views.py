"""The village assistant: their page, choosing the resident to fill a form for, taking over a
resident's own draft with the resident's consent, and the resident's form pages themselves,
served again under /staff/for/… (where the staff cookie reaches) by the very same views
(webapp/resident/acting.py says which session counts where). The rules are webapp/on_behalf.py
and webapp/services/assistant_page.py."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from webapp.auth.views import REFUSALS, _wait_message
from webapp.domain.otp import mask_phone
from webapp.flows import get_flow
from webapp.resident import acting, finish, household, photo_views, speech_views, steps
from webapp.resident.drafts import step_url
from webapp.services import assistant_page, audit, cases, consent_codes, on_behalf, persons, regions
from webapp.services.authz import roles_for
from webapp.staff import bp
from webapp.staff.assistant_forms import ConsentCodeForm, ResidentForm
from webapp.staff.guard import current_staff, staff_required
from webapp.store import cases as cases_store
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client

ASSISTANT_ROLES = roles_for(acting.ACTION)
BOTH = ["GET", "POST"]

# The resident's form pages, for the assistant acting for a resident (endpoints staff.behalf_*).
for _rule, _name, _view, _methods in (
    ("/for/<int:sid>/step/<step_id>", "step", steps.step, BOTH),
    ("/for/<int:sid>/members/<int:index>", "member", household.member, BOTH),
    ("/for/<int:sid>/members/new", "add_member", household.add_member, BOTH),
    ("/for/<int:sid>/members/<int:index>/remove", "remove_member", household.remove_member, ["POST"]),
    ("/for/<int:sid>/income/<int:index>", "member_income", household.member_income, BOTH),
    ("/for/<int:sid>/check", "check", finish.check, BOTH),
    ("/for/<int:sid>/notice", "notice", finish.notice, BOTH),
    ("/for/<int:sid>/sign", "sign", finish.sign, BOTH),
    ("/for/<int:sid>/photos", "add_photo", photo_views.add_photo, ["POST"]),
    ("/for/<int:sid>/photos/<int:photo_id>/thumbnail.jpg", "photo_thumbnail",
     photo_views.photo_thumbnail, ["GET"]),
    ("/for/<int:sid>/photos/<int:photo_id>/delete", "delete_photo", photo_views.delete_photo,
     ["POST"]),
    ("/for/<int:sid>/speech/<part>/<digest>.mp3", "speech_audio", speech_views.speech_audio,
     ["GET"]),
):
    bp.add_url_rule(_rule, f"behalf_{_name}", _view, methods=_methods)


@bp.context_processor
def _case_people():
    """For the case page: the resident the case is about, and the assistant who filled it."""
    return {"case_people": lambda submission_id: on_behalf.people(get_db(), submission_id)}


@bp.get("/assistant")
@staff_required(*ASSISTANT_ROLES)
def assistant():
    staff = current_staff()
    db = get_db()
    region = staff.region_code
    value = request.args.get("page", "1")
    number = int(value) if value.isdigit() and len(value) < 7 else 1
    households, more = assistant_page.households(db, region, number)
    with db.atomic():
        audit.record(db, staff.actor, "viewed_assistant_page", f"region:{region}",
                     client_address=client()["address"])
    return render_template(
        "staff/assistant.html", staff=staff, region=regions.full_name(db, region),
        households=households, households_page=number, households_more=more,
        drafts=assistant_page.drafts(db, region),
        corrections=assistant_page.awaiting_correction(db, region),
        to_tell=assistant_page.to_tell_in_person(db, region),
        visits=assistant_page.visits_coming(db, region, cases.today()), get_flow=get_flow)


@bp.route("/assistant/new", methods=BOTH)
@staff_required(*ASSISTANT_ROLES)
def behalf_new():
    """Choose (or register) the resident, in the assistant's own village, and start a form."""
    staff = current_staff()
    db = get_db()
    form = ResidentForm(data={"flow": request.args.get("form", "application")}
                        if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            # Told at once, as the resident's own person step tells them (services/persons.py).
            persons.check_applicant(db, form.flow.data, form.name.data, form.id_number.data)
            resident_id = on_behalf.register_resident(db, staff, form.name.data, form.id_number.data,
                                                      form.phone.data)
            flow = get_flow(form.flow.data)
            prefill = {"name": form.name.data, "id_number": form.id_number.data,
                       "phone": form.phone.data}
            sid, resumed = on_behalf.start_for(db, staff, resident_id, flow.name, flow.steps[0].id,
                                               prefill)
        except (on_behalf.ResidentRefused, persons.PersonRefused) as refused:
            form[refused.field].errors = [refused.message]
        except on_behalf.NeedsConsent as needed:
            title = get_flow(form.flow.data).title
            try:
                on_behalf.pickable(db, staff, needed.draft_id)
            except on_behalf.NotHere:
                form.flow.errors = [_("这位村民已经有一份没填完的%s，由别的协理员在填；本人没有登记"
                                      "手机号，无法确认同意由您接着填。") % title]
            else:
                flash(_("这位村民已经有一份没填完的%s（本人或别的协理员在填）。请本人同意后，您接着"
                        "填。") % title)
                return redirect(url_for("staff.pickup", sid=needed.draft_id))
        else:
            if resumed:
                flash(_("您为这位村民填的%s还没填完，已经从上次填到的地方接着填。") % flow.title)
            return redirect(url_for("staff.behalf_resume", sid=sid))
    status = 422 if form.errors else 200
    return render_template("staff/behalf_new.html", staff=staff, form=form,
                           village=regions.full_name(db, staff.region_code)), status


@bp.get("/for/<int:sid>")
@staff_required(*ASSISTANT_ROLES)
def behalf_resume(sid: int):
    draft = acting.load(sid)
    if draft.status != "draft":
        return redirect(url_for("staff.behalf_submitted", sid=sid))
    step = draft.current_step or get_flow(draft.form).steps[0].id
    if step in ("check", "notice", "sign"):
        return redirect(url_for(f"staff.behalf_{step}", sid=sid))
    return redirect(step_url(draft, step))


@bp.get("/for/<int:sid>/submitted")
@staff_required(*ASSISTANT_ROLES)
def behalf_submitted(sid: int):
    draft = acting.load(sid)
    if draft.status == "draft":
        return redirect(url_for("staff.behalf_resume", sid=sid))
    db = get_db()
    return render_template("staff/behalf_submitted.html", staff=current_staff(), draft=draft,
                           flow=get_flow(draft.form), people=on_behalf.people(db, sid),
                           case_id=cases_store.case_id_of_submission(db, sid))


# --- taking over a resident's own draft, with their consent ---------------------------------

def _pickable(sid: int):
    try:
        return on_behalf.pickable(get_db(), current_staff(), sid)
    except on_behalf.NotHere:
        abort(404)  # another village's draft is, for this assistant, not there at all


@bp.route("/assistant/drafts/<int:sid>/pickup", methods=BOTH)
@staff_required(*ASSISTANT_ROLES)
def pickup(sid: int):
    draft, phone = _pickable(sid)
    form = ConsentCodeForm()
    status = 200
    if request.method == "POST" and request.form.get("action") == "send":
        status = _send_pickup_code(draft, phone, form)  # the CSRF token is checked for every POST
        if status == 302:
            flash(_("验证码已发到 %s，请本人看短信后自己输入。") % mask_phone(phone))
            return redirect(url_for("staff.pickup", sid=sid))
    elif form.validate_on_submit():
        status = _take_over(draft, phone, form)
        if status == 302:
            flash(_("本人已同意，您现在可以接着填。"))
            return redirect(url_for("staff.behalf_resume", sid=sid))
    elif form.errors:
        status = 422
    person = (draft.answers.get(get_flow(draft.form).person_step) or {}).get("name", "")
    return render_template("staff/pickup.html", staff=current_staff(), draft=draft, form=form,
                           flow=get_flow(draft.form), phone=mask_phone(phone), name=person), status


def _send_pickup_code(draft, phone: str, form) -> int:
    config = current_app.config
    try:
        consent_codes.send(get_db(), consent_codes.PICKUP, draft.id, current_staff().id, phone,
                           secret_key=config["SECRET_KEY"], signature=config["SMS_SIGNATURE"])
    except consent_codes.RateLimited as limited:
        form.code.errors = [_wait_message(limited.until)]
        return 429
    return 302


def _take_over(draft, phone: str, form) -> int:
    db = get_db()
    try:
        code_id = consent_codes.verify(db, consent_codes.PICKUP, draft.id, phone, form.code.data,
                                       secret_key=current_app.config["SECRET_KEY"])
    except consent_codes.CodeRefused as refused:
        form.code.errors = [REFUSALS.get(refused.reason)
                            or _("验证码不对，还可以再试 %d 次。") % refused.tries_left]
        return 422
    try:
        on_behalf.take_over(db, current_staff(), draft, code_id, client())
    except on_behalf.NotHere:
        abort(404)  # submitted meanwhile, or taken over by someone else
    return 302
