"""Sign-in pages. A resident's session is a random token whose hash is kept server-side."""

from __future__ import annotations

from datetime import timedelta, timezone
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, g, redirect, render_template, request, session, url_for

from webapp.auth import bp
from webapp.auth.forms import CodeForm, PhoneForm
from webapp.domain.otp import mask_phone
from webapp.services import held_posts, signin
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client

BEIJING = timezone(timedelta(hours=8))
REFUSALS = {
    "none": _("请先获取验证码。"),
    "used": _("这个验证码已经用过了，请重新获取。"),
    "expired": _("验证码已超过10分钟失效，请重新获取。"),
    "too_many": _("验证码输错5次已失效，请重新获取。"),
}


def _idle() -> timedelta:
    return timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTES"]))


def current_resident() -> int | None:
    """The signed-in resident's id for this request, or None."""
    if "resident_id" not in g:
        g.resident_id = None
        token = session.get("token")
        if token:
            try:
                g.resident_id = signin.resume_session(get_db(), token, _idle())
            except signin.SessionEnded as ended:
                session.pop("token", None)
                if ended.idle:
                    g.expired_owner = ended.resident_id
                    session["expired"] = True
    return g.resident_id


def resident_required(view):
    """Send a visitor without a live session to sign in, then back here."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_resident() is None:
            if request.method == "POST" and g.get("expired_owner"):
                held_posts.hold(get_db(), g.expired_owner, request.path, request.form)
                return redirect(url_for("auth.phone", next=request.path))
            return redirect(url_for("auth.phone", next=request.full_path.rstrip("?")))
        session.permanent = True
        return view(*args, **kwargs)

    return wrapped


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("resident.status")


def _wait_message(until) -> str:
    minutes = max(1, int((until - signin.now_utc()).total_seconds() + 59) // 60)
    if minutes <= 60:
        return _("发送太频繁了。为防止被骗，请在 %d 分钟后再获取验证码。") % minutes
    local = until.astimezone(BEIJING)
    return _("今天获取验证码的次数太多了，请在 %s 以后再试。") % local.strftime("%m月%d日 %H:%M")


@bp.route("/signin", methods=["GET", "POST"])
def phone():
    form = PhoneForm()
    expired = session.pop("expired", False)
    if form.validate_on_submit():
        config = current_app.config
        try:
            signin.request_code(get_db(), form.phone.data, client()["address"],
                                secret_key=config["SECRET_KEY"], signature=config["SMS_SIGNATURE"])
        except signin.RateLimited as limited:
            form.phone.errors.append(_wait_message(limited.until))
            return render_template("auth/phone.html", form=form), 429
        session["signin_phone"] = form.phone.data
        session["signin_next"] = _safe_next(request.args.get("next"))
        return redirect(url_for("auth.code"))
    status = 422 if form.errors else 200
    return render_template("auth/phone.html", form=form, expired=expired), status


@bp.route("/signin/code", methods=["GET", "POST"])
def code():
    phone_number = session.get("signin_phone")
    if not phone_number:
        return redirect(url_for("auth.phone"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            resident_id = signin.verify_code(get_db(), phone_number, form.code.data,
                                             secret_key=current_app.config["SECRET_KEY"])
        except signin.CodeRefused as refused:
            message = REFUSALS.get(refused.reason) or \
                _("验证码不对，还可以再试 %d 次。") % refused.tries_left
            form.code.errors.append(message)
            return render_template("auth/code.html", form=form,
                                   phone=mask_phone(phone_number)), 422
        target = session.get("signin_next")
        session.clear()  # a new session at sign-in: nothing from before carries over
        session["token"] = signin.start_session(get_db(), resident_id)
        session.permanent = True
        return redirect(_safe_next(target))
    status = 422 if form.errors else 200
    return render_template("auth/code.html", form=form, phone=mask_phone(phone_number)), status


@bp.post("/signout")
def signout():
    token = session.get("token")
    if token:
        signin.end_session(get_db(), token)
    session.clear()
    return redirect(url_for("resident.home"))
