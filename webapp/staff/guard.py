"""The role and region checks of the staff pages (the signed-in staff member: webapp/web/staff_cookie.py)."""

from __future__ import annotations

from functools import wraps

from flask import Response, abort, g, redirect, request, url_for

from webapp.services import authz
from webapp.store.engine import get_db
from webapp.web.staff_cookie import clear_cookie, current_staff


def staff_required(*roles: str):
    """Only signed-in staff (of one of `roles`, when given) may open the page: others are sent
    to sign in, and a role not allowed gets 403."""
    unknown = set(roles) - set(authz.ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            staff = current_staff()
            if staff is None:
                return redirect(url_for("staff.signin", next=request.full_path.rstrip("?")))
            if roles and staff.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def require_region(region_code: str | None) -> None:
    """Stop with 404 unless the signed-in staff member covers this region: a case outside
    their region is, for them, not there at all."""
    staff = current_staff()
    if staff is None or not authz.covers(get_db(), staff.region_code, region_code):
        abort(404)


def forget_stale_cookie(response: Response) -> Response:
    """After a request whose staff cookie named no live session, remove it from the browser."""
    if g.get("staff_cookie_stale"):
        clear_cookie(response)
    return response
