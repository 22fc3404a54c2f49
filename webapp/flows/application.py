"""The one-stop aid application (社会救助申请): the office decides which assistance fits."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp.auth.forms import PhoneForm
from webapp.domain.case_machine import APPLICATION
from webapp.domain.income import COUNTED_KINDS, EXCLUDED_KINDS, official_answers, plain_amounts
from webapp.flows import choices
from webapp.flows.base import MEMBERS, PER_MEMBER, Flow, Step
from webapp.flows.fields import (
    Checkboxes,
    Choice,
    CountField,
    IdNumberField,
    MaxLength,
    Radio,
    Required,
    RequiredIf,
    ShownIf,
    StepForm,
    YuanField,
)
from webapp.flows.members import APPLICANT_HUKOU_AREAS, SENSITIVE_FIELDS, MemberForm
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
    hukou_area = Choice(_("户口在本县、本省还是外省？（可以不填）"), [ShownIf("hukou_same", ("no",))],
                        choices=APPLICANT_HUKOU_AREAS, default="")
    residence_permit = Radio(_("家里有人在这里办了居住证吗？（可以不填）"), [ShownIf("hukou_same", ("no",))],
                             choices=choices.YES_NO)


class ConsentForm(StepForm):
    """The separate consent, then the applicant's own situation (the member questions of member
    1), so that the applicant's details are complete in the first steps. The health and
    disability questions are asked (and shown) only when the consent is given."""

    sensitive = Radio(_("您是否同意？"), [Required(_("请选择同意或不同意"))], choices=choices.CONSENT)
    disability_kind = Choice(_("您有没有残疾？"), [ShownIf("sensitive", ("yes",))],
                             choices=choices.DISABILITY_KINDS, default="")
    disability_grade = Choice(
        _("残疾等级"), [RequiredIf("disability_kind", tuple(k for k in choices.DISABILITY_KINDS
                                                            if k), _("有残疾的，请选择残疾等级"))],
        choices=choices.DISABILITY_GRADES, default="", description=_("残疾人证上写的等级"))
    serious_illness = Radio(_("您有没有大病、慢性病？"),
                            [RequiredIf("sensitive", ("yes",), _("请选择有没有大病、慢性病"))],
                            choices=choices.YES_NO)
    illness_name = StringField(
        _("什么病"), [RequiredIf("serious_illness", ("yes",), _("请写一下是什么病")), MaxLength(40)])
    labor_ability = Radio(_("您能不能干活？"), [Required(_("请选择能不能干活"))],
                          choices=choices.LABOR_ABILITY)
    work = Choice(_("您现在做什么？"), [Required(_("请选择现在做什么"))],
                  choices=choices.PLEASE_CHOOSE | choices.WORK)

    def to_answers(self) -> dict:
        answers = super().to_answers()
        if answers.get("sensitive") != "yes":
            for name in SENSITIVE_FIELDS:
                answers.pop(name, None)
        return answers


# The applicant's own answers on the consent page, kept as member 1's.
APPLICANT_MEMBER_FIELDS = ("disability_kind", "disability_grade", "serious_illness",
                           "illness_name", "labor_ability", "work")


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


YES_NO_HAVE = {"yes": _("有"), "no": _("没有")}
AMOUNT_HINT = _("一年大概多少元，可以写 3千、1.2万")


def _source(question: str, name: str, amount_label: str, hint: str = AMOUNT_HINT):
    """A yes/no question about one source, and its amount asked only after a yes."""
    asked = Radio(question, [Required(_("请选择有或没有"))], choices=YES_NO_HAVE)
    amount = YuanField(amount_label, [RequiredIf("has_" + name, ("yes",),
                                                 _("请填写大概多少元，例如 3千"))],
                       description=hint)
    return asked, amount


class PlainIncomeForm(StepForm):
    """One member's money over the last 12 months, asked by where it comes from; the official
    kind each amount counts as (COUNTED_KINDS) or is left out as (EXCLUDED_KINDS) is derived
    (webapp/domain/income.py PLAIN_SOURCES), never asked."""

    has_farming, farming = _source(_("种地、养殖有收入吗？"), "farming",
                                   _("种地、养殖一年大概挣多少元？"),
                                   _("卖的钱减去种子、化肥、饲料的本钱。可以写 3千、1.2万"))
    has_work, work = _source(_("打工、上班有工资吗？"), "work", _("一年大概挣多少工资？"))
    employment_costs = YuanField(_("打工的路费、工具等必要花费（可以不填）"),
                                 [ShownIf("has_work", ("yes",))],
                                 description=_("会从工资里扣掉，不算收入"))
    has_business, business = _source(_("做生意有收入吗？"), "business",
                                     _("做生意一年大概净挣多少元？"), _("扣掉进货等本钱以后的"))
    has_pension = Radio(_("领养老金或退休工资吗？"), [Required(_("请选择有或没有"))],
                        choices=YES_NO_HAVE)
    pension_kind = Radio(
        _("领的是哪一种？"), [RequiredIf("has_pension", ("yes",), _("请选择是哪一种养老金"))],
        choices={"resident_pension": _("农村的城乡居民养老金（每月一两百元）"),
                 "retirement": _("单位的退休工资")})
    pension = YuanField(_("一年一共领多少元？"),
                        [RequiredIf("has_pension", ("yes",), _("请填写大概多少元，例如 2千"))],
                        description=AMOUNT_HINT)
    has_subsidy = Radio(_("领政府的补贴吗？"), [Required(_("请选择有或没有"))],
                        choices=YES_NO_HAVE,
                        description=_("残疾人补贴、高龄津贴、抚恤金、计划生育扶助金等"))
    disability_subsidy = YuanField(_("残疾人生活补贴、护理补贴（一年多少元）"),
                                   [ShownIf("has_subsidy", ("yes",))])
    old_age_allowance = YuanField(_("高龄津贴（一年多少元）"), [ShownIf("has_subsidy", ("yes",))])
    survivor_pension = YuanField(_("抚恤金（一年多少元）"), [ShownIf("has_subsidy", ("yes",))])
    family_planning = YuanField(_("计划生育奖励扶助金（一年多少元）"),
                                [ShownIf("has_subsidy", ("yes",))])
    award = YuanField(_("见义勇为、上学等奖励（一年多少元）"), [ShownIf("has_subsidy", ("yes",))])
    other_subsidy = YuanField(_("其他补贴（一年多少元）"), [ShownIf("has_subsidy", ("yes",))])
    has_relatives, relatives = _source(_("亲戚、子女给钱吗？"), "relatives",
                                       _("一年大概给多少元？"))
    has_rent, rent = _source(_("有房租、存款利息吗？"), "rent", _("一年大概多少元？"))

    SUBSIDIES = ("disability_subsidy", "old_age_allowance", "survivor_pension",
                 "family_planning", "award", "other_subsidy")

    def validate_other_subsidy(self, field):
        if self.has_subsidy.data == "yes" and not any(self[n].data for n in self.SUBSIDIES):
            raise ValidationError(_("领补贴的，请至少填一项补贴的金额"))

    def validate_employment_costs(self, field):
        if self.has_work.data == "yes" and (field.data or 0) > (self.work.data or 0):
            raise ValidationError(_("必要花费不能超过工资"))

    def amounts(self) -> dict[str, int]:
        """Fen by plain source, only for the sources answered 有."""
        result = {}
        for name in ("farming", "work", "business", "relatives", "rent"):
            if self["has_" + name].data == "yes":
                result[name] = self[name].data or 0
        if self.has_pension.data == "yes" and self.pension_kind.data:
            result[self.pension_kind.data] = self.pension.data or 0
        if self.has_subsidy.data == "yes":
            result.update({n: self[n].data or 0 for n in self.SUBSIDIES})
        return result

    def to_answers(self) -> dict:
        """The official shape the assessment and the staff pages read, with the plain answers
        kept beside it for showing the page again."""
        costs = self.employment_costs.data or 0 if self.has_work.data == "yes" else 0
        plain = {name: f.data for name, f in self._fields.items() if name != "csrf_token"}
        return {**official_answers(self.amounts(), costs), "plain": plain}

    @staticmethod
    def from_answers(stored: dict) -> dict:
        """The plain answers to show: as saved, or read back from an official-shape answer."""
        if "plain" in stored:
            return dict(stored["plain"])
        if not stored:
            return {}
        amounts = plain_amounts(stored)
        data: dict = {"employment_costs": stored.get("employment_costs") or 0}
        for name in ("farming", "work", "business", "relatives", "rent"):
            data["has_" + name] = "yes" if amounts.get(name) else "no"
            data[name] = amounts.get(name, 0)
        pension = "resident_pension" if amounts.get("resident_pension") else None
        data["has_pension"] = "yes" if pension else "no"
        data["pension_kind"], data["pension"] = pension, amounts.get("resident_pension", 0)
        subsidies = {n: amounts.get(n, 0) for n in PlainIncomeForm.SUBSIDIES}
        data["has_subsidy"] = "yes" if any(subsidies.values()) else "no"
        return {**data, **subsidies}


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
    member_per_page=True,
    steps=(
        Step("applicant", _("申请人"), ApplicantForm),
        Step("residence", _("住在哪里"), ResidenceForm),
        Step("consent", _("您自己的情况"), ConsentForm,
             help=_("先说说您是否同意我们问健康和残疾的情况，再说说您自己。")),
        Step("members", _("家里一起生活的人"), kind=MEMBERS,
             help=_("只写一起生活的家人。申请人本人已经在第一位。")),
        Step("income", _("收入"), PlainIncomeForm, kind=PER_MEMBER,
             help=_("写最近12个月的钱，按年算。不知道准确数，写个大概。")),
        Step("property", _("财产"), PropertyForm),
        Step("spending", _("看病和上学花费"), SpendingForm,
             help=_("最近12个月的花费。")),
        Step("situation", _("困难情况"), SituationForm),
    ),
)
