"""The staff cookie and the signed-in staff member of a request (webapp/staff/guard.py checks
roles and regions with it; the resident's pages ask it when an assistant acts for a resident)."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, current_app, flash, g, request

from webapp.services import staff_sessions as sessions
from webapp.services.accounts import Staff
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
