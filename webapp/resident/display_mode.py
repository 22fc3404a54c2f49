"""长辈版 (elder mode, MIIT 适老化 rules): larger text and tap targets, chosen with a plain form
on every resident page and kept in a cookie; the page's <html> carries class "elder" while it is
on (static/site.css, "issue 11: elder mode"). Not personal: the cookie says only which size."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import AnyOf

from webapp.resident import bp
from webapp.web.i18n import _

COOKIE = "doudi_mode"
ELDER = "elder"
STANDARD = "standard"
KEPT_FOR = timedelta(days=400)  # the longest a browser keeps a cookie (Chromium's limit)
# The staff's desktop pages (and the developer's SMS page) keep their own sizes.
NOT_SHOWN = frozenset({"staff", "dev_sms"})


class DisplayModeForm(FlaskForm):
    mode = StringField(validators=[AnyOf([ELDER, STANDARD])])
    back = StringField()


def shown() -> bool:
    """Whether this page is a resident's (home, forms, sign-in, public and error pages)."""
    return has_request_context() and request.blueprint not in NOT_SHOWN


def elder_mode() -> bool:
    return shown() and request.cookies.get(COOKIE) == ELDER


def same_site_path(target: str | None) -> str | None:
    """`target` when it is a path on this site ("/status?page=2"), otherwise None: never another
    site ("//host", "/\\host", "https://…"), never control characters."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def this_page() -> str:
    """The page to come back to after switching: this page's address, or for a page sent back
    to a form (its mistakes shown) the page the form was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        path = same_site_path(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
        if path:
            return path
    return request.path


@bp.app_context_processor
def _display_mode() -> dict:
    if not shown():
        return {"elder_mode": False, "display_mode_shown": False}
    return {"elder_mode": elder_mode(), "display_mode_shown": True,
            "display_mode_back": this_page()}


@bp.post("/display-mode")
def display_mode():
    """Switch between 长辈版 and 标准版, then go back to the page the switch was pressed on."""
    form = DisplayModeForm()
    back = same_site_path(form.back.data) or url_for("resident.home")
    if not form.validate():
        message = _("没有这种显示方式。请回到刚才的页面，点“长辈版”或“标准版”。")
        return render_template("error.html", message=message, status=422, back=back), 422
    response = redirect(back)
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE", True))
    if form.mode.data == ELDER:
        response.set_cookie(COOKIE, ELDER, max_age=int(KEPT_FOR.total_seconds()), path="/",
                            secure=secure, httponly=True, samesite="Lax")
    else:
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Lax")
    return response
