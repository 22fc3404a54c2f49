"""Check answers, read the notice letter, sign and submit."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request

from webapp.resident import acting, behalf_sign, bp, signing
from webapp.resident.acting import form_url
from webapp.resident.drafts import with_draft
from webapp.resident.household import incomes_complete, incomplete_members
from webapp.resident.summary import sections
from webapp.services import form_metrics, notify_commit, photos, submissions
from webapp.store.engine import get_db
from webapp.web.i18n import _


def unfinished_step(draft, flow) -> str | None:
    """The first step never saved, so the letter is not built on missing answers."""
    for step in flow.visible(draft.answers):
        if step.kind == "single" and step.id not in draft.answers:
            return step.id
    if flow.complete_members and incomplete_members(draft, flow):
        return "members"
    if flow.step("income") is not None and not incomes_complete(draft):
        return "income"
    return None


@bp.route("/forms/<int:sid>/check", methods=["GET", "POST"])
@with_draft
def check(draft, flow):
    missing = unfinished_step(draft, flow)
    if request.method == "POST":
        if missing:
            flash(_("还有没填完的地方，请先填完这一页。"))
            return redirect(form_url("step", sid=draft.id, step_id=missing))
        target = "notice" if flow.commits else "sign"
        submissions.save(get_db(), draft, current_step=target, saved=form_metrics.CHECK)
        return redirect(form_url(target, sid=draft.id))
    return check_page(draft, flow)


def check_page(draft, flow, photo_error: str | None = None, status: int = 200):
    """The check page; with `photo_error`, an upload refused, its message by the file input."""
    return render_template("forms/check.html", draft=draft, flow=flow,
                           missing=unfinished_step(draft, flow), sections=sections(draft, flow),
                           photos=photos.of_draft(get_db(), draft), photo_error=photo_error,
                           photos_per_form=current_app.config["PHOTOS_PER_FORM"]), status


@bp.route("/forms/<int:sid>/notice", methods=["GET", "POST"])
@with_draft
def notice(draft, flow):
    if not flow.commits:
        return redirect(form_url("sign", sid=draft.id))
    letter = notify_commit.notice_letter(get_db(), draft)
    error = None
    if request.method == "POST":
        if request.form.get("read") == "yes":
            notify_commit.acknowledge_notice(draft, letter)
            submissions.save(get_db(), draft, current_step="sign", saved=form_metrics.NOTICE)
            return redirect(form_url("sign", sid=draft.id))
        error = _("请勾选“我已经读完、听懂了这份告知书”")
    return render_template("forms/notice.html", draft=draft, flow=flow, letter=letter,
                           error=error), 422 if error else 200


@bp.route("/forms/<int:sid>/sign", methods=["GET", "POST"])
@with_draft
def sign(draft, flow):
    db = get_db()
    if unfinished_step(draft, flow):
        return redirect(form_url("check", sid=draft.id))
    notice = notify_commit.notice_letter(db, draft) if flow.commits else None
    if notice is not None and not notify_commit.notice_is_read(db, draft, notice):
        if draft.answers.get("_notice_read"):
            flash(_("您改过填写的内容，告知书也跟着变了，请再读一遍。"))
        return redirect(form_url("notice", sid=draft.id))
    if acting.active():
        return behalf_sign.sign(draft, flow)
    errors = {}
    if request.method == "POST":
        signers, errors = signing.signers(draft, flow, request.form)
        if not errors:
            return signing.submit(draft, signers, notice=notice)
    return render_template("forms/sign.html", draft=draft, flow=flow, errors=errors,
                           values=request.form, **signing.sign_context(draft, flow)), \
        422 if errors else 200

