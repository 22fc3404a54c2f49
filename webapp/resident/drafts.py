"""Loading the resident's draft for a view, and where each step's links go."""

from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for

from webapp import submissions
from webapp.auth.views import current_resident, resident_required
from webapp.db import get_db
from webapp.flows import get_flow
from webapp.flows.base import Flow

CHECK = "check"


def with_draft(view):
    """Give the view the signed-in resident's draft and its flow; a submitted one redirects."""

    @resident_required
    @wraps(view)
    def wrapped(sid: int, *args, **kwargs):
        try:
            draft = submissions.load(get_db(), current_resident(), sid)
        except submissions.DraftNotFound:
            abort(404)
        if draft.status != submissions.DRAFT:
            return redirect(url_for("resident.submitted", reference=draft.reference))
        return view(draft, get_flow(draft.form), *args, **kwargs)

    return wrapped


def step_url(draft, step_id: str, **kwargs) -> str:
    return url_for("resident.step", sid=draft.id, step_id=step_id, **kwargs)


def returning() -> dict:
    """Keep ?return=check on links and forms of a page opened from the check page."""
    return {"return": CHECK} if request.args.get("return") == CHECK else {}


def next_url(draft, flow: Flow, step_id: str) -> str:
    """Where a saved step goes: back to the check page, or on to the next step."""
    if returning():
        return url_for("resident.check", sid=draft.id)
    following = flow.after(step_id, draft.answers)
    return step_url(draft, following) if following else url_for("resident.check", sid=draft.id)


def resume_at(draft, flow: Flow, step_id: str) -> str:
    """The step a resident who comes back later should land on after saving this one."""
    if returning():
        return CHECK
    return flow.after(step_id, draft.answers) or CHECK


def back_url(draft, flow: Flow, step_id: str) -> str:
    if returning():
        return url_for("resident.check", sid=draft.id)
    previous = flow.before(step_id, draft.answers)
    return step_url(draft, previous) if previous else url_for("resident.start", form=draft.form)


def page_context(draft, flow: Flow, step) -> dict:
    number, total = flow.position(step.id, draft.answers)
    return {"draft": draft, "flow": flow, "step": step, "number": number, "total": total,
            "back": back_url(draft, flow, step.id), "ret": returning()}
