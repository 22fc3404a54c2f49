"""Which of a case's steps may be taken today, and for each one that may not, why — so that the
case page shows a step not yet allowed as a disabled button with its reason beside it, instead
of a button that is refused once pressed.

The rules are the procedure's own (webapp/domain/case_machine.py): a step's `when`
(000… 四(二): the 7-day notice — an objection only while it runs, confirmation only once it is
over), the end of a phase-out (000… 一(三), check_phase_out_over) and the responsible official
named before the assistance plan (002… 乡村振兴局(二)(二)1, check_plan_has_official).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from webapp.domain.case_machine import (
    AFTER_NOTICE,
    DURING_NOTICE,
    Machine,
    NoticePeriod,
    Transition,
    actions_from,
)
from webapp.web.i18n import _

# Steps whose guard is not a `when` of the table but a check of the service taking them.
END_PHASE_OUT = "end_phase_out"
ENTER_PLAN = "enter_assistance_plan"
REMOVE_RISK = "remove_risk"  # issue 12: 002… 乡村振兴局 一(三), webapp/domain/monitoring.py
START_NOTICE = "start_public_notice"


@dataclass(frozen=True)
class Facts:
    """What of a case the guards look at: today, its notice, its phase-out, its official."""

    today: date
    notice: NoticePeriod | None = None
    phase_out_until: date | None = None
    has_official: bool = True
    # Why the recorded income figures do not allow marking the risk removed ("" if they do).
    risk_removal_blocked: str = ""
    # Whether the preliminary opinion proposes assistance (assessment.PROPOSED_RECIPIENT): only
    # such an opinion is put on notice (case_machine.check_after_opinion).
    proposed: bool = True


@dataclass(frozen=True)
class StepNow:
    """One step of the table from the case's state, and why it cannot be taken today ("" if it can)."""

    step: Transition
    why_not: str = ""

    @property
    def allowed(self) -> bool:
        return not self.why_not


def month_day(day: date, on: date) -> str:
    """A date as a person says it on `on`: 12月10日, with the year when it is another year."""
    year = f"{day.year}年" if day.year != on.year else ""
    return f"{year}{day.month}月{day.day}日"


def _notice_why_not(t: Transition, facts: Facts) -> str:
    notice, today = facts.notice, facts.today
    if notice is None and t.when == AFTER_NOTICE:
        return _("还没有公示，公示结束后才能%s") % t.label
    if notice is None:
        return _("还没有公示，不能%s") % t.label
    start, end = month_day(notice.start, today), month_day(notice.end, today)
    if t.when == AFTER_NOTICE and not notice.is_over(today):
        if today < notice.start:
            return _("公示从 %s 开始，到 %s，之后才能%s") % (start, end, t.label)
        return _("公示到 %s，之后才能%s") % (end, t.label)
    if t.when == DURING_NOTICE and today < notice.start:
        return _("公示从 %s 开始，到那天才能%s") % (start, t.label)
    if t.when == DURING_NOTICE and notice.is_over(today):
        return _("公示已于 %s 结束，不能再%s") % (end, t.label)
    return ""


def why_not(t: Transition, facts: Facts) -> str:
    """Why the step cannot be taken today, in words for the person who would take it; "" if it can."""
    if t.when in (AFTER_NOTICE, DURING_NOTICE):
        return _notice_why_not(t, facts)
    if t.action == END_PHASE_OUT and facts.phase_out_until and facts.today < facts.phase_out_until:
        return _("渐退期到 %s，那天起才能办理；提前停止请用“停止救助”并写明理由") \
            % month_day(facts.phase_out_until, facts.today)
    if t.action == START_NOTICE and not facts.proposed:
        return _("初审意见为不符合救助条件，不在村里公示；由县级作出“不予确认”，写明理由")
    if t.action == ENTER_PLAN and not facts.has_official:
        return _("请先明确帮扶责任人，再录入帮扶计划")
    if t.action == REMOVE_RISK and facts.risk_removal_blocked:
        return facts.risk_removal_blocked
    return ""


def steps_now(machine: Machine | str, state: str, facts: Facts, *, role: str,
              township_confirms: bool = False) -> list[StepNow]:
    """The steps this role may take from `state`, in table order, each with why not today."""
    return [StepNow(t, why_not(t, facts))
            for t in actions_from(machine, state, role=role, township_confirms=township_confirms)]
