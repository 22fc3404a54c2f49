"""Check answers, read the notice letter, sign and submit."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request

from webapp.resident import acting, bp
from webapp.resident.acting import form_url
from webapp.resident.drafts import with_draft
from webapp.resident.household import incomplete_members
from webapp.resident.summary import sections
from webapp.services import notify_commit, submissions
from webapp.services.signin import phone_of
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client


def unfinished_step(draft, flow) -> str | None:
    """The first step never saved, so the letter is not built on missing answers."""
    for step in flow.visible(draft.answers):
        if step.kind == "single" and step.id not in draft.answers:
            return step.id
    if flow.name == "application" and incomplete_members(draft, flow):
        return "members"
    return None


@bp.route("/forms/<int:sid>/check", methods=["GET", "POST"])
@with_draft
def check(draft, flow):
    missing = unfinished_step(draft, flow)
    if request.method == "POST":
        if missing:
            flash(_("还有没填完的地方，请先填完这一页。"))
            return redirect(form_url("step", sid=draft.id, step_id=missing))
        target = "notice" if flow.name == "application" else "sign"
        submissions.save(get_db(), draft, current_step=target)
        return redirect(form_url(target, sid=draft.id))
    submissions.save(get_db(), draft, current_step="check")
    return render_template("forms/check.html", draft=draft, flow=flow, missing=missing,
                           sections=sections(draft, flow))


@bp.route("/forms/<int:sid>/notice", methods=["GET", "POST"])
@with_draft
def notice(draft, flow):
    if flow.name != "application":
        return redirect(form_url("sign", sid=draft.id))
    letter = notify_commit.notice_letter(get_db(), draft)
    error = None
    if request.method == "POST":
        if request.form.get("read") == "yes":
            notify_commit.acknowledge_notice(draft, letter)
            submissions.save(get_db(), draft, current_step="sign")
            return redirect(form_url("sign", sid=draft.id))
        error = _("请勾选“我已经读完、听懂了这份告知书”")
    return render_template("forms/notice.html", draft=draft, flow=flow, letter=letter,
                           error=error), 422 if error else 200


def _signers(draft, flow, form) -> tuple[list[notify_commit.Signer], dict]:
    """Who signs, from the sign page; errors keyed by the field they concern."""
    errors = {}
    applicant = (draft.members[0] if draft.members else {}).get("name", "")
    if form.get("commit") != "yes":
        errors["commit"] = _("请勾选承诺，才能提交") if flow.name == "application" \
            else _("请勾选同意承诺授权书，才能提交")
    if flow.name == "application" and form.get("authorize") != "yes":
        errors["authorize"] = _("请勾选授权核对，才能提交")
    signers = [notify_commit.Signer(applicant, "applicant", "signed_in_phone", 0)]
    if flow.name == "application":
        for index, member in notify_commit.adult_members(draft):
            typed = (form.get(f"member-{index}-name") or "").strip()
            if form.get(f"member-{index}-agree") != "yes":
                errors[f"member-{index}"] = _("请%s本人勾选同意授权") % member.get("name", "")
            elif typed != member.get("name"):
                errors[f"member-{index}"] = _("请%s本人输入自己的姓名，要和上面登记的一样") % \
                    member.get("name", "")
            signers.append(notify_commit.Signer(typed, "member", "typed_name", index))
    return signers, errors


def _sign_context(draft, flow) -> dict:
    db = get_db()
    if flow.name == "self_declaration":
        return {"letters": [notify_commit.commitment_authorization(db, draft)], "members": []}
    return {"letters": [notify_commit.commitment(draft), notify_commit.authorization(draft, 0)],
            "members": [(i, m, notify_commit.authorization(draft, i))
                        for i, m in notify_commit.adult_members(draft)]}


@bp.route("/forms/<int:sid>/sign", methods=["GET", "POST"])
@with_draft
def sign(draft, flow):
    db = get_db()
    if unfinished_step(draft, flow):
        return redirect(form_url("check", sid=draft.id))
    if flow.name == "application" and not notify_commit.notice_is_read(db, draft):
        if draft.answers.get("_notice_read"):
            flash(_("您改过填写的内容，告知书也跟着变了，请再读一遍。"))
        return redirect(form_url("notice", sid=draft.id))
    if acting.active():
        from webapp.resident import behalf_sign

        return behalf_sign.sign(draft, flow)
    errors = {}
    if request.method == "POST":
        signers, errors = _signers(draft, flow, request.form)
        if not errors:
            return _submit(draft, signers)
    return render_template("forms/sign.html", draft=draft, flow=flow, errors=errors,
                           values=request.form, **_sign_context(draft, flow)), \
        422 if errors else 200


def _submit(draft, signers, assistance: notify_commit.Assistance | None = None):
    config = current_app.config
    db = get_db()
    try:
        draft.reference = notify_commit.submit(
            db, draft, signers, client=client(), phone=phone_of(db, draft.resident_id),
            signature=config["SMS_SIGNATURE"], service=config["SERVICE_NAME"],
            assistance=assistance)
    except notify_commit.AlreadySubmitted:
        draft.reference = submissions.load(db, draft.resident_id, draft.id).reference
    except notify_commit.NoticeOutOfDate:
        return redirect(form_url("notice", sid=draft.id))
    return redirect(acting.submitted_url(draft))
