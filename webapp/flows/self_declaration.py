"""Self-declaration (自主申报) for relapse monitoring: short on purpose; the village verifies the
rest at the home visit (RULES.md "Relapse monitoring")."""

from __future__ import annotations

from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp.domain.case_machine import RELAPSE_MONITORING
from webapp.flows import choices
from webapp.flows.base import MEMBERS, Flow, Step
from webapp.flows.fields import (
    Checkboxes,
    IdNumberField,
    MaxLength,
    Required,
    StepForm,
    YuanField,
)
from webapp.flows.members import SimpleMemberForm
from webapp.flows.regions import VillageForm, village_fields
from webapp.web.i18n import _


class DeclarantForm(VillageForm):
    name = StringField(_("申报人姓名"), [Required(_("请填写申报人的姓名")), MaxLength(30)],
                       render_kw={"autocomplete": "name"})
    id_number = IdNumberField(_("申报人身份证号码"), [Required(_("请填写申报人的身份证号码"))],
                              description=_("18位，最后一位可能是 X"))
    county, township, village = village_fields()


class RisksForm(StepForm):
    """What happened: the risks first; the separate consent only matters (and, in the page's
    CSS, only shows) when 因病 or 因残 is ticked; then what the household may add, all optional,
    so the village knows before its visit (RULES.md "Relapse monitoring": income line, rigid
    expenses)."""

    risks = Checkboxes(_("家里遇到了哪些风险？（可以选多项）"),
                       [Required(_("请至少选一项风险"))], choices=choices.RISKS)
    sensitive = BooleanField(_("我同意记下家里人的病情、残疾情况"),
                             description=_("选了“因病”或“因残”才要勾这一项"))
    income = YuanField(_("全家今年大概能收入多少钱（元）"), description=_("可以不填"))
    rigid_spending = YuanField(_("今年看病、上学等必须花的钱（元）"), description=_("可以不填"))
    description = TextAreaField(_("简单说说情况"), [MaxLength(300)], description=_("可以不填"))

    def validate_risks(self, field):
        sensitive = [r for r in field.data or [] if r in choices.SENSITIVE_RISKS]
        if sensitive and not self.sensitive.data:
            raise ValidationError(
                _("选了“因病”或“因残”，请勾选下面的“我同意记下家里人的病情、残疾情况”"))

    def to_answers(self) -> dict:
        return {**super().to_answers(), "sensitive": "yes" if self.sensitive.data else "no"}


FLOW = Flow(
    name="self_declaration",
    title=_("自主申报（防止返贫监测）"),
    intro=(
        _("家里因为生病、残疾、上学、灾害、意外、没活干、收入减少或花钱多，日子可能变难的，可以在这里申报。"),
        _("只要写清楚是谁、住哪个村、遇到什么风险，其他的村里上门时再了解。"),
        _("申报后村里会上门核实，符合条件的纳入监测，及早帮扶。"),
    ),
    member_form=SimpleMemberForm,
    machine=RELAPSE_MONITORING.name,
    person_step="declarant",
    village_step="declarant",
    consent=("risks", "sensitive"),
    consent_letter="declaration_sensitive_consent",
    consent_is_a_choice=False,
    commitment_letter="commitment_authorization",
    steps=(
        Step("declarant", _("申报人"), DeclarantForm),
        Step("risks", _("遇到的风险"), RisksForm),
        Step("members", _("家庭成员（可以不填）"), kind=MEMBERS,
             help=_("可以跳过，村里上门时再登记。")),
    ),
)
