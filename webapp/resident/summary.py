"""The check-your-answers page: every answer as the resident would read it back."""

from __future__ import annotations

from dataclasses import dataclass

from wtforms import BooleanField

from webapp.domain.id_number import mask_id_number
from webapp.domain.money import format_yuan
from webapp.flows.application import IncomeForm
from webapp.flows.base import MEMBERS, PER_MEMBER
from webapp.flows.fields import Checkboxes, Choice, IdNumberField, Radio, RequiredIf, YuanField
from webapp.resident import acting, forms, household
from webapp.resident.acting import form_url
from webapp.resident.household import income_summary
from webapp.store.engine import get_db
from webapp.web.i18n import _

NOT_ANSWERED = _("未填")
PROMPT = _("请选择")


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]


def display(field, reveal: bool = False) -> str:
    """A field's answer in words; ID numbers masked unless `reveal` (a change of one middle
    digit must show)."""
    data = field.data
    if isinstance(field, (Choice, Radio)):
        label = dict(field.choices).get(data, "")
        return NOT_ANSWERED if not label or label.startswith(PROMPT) else label
    if isinstance(field, Checkboxes):
        labels = dict(field.choices)
        return "、".join(labels[d] for d in data or [] if d in labels) or NOT_ANSWERED
    if isinstance(field, YuanField):
        return format_yuan(data or 0) + _("元")
    if isinstance(field, IdNumberField):
        return (data if reveal else mask_id_number(data)) if data else NOT_ANSWERED
    if isinstance(field, BooleanField):
        return _("同意") if data else _("没有勾选")
    return str(data) if data not in (None, "") else NOT_ANSWERED


def _asked(form, field) -> bool:
    """False for a follow-up question whose condition the answers did not meet
    (户口所在地 when the hukou is in the village): it was never asked."""
    for validator in field.validators:
        if isinstance(validator, RequiredIf) and form[validator.other].data not in validator.values:
            return bool(field.data)
    return True


def labelled_rows(form, skip: tuple[str, ...] = (), show=display) -> list[tuple[str, str]]:
    """(question, answer) of each question asked, each answer as `show` words it; a follow-up's
    answer joins its question's (有没有大病、慢性病？ — 是，高血压), as they were answered together.
    The check page, the staff case page and the household file all label answers so."""
    rows: dict[str, tuple[str, str]] = {}
    for name, f in form._fields.items():
        if name == "csrf_token" or name in skip or not _asked(form, f):
            continue
        parent = _follows(f)
        if parent in rows:
            if show(f) != NOT_ANSWERED:
                label, value = rows[parent]
                rows[parent] = (label, f"{value}，{show(f)}")
            continue
        rows[name] = (f.label.text, show(f))
    return list(rows.values())


def _follows(field) -> str | None:
    """The question a follow-up question depends on (RequiredIf, ShownIf), or None."""
    return next((v.other for v in field.validators if isinstance(v, RequiredIf)), None)


def labelled(rows: list[tuple[str, str]]) -> str:
    """Answers in one line, each with its label: 有没有大病、慢性病：是，高血压；能不能干活：能."""
    return "；".join(f"{label.rstrip('？?')}：{value}" for label, value in rows)


def own_id_shown() -> bool:
    """The full ID number is shown to its owner: the resident on their own check page, not an
    assistant filling in for them."""
    return not acting.active()


def _form_rows(form, url: str, reveal: bool = False) -> list[Row]:
    return [Row(f.label.text, display(f, reveal), f"{url}#field-{name}")
            for name, f in form._fields.items() if name != "csrf_token" and _asked(form, f)]


def _stored_form(form_class, data, **kwargs):
    form = form_class(formdata=None, data=data, meta={"csrf": False}, **kwargs)
    if hasattr(form, "load_choices"):
        form.load_choices(get_db())
    return form


def sections(draft, flow) -> list[Section]:
    result = []
    for step in flow.visible(draft.answers):
        if step.kind == MEMBERS:
            result.append(Section(step.title, _member_rows(draft, flow)))
        elif step.kind == PER_MEMBER:
            result.append(Section(step.title, _income_rows(draft)))
        else:
            url = form_url("step", sid=draft.id, step_id=step.id, **{"return": "check"})
            form = _stored_form(step.form, forms.defaults(draft, step.id))
            own = step.id == flow.person_step and own_id_shown()
            result.append(Section(step.title, _form_rows(form, url, reveal=own)))
    return result


def _member_rows(draft, flow, reveal: bool = False) -> list[Row]:
    """Each member in one row of labelled answers (身份证号码：…；有没有大病、慢性病：是，高血压)."""
    rows = []
    for index, member in enumerate(draft.members):
        form = _stored_form(flow.member_form, member, is_applicant=False,
                            sensitive_allowed=forms.sensitive_allowed(draft))
        shown = reveal or (index == 0 and own_id_shown())
        parts = [(label, value) for label, value in
                 labelled_rows(form, ("name",), lambda f, r=shown: display(f, r))
                 if value != NOT_ANSWERED]
        if flow.step("income") is not None:
            answer = household.has_income(draft, index)
            parts.append((_("有没有收入"), {"yes": _("有"), "no": _("没有")}.get(answer or "",
                                                                            NOT_ANSWERED)))
        url = form_url("member", sid=draft.id, index=index, **{"return": "check"})
        if index == 0 and flow.member_per_page:
            url = form_url("step", sid=draft.id, step_id=flow.consent[0], **{"return": "check"})
        rows.append(Row(member.get("name", ""), labelled(parts), url))
    return rows


def _income_rows(draft) -> list[Row]:
    summary = income_summary(draft)
    rows = []
    for index, member in enumerate(draft.members):
        url = form_url("member_income", sid=draft.id, index=index, **{"return": "check"})
        if summary["has_income"][index] != "yes":
            value = _("没有收入")
        else:
            value = _("计入收入 %s元/年") % format_yuan(summary["per_member"][index])
        value = "。".join([value, "".join(summary["exclusions"][index])]) \
            if summary["exclusions"][index] \
            else value
        rows.append(Row(member.get("name", ""), value, url))
    total = summary["total"]
    if total:
        rows.append(Row(_("全家人均月收入"), format_yuan(total.per_capita_monthly) + _("元"),
                        form_url("step", sid=draft.id, step_id="income",
                                **{"return": "check"})))
    return rows


def answer_rows(draft, flow) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every answer in words, (step title, [(label, value)]), finer than the check page (each
    income amount, ID numbers in full), for telling what a correction changed."""
    result = []
    for step in flow.visible(draft.answers):
        if step.kind == MEMBERS:
            rows = _member_rows(draft, flow, reveal=True)
        elif step.kind == PER_MEMBER:
            rows = _income_detail_rows(draft)
        else:
            form = _stored_form(step.form, forms.defaults(draft, step.id))
            rows = _form_rows(form, "", reveal=True)
        result.append((step.title, [(row.label, row.value) for row in rows]))
    return result


def _income_detail_rows(draft) -> list[Row]:
    rows = []
    for index, member in enumerate(draft.members):
        stored = (draft.answers.get("income") or {}).get(str(index))
        form = _stored_form(IncomeForm, IncomeForm.from_answers(stored or {}))
        rows += [Row(f"{member.get('name', '')} · {f.label.text}",
                     display(f) if stored is not None else NOT_ANSWERED, "")
                 for name, f in form._fields.items() if name != "csrf_token"]
    return rows
