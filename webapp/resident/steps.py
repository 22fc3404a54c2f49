"""One page of questions: show, check as you go, save and move on."""

from __future__ import annotations

from flask import abort, redirect, render_template, request

from webapp.flows.base import MEMBERS, PER_MEMBER
from webapp.resident import acting, bp, drafts, forms, household
from webapp.resident.drafts import next_url, page_context, resume_at, with_answers
from webapp.services import on_behalf
from webapp.store.engine import get_db
from webapp.web.i18n import _


@bp.route("/forms/<int:sid>/step/<step_id>", methods=["GET", "POST"])
@with_answers(lambda kwargs: kwargs["step_id"])
def step(draft, flow, step_id: str):
    step = flow.step(step_id)
    if step is None or not step.shown(draft.answers):
        abort(404)
    if step.kind == MEMBERS:
        return household.members_page(draft, flow, step)
    if step.kind == PER_MEMBER:
        return household.income_page(draft, flow, step)
    form = forms.build(draft, step.form, forms.defaults(draft, step.id))
    forms.phone_optional(form, draft)
    if request.method == "POST":
        if request.args.get("validate"):
            return forms.field_fragment(form, request.args["validate"])
        if request.form.get("action") == "refresh" and not form.village_fits():
            return render_step(draft, flow, step, form, 200)
        if form.validate() and not outside_village(form):
            previous = draft.answers.get(step.id)
            draft.answers[step.id] = form.to_answers()
            forms.after_save(draft, step.id, previous)
            drafts.save(draft, current_step=resume_at(draft, flow, step.id), saved=step.id)
            return redirect(next_url(draft, flow, step.id))
        return render_step(draft, flow, step, form, 422)
    return render_step(draft, flow, step, form, 200)


def outside_village(form) -> bool:
    """Acting for a resident, the assistant files only in their own village: a village
    outside it gets a message next to the field."""
    if not acting.active() or "village" not in form \
            or on_behalf.village_allowed(get_db(), acting.staff(), form.village.data):
        return False
    form.village.errors = [*form.village.errors, _("只能为本村（社区）的村民代办，请选择您负责的村")]
    return True


def render_step(draft, flow, step, form, status: int):
    return render_template("forms/step.html", form=form, **page_context(draft, flow, step)), status
