"""The findings forms that the steps of the dibao procedure carry (webapp/domain/findings.py):
the home visit with record_investigation, the record check with record_records_check, the
democratic review with hold_democratic_review and the category findings with
give_preliminary_opinion. Each field reads what was typed and says in Chinese what is wrong; the
rules between fields are the domain's (FindingRefused, shown next to its field the same way).

The forms are plain WTForms forms posted with the case page's own CSRF token (CSRFProtect
checks every POST). Repeating groups have a fixed number of rows (one per member, SUPPORTERS
supporters each, every record kind), so nothing needs JavaScript to add a row."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date

from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, StopValidation, ValidationError

from webapp.domain import findings as rules
from webapp.domain import supporters as sup
from webapp.domain.care import CARE_LEVELS
from webapp.web.i18n import _

PREFIX = {rules.HOME_VISIT: "visit", rules.RECORDS_CHECK: "records", rules.DEMOCRATIC_REVIEW: "review",
          rules.CATEGORY: "category"}
SUPPORTERS = 3  # supporter rows per member; a row left without a relation is not recorded
YES_NO = {rules.YES: _("是"), rules.NO: _("否")}
OLDEST = 130
VOTES = _("票数请填整数")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _digits(text: str | None) -> str:
    """A count as typed (full-width digits, 岁, 票, 人 allowed) in ASCII digits, or other text."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    return cleaned.removesuffix("岁").removesuffix("票").removesuffix("人").strip()


class Picked:
    """One of the choices (an empty answer only where `optional`), with a Chinese message."""

    def __init__(self, choices: Mapping[str, str], message: str, optional: bool = False):
        self.choices, self.message, self.optional = choices, message, optional

    def __call__(self, form, field):
        if (field.data in (None, "") and self.optional) or field.data in self.choices:
            return
        raise StopValidation(self.message)


class Filled:
    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation(self.message)


class Whole:
    """A whole number from 0 to `most`, full-width digits allowed; empty allowed."""

    def __init__(self, most: int, message: str):
        self.most, self.message = most, message

    def __call__(self, form, field):
        text = _digits(field.data)
        if text and not (text.isascii() and text.isdigit() and int(text) <= self.most):
            raise ValidationError(self.message)


