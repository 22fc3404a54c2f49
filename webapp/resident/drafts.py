"""Loading the resident's draft for a view, and where each step's links go."""

from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, request, url_for

from webapp.auth.views import current_resident, resident_required
from webapp.flows import get_flow
from webapp.flows.base import Flow
from webapp.resident import acting
from webapp.resident.acting import form_url
from webapp.services import corrections, submissions
from webapp.store.engine import get_db
from webapp.web.i18n import _

CHECK = "check"


def own(sid: int) -> submissions.Draft:
    """The signed-in resident's draft or submission (or, acting for a resident, the one the
    assistant fills); 404 for anyone else's."""
    if acting.active():
        return acting.load(sid)
    try:
        return submissions.load(get_db(), current_resident(), sid, page=request.path)
    except submissions.DraftNotFound:
        abort(404)


def signed_in(view):
    """The resident's sign-in on the resident's addresses; the assistant's on /staff/for/…"""
    as_resident = resident_required(view)
    as_assistant = acting.assistant_required(view)

    @wraps(view)
    def wrapped(*args, **kwargs):
        return (as_assistant if acting.active() else as_resident)(*args, **kwargs)

    return wrapped


def with_draft(view):
    """Give the view the signed-in resident's draft and its flow; a submitted one redirects."""

    @signed_in
    @wraps(view)
    def wrapped(sid: int, *args, **kwargs):
        draft = own(sid)
        if draft.status != submissions.DRAFT:
            return redirect(acting.submitted_url(draft))
        return view(draft, get_flow(draft.form), *args, **kwargs)

    return wrapped


def with_answers(step_of):
    """Like with_draft, and for a submitted form whose correction is awaited, its working copy
    (corrections.CorrectionDraft), but only for the steps the township named; another step
    goes back to the correction page. `step_of(kwargs)` is the step the view edits."""

    def decorate(view):
        @signed_in
        @wraps(view)
        def wrapped(sid: int, *args, **kwargs):
            draft = own(sid)
            if draft.status != submissions.DRAFT and acting.active():
                return redirect(acting.submitted_url(draft))  # corrections: by the resident
            if draft.status != submissions.DRAFT:
                fixing = corrections.correcting(get_db(), draft)
                if fixing is None:
                    return redirect(url_for("resident.submitted", reference=draft.reference))
                if step_of(kwargs) not in fixing.correction.editable:
                    flash(_("这一项不用修改。乡镇请您补正的是：%s。") % fixing.correction.items)
                    return redirect(url_for("resident.correction", sid=sid))
                draft = fixing
            return view(draft, get_flow(draft.form), *args, **kwargs)

        return wrapped

    return decorate


def correcting(draft) -> bool:
    return isinstance(draft, corrections.CorrectionDraft)


def save(draft, current_step: str | None = None, saved: str | None = None) -> None:
    """Save a step's answers: to the draft, or to the working copy of a correction. `saved`:
    the page whose save moves the resident on (the form metrics count it)."""
    if correcting(draft):
        corrections.save(get_db(), draft)
    else:
        submissions.save(get_db(), draft, current_step=current_step, saved=saved)


def step_url(draft, step_id: str, **kwargs) -> str:
    return form_url("step", sid=draft.id, step_id=step_id, **kwargs)


def returning() -> dict:
    """Keep ?return=check on links and forms of a page opened from the check page."""
    return {"return": CHECK} if request.args.get("return") == CHECK else {}


def next_url(draft, flow: Flow, step_id: str) -> str:
    """Where a saved step goes: back to the check page, or on to the next step."""
    if correcting(draft):
        return url_for("resident.correction", sid=draft.id)
    if returning():
        return form_url("check", sid=draft.id)
    following = flow.after(step_id, draft.answers)
    return step_url(draft, following) if following else form_url("check", sid=draft.id)


def resume_at(draft, flow: Flow, step_id: str) -> str:
    """The step a resident who comes back later should land on after saving this one."""
    if returning():
        return CHECK
    return flow.after(step_id, draft.answers) or CHECK


def back_url(draft, flow: Flow, step_id: str) -> str:
    if correcting(draft):
        return url_for("resident.correction", sid=draft.id)
    if returning():
        return form_url("check", sid=draft.id)
    previous = flow.before(step_id, draft.answers)
    if previous:
        return step_url(draft, previous)
    return url_for("staff.assistant") if acting.active() else url_for("resident.start", form=draft.form)


def page_context(draft, flow: Flow, step) -> dict:
    """What every step page shows; while correcting, counted among the steps to correct, and
    every page returns to the correction page."""
    number, total = flow.position(step.id, draft.answers)
    ret = returning()
    if correcting(draft):
        named = [s.id for s in flow.visible(draft.answers) if s.id in draft.correction.editable]
        number, total, ret = named.index(step.id) + 1, len(named), {"return": CHECK}
    return {"draft": draft, "flow": flow, "step": step, "number": number, "total": total,
            "back": back_url(draft, flow, step.id), "ret": ret}
