"""Change reports (如实申报) and the death of a member: what a household receiving assistance
reports, whether it reported in time, and when the township must review it.

- RULES.md "Honest reporting" (`000…` 五(五); `004…` 五(三)): a household's members, income and
  property that change are told to the township; a major change unreported for more than 3 months
  earns criticism, and an ineligible household is stopped.
- RULES.md "Death of a member" (`000…` 一(三)): the household is reviewed within 3 months of the
  death (自其死亡之日起3个月内对其家庭状况进行核查).

Only households receiving assistance (Group.RECEIVING: published or in phase-out) report here:
the duty of 000… 五(五) is the 低保家庭's, and its outcomes (a review, a stop) are steps of the
dibao procedure. A monitored relapse household (Group.MONITORED) has a responsible official who
follows its changes at home (002… 乡村振兴局(二)), and its procedure has neither a review nor a stop.
"""

from __future__ import annotations

from datetime import date

from webapp.domain import case_machine as machine
from webapp.web.i18n import _

INCOME, BIRTH, MARRIAGE, MOVED_OUT, DEATH, ADDRESS, PROPERTY = (
    "income", "birth", "marriage", "moved_out", "death", "address", "property")
# What changed, as the form asks it (plain words), and as a list or an SMS names it (short).
KINDS = {
    INCOME: _("收入变了（找到工作、收入多了或少了）"),
    BIRTH: _("家里添了孩子"),
    MARRIAGE: _("家里有人结婚或离婚"),
    MOVED_OUT: _("有家人搬出去住、户口迁走"),
    DEATH: _("有家人去世"),
    ADDRESS: _("搬家了，住址变了"),
    PROPERTY: _("房子、车、存款等财产变了"),
}
SHORT = {INCOME: _("收入变化"), BIRTH: _("添了孩子"), MARRIAGE: _("结婚或离婚"),
         MOVED_OUT: _("家人迁出"), DEATH: _("家人去世"), ADDRESS: _("住址变化"),
         PROPERTY: _("财产变化")}

# The township's decision on a report.
NO_CHANGE, REVIEW, STOP = "no_change", "review", "stop"
DECISIONS = {NO_CHANGE: _("核实后救助不变"), REVIEW: _("提前复核"), STOP: _("停止救助")}

# Where a report stands: new, seen by the township (知悉), decided.
NEW, ACKNOWLEDGED, DECIDED = "new", "acknowledged", "decided"
OPEN_STATUSES = (NEW, ACKNOWLEDGED)
STATUSES = {NEW: _("新报告"), ACKNOWLEDGED: _("乡镇已知悉"), DECIDED: _("已处理")}

# 000… 五(五); 004… 五(三): more than 3 months unreported earns criticism.
REPORT_WITHIN_MONTHS = machine.REPORT_CHANGES_MONTHS
# 000… 一(三): the household is reviewed within 3 months of a member's death.
DEATH_REVIEW_MONTHS = 3
DESCRIPTION_MAX = 300
EARLIEST = date(1900, 1, 1)


class ChangeRefused(machine.IllegalTransition):
    """A report or a decision that cannot be taken, with the form field it is about ("" for none)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def can_report(machine_name: str, state: str) -> bool:
    """Whether a case in this state reports changes here: a household receiving assistance."""
    return machine.is_in(machine.Group.RECEIVING, machine_name, state)


def check_can_report(machine_name: str, state: str) -> None:
    if not can_report(machine_name, state):
        raise ChangeRefused(_("这户现在不在领取救助，不需要在这里报告变化；有情况请联系乡镇。"))


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ChangeRefused(_("请选一项：家里什么变了"), "kind")


def check_happened_on(happened_on: date, today: date) -> None:
    """The day of the change: a real day, not after today."""
    if happened_on > today:
        raise machine.InvalidDate(_("变化发生的日期不能晚于今天（%s）") % today.isoformat(),
                                  "happened_on")
    if happened_on < EARLIEST:
        raise machine.InvalidDate(_("请填写变化发生的日期，例如 %s") % today.isoformat(),
                                  "happened_on")


def report_by(happened_on: date) -> date:
    """The last day to report a change in time (000… 五(五); 004… 五(三)): 3 months after it."""
    return machine.add_months(happened_on, REPORT_WITHIN_MONTHS)


def reported_in_time(happened_on: date, reported_on: date) -> bool:
    """Whether a change reported on `reported_on` was reported within the 3 months."""
    return reported_on <= report_by(happened_on)


def death_review_due(died_on: date, current_due: date | None) -> date:
    """When the household must be reviewed after a member died (000… 一(三)): within 3 months
    of the death, or sooner where a review was already due sooner."""
    due = machine.add_months(died_on, DEATH_REVIEW_MONTHS)
    return min(due, current_due) if current_due else due


def sooner_review(chosen: date, current_due: date | None, today: date) -> date:
    """The review day the township sets on a report: from today, and not later than the one
    already due (a report brings a review forward, never puts it off)."""
    if chosen < today:
        raise machine.InvalidDate(_("复核日期不能早于今天（%s）") % today.isoformat(), "review_by")
    if current_due and chosen > current_due:
        raise machine.InvalidDate(_("这户在 %s 前就要复核，提前复核的日期不能比它晚")
                                  % current_due.isoformat(), "review_by")
    return chosen


def check_decision(decision: str, machine_name: str, state: str, reason: str) -> None:
    """A decision the township may take on a report now: one of DECISIONS; a review or a stop
    only while the household still receives assistance; a stop with its reason."""
    if decision not in DECISIONS:
        raise ChangeRefused(_("请选择处理结果"), "decision")
    if decision != NO_CHANGE and not can_report(machine_name, state):
        raise ChangeRefused(_("这户已经不在领取救助，只能记录“核实后救助不变”"), "decision")
    if decision == STOP and not reason.strip():
        raise ChangeRefused(_("停止救助要写明理由（会短信告诉申请人）"), "reason")
