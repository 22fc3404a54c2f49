"""Signing on the village assistant's phone: the resident consents and commits either with a
code sent to their own phone and typed in by them, or, with no phone, by writing their name on
the screen with a finger, which the assistant witnesses, or (also without JavaScript) by saying
yes in person and typing their name, with the assistant's typed witness line. For a resident
who cannot read, the assistant attests that the letters were read aloud. Everything is kept
with the letters."""

from __future__ import annotations

from flask import current_app, render_template, request

from webapp.auth.views import REFUSALS, _wait_message
from webapp.domain import png
from webapp.domain.otp import mask_phone
from webapp.resident import acting, signing
from webapp.services import consent_codes, notify_commit
from webapp.store.engine import get_db
from webapp.web.i18n import _

BY_CODE, BY_DRAWING, BY_WITNESS = "sms_code", "drawn_signature", "assistant_witnessed"


def sign(draft, flow):
    """The sign page as the assistant's phone shows it; GET, send a code, or sign and submit."""
    phone = draft.resident_phone or None
    errors, sent, status = {}, False, 200
    if request.method == "POST" and request.form.get("action") == "send_code":
        errors, status = _send_code(draft, phone)
        sent = not errors
    elif request.method == "POST":
        signers, errors = signing.signers(draft, flow, request.form)
        assistance, applicant = _consent(draft, phone, signers[0], errors)
        if not errors:
            return signing.submit(draft, [applicant, *signers[1:]], assistance)
        status = 422
    return render_template("forms/sign.html", draft=draft, flow=flow, errors=errors,
                           values=request.form, behalf=_context(draft, phone, sent),
                           **signing.sign_context(draft, flow)), status


def _context(draft, phone: str | None, sent: bool) -> dict:
    chosen = request.form.get("how") or (BY_CODE if phone else BY_DRAWING)
    return {"phone": mask_phone(phone) if phone else None, "sent": sent, "how": chosen,
            "staff_name": acting.staff().name, "signer": (draft.members[0] if draft.members
                                                          else {}).get("name", "")}


def _send_code(draft, phone: str | None) -> tuple[dict, int]:
    if phone is None:
        return {"how": _("这位村民没有登记手机号，请本人手写签名")}, 422
    config = current_app.config
    try:
        consent_codes.send(get_db(), consent_codes.SIGN, draft.id, acting.staff().id, phone,
                           secret_key=config["SECRET_KEY"], signature=config["SMS_SIGNATURE"])
    except consent_codes.RateLimited as limited:
        return {"code": _wait_message(limited.until)}, 429
    return {}, 200


def _consent(draft, phone, applicant, errors: dict):
    """The applicant's signing as the chosen way records it; messages go into `errors`. The
    code is checked (and used up) only when nothing else is wrong."""
    staff = acting.staff()
    how = request.form.get("how")
    read_aloud = request.form.get("read_aloud") == "yes"
    if how == BY_DRAWING:
        witness, image = _drawing(applicant.name, staff.name, errors)
        signer = notify_commit.Signer(applicant.name, "applicant", BY_DRAWING, 0, image)
        return notify_commit.Assistance(staff.id, staff.name, witness, read_aloud), signer
    if how == BY_WITNESS:
        witness = _witnessed(applicant.name, staff.name, errors)
        signer = notify_commit.Signer(applicant.name, "applicant", BY_WITNESS, 0)
        return notify_commit.Assistance(staff.id, staff.name, witness, read_aloud), signer
    if how != BY_CODE or phone is None:
        errors["how"] = _("请选择本人怎样确认") if phone else \
            _("这位村民没有登记手机号，请本人手写签名，或由协理员见证")
        return None, applicant
    code = "".join(ch for ch in request.form.get("code", "") if ch.isdigit())
    if len(code) != 6:
        errors["code"] = _("请本人输入短信里的6位数字验证码")
    if errors:
        return None, applicant
    code_id = _verify(draft, phone, code, errors)
    signer = notify_commit.Signer(applicant.name, "applicant", BY_CODE, 0)
    return notify_commit.Assistance(staff.id, staff.name, None, read_aloud, code_id), signer


def _verify(draft, phone: str, code: str, errors: dict) -> int | None:
    try:
        return consent_codes.verify(get_db(), consent_codes.SIGN, draft.id, phone, code,
                                    secret_key=current_app.config["SECRET_KEY"])
    except consent_codes.CodeRefused as refused:
        errors["code"] = REFUSALS.get(refused.reason) or \
            _("验证码不对，还可以再试 %d 次。") % refused.tries_left
        return None


def witness_line(staff_name: str, signer_name: str) -> str:
    return _("村协理员%(staff)s在场见证：%(name)s本人在协理员的手机屏幕上亲手写下了自己的名字。") % {
        "staff": staff_name, "name": signer_name}


def _drawing(signer_name: str, staff_name: str, errors: dict) -> tuple[str | None, str | None]:
    """The drawn signature as a checked PNG, and the assistant's witness line."""
    image = None
    try:
        image = png.from_data_url(request.form.get("signature", "")).data_url
    except png.InvalidPng as refused:
        errors["signature"] = refused.message
    if request.form.get("witness") != "yes":
        errors["witness"] = _("请协理员勾选见证")
        return None, image
    return witness_line(staff_name, signer_name), image


def _witnessed(signer_name: str, staff_name: str, errors: dict) -> str | None:
    """An in-person consent the assistant witnesses, with no drawing (works without JavaScript):
    the resident's own name typed, and the assistant's witness line kept word for word."""
    typed = (request.form.get("witnessed-name") or "").strip()
    line = (request.form.get("witnessed-line") or "").strip()[:200]
    if typed != signer_name:
        errors["witnessed-name"] = _("请%s本人输入自己的姓名，要和登记的一样") % signer_name
    if len(line) < 4:
        errors["witnessed-line"] = _("请协理员写下见证：在哪里、怎样确认本人同意的")
    if errors:
        return None
    return _("村协理员%(staff)s在场见证：%(name)s本人当面同意，并输入了自己的姓名。协理员记录：%(line)s") % {
        "staff": staff_name, "name": signer_name, "line": line}