class IsoDay:
    """A day typed as 2026-03-05, 2026/3/5 or 2026年3月5日 (stored as 2026-03-05)."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation(_("请填写%s") % self.label)
        try:
            field.data = _parse_day(unicodedata.normalize("NFKC", field.data)).isoformat()
        except ValueError:
            raise StopValidation(_("%s请按“年-月-日”填写，例如 2026-03-05") % self.label) from None


def _parse_day(text: str) -> date:
    cleaned = text.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    return date(int(parts[0]), int(parts[1]), int(parts[2]))


def _text(label: str, most: int, required: str = "", area: bool = False, **kw) -> Field:
    validators = [Filled(required)] if required else []
    validators.append(Length(max=most, message=_("最多 %d 个字") % most))
    field_class = TextAreaField if area else StringField
    return field_class(label, filters=[_strip], validators=validators, render_kw={"maxlength": most}, **kw)


def _choice(label: str, choices: Mapping[str, str], message: str, optional: bool = False,
            radio: bool = False) -> Field:
    field_class = RadioField if radio else SelectField
    return field_class(label, choices=dict(choices), validate_choice=False,
                       validators=[Picked(choices, message, optional)])


class MemberSeenForm(Form):
    labor_ability = _choice(_("劳动能力"), rules.LABOR, _("请选择劳动能力"))
    illness = _text(_("患病情况（没有就不填）"), 60)
    disability_kind = _choice(_("残疾"), rules.DISABILITY_KINDS, _("请选择残疾情况"), optional=True)
    disability_grade = _choice(_("残疾等级"), {"": _("没有残疾")} | rules.DISABILITY_GRADES,
                               _("请选择残疾等级"), optional=True)
    lives = _choice(_("是否共同生活"), rules.LIVING, _("请选择是否共同生活"), radio=True)
    care_level = _choice(_("照料护理（特困人员）"), {"": _("不适用")} | CARE_LEVELS,
                         _("请选择照料护理等级"), optional=True)


MEMBER_SEEN = ("labor_ability", "illness", "disability_kind", "disability_grade", "lives", "care_level")


class HomeVisitForm(Form):
    visited_on = StringField(_("入户调查日期"), filters=[_strip], validators=[IsoDay(_("入户调查日期"))],
                             render_kw={"type": "date"})
    visitors = _text(_("调查人员（姓名）"), 100, _("请填写参加入户调查的工作人员姓名"))
    present = _text(_("在场人员"), 100, _("请填写调查时在场的人"))
    housing = _choice(_("住房情况"), rules.HOUSING, _("请选择住房情况"), radio=True)
    housing_note = _text(_("住房说明（可不填）"), 200)
    notes = _text(_("其他情况（可不填）"), 500, area=True)

    def to_data(self) -> dict:
        return {**_plain(self, ("visited_on", "visitors", "present", "housing", "housing_note", "notes")),
                "members": [dict(_plain(row.form, MEMBER_SEEN))
                            for row in self["members"]]}


class RecordCheckForm(Form):
    checked = _choice(_("是否已核对"), YES_NO, _("请选择是否已核对"), radio=True)
    result = _text(_("核对结果"), 200)
    matches = _choice(_("与申报是否一致"), YES_NO, _("请选择与申报是否一致"), optional=True, radio=True)
    difference = _text(_("差异（不一致的写明）"), 200)


RECORD_CHECK = ("checked", "result", "matches", "difference")
RecordsForm = type("RecordsForm", (Form,), {kind: FormField(RecordCheckForm, label=label)
                                           for kind, label in rules.RECORD_KINDS.items()})


class RecordsCheckForm(Form):
    records = FormField(RecordsForm)
    notes = _text(_("其他情况（可不填）"), 500, area=True)

    def to_data(self) -> dict:
        return {"records": {kind: _plain(self["records"].form[kind].form, RECORD_CHECK)
                            for kind in rules.RECORD_KINDS},
                "notes": self["notes"].data or ""}


class DemocraticReviewForm(Form):
    held_on = StringField(_("评议日期"), filters=[_strip], validators=[IsoDay(_("民主评议日期"))],
                          render_kw={"type": "date"})
    participants = _text(_("参加人员"), 300, _("请填写参加评议的人员"),
                         description=_("如村党组织、村委会成员，村民代表，驻村干部"))
    outcome = _choice(_("评议结果"), rules.OUTCOMES, _("请选择评议结果"), radio=True)
    votes_for = StringField(_("同意（票）"), filters=[_strip], validators=[Whole(999, VOTES)])
    votes_against = StringField(_("不同意（票）"), filters=[_strip], validators=[Whole(999, VOTES)])
    votes_abstain = StringField(_("弃权（票）"), filters=[_strip], validators=[Whole(999, VOTES)])
    summary = _text(_("评议情况（没有表决的写明）"), 500, area=True)

    def to_data(self) -> dict:
        data = _plain(self, ("held_on", "participants", "outcome", "summary"))
        for name in ("votes_for", "votes_against", "votes_abstain"):
            data[name] = _number(self[name].data)
        return data


class SupporterForm(Form):
    relation = _text(_("关系（如 儿子、母亲）"), 20)
    age = StringField(_("年龄"), filters=[_strip], validators=[Whole(OLDEST, _("年龄请填 0 到 130 的整数"))],
                      render_kw={"inputmode": "numeric"})
    incapacity = _choice(_("履行义务能力"), {"": _("有履行义务能力")} | sup.INCAPACITY_CASES,
                         _("请选择履行义务能力的情形"), optional=True)
    income_below_disposable = BooleanField(_("已核实：本人收入低于当地上年人均可支配收入"))
    property_within_near_dibao_limits = BooleanField(_("已核实：本人财产符合当地低保边缘家庭财产状况规定"))
    note = _text(_("说明（第⑥种情形写明规定）"), 100)


class MemberCategoryForm(Form):
    supporters = FieldList(FormField(SupporterForm), min_entries=SUPPORTERS, max_entries=SUPPORTERS)
    wants_tekun_care = BooleanField(_("本人愿意接受特困人员救助供养（尊重本人意愿）"))


class CategoryForm(Form):
    property_within_limits = _choice(_("家庭财产是否符合当地规定"), YES_NO,
                                     _("请选择家庭财产是否符合当地规定"), radio=True)
    property_note = _text(_("财产说明（可不填）"), 200)
    single_person = BooleanField(_("申请人单独作为单人户（单人户）"))
    single_person_grounds = _text(_("单人户的依据"), 200,
                                  description=_("如：成年无业重度残疾人（一级肢体残疾，务农不算就业）"))
    exempt_family_support = BooleanField(_("不计入兄弟姐妹或60周岁以上老年人给的扶养费"))

    def to_data(self) -> dict:
        data = _plain(self, ("property_note", "single_person_grounds"))
        data.update(property_within_limits=self["property_within_limits"].data == rules.YES,
                    single_person=bool(self["single_person"].data),
                    exempt_family_support=bool(self["exempt_family_support"].data),
                    members=[_member_category(row.form) for row in self["members"]])
        return data


def _member_category(form: Form) -> dict:
    found = []
    for row in form["supporters"]:
        s = row.form
        if not s["relation"].data:
            continue
        found.append({**_plain(s, ("relation", "incapacity", "note")), "age": _number(s["age"].data),
                      "income_below_disposable": bool(s["income_below_disposable"].data),
                      "property_within_near_dibao_limits": bool(s["property_within_near_dibao_limits"].data)})
    return {"supporters": found, "wants_tekun_care": bool(form["wants_tekun_care"].data)}


def _plain(form: Form, names: tuple[str, ...]) -> dict:
    return {name: form[name].data or "" for name in names if name != "csrf_token"}


def _number(text: str | None) -> int | None:
    cleaned = _digits(text)
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


FORMS = {rules.HOME_VISIT: HomeVisitForm, rules.RECORDS_CHECK: RecordsCheckForm,
         rules.DEMOCRATIC_REVIEW: DemocraticReviewForm, rules.CATEGORY: CategoryForm}
MEMBER_ROWS = {rules.HOME_VISIT: MemberSeenForm, rules.CATEGORY: MemberCategoryForm}


def form_for(kind: str, members: int, formdata=None, data: dict | None = None) -> Form:
    """The kind's form, with a row per member, read from `formdata` (a POST) or filled from
    `data` (a finding recorded before, or the defaults)."""
    base = FORMS[kind]
    if kind in MEMBER_ROWS:
        rows = FieldList(FormField(MEMBER_ROWS[kind]), min_entries=members, max_entries=members)
        base = type(base.__name__, (base,), {"members": rows})
    return base(formdata=formdata, data=data, prefix=PREFIX[kind])


def fields(form: Form) -> Iterator[Field]:
    """Every leaf field, in order."""
    for f in form:
        if isinstance(f, FormField):
            yield from fields(f.form)
        elif isinstance(f, FieldList):
            for entry in f:
                yield from fields(entry.form) if isinstance(entry, FormField) else [entry]
        else:
            yield f


def first_error(form: Form) -> tuple[str, str] | None:
    """The id and message of the first field in error."""
    return next(((f.id, f.errors[0]) for f in fields(form) if f.errors), None)


def field_id(kind: str, path: str) -> str:
    """The form field a domain refusal names (`members.0.care_level` -> `visit-members-0-care_level`)."""
    return f"{PREFIX[kind]}-{path.replace('.', '-')}"


def attach(form: Form, wanted: str, message: str) -> None:
    """Put a domain refusal's message on its field, shown beside it like a field's own error."""
    for f in fields(form):
        if f.id == wanted:
            f.errors = [*f.errors, message]
