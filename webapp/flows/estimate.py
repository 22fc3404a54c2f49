"""A form's start page tells honestly how long the form takes and what to have at hand (issue
11, item 8), both read from the flow definition — its steps, their WTForms fields, the member
form and the letters — so they stay true when a question is added or removed. The timing rule
is webapp/domain/time_estimate.py; this module only describes a flow in its terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired

from webapp.domain import time_estimate as rule
from webapp.flows.base import MEMBERS, PER_MEMBER, Flow, Step
from webapp.flows.fields import CountField, IdNumberField, Required, YuanField
from webapp.services import letters
from webapp.web.i18n import _

# A drop-down whose options come from the database (county, township, village): about this many.
DYNAMIC_OPTIONS = 6
# The applicant's own line of the household list: these come from the first step.
APPLICANT_OWN = ("name", "id_number", "relation")
# A letter's {{ placeholder }} read as about this many characters (a name, a village).
PLACEHOLDER_CHARS = 4
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_REQUIRED = (Required, DataRequired, InputRequired)
_ASIDE = re.compile(r"（[^）]*）|\([^)]*\)")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str
    required: bool
    options: int


def form_fields(form_class: type | None) -> list[FieldSpec]:
    """The questions a form class asks, read from its declared (unbound) fields."""
    if form_class is None:
        return []
    found = []
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if isinstance(unbound, UnboundField) and name != "csrf_token":
            found.append(_spec(name, unbound))
    return found


def _spec(name: str, unbound: UnboundField) -> FieldSpec:
    validators = unbound.kwargs.get("validators") or (
        unbound.args[1] if len(unbound.args) > 1 else ())
    required = any(isinstance(v, _REQUIRED) for v in validators or ())
    choices = unbound.kwargs.get("choices")
    options = len(choices) if choices else DYNAMIC_OPTIONS
    label = unbound.kwargs.get("label") or (unbound.args[0] if unbound.args else "")
    return FieldSpec(name, str(label or ""), _kind(unbound), required, options)


def _kind(unbound: UnboundField) -> str:
    cls = unbound.field_class
    render_kw = unbound.kwargs.get("render_kw") or {}
    kinds = ((IdNumberField, "id_number"), (YuanField, "amount"), (CountField, "count"),
             (TextAreaField, "long_text"), (BooleanField, "tick"), (SelectMultipleField, "choices"),
             (RadioField, "choice"), (SelectField, "choice"))
    for base, kind in kinds:
        if issubclass(cls, base):
            return kind
    if render_kw.get("type") == "date":
        return "date"
    if render_kw.get("inputmode") == "tel":
        return "phone"
    return "text"


def _page(fields: list[FieldSpec], help_text: str = "") -> rule.Page:
    return rule.Page(tuple(rule.Field(f.kind, f.required, f.options) for f in fields),
                     help_chars=len(help_text))


def _step_pages(flow: Flow, step: Step) -> tuple[list[rule.Page], list[rule.Page]]:
    """(the pages of this step for the person the form is about, those of each further member)."""
    if step.kind == MEMBERS:
        own = [_page([], step.help)]
        if flow.complete_members:  # the applicant finishes their own line of the list
            own.append(_page([f for f in form_fields(flow.member_form)
                              if f.name not in APPLICANT_OWN]))
        return own, [_page(form_fields(flow.member_form))]
    if step.kind == PER_MEMBER:  # an overview, then one page per member
        each = _page(form_fields(step.form))
        return [_page([], step.help), each], [each]
    return [_page(form_fields(step.form), step.help)], []


def letter_chars(kind: str) -> int:
    """About how many characters a letter has once filled in."""
    source = letters.current(kind).source
    text = _PLACEHOLDER.sub("x" * PLACEHOLDER_CHARS, _TAG.sub("", source))
    return len("".join(text.split()))


def shape(flow: Flow) -> rule.Shape:
    """The flow in the timing rule's terms."""
    pages: list[rule.Page] = []
    optional: list[rule.Page] = []
    member_pages: list[rule.Page] = []
    for step in flow.steps:
        own, each = _step_pages(flow, step)
        (pages if step.condition is None else optional).extend(own)
        member_pages.extend(each)
    signed = [k for k in flow.letters if k != flow.notice_letter]
    return rule.Shape(
        pages=tuple(pages), optional_pages=tuple(optional), member_pages=tuple(member_pages),
        members_optional=not flow.complete_members,
        letter_chars=sum(letter_chars(k) for k in flow.letters),
        signatures=len(signed), member_signatures=1 if flow.authorization_letter else 0)


@cache
def _cached(flow: Flow) -> rule.Estimate:
    return rule.estimate(shape(flow))


def estimate(flow: Flow) -> rule.Estimate:
    """The flow's time estimate (computed once per flow and process: flows are constants)."""
    return _cached(flow)


@cache
def at_hand(flow: Flow, photos_per_form: int) -> tuple[str, ...]:
    """What to have at hand before starting, from what the form really asks (nothing else);
    computed once per flow and setting (flows are constants)."""
    person = form_fields(flow.step(flow.person_step).form if flow.step(flow.person_step) else None)
    members = form_fields(flow.member_form)
    amounts = [a for a in (_amounts(s) for s in flow.steps) if a]
    things = [_("能收短信的手机：登录要输短信验证码")]
    things += _identity(person, members, flow.complete_members)
    if amounts:
        things.append(_("心里有个大概的数：%s。写个大概就行，不用找单据。") % "、".join(amounts))
    if photos_per_form:
        things.append(_("有医院票据、受灾证明等纸的，可以拍照附上（最多 %d 张），没有也可以。")
                      % photos_per_form)
    return tuple(things)


def _amounts(step: Step) -> str:
    """What a step asks amounts of: the one amount's label, or the step's title for several."""
    fields = [f for f in form_fields(step.form) if f.kind == "amount"]
    if not fields:
        return ""
    return _ASIDE.sub("", fields[0].label if len(fields) == 1 else step.title).strip()


def _identity(person: list[FieldSpec], members: list[FieldSpec], all_members: bool) -> list[str]:
    own = next((f for f in person if f.kind == "id_number"), None)
    family = next((f for f in members if f.kind == "id_number"), None)
    if family is not None and family.required and all_members:
        return [_("全家人的身份证或户口簿：每个人的身份证号码都要填，孩子的号码在户口簿上")]
    if own is not None and own.required:
        return [_("本人的身份证：要填身份证号码")]
    if own is not None:
        return [_("本人的身份证，有就带上；手头没有也能填")]
    return []
