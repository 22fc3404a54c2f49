"""Household members (add, change, remove) and each member's income."""

from __future__ import annotations

from flask import abort, redirect, render_template, request

from webapp.domain.income import MemberIncome, counted_income, household_income
from webapp.flows.application import IncomeForm
from webapp.resident import bp, drafts, forms
from webapp.resident.acting import form_url
from webapp.resident.drafts import next_url, page_context, resume_at, returning, with_answers
from webapp.services import submissions
from webapp.web.i18n import _


def _member_form(draft, flow, index: int | None, stored: dict | None = None):
    other_ids = [m.get("id_number") for i, m in enumerate(draft.members)
                 if i != index and m.get("id_number")]
    return forms.build(draft, flow.member_form, stored, other_ids=other_ids, is_applicant=index == 0,
                       sensitive_allowed=forms.sensitive_allowed(draft))


def incomplete_members(draft, flow) -> list[int]:
    """Members whose saved answers would not pass the member form (e.g. the applicant's
    health questions not yet answered)."""
    missing = []
    for index, member in enumerate(draft.members):
        form = flow.member_form(formdata=None, data=member, is_applicant=index == 0,
                                sensitive_allowed=forms.sensitive_allowed(draft),
                                meta={"csrf": False})
        if not form.validate():
            missing.append(index)
    return missing


def members_page(draft, flow, step):
    add_form = None
    status = 200
    if request.method == "POST" and request.form.get("action") == "add":
        add_form = _member_form(draft, flow, None)
        if request.args.get("validate"):
            return forms.field_fragment(add_form, request.args["validate"])
        if add_form.validate():
            draft.members.append(add_form.to_answers())
            drafts.save(draft, current_step=step.id)
            return redirect(form_url("step", sid=draft.id, step_id=step.id,
                                    **returning()) + "#members")
        status = 422
    missing = incomplete_members(draft, flow) if flow.complete_members else []
    if request.method == "POST" and request.form.get("action") != "add":
        if not missing:
            drafts.save(draft, current_step=resume_at(draft, flow, step.id), saved=step.id)
            return redirect(next_url(draft, flow, step.id))
        status = 422
    form = add_form or _member_form(draft, flow, None, {})
    return render_template("forms/members.html", add_form=form, missing=missing,
                           show_missing=status == 422 and bool(missing),
                           **page_context(draft, flow, step)), status


@bp.route("/forms/<int:sid>/members/<int:index>", methods=["GET", "POST"])
@with_answers(lambda _kwargs: "members")
def member(draft, flow, index: int):
    if index >= len(draft.members):
        abort(404)
    step = flow.step("members")
    form = _member_form(draft, flow, index, draft.members[index])
    status = 200
    if request.method == "POST":
        if request.args.get("validate"):
            return forms.field_fragment(form, request.args["validate"])
        if form.validate():
            draft.members[index].update(form.to_answers())
            drafts.save(draft)
            return redirect(form_url("step", sid=draft.id, step_id="members",
                                    **returning()) + "#members")
        status = 422
    return render_template("forms/member.html", form=form, index=index,
                           member=draft.members[index], **page_context(draft, flow, step)), status


@bp.post("/forms/<int:sid>/members/<int:index>/remove")
@with_answers(lambda _kwargs: "members")
def remove_member(draft, flow, index: int):
    if index == 0 or index >= len(draft.members):
        abort(400)
    submissions.remove_member(draft, index)
    drafts.save(draft)
    return redirect(form_url("step", sid=draft.id, step_id="members", **returning())
                    + "#members")


def income_summary(draft) -> dict:
    incomes = [MemberIncome.from_answers((draft.answers.get("income") or {}).get(str(i)) or {})
               for i in range(len(draft.members))]
    total = household_income(incomes, len(draft.members)) if draft.members else None
    return {"per_member": [counted_income(m) for m in incomes], "total": total,
            "filled": [str(i) in (draft.answers.get("income") or {})
                       for i in range(len(draft.members))]}


def income_page(draft, flow, step):
    summary = income_summary(draft)
    status = 200
    if request.method == "POST":
        if all(summary["filled"]):
            drafts.save(draft, current_step=resume_at(draft, flow, step.id), saved=step.id)
            return redirect(next_url(draft, flow, step.id))
        status = 422
    return render_template("forms/income.html", summary=summary, show_missing=status == 422,
                           **page_context(draft, flow, step)), status


@bp.route("/forms/<int:sid>/income/<int:index>", methods=["GET", "POST"])
@with_answers(lambda _kwargs: "income")
def member_income(draft, flow, index: int):
    if index >= len(draft.members) or flow.step("income") is None:
        abort(404)
    stored = (draft.answers.get("income") or {}).get(str(index))
    form = forms.build(draft, IncomeForm, IncomeForm.from_answers(stored or {}))
    status = 200
    if request.method == "POST":
        if request.args.get("validate"):
            return forms.field_fragment(form, request.args["validate"])
        if form.validate():
            draft.answers.setdefault("income", {})[str(index)] = form.to_answers()
            drafts.save(draft)
            return redirect(form_url("step", sid=draft.id, step_id="income",
                                    **returning()))
        status = 422
    title = _("%s的收入") % (draft.members[index].get("name") or "")
    return render_template("forms/member_income.html", form=form, index=index, title=title,
                           **page_context(draft, flow, flow.step("income"))), status
