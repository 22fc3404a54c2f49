"""The change-report form (如实申报), the same for the household, its village assistant and the
township: what changed, the day, a few words. And the township's decision on a report. Every
problem is a message next to its field; what was typed is kept."""

from __future__ import annotations

from datetime import date

from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from webapp.domain import case_machine as machine
from webapp.domain import change_reports as rules
from webapp.flows.fields import MaxLength, Radio, Required, StepForm
from webapp.services import cases
from webapp.services.change_reports import Decision, Report
from webapp.web.i18n import _


def _day(text: str, name: str, label: str) -> date:
    try:
        return machine.parse_day(text or "", name, label)
    except machine.InvalidDate as wrong:
        raise ValidationError(wrong.message) from None


class ChangeReportForm(StepForm):
    kind = Radio(_("家里什么变了？"), [Required(_("请选一项：家里什么变了"))],
                 choices=rules.KINDS,
                 description=_("有几样变化的，选最要紧的一样，其他的写在下面"))
    happened_on = StringField(_("哪一天变的？"), [Required(_("请填写变化发生的日期"))],
                              description=_("记不清的，写个大概的日子，例如 2026-03-05"),
                              render_kw={"type": "date"})
    description = TextAreaField(_("简单说说变了什么"),
                                [Required(_("请简单说说变了什么")), MaxLength(rules.DESCRIPTION_MAX)],
                                description=_("例如：大儿子3月起在县城打工，每月工资2500元"))

    def validate_happened_on(self, field) -> None:
        day = _day(field.data, "happened_on", _("变化发生的日期"))
        try:
            rules.check_happened_on(day, cases.today())
        except machine.InvalidDate as wrong:
            raise ValidationError(wrong.message) from None

    def day(self) -> date | None:
        """The day of the change, once it reads as one (None otherwise)."""
        try:
            return machine.parse_day(self.happened_on.data or "", "happened_on", "")
        except machine.InvalidDate:
            return None

    def timing(self) -> str:
        """Whether this report comes within the 3 months (000… 五(五)), in words, or ''."""
        day = self.day()
        if day is None or day > cases.today():
            return ""
        by = rules.report_by(day)
        if rules.reported_in_time(day, cases.today()):
            return _("今天报告，在3个月之内（最晚 %s 前要报告）。") % by.isoformat()
        return _("这个变化已经超过3个月了（应在 %s 前报告）。请现在报告，以后有变化及时说。") \
            % by.isoformat()

    def to_report(self) -> Report:
        """What the service takes, once the form validated."""
        day = self.day()
        assert day is not None
        return Report(self.kind.data, day, (self.description.data or "").strip())


DECISION_CHOICES = rules.DECISIONS


class DecisionForm(StepForm):
    decision = Radio(_("处理结果"), [Required(_("请选择处理结果"))], choices=DECISION_CHOICES)
    review_by = StringField(_("提前复核的日期（选“提前复核”时填）"), render_kw={"type": "date"},
                            description=_("不能晚于这户现在的复核日期；会短信告诉申请人"))
    reason = TextAreaField(_("说明（选“停止救助”时必须写明理由，会短信告诉申请人）"),
                           [MaxLength(500)])

    def validate_review_by(self, field) -> None:
        if self.decision.data == rules.REVIEW and not (field.data or "").strip():
            raise ValidationError(_("请选择复核日期"))
        if (field.data or "").strip():
            _day(field.data, "review_by", _("复核日期"))

    def validate_reason(self, field) -> None:
        if self.decision.data == rules.STOP and not (field.data or "").strip():
            raise ValidationError(_("停止救助要写明理由（会短信告诉申请人）"))

    def to_decision(self) -> Decision:
        """What the service takes, once the form validated."""
        text = (self.review_by.data or "").strip()
        review_by = machine.parse_day(text, "review_by", "") if text else None
        return Decision(self.decision.data, (self.reason.data or "").strip(),
                        review_by if self.decision.data == rules.REVIEW else None)
