"""Household members (add, change, remove) and each member's income."""

from __future__ import annotations

from flask import abort, redirect, render_template, request

from webapp.domain.income import MemberIncome, counted_income, exclusions, household_income
from webapp.flows.application import PlainIncomeForm
from webapp.flows.members import income_by_default
from webapp.resident import bp, drafts, forms
from webapp.resident.acting import form_url
from webapp.resident.drafts import next_url, page_context, resume_at, returning, with_answers
from webapp.services import submissions
from webapp.web.i18n import _

# Words the pages show and 「听一听」 reads (webapp/resident/speech_views.py), kept in one place.
INCOME_HINT = _("没有收入的人不用再填收入。只领城乡居民基础养老金、残疾人补贴、高龄津贴的，选“没有”："
                "这些钱国家规定不算收入。")
ADD_MEMBER_LEAD = _("一起生活的一位家人。填好保存，再添加下一位。")
INCOME_LEAD = _("最近12个月的钱。每一项先选有没有，有的再写大概多少元，可以写 3千、1.2万。")


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
    if flow.member_per_page and request.method == "POST" and request.form.get("action") == "add":
        return add_member_page(draft, flow, step)  # the list's add, as on the page of its own
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
    asks_income = flow.step("income") is not None
    answered = income_answers(draft) if asks_income else {}
    unanswered = [i for i, a in answered.items() if a is None]
    if request.method == "POST" and request.form.get("action") != "add":
        if not missing and not unanswered:
            if asks_income:
                return after_income_question(draft, flow, step, answered)
            drafts.save(draft, current_step=resume_at(draft, flow, step.id), saved=step.id)
            return redirect(next_url(draft, flow, step.id))
        status = 422
    form = add_form or _member_form(draft, flow, None, {})
    return render_template("forms/members.html", add_form=form, missing=missing,
                           show_missing=status == 422 and bool(missing), asks_income=asks_income,
                           income_answers=answered, income_hint=INCOME_HINT,
                           unanswered=unanswered if status == 422 else [],
                           **page_context(draft, flow, step)), status


def has_income(draft, index: int) -> str | None:
    """The member's answer to 有没有收入 (yes / no), or what it is before one is given: an
    income page already saved decides, else a child or a student has none."""
    member = draft.members[index]
    if member.get("has_income") in ("yes", "no"):
        return member["has_income"]
    stored = (draft.answers.get("income") or {}).get(str(index))
    if stored:
        income = MemberIncome.from_answers(stored)
        return "yes" if any(income.counted.values()) or any(income.excluded.values()) else "no"
    return income_by_default(member)


def income_answers(draft) -> dict[int, str | None]:
    """有没有收入 for each member: from this POST, else as saved or by default."""
    result = {}
    for index in range(len(draft.members)):
        posted = request.form.get(f"income-{index}") if request.method == "POST" else None
        result[index] = posted if posted in ("yes", "no") else has_income(draft, index)
    return result


def after_income_question(draft, flow, step, answered: dict[int, str | None]):
    """Keep each member's 有没有收入; a member with none has nothing to fill (an empty income
    answer, counted as 0); go on to the first earner whose income is not yet filled."""
    income = draft.answers.setdefault("income", {})
    for index, answer in answered.items():
        draft.members[index]["has_income"] = answer
        if answer == "no":
            income[str(index)] = {}
        elif not income.get(str(index)):
            income.pop(str(index), None)
    earner = next_earner(draft, -1)
    if earner is not None:
        drafts.save(draft, current_step="income", saved=step.id)
        return redirect(form_url("member_income", sid=draft.id, index=earner, **returning()))
    drafts.save(draft, current_step=resume_at(draft, flow, "income"), saved=step.id)
    return redirect(next_url(draft, flow, "income"))


def next_earner(draft, after: int) -> int | None:
    """The first member after `after` who has income and whose income page is not yet saved."""
    filled = draft.answers.get("income") or {}
    return next((i for i in range(after + 1, len(draft.members))
                 if has_income(draft, i) == "yes" and str(i) not in filled), None)


@bp.route("/forms/<int:sid>/members/new", methods=["GET", "POST"])
@with_answers(lambda _kwargs: "members")
def add_member(draft, flow):
    """One person per page: 「添加一位家人」 opens this page; saving goes back to the list, or
    straight to another empty page for the next person."""
    step = flow.step("members")
    if step is None:
        abort(404)
    return add_member_page(draft, flow, step)


