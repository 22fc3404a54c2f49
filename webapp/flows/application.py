"""The one-stop aid application (社会救助申请): the office decides which assistance fits."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp.auth.forms import PhoneForm
from webapp.domain.case_machine import APPLICATION
from webapp.domain.income import COUNTED_KINDS, EXCLUDED_KINDS
from webapp.flows import choices
from webapp.flows.base import MEMBERS, PER_MEMBER, Flow, Step
from webapp.flows.fields import (
    Checkboxes,
    CountField,
    IdNumberField,
    MaxLength,
    Radio,
    Required,
    RequiredIf,
    StepForm,
    YuanField,
)
from webapp.flows.members import MemberForm
from webapp.flows.regions import VillageForm
from webapp.web.i18n import _


class ApplicantForm(StepForm):
    name = StringField(_("申请人姓名"), [Required(_("请填写申请人的姓名")), MaxLength(30)],
                       render_kw={"autocomplete": "name"})
    id_number = IdNumberField(_("申请人身份证号码"), [Required(_("请填写申请人的身份证号码"))],
                              description=_("18位，最后一位可能是 X"))
    phone = StringField(_("联系电话"), [Required(_("请填写联系电话"))],
                        description=_("审批结果会发短信到这个号码"),
                        render_kw={"inputmode": "tel", "autocomplete": "tel"})

    def validate_phone(self, field):
        if field.data:  # empty only where it may be: for a resident with no phone
            PhoneForm.validate_phone(self, field)


class ResidenceForm(VillageForm):
    address = StringField(_("详细住址"), [MaxLength(60)], description=_("例如：3组12号"))
    hukou_same = Radio(_("户口在这个村吗？"), [Required(_("请选择户口是否在这个村"))],
                       choices=choices.YES_NO)
    hukou_place = StringField(
        _("户口所在地"),
        [RequiredIf("hukou_same", ("no",), _("户口不在这个村的，请填写户口所在地")), MaxLength(60)],
        description=_("户口不在这个村才需要填"))


class ConsentForm(StepForm):
    sensitive = Radio(_("您是否同意？"), [Required(_("请选择同意或不同意"))], choices=choices.CONSENT)


class IncomeForm(StepForm):
    """One member's income over the last 12 months, in yuan."""

    employment_costs = YuanField(_("打工、做生意的必要花费（路费、工具等）"),
                                 description=_("会从工资和经营收入里扣除"))

    def validate_employment_costs(self, field):
        earned = (self.wages.data or 0) + (self.business.data or 0)
        if (field.data or 0) > earned:
            raise ValidationError(_("必要花费不能超过工资和经营收入的合计"))

    def to_answers(self) -> dict:
        data = {kind: self[kind].data or 0 for kind in COUNTED_KINDS}
        data["employment_costs"] = self.employment_costs.data or 0
        data["excluded"] = {kind: self["x_" + kind].data or 0 for kind in EXCLUDED_KINDS}
        return data

    @staticmethod
    def from_answers(data: dict) -> dict:
        flat = {k: v for k, v in data.items() if k != "excluded"}
        flat.update({"x_" + k: v for k, v in (data.get("excluded") or {}).items()})
        return flat


for _kind, _label in COUNTED_KINDS.items():
    setattr(IncomeForm, _kind, YuanField(_label))
for _kind, _label in EXCLUDED_KINDS.items():
    setattr(IncomeForm, "x_" + _kind, YuanField(_label))


class PropertyForm(StepForm):
    houses = CountField(_("家里有几处房子？"), [Required(_("请填写房子数量，没有填 0"))], maximum=20)
    vehicles = CountField(_("有几辆汽车？"), [Required(_("请填写汽车数量，没有填 0"))], maximum=20,
                          description=_("不算摩托车、电动车、农用车"))
    deposits = YuanField(_("全家存款合计（元）"), description=_("银行卡、存折、微信、支付宝里的钱"))
    business = Radio(_("家里有没有开店、办厂或公司？"), [Required(_("请选择有或没有"))],
                     choices={"yes": _("有"), "no": _("没有")})
    business_note = StringField(
        _("做什么生意"), [RequiredIf("business", ("yes",), _("请简单写一下做什么生意")), MaxLength(60)])


class SpendingForm(StepForm):
    medical = YuanField(_("看病花了多少钱（元）"), description=_("报销以后自己掏的钱"))
    education = YuanField(_("孩子上学花了多少钱（元）"), description=_("学费、住宿费、生活费"))


class SituationForm(StepForm):
    what_happened = TextAreaField(_("家里遇到了什么困难？"),
                                  [Required(_("请简单说说家里遇到的困难")), MaxLength(500)])
    help = Checkboxes(_("希望在哪些方面得到帮助？（可以选多项）"),
                      [Required(_("请至少选一项"))], choices=choices.HELP,
                      description=_("遇到火灾、车祸、突发重病等急事的，也可以回首页直接申请临时救助，办得更快"))


FLOW = Flow(
    name="application",
    title=_("社会救助申请"),
    intro=(
        _("一次申请就行：低保、低保边缘、特困供养、支出型困难、临时救助，由乡镇和民政局根据您家情况来定。"),
        _("不用先交证明材料：您读完告知书并如实承诺，工作人员会上门调查核实。"),
        _("每填完一页都会自动保存，没填完可以下次登录接着填。"),
    ),
    member_form=MemberForm,
    machine=APPLICATION.name,
    person_step="applicant",
    village_step="residence",
    consent=("consent", "sensitive"),
    notice_letter="notice_letter",
    commitment_letter="commitment",
    authorization_letter="authorization",
    complete_members=True,
    steps=(
        Step("applicant", _("申请人"), ApplicantForm),
        Step("residence", _("住在哪里"), ResidenceForm),
        Step("consent", _("敏感信息单独同意"), ConsentForm),
        Step("members", _("家庭成员"), kind=MEMBERS,
             help=_("只写一起生活的家人。申请人本人已经在第一位。")),
        Step("income", _("收入"), IncomeForm, kind=PER_MEMBER,
             help=_("写最近12个月的收入，按年算。不知道准确数，写个大概。")),
        Step("property", _("财产"), PropertyForm),
        Step("spending", _("看病和上学花费"), SpendingForm,
             help=_("最近12个月的花费。")),
        Step("situation", _("困难情况"), SituationForm),
    ),
)
