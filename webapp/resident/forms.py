"""Building a step's form from the draft, and what saving a step changes besides its answers."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from wtforms import BooleanField
from wtforms.fields.core import UnboundField

from webapp.flows import get_flow
from webapp.flows.application import APPLICANT_MEMBER_FIELDS
from webapp.flows.fields import Required, StepForm
from webapp.flows.members import SENSITIVE_FIELDS
from webapp.resident import acting, person_checks
from webapp.services import held_posts, notify_commit, on_behalf
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client


def build(draft, form_class: type[StepForm], stored: dict | None, **kwargs) -> StepForm:
    """The form with the request's answers on POST, the saved answers otherwise (or, on the
    resident's first GET after signing in again, what they had typed when signed out)."""
    held = None
    if request.method == "GET" and draft.held and not acting.active():
        held = held_posts.take(get_db(), draft.resident_id, request.path)
    if request.method == "POST":
        form = form_class(**kwargs)
    elif held is not None:
        flash(_("为了安全您曾被退出。刚才填的内容都还在，请检查后再点保存。"))
        form = form_class(formdata=held, **kwargs)
    else:
        form = form_class(formdata=None, data=stored or {}, **kwargs)
    if hasattr(form, "load_choices"):
        form.load_choices(get_db())
    person_checks.attach(form, draft)
    return form


def defaults(draft, step_id: str) -> dict:
    """Saved answers, or sensible first values (the signed-in phone as contact; filled on
    behalf, what the assistant typed when choosing the resident, and their village)."""
    stored = dict(draft.answers.get(step_id) or {})
    if not stored and on_behalf.PREFILL in draft.answers:
        stored = on_behalf.prefill_for(get_db(), draft, step_id)
    flow = get_flow(draft.form)
    form_class = getattr(flow.step(step_id), "form", None)
    if step_id == flow.person_step and hasattr(form_class, "phone") and not stored.get("phone"):
        stored["phone"] = draft.resident_phone
    step, key = flow.consent or ("", "")
    if step_id == step and draft.members and _asks_applicant(flow, step_id):
        # saved before the applicant's own questions moved here: member 1 holds them
        own = draft.members[0]
        stored.update({n: own[n] for n in APPLICANT_MEMBER_FIELDS if n in own and n not in stored})
    if step_id == step and key in stored and _is_checkbox(form_class, key):
        stored[key] = stored[key] == "yes"  # kept as "yes"/"no", shown as a tick box
    return stored


def _is_checkbox(form_class, name: str) -> bool:
    field = getattr(form_class, name, None)
    return isinstance(field, UnboundField) and issubclass(field.field_class, BooleanField)


def sensitive_allowed(draft) -> bool:
    consent = get_flow(draft.form).consent
    if consent is None:
        return False
    step_id, key = consent
    return (draft.answers.get(step_id) or {}).get(key) == "yes"


def forget_sensitive(draft) -> None:
    """Without the separate consent, no health or disability answer is kept (PIPL art. 29)."""
    for member in draft.members:
        for name in SENSITIVE_FIELDS:
            member.pop(name, None)
    step_id = (get_flow(draft.form).consent or ("", ""))[0]
    for name in SENSITIVE_FIELDS:
        (draft.answers.get(step_id) or {}).pop(name, None)


def after_save(draft, step_id: str, previous: dict) -> None:
    """Keep the applicant as member 1, and record each change of the separate consent."""
    flow = get_flow(draft.form)
    if step_id == flow.person_step:
        answers = draft.answers[step_id]
        first = draft.members[0] if draft.members else {}
        first.update({"name": answers["name"], "id_number": answers["id_number"],
                      "relation": "self"})
        if not draft.members:
            draft.members.append(first)
    consent_step, key = flow.consent or ("", "")
    if step_id == consent_step and draft.members and _asks_applicant(flow, step_id):
        # the applicant's own situation, asked with the consent, is member 1's
        own = draft.answers[step_id]
        for name in APPLICANT_MEMBER_FIELDS:
            draft.members[0].pop(name, None)
            if name in own:
                draft.members[0][name] = own[name]
    if step_id == consent_step:
        before, now = (previous or {}).get(key), draft.answers[step_id].get(key)
        if now != "yes":
            forget_sensitive(draft)
        changed = before != now if flow.consent_is_a_choice else (before == "yes") != (now == "yes")
        if changed:
            name = (draft.answers.get(flow.person_step) or {}).get("name", "")
            notify_commit.record_consent(get_db(), draft, now == "yes", name, client(),
                                         assistant=acting.staff() if acting.active() else None)


def _asks_applicant(flow, step_id: str) -> bool:
    """Whether the step asks the applicant's own member questions (the application's consent
    page does)."""
    return getattr(flow.step(step_id).form, "work", None) is not None


def phone_optional(form, draft) -> None:
    """Filled on behalf of a resident with no phone, the contact number may be left empty."""
    if "phone" in form and acting.active() and not draft.resident_phone:
        form.phone.validators = [v for v in form.phone.validators if not isinstance(v, Required)]
        form.phone.flags.required = False
        form.phone.description = _("本人没有手机的，可以填家人的号码，也可以不填")


def field_fragment(form, name: str):
    """Check one field as soon as it is left; return just that field, its message beside it."""
    if name not in form:
        abort(400)
    form.validate()
    return render_template("forms/_field.html", field=form[name], check=request.full_path)
