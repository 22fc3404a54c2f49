"""Temporary aid (临时救助): short on purpose, because speed is the point. Who is in hardship,
where the emergency happened (any village the server knows, whatever the hukou), what happened,
the household and what it needs now; then the temporary-aid notice letter, the commitment and
the authorisations (RULES.md "Temporary assistance"; webapp/domain/temporary_aid.py)."""

from __future__ import annotations

from datetime import timedelta

from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp.auth.forms import PhoneForm
from webapp.domain import temporary_aid as aid
from webapp.domain.case_machine import TEMPORARY_AID, InvalidDate, parse_day
from webapp.flows.base import MEMBERS, Flow, Step
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
    today,
)
from webapp.flows.members import SimpleMemberForm
from webapp.flows.regions import VillageForm
from webapp.web.i18n import _

HUKOU_PLACES = {"here": _("就在这个县"), "province": _("本省其他地方"), "elsewhere": _("外省"),
                "unknown": _("说不清")}
NEEDS = {"food": _("吃饭、穿衣等基本生活"), "medical": _("看病、住院"), "shelter": _("临时住的地方"),
         "travel": _("回家的路费"), "other": _("其他")}
YES_NO_UNKNOWN = {"yes": _("有"), "no": _("没有"), "unknown": _("不清楚")}
# How far back "since when" may go: temporary aid is for a hardship that is still going on.
SINCE_AT_MOST_YEARS = 5


class PersonForm(StepForm):
    name = StringField(_("遇到困难的人的姓名"), [Required(_("请填写姓名")), MaxLength(30)],
                       render_kw={"autocomplete": "name"})
    id_number = IdNumberField(
        _("身份证号码（手头没有可以不填）"),
        description=_("不知道或身份证丢了也能申请，工作人员会帮您核实身份。"))
    phone = StringField(_("联系电话"), [Required(_("请填写联系电话"))],
                        description=_("审核结果会发短信到这个号码"),
                        render_kw={"inputmode": "tel", "autocomplete": "tel"})

    def validate_phone(self, field):
        if field.data:
            PhoneForm.validate_phone(self, field)


class PlaceForm(VillageForm):
    """Where the emergency happened: any county, township and village the server knows."""

    address = StringField(_("具体地点（可以不填）"), [MaxLength(60)],
                          description=_("在路上、工地上遇到的，选最近的村（社区），这里写清地点"))
    hukou = Radio(_("户口在哪里？"), [Required(_("请选择户口在哪里"))], choices=HUKOU_PLACES,
                  description=_("户口在外地也可以在这里申请：临时救助在哪里遇到急难就在哪里申请，不看户口和居住地。"))


class EventForm(StepForm):
    kind = Radio(_("遇到了什么事？"), [Required(_("请选择遇到了什么事"))], choices=aid.EMERGENCY_KINDS)
    sensitive = BooleanField(_("我同意提供病情等健康信息（单独同意，选“突发重病、大病”时需要）"))
    since = StringField(_("从哪天开始的？"), [Required(_("请填写从哪天开始的"))],
                        description=_("记不清的，写个大概的日子"), render_kw={"type": "date"})
    what_happened = TextAreaField(_("简单说说发生了什么"), [Required(_("请简单说说发生了什么")),
                                                   MaxLength(300)])
    unemployment_insurance = Radio(
        _("现在能领失业保险金吗？"),
        [RequiredIf("kind", (aid.INCOME_LOSS,), _("没了收入的，请选择能不能领失业保险金"))],
        choices=YES_NO_UNKNOWN, description=_("选了“没了收入”才需要回答"))
    on_dibao = Radio(_("家里现在领低保吗？"),
                     [RequiredIf("kind", (aid.INCOME_LOSS,), _("没了收入的，请选择家里领不领低保"))],
                     choices=YES_NO_UNKNOWN, description=_("选了“没了收入”才需要回答"))

    def validate_kind(self, field):
        if field.data in aid.SENSITIVE_KINDS and not self.sensitive.data:
            raise ValidationError(_("选“突发重病、大病”，需要先勾选下面的“单独同意”"))

    def validate_since(self, field):
        if not field.data:
            return
        try:
            day = parse_day(field.data, "since", _("开始的日子"))
        except InvalidDate as wrong:
            raise ValidationError(wrong.message) from None
        if day > today():
            raise ValidationError(_("开始的日子不能晚于今天"))
        if day < today() - timedelta(days=366 * SINCE_AT_MOST_YEARS):
            raise ValidationError(_("开始的日子太早了，请核对（最多 %d 年前）") % SINCE_AT_MOST_YEARS)
        field.data = day.isoformat()

    def to_answers(self) -> dict:
        data = super().to_answers()
        data["sensitive"] = "yes" if self.sensitive.data else "no"
        if data["kind"] != aid.INCOME_LOSS:
            data["unemployment_insurance"] = data["on_dibao"] = None
        return data


class HouseholdForm(StepForm):
    size = CountField(_("家里一共几口人受影响？"), [Required(_("请填写人数，只有自己就填 1"))], maximum=20,
                      description=_("算上自己"))
    needs = Checkboxes(_("现在最需要什么？（可以选多项）"), [Required(_("请至少选一项"))], choices=NEEDS)
    amount_asked = YuanField(_("大概需要多少钱（元，可以不填）"),
                             description=_("不知道就不填，由工作人员核定"))

    def validate_size(self, field):
        if field.data is not None and field.data < 1:
            raise ValidationError(_("人数至少是 1（算上自己）"))


FLOW = Flow(
    name="temporary_aid",
    title=_("临时救助申请"),
    intro=(
        _("遇到火灾、车祸、突发重病、没了收入等急事，日子一下子过不下去的，可以申请临时救助。"),
        _("在哪里遇到的就在哪里申请，户口在外地也可以。急需的，乡镇可以先给一笔钱，手续事后补。"),
        _("不用先交证明材料。手头有医院票据、受灾证明的，可以拍照上传，没有也没关系。"),
        _("每填完一页都会自动保存。"),
    ),
    member_form=SimpleMemberForm,
    machine=TEMPORARY_AID.name,
    person_step="person",
    village_step="place",
    consent=("event", "sensitive"),
    notice_letter="temporary_aid_notice",
    commitment_letter="temporary_aid_commitment",
    authorization_letter="authorization",
    steps=(
        Step("person", _("遇到困难的人"), PersonForm),
        Step("place", _("在哪里遇到的"), PlaceForm,
             help=_("选急难发生的地方，不用管户口在哪里。")),
        Step("event", _("遇到了什么事"), EventForm),
        Step("household", _("家里的情况"), HouseholdForm),
        Step("members", _("一起受影响的家人（可以不填）"), kind=MEMBERS,
             help=_("可以跳过。写了的家人，成年人要各自签授权。")),
    ),
)
