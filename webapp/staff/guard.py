"""The staff cookie, the signed-in staff member of a request, and the role and region checks."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import Response, abort, current_app, flash, g, redirect, request, url_for

from webapp.staff import authz, sessions
from webapp.staff.accounts import Staff
from webapp.store.engine import get_db
from webapp.web.i18n import _

COOKIE = "doudi_staff"
COOKIE_PATH = "/staff"


def idle_limit() -> timedelta:
    return timedelta(minutes=int(current_app.config.get("STAFF_SESSION_IDLE_MINUTES", 30)))


def set_cookie(response: Response, token: str) -> None:
    """The staff token: only sent to /staff pages, never to scripts, never from another site."""
    response.set_cookie(COOKIE, token, path=COOKIE_PATH, httponly=True, samesite="Strict",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE", True)))


def clear_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="Strict",
                           secure=bool(current_app.config.get("SESSION_COOKIE_SECURE", True)))


def current_staff() -> Staff | None:
    """The signed-in staff member for this request, or None."""
    if "staff" not in g:
        g.staff = None
        token = request.cookies.get(COOKIE)
        if token:
            try:
                g.staff = sessions.resume_session(get_db(), token, idle_limit())
            except sessions.SessionEnded as ended:
                g.staff_cookie_stale = True
                if ended.idle:
                    flash(_("您已经%d分钟没有操作，为了安全已经退出，请重新登录。")
                          % int(idle_limit().total_seconds() // 60))
    return g.staff


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
