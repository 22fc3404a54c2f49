"""Correcting a submitted form (补正): what the township asked for and what has changed so far,
the commitment signed again for the corrected answers, and the resubmission. The steps
themselves are edited on the ordinary step pages (drafts.with_answers)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import current_app, flash, redirect, render_template, request, url_for

from webapp.auth.views import resident_required
from webapp.domain import corrections as rules
from webapp.flows import get_flow
from webapp.resident import bp
from webapp.resident.drafts import CHECK, own
from webapp.resident.finish import unfinished_step
from webapp.resident.household import incomes_complete
from webapp.resident.summary import answer_rows
from webapp.services import corrections, letters, notify_commit, persons
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client


def with_correction(view):
    """Give the view the resident's submission as corrected so far, the submission as it is,
    and its flow; with no correction awaited, back to the status page."""

    @resident_required
    @wraps(view)
    def wrapped(sid: int):
        submitted = own(sid)
        draft = corrections.correcting(get_db(), submitted)
        if draft is None:
            flash(_("这份申请现在不需要补正。"))
            return redirect(url_for("resident.status"))
        return view(draft, submitted, get_flow(draft.form))

    return wrapped


def changes(draft, submitted, flow) -> list[rules.Change]:
    return rules.compare(answer_rows(submitted, flow), answer_rows(draft, flow))


def unfinished(draft, flow) -> str | None:
    """A step left incomplete by the correction (a member added without an income)."""
    missing = unfinished_step(draft, flow)
    if missing is None and flow.step("income") and not incomes_complete(draft):
        return "income"
    return missing


@bp.get("/forms/<int:sid>/correction")
@with_correction
def correction(draft, submitted, flow):
    named = [s for s in flow.visible(draft.answers) if s.id in draft.correction.editable]
    return render_template("resident/correction.html", draft=draft, flow=flow, steps=named,
                           correction=draft.correction, changes=changes(draft, submitted, flow),
                           ret={"return": CHECK})


@dataclass(frozen=True)
class ToSign:
    """A letter signed again for the correction: its tick box, and what the signature records."""

    letter: letters.RenderedLetter
    name: str
    decision: str
    label: str
    missing: str


def _to_sign(draft, flow) -> list[ToSign]:
    """The commitment covers the corrected answers (RULES.md "The 告知承诺 flow"); where they
    change the notice letter, the new one is read first."""
    db = get_db()
    if not flow.commits:
        return [ToSign(notify_commit.commitment_authorization(db, draft), "commit", "agreed",
                       _("我同意以上承诺和授权"), _("请勾选同意承诺授权书，才能重新提交"))]
    signing = []
    if not notify_commit.notice_is_read(db, draft):
        signing.append(ToSign(notify_commit.notice_letter(db, draft), "read", "read",
                              _("我已经读完、听懂了这份告知书"),
                              _("您改的内容让告知书也变了，请读完后勾选")))
    signing.append(ToSign(notify_commit.commitment(draft), "commit", "agreed",
                          _("我承诺修改后的内容都是真的"), _("请勾选承诺，才能重新提交")))
    return signing


@bp.route("/forms/<int:sid>/correction/sign", methods=["GET", "POST"])
@with_correction
def correction_sign(draft, submitted, flow):
    missing = unfinished(draft, flow)
    if missing:
        flash(_("还有没填完的地方，请先填完这一页。"))
        return redirect(url_for("resident.step", sid=draft.id, step_id=missing, **{"return": CHECK}))
    signing = _to_sign(draft, flow)
    errors = {}
    if request.method == "POST":
        errors = {t.name: t.missing for t in signing if request.form.get(t.name) != "yes"}
        if not errors:
            return _resubmit(draft, submitted, flow, signing)
    return render_template("resident/correction_sign.html", draft=draft, flow=flow,
                           signing=signing, errors=errors, values=request.form), \
        422 if errors else 200


def _resubmit(draft, submitted, flow, signing: list[ToSign]):
    config = current_app.config
    for item in signing:
        if item.letter.kind == flow.notice_letter:
            notify_commit.acknowledge_notice(draft, item.letter)
    name = (draft.answers.get(flow.person_step) or {}).get("name", "")
    try:
        corrections.resubmit(get_db(), draft, [(t.letter, t.decision) for t in signing],
                             changes(draft, submitted, flow), signer_name=name, client=client(),
                             signature=config["SMS_SIGNATURE"], service=config["SERVICE_NAME"])
    except (corrections.AlreadyResubmitted, corrections.NotOpen):
        flash(_("这份申请已经重新提交过了。"))
        return redirect(url_for("resident.status"))
    except (corrections.OtherTownship, persons.PersonRefused) as refused:
        flash(refused.message)
        return redirect(url_for("resident.correction", sid=draft.id))
    flash(_("已重新提交。乡镇会继续办理，短信已经发到您的手机。"))
    return redirect(url_for("resident.status"))
