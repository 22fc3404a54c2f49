"""Household members: the repeating group of both forms."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import ValidationError

from webapp.domain import where_to_apply
from webapp.domain.id_number import InvalidIdNumber, parse_id_number
from webapp.flows import choices
from webapp.flows.fields import (
    Choice,
    IdNumberField,
    MaxLength,
    Radio,
    Required,
    RequiredIf,
    StepForm,
    today,
)
from webapp.web.i18n import _

SENSITIVE_FIELDS = ("disability_kind", "disability_grade", "serious_illness", "illness_name")
OTHER_RELATIONS = {k: v for k, v in choices.RELATIONS.items() if k != "self"}
CHILD_AGE = 14  # PIPL art. 28: personal information of children under 14 is sensitive
WORKING_AGE = 16  # 劳动法 第十五条: no one under 16 is employed, so a child has no income
# Where a member's hukou is, for where the household applies (000… 四(三);
# webapp/domain/where_to_apply.py); not asked is "with the applicant".
MEMBER_HUKOU_AREAS = {"": _("请选择（不选就是和申请人一样）")} | {
    k: v for k, v in where_to_apply.HUKOU_AREAS.items() if k != where_to_apply.UNKNOWN}
# The applicant's, asked on the residence step once the hukou is not in this village.
APPLICANT_HUKOU_AREAS = {"": _("请选择")} | {
    k: v for k, v in where_to_apply.HUKOU_AREAS.items() if k != where_to_apply.VILLAGE}


def income_by_default(member: dict) -> str | None:
    """有没有收入 before anyone answers: 没有 for a child under 16 or a student, else unasked."""
    if member.get("work") == "student":
        return "no"
    try:
        age = parse_id_number(member.get("id_number") or "", today()).age(today())
    except InvalidIdNumber:
        return None
    return "no" if age < WORKING_AGE else None


class MemberFormBase(StepForm):
    """Name, ID and relation; the checks every household list needs."""

    name = StringField(_("姓名"), [Required(_("请填写这位家庭成员的姓名")), MaxLength(30)])
    relation = Choice(_("和申请人的关系"), [Required(_("请选择和申请人的关系"))],
                      choices=choices.PLEASE_CHOOSE | OTHER_RELATIONS)

    def __init__(self, *args, other_ids=(), sensitive_allowed=True, is_applicant=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.other_ids = set(other_ids)
        self.sensitive_allowed = sensitive_allowed
        if not sensitive_allowed:
            for name in SENSITIVE_FIELDS:
                if name in self:
                    delattr(self, name)
        if is_applicant:
            # the applicant's name, ID and relation come from the first step
            for name in ("name", "id_number", "relation", "hukou_area"):
                if name in self:
                    delattr(self, name)

    def validate_id_number(self, field):
        if field.errors:
            return
        if field.data and field.data in self.other_ids:
            raise ValidationError(_("这个身份证号码已经填过了，同一个人不用填两次"))
        if field.data and not self.sensitive_allowed:
            if parse_id_number(field.data, today()).age(today()) < CHILD_AGE:
                raise ValidationError(
                    _("填写不满14岁孩子的信息需要您先同意敏感信息的收集（见“敏感信息单独同意”那一步）"))


class MemberForm(MemberFormBase):
    """A member of an aid application, with what decides labor ability and needs."""

    id_number = IdNumberField(_("身份证号码"), [Required(_("请填写这位家庭成员的身份证号码"))],
                              description=_("孩子的号码在户口簿上"))
    disability_kind = Choice(_("有没有残疾？"), choices=choices.DISABILITY_KINDS, default="")
    disability_grade = Choice(
        _("残疾等级"), [RequiredIf("disability_kind", tuple(k for k in choices.DISABILITY_KINDS
                                                            if k), _("有残疾的，请选择残疾等级"))],
        choices=choices.DISABILITY_GRADES, default="", description=_("残疾人证上写的等级"))
    serious_illness = Radio(_("有没有大病、慢性病？"), [Required(_("请选择有没有大病、慢性病"))],
                            choices=choices.YES_NO)
    illness_name = StringField(
        _("什么病"), [RequiredIf("serious_illness", ("yes",), _("请写一下是什么病")), MaxLength(40)])
    labor_ability = Radio(_("能不能干活？"), [Required(_("请选择能不能干活"))],
                          choices=choices.LABOR_ABILITY)
    work = Choice(_("现在做什么？"), [Required(_("请选择现在做什么"))],
                  choices=choices.PLEASE_CHOOSE | choices.WORK)
    hukou_area = Choice(_("户口在哪里？（可以不填）"), choices=MEMBER_HUKOU_AREAS, default="",
                        description=_("和申请人在一个户口本上的，不用改"))


class SimpleMemberForm(MemberFormBase):
    """A member of a self-declaration: the village checks the rest at the home visit."""

    id_number = IdNumberField(_("身份证号码（可以不填）"))
