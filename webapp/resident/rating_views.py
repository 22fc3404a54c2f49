"""好差评 on the web (国办发〔2019〕51号): the resident rates each finished service of a
submission on five levels, with a comment if they like, and reads the township's answer to a
bad rating. The prompt sits on the submission's page (templates/resident/_rating_prompt.html);
each service also has a page of its own, where a mistake is shown with nothing typed lost."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from webapp.auth.forms import StripWhitespaceForm
from webapp.auth.views import current_resident, resident_required
from webapp.domain import ratings as rules
from webapp.flows.fields import Radio
from webapp.resident import bp
from webapp.services import cases, ratings, submissions
from webapp.store.engine import get_db
from webapp.web.i18n import _


class RatingForm(StripWhitespaceForm):
    level = Radio(_("您对这次办理满意吗？"), choices={str(n): label for n, label in rules.LEVELS.items()},
                  validators=[InputRequired(_("请选一个评价"))])
    comment = TextAreaField(
        _("想说的话（可不填）"), description=_("最多 %d 个字") % rules.COMMENT_LIMIT,
        validators=[Length(max=rules.COMMENT_LIMIT,
                           message=_("想说的话最多 %d 个字") % rules.COMMENT_LIMIT)])


def rating_form(invitation_id: int, formdata=None) -> RatingForm:
    """The form of one service; its own prefix, so several on a page keep distinct fields."""
    return RatingForm(formdata=formdata, prefix=f"rating{invitation_id}")


@bp.context_processor
def _rating_prompts():
    """For the submission's page: its services to rate or rated, each with its form (read only
    when the page includes the prompt)."""
    def prompts(draft) -> list[tuple[ratings.Invitation, RatingForm | None]]:
        if not getattr(draft, "id", None) or draft.status != submissions.SUBMITTED:
            return []
        found = ratings.for_submission(get_db(), draft.id)
        return [(i, None if i.rated else rating_form(i.id, formdata=None)) for i in found]

    return {"rating_prompts": prompts}


def _own(reference: str, invitation_id: int):
    draft = submissions.by_reference(get_db(), current_resident(), reference)
    if draft is None:
        abort(404)
    try:
        return draft, ratings.invitation_of(get_db(), invitation_id, draft.id)
    except ratings.NotFound:
        abort(404)


@bp.route("/submissions/<reference>/ratings/<int:invitation_id>", methods=["GET", "POST"])
@resident_required
def rating(reference: str, invitation_id: int):
    draft, invitation = _own(reference, invitation_id)
    form = rating_form(invitation.id, formdata=request.form if request.method == "POST" else None)
    if invitation.rated:
        if request.method == "POST":
            flash(_("这次办理您已经评价过了，谢谢。"))
            return redirect(_back(draft))
        form = None
    elif form.validate_on_submit():
        return _record(draft, invitation, form)
    status = 422 if form is not None and form.errors else 200
    return render_template("resident/rating.html", draft=draft, invitation=invitation,
                           form=form, today=cases.today()), status


def _record(draft, invitation: ratings.Invitation, form: RatingForm):
    done = ratings.rate(get_db(), invitation.id, int(form.level.data), form.comment.data or "",
                        channel="web", actor=f"resident:{current_resident()}",
                        followup_days=int(current_app.config["RATING_FOLLOWUP_DAYS"]))
    if not done.recorded:
        flash(_("这次办理您已经评价过了，谢谢。"))
    elif done.due_on is not None:
        flash(_("感谢您的评价。乡镇会核实情况，%s前答复您，答复会短信告诉您，也会显示在这里。")
              % cases.month_day(done.due_on.isoformat()))
    else:
        flash(_("感谢您的评价。"))
    return redirect(_back(draft))


def _back(draft) -> str:
    return url_for("resident.submitted", reference=draft.reference) + "#ratings"
