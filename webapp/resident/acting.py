"""Acting for a resident: the resident's form pages, opened by a village assistant under
/staff/for/… (webapp/staff/assistant_views.py registers the same views there).

The staff cookie reaches only /staff, so on those addresses the assistant's staff session is
the one that counts, never a resident session the same browser may hold; on the resident's own
addresses it is the other way round. Links on the shared pages go through form_url, which keeps
each to its own set of addresses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort, g, has_request_context, redirect, request, url_for

from webapp.resident import bp
from webapp.services import authz, on_behalf
from webapp.store.engine import get_db
from webapp.web.staff_cookie import current_staff

ENDPOINT_PREFIX = "staff.behalf_"  # webapp/staff/assistant_views.py registers them
ACTION = "fill_on_behalf"


def active() -> bool:
    """Whether this request is an assistant filling a form for a resident."""
    return has_request_context() and (request.endpoint or "").startswith(ENDPOINT_PREFIX)


def form_url(name: str, **values) -> str:
    """The address of one of the form pages (step, member, check, notice, sign…), for the
    resident or, when acting, for the assistant."""
    return url_for((ENDPOINT_PREFIX if active() else "resident.") + name, **values)


def staff():
    return current_staff()


def assistant_required(view):
    """A signed-in staff member whose role fills forms on behalf; others to the staff sign-in
    or 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        who = staff()
        if who is None:
            return redirect(url_for("staff.signin", next=request.full_path.rstrip("?")))
        if not authz.can(who.role, ACTION):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def load(sid: int):
    """The draft the signed-in assistant fills; 404 for any other."""
    try:
        return on_behalf.load_for(get_db(), staff(), sid)
    except on_behalf.NotHere:
        abort(404)


def submitted_url(draft) -> str:
    if active():
        return url_for("staff.behalf_submitted", sid=draft.id)
    return url_for("resident.submitted", reference=draft.reference)


def actor(draft) -> str:
    """Who the audit log names for a change to the draft."""
    return staff().actor if active() else f"resident:{draft.resident_id}"


@dataclass(frozen=True)
class Acting:
    """What the banner on each page filled on behalf says."""

    staff_name: str
    resident_name: str


def banner(draft) -> Acting | None:
    if not active():
        return None
    if "acting_banner" not in g:
        g.acting_banner = Acting(staff().name, on_behalf.person_name(draft))
    return g.acting_banner


bp.add_app_template_global(form_url)
bp.add_app_template_global(banner, "acting_banner")