def add_member_page(draft, flow, step):
    form = _member_form(draft, flow, None, {})
    status = 200
    if request.method == "POST":
        if request.args.get("validate"):
            return forms.field_fragment(form, request.args["validate"])
        if form.validate():
            draft.members.append(form.to_answers())
            drafts.save(draft, current_step=step.id)
            if request.form.get("action") == "another":
                return redirect(form_url("add_member", sid=draft.id, **returning()))
            return redirect(form_url("step", sid=draft.id, step_id=step.id, **returning())
                            + "#members")
        status = 422
    return render_template("forms/member_add.html", form=form, lead=ADD_MEMBER_LEAD,
                           **page_context(draft, flow, step)), status


@bp.route("/forms/<int:sid>/members/<int:index>", methods=["GET", "POST"])
@with_answers(lambda _kwargs: "members")
def member(draft, flow, index: int):
    if index >= len(draft.members):
        abort(404)
    if index == 0 and flow.member_per_page:
        # the applicant's own situation is asked in the first steps, with the consent
        return redirect(form_url("step", sid=draft.id, step_id=flow.consent[0], **returning()))
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
                       for i in range(len(draft.members))],
            "has_income": [has_income(draft, i) for i in range(len(draft.members))],
            "exclusions": [exclusions(m) for m in incomes]}


def incomes_complete(draft) -> bool:
    """Every member has said they have no income, or has their income page saved."""
    filled = draft.answers.get("income") or {}
    return all(has_income(draft, i) == "no" or str(i) in filled
               for i in range(len(draft.members)))


def income_page(draft, flow, step):
    summary = income_summary(draft)
    status = 200
    if request.method == "POST":
        if incomes_complete(draft):
            drafts.save(draft, current_step=resume_at(draft, flow, step.id), saved=step.id)
            return redirect(next_url(draft, flow, step.id))
        status = 422
    return render_template("forms/income.html", summary=summary, show_missing=status == 422,
                           **page_context(draft, flow, step)), status


@bp.route("/forms/<int:sid>/income/<int:index>", methods=["GET", "POST"])
@with_answers(lambda _kwargs: "income")
def member_income(draft, flow, index: int):
    step = flow.step("income")
    if index >= len(draft.members) or step is None:
        abort(404)
    stored = (draft.answers.get("income") or {}).get(str(index))
    form = forms.build(draft, PlainIncomeForm, PlainIncomeForm.from_answers(stored or {}))
    status = 200
    if request.method == "POST":
        if request.args.get("validate"):
            return forms.field_fragment(form, request.args["validate"])
        if form.validate():
            draft.answers.setdefault("income", {})[str(index)] = form.to_answers()
            draft.members[index]["has_income"] = "yes" if form.amounts() else "no"
            return after_member_income(draft, flow, step, index)
        status = 422
    title = _("%s的收入") % (draft.members[index].get("name") or "")
    return render_template("forms/member_income.html", form=form, index=index, title=title,
                           lead=INCOME_LEAD,
                           back_to=income_back(draft, index),
                           **page_context(draft, flow, step)), status


def after_member_income(draft, flow, step, index: int):
    """On to the next member with income, or past the income step once all are saved."""
    following = next_earner(draft, index)
    if following is None:
        following = next_earner(draft, -1)
    if following is not None and not returning():
        drafts.save(draft, current_step="income")
        return redirect(form_url("member_income", sid=draft.id, index=following))
    if following is not None:
        drafts.save(draft)
        return redirect(form_url("step", sid=draft.id, step_id="income", **returning()))
    drafts.save(draft, current_step=resume_at(draft, flow, step.id), saved=step.id)
    return redirect(next_url(draft, flow, step.id))


def income_back(draft, index: int) -> str:
    """Back from a member's income page: to the previous earner's page, or to the list."""
    if returning():
        return form_url("check", sid=draft.id)
    earlier = [i for i in range(index) if has_income(draft, i) == "yes"]
    if earlier:
        return form_url("member_income", sid=draft.id, index=earlier[-1])
    return form_url("step", sid=draft.id, step_id="members")
