"""The procedures a case follows, as state machines in which an illegal step cannot happen.

Two machines, each a table of transitions (state, action, next state, who may take it):
- `APPLICATION`: the dibao procedure, RULES.md "Procedure and deadlines for dibao" (`002…` 民政厅 4;
  `000…` 四(一), 四(二)). Every application follows it, whatever category it ends in, because the
  office decides the category (RULES.md "One application, classified determination").
  After publication it continues with dynamic management (`002…` 民政厅 6: periodic review,
  stop) and phase-out (渐退, `000…` 一(三)).
- `RELAPSE_MONITORING`: a self-declaration, RULES.md "Relapse monitoring" (`002…` 乡村振兴局(二)),
  from the declaration to the assistance plan, then monitoring until the risk is removed.
- `TEMPORARY_AID`: a request for temporary aid, RULES.md "Temporary assistance" (`002…` 民政厅
  第三类; `001…` 二(六)): acceptance where the emergency happened, a small first amount where it
  is urgent, then an amount approved at the level it needs, paid at once or in stages.

There is no "withdrawn" state: RULES.md gives the applicant no step to withdraw, so none is
invented here; adding one is a new row in the table.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from webapp.domain.policy import DeadlineDays
from webapp.domain.working_days import Deadline, WorkingCalendar
from webapp.web.i18n import _

# Who may take a step. PUBLIC is anyone at all, signed in or not (an objection to a notice).
APPLICANT = "applicant"
PUBLIC = "public"
VILLAGE_ASSISTANT = "village_assistant"
TOWNSHIP_REVIEWER = "township_reviewer"
COUNTY_CONFIRMER = "county_confirmer"
COUNTY_ADMINISTRATOR = "county_administrator"
ROLES = {
    APPLICANT: _("申请人"),
    PUBLIC: _("任何人"),
    VILLAGE_ASSISTANT: _("村级社会救助协理员"),
    TOWNSHIP_REVIEWER: _("乡镇审核人员"),
    COUNTY_CONFIRMER: _("县级审核确认人员"),
    COUNTY_ADMINISTRATOR: _("县级管理员"),
}
STAFF_ROLES = frozenset({VILLAGE_ASSISTANT, TOWNSHIP_REVIEWER, COUNTY_CONFIRMER, COUNTY_ADMINISTRATOR})

# A step that sends the applicant no SMS says so with this instead of a template's name.
SILENT = ""

# When a step may be taken, relative to the public notice.
ANY_TIME, DURING_NOTICE, AFTER_NOTICE = "", "during_notice", "after_notice"

# 000… 四(二): "为期 7 天的公示". Calendar days: the same clause counts the procedure's deadline in
# 工作日 explicitly and the notice in plain 天, so the notice runs 7 calendar days, the first day
# included (posted on the 1st, it ends at the end of the 7th).
NOTICE_DAYS = 7
# How far ahead the township may set the notice's first day (it must be posted in the village
# first); the notice itself always runs NOTICE_DAYS from that day.
NOTICE_START_AHEAD_DAYS = 7
# 002… 民政厅 6: the township reviews recipients periodically. The documents set no interval;
# a yearly review is the common practice, kept here as a named default.
REVIEW_INTERVAL_MONTHS = 12
# 000… 五(五); 004… 五(三): a change unreported for more than 3 months earns criticism, so
# recipients are reminded to report changes every 3 months after confirmation.
REPORT_CHANGES_MONTHS = 3
# 002… 乡村振兴局(二): "15天" from finding the risk to county approval, "10天" from approval to the
# assistance plan — plain days, as the document writes them.
RELAPSE_APPROVAL_DAYS = 15
RELAPSE_PLAN_DAYS = 10
# 002… 乡村振兴局(二): one responsible official holds at most 5 households whose risk is not removed.
HOUSEHOLDS_PER_OFFICIAL = 5


class IllegalTransition(ValueError):
    """A step the procedure does not allow now, with a message for the person who tried it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RoleNotAllowed(IllegalTransition):
    """A legal step, but not one this role may take."""


class InvalidDate(IllegalTransition):
    """A date a step needs is missing or not allowed; `field` names the form field it came from."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Transition:
    """One row of a machine's table."""

    state: str
    action: str
    next_state: str
    allowed_roles: frozenset[str]
    label: str
    # The SMS template (webapp/texts/sms.toml) the step sends the applicant, or SILENT: every row
    # decides, so a new step cannot reach the applicant, or fail to, by omission.
    sms: str
    # 000… 四(一): where the county delegates confirmation, the township reviewer may confirm too.
    township_when_delegated: bool = False
    # A refusal, a request to correct, an objection: the step is recorded with its reason.
    needs_reason: bool = False
    when: str = ANY_TIME

    def roles(self, township_confirms: bool = False) -> frozenset[str]:
        """Who may take this step, given whether the township holds confirmation authority."""
        if township_confirms and self.township_when_delegated:
            return self.allowed_roles | {TOWNSHIP_REVIEWER}
        return self.allowed_roles


class Group(StrEnum):
    """The questions the rest of the code asks about a case's state. Queues, reminders, bulk
    sends, public pages and the assistant's page filter by these, never by a state's name."""

    OPEN = "open"  # not closed: a deadline of the procedure still runs
    WAITING_FOR_APPLICANT = "waiting_for_applicant"  # the applicant must act (a correction)
    WAITING_FOR_OFFICE = "waiting_for_office"  # open, and the next step is the office's
    VISIT_BOOKED = "visit_booked"  # a home visit is booked and not yet recorded
    ON_PUBLIC_NOTICE = "on_public_notice"  # on the village's 7-day public notice
    PUBLISHED = "published"  # on the village's publication list (000… 四(二))
    RECEIVING = "receiving_assistance"  # decided and paid: reviews, report changes, phase-out
    UNDER_REVIEW = "under_review"  # a periodic review falls due (002… 民政厅 6)
    PHASING_OUT = "phasing_out"  # in a phase-out whose end is reminded (000… 一(三))
    MONITORED = "monitored"  # relapse monitoring: plan in force until the risk is removed
    AID_GRANTED = "aid_granted"  # temporary aid approved: listed publicly only where the county says
    SETTLED = "settled"  # decided; steps go on but no deadline for deciding runs
    FINISHED = "finished"  # no step leads out: refused, stopped, not included, risk removed
    # A person with a case in this group opens no second case of its machine (webapp/domain/
    # persons.py): not finished, or for temporary aid not yet decided.
    ONE_AT_A_TIME = "one_at_a_time"


# The groups a machine declares itself; OPEN, WAITING_FOR_OFFICE, SETTLED and FINISHED follow from
# its table.
DECLARED_GROUPS = frozenset(Group) - {Group.OPEN, Group.WAITING_FOR_OFFICE, Group.SETTLED,
                                      Group.FINISHED, Group.ONE_AT_A_TIME}


@dataclass(frozen=True)
class Machine:
    """A procedure: its states with their labels, where it starts, and its transition table."""

    name: str
    initial: str
    states: Mapping[str, str]
    transitions: tuple[Transition, ...]
    # States reached once the application is decided, where steps continue (periodic review,
    # phase-out) but the deadline for deciding no longer runs.
    settled: frozenset[str] = frozenset()
    # The declared groups (DECLARED_GROUPS) this machine has states in; a group it does not name
    # is empty for it.
    declared: Mapping[Group, frozenset[str]] = field(default_factory=dict)
    # Whether a new case may be opened once the last is decided (settled), not only once it is
    # finished: temporary aid, where a new emergency is a new request (Group.ONE_AT_A_TIME).
    another_once_settled: bool = False
    _index: dict[tuple[str, str], Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], Transition] = {}
        for t in self.transitions:
            if t.state not in self.states or t.next_state not in self.states:
                raise ValueError(f"{self.name}: {t.state} -> {t.next_state} names an unknown state")
            if (t.state, t.action) in index:
                raise ValueError(f"{self.name}: {t.action} from {t.state} is listed twice")
            index[t.state, t.action] = t
        object.__setattr__(self, "_index", index)
        for group, states in self.declared.items():
            if group not in DECLARED_GROUPS or not states <= set(self.states):
                raise ValueError(f"{self.name}: group {group} names {sorted(states)}")

    def find(self, state: str, action: str) -> Transition | None:
        return self._index.get((state, action))

    def final_states(self) -> frozenset[str]:
        """States no step leads out of."""
        return frozenset(self.states) - {t.state for t in self.transitions}

    def closed_states(self) -> frozenset[str]:
        """States in which no deadline is left to miss: final or settled."""
        return self.final_states() | self.settled

    def group(self, group: Group | str) -> frozenset[str]:
        """The states of this machine in a named group."""
        group = Group(group)
        if group is Group.OPEN:
            return frozenset(self.states) - self.closed_states()
        if group is Group.WAITING_FOR_OFFICE:
            return self.group(Group.OPEN) - self.group(Group.WAITING_FOR_APPLICANT)
        if group is Group.SETTLED:
            return self.settled
        if group is Group.FINISHED:
            return self.final_states()
        if group is Group.ONE_AT_A_TIME:
            if self.another_once_settled:
                return self.group(Group.OPEN)
            return frozenset(self.states) - self.final_states()
        return self.declared.get(group, frozenset())

    def states_allowing(self, action: str) -> frozenset[str]:
        """The states from which `action` may be taken."""
        return frozenset(t.state for t in self.transitions if t.action == action)


class NoticePeriod(NamedTuple):
    """The public notice's first and last day, both included."""

    start: date
    end: date

    def is_open(self, today: date) -> bool:
        return self.start <= today <= self.end

    def is_over(self, today: date) -> bool:
        return today > self.end


def notice_period(start: date) -> NoticePeriod:
    """The 7-day public notice (公示) that begins on `start` (RULES.md "Procedure and deadlines")."""
    return NoticePeriod(start, start + timedelta(days=NOTICE_DAYS - 1))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day where it is shorter (31 Jan + 1 →
    28 or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_day(text: str, field: str, label: str) -> date:
    """A day picked or typed in a form: 2026-03-05 (what a date input sends), 2026/3/5 or
    2026年3月5日; InvalidDate naming the field otherwise."""
    text = text.strip()
    if not text:
        raise InvalidDate(_("请填写%s") % label, field)
    match = _DAY.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InvalidDate(_("%s“%s”不是有效的日期，请按“年-月-日”填写，例如 2026-03-05")
                          % (label, text[:20]), field) from None


def check_visit_date(visit_on: date, today: date, due_on: date | None) -> None:
    """A home visit is booked for today or later, and no later than the application's deadline."""
    if visit_on < today:
        raise InvalidDate(_("入户调查日期不能早于今天（%s）") % today.isoformat(), "visit_on")
    if due_on is not None and visit_on > due_on:
        raise InvalidDate(_("入户调查日期不能晚于办结期限 %s") % due_on.isoformat(), "visit_on")


def check_notice_start(start: date, today: date) -> None:
    """The notice starts today or within NOTICE_START_AHEAD_DAYS."""
    latest = today + timedelta(days=NOTICE_START_AHEAD_DAYS)
    if start < today:
        raise InvalidDate(_("公示开始日期不能早于今天（%s）") % today.isoformat(), "notice_start")
    if start > latest:
        raise InvalidDate(_("公示开始日期最晚可以定在 %s（%d 天之内）")
                          % (latest.isoformat(), NOTICE_START_AHEAD_DAYS), "notice_start")


def check_phase_out_over(until: date | None, today: date) -> None:
    """A phase-out ends on its last day or later; before that, assistance is stopped with a reason."""
    if until is not None and today < until:
        raise IllegalTransition(
            _("渐退期到 %s 结束，到期后才能办理；提前停止请用“停止救助”并写明理由") % until.isoformat())


def review_due(reviewed_on: date) -> date:
    """When the next periodic review is due (002… 民政厅 6), REVIEW_INTERVAL_MONTHS on."""
    return add_months(reviewed_on, REVIEW_INTERVAL_MONTHS)


def phase_out_until(started_on: date, months: int) -> date:
    """The last day of a phase-out of `months` months (000… 一(三): up to 6; a parameter)."""
    return add_months(started_on, months)


def report_quarter(confirmed_on: date, today: date) -> int:
    """How many 3-month periods since confirmation have ended by today (0 in the first), so the
    reminder to report changes (RULES.md "Honest reporting") has one number per period."""
    months = (today.year - confirmed_on.year) * 12 + today.month - confirmed_on.month
    quarter = max(months // REPORT_CHANGES_MONTHS, 0)
    while quarter > 0 and add_months(confirmed_on, quarter * REPORT_CHANGES_MONTHS) > today:
        quarter -= 1
    return quarter


def _t(
    state: str,
    action: str,
    next_state: str,
    roles: Iterable[str],
    label: str,
    *,
    sms: str,
    township_when_delegated: bool = False,
    needs_reason: bool = False,
    when: str = ANY_TIME,
) -> Transition:
    return Transition(
        state, action, next_state, frozenset(roles), label, sms, township_when_delegated, needs_reason,
        when,
    )


VILLAGE = (VILLAGE_ASSISTANT,)
TOWNSHIP = (TOWNSHIP_REVIEWER,)
COUNTY = (COUNTY_CONFIRMER,)
VILLAGE_OR_TOWNSHIP = (VILLAGE_ASSISTANT, TOWNSHIP_REVIEWER)
TOWNSHIP_OR_COUNTY = (TOWNSHIP_REVIEWER, COUNTY_CONFIRMER)
APPLICANT_OR_VILLAGE = (APPLICANT, VILLAGE_ASSISTANT)
EVERYONE = (PUBLIC, APPLICANT, *sorted(STAFF_ROLES))

APPLICATION = Machine(
    name="application",
    initial="submitted",
    states={
        "submitted": _("已提交，待受理"),
        "not_accepted": _("不予受理"),
        "accepted": _("已受理"),
        "correction_requested": _("待申请人补正"),
        "visit_booked": _("已预约入户调查"),
        "investigated": _("已完成入户调查"),
        "records_checked": _("已完成信息核对"),
        "preliminary_opinion": _("已提出初审意见"),
        "public_notice": _("公示中"),
        "objection_raised": _("公示有异议"),
        "democratic_reviewed": _("已民主评议"),
        "confirmed": _("已审核确认"),
        "refused": _("审核确认不予救助"),
        "published": _("已公布"),
        "phasing_out": _("渐退期"),
        "ended": _("停止救助"),
    },
    transitions=(
        # 002… 民政厅 4: application -> acceptance (受理, township).
        _t("submitted", "accept", "accepted", TOWNSHIP, _("受理"), sms="accepted"),
        _t("submitted", "refuse_acceptance", "not_accepted", TOWNSHIP, _("不予受理"),
           sms="refused", needs_reason=True),
        # The reason names what to correct; the applicant edits just those answers and resubmits.
        _t("accepted", "request_correction", "correction_requested", TOWNSHIP, _("请申请人补正"),
           sms="needs_correction", needs_reason=True),
        # For people who cannot apply themselves the village applies for them (002… 住建厅).
        _t("correction_requested", "resubmit", "accepted", APPLICANT_OR_VILLAGE, _("补正后重新提交"),
           sms="correction_received"),
        # 002… 民政厅 4: household economic investigation and data check (家庭经济状况核查).
        _t("accepted", "book_visit", "visit_booked", TOWNSHIP, _("预约入户调查"), sms="visit_booked"),
        _t("visit_booked", "rebook_visit", "visit_booked", TOWNSHIP,
           _("改约入户调查日期"), sms="visit_rebooked"),
        _t("visit_booked", "record_investigation", "investigated", TOWNSHIP,
           _("记录入户调查和经济状况调查"), sms=SILENT),
        _t("investigated", "record_records_check", "records_checked", TOWNSHIP,
           _("记录信息核对结果"), sms=SILENT),
        _t("records_checked", "give_preliminary_opinion", "preliminary_opinion", TOWNSHIP, _("提出初审意见"),
           sms=SILENT),
        # 000… 四(二): 7-day public notice in the applicant's village.
        # The first day may be set a few days ahead (check_notice_start); 7 days from it.
        _t("preliminary_opinion", "start_public_notice", "public_notice", TOWNSHIP, _("开始公示"),
           sms="notice_posted"),
        # An opinion that proposes no assistance is not put on notice (only proposed recipients
        # are, see check_after_opinion): the county refuses it, with its reason.
        _t("preliminary_opinion", "refuse", "refused", COUNTY, _("不予确认"), sms="refused",
           township_when_delegated=True, needs_reason=True),
        _t("public_notice", "raise_objection", "objection_raised", EVERYONE, _("提出异议"), sms=SILENT,
           needs_reason=True, when=DURING_NOTICE),
        # 002… 民政厅 4: objection -> re-investigate or community review (民主评议), then a new opinion.
        _t("objection_raised", "reinvestigate", "investigated", TOWNSHIP, _("重新调查核实"), sms=SILENT),
        _t("objection_raised", "hold_democratic_review", "democratic_reviewed", TOWNSHIP, _("民主评议"),
           sms=SILENT),
        _t("democratic_reviewed", "give_preliminary_opinion", "preliminary_opinion", TOWNSHIP,
           _("提出初审意见"), sms=SILENT),
        # No objection: county confirmation (审核确认), or the township's where delegated.
        _t("public_notice", "confirm", "confirmed", COUNTY, _("审核确认"), sms="confirmed",
           township_when_delegated=True, when=AFTER_NOTICE),
        _t("public_notice", "refuse", "refused", COUNTY, _("不予确认"), sms="refused",
           township_when_delegated=True, needs_reason=True, when=AFTER_NOTICE),
        # 000… 四(二): publish name, household size and amount in the village.
        _t("confirmed", "publish", "published", TOWNSHIP_OR_COUNTY, _("公布"), sms=SILENT),
        # 002… 民政厅 6: the township reviews recipients periodically and continues, stops, lowers
        # or raises payments; the result is recorded and told to the household. The result picks
        # the message (webapp/domain/review.py message_for): unchanged, the new amount from its
        # month, or none where the review stops assistance (stop_assistance then tells why).
        _t("published", "record_review", "published", TOWNSHIP, _("记录定期复核"),
           sms="review_continued", needs_reason=True),
        # 000… 一(三): income above the standard through employment: up to phase_out_months more.
        _t("published", "start_phase_out", "phasing_out", TOWNSHIP, _("进入渐退期"), sms="phase_out"),
        _t("published", "stop_assistance", "ended", TOWNSHIP, _("停止救助"),
           sms="assistance_stopped", needs_reason=True),
        _t("phasing_out", "stop_assistance", "ended", TOWNSHIP, _("停止救助"),
           sms="assistance_stopped", needs_reason=True),
        # 000… 一(三): a household in phase-out is still a dibao household; a member's death is
        # checked within 3 months and the payment raised, lowered or stopped, as any review.
        _t("phasing_out", "record_review", "phasing_out", TOWNSHIP, _("记录定期复核"),
           sms="review_continued", needs_reason=True),
        # Only once the phase-out is over (check_phase_out_over); before, stop_assistance.
        _t("phasing_out", "end_phase_out", "ended", TOWNSHIP, _("渐退期满，停止救助"), sms="phase_out_over"),
    ),
    settled=frozenset({"published", "phasing_out"}),
    declared={
        Group.WAITING_FOR_APPLICANT: frozenset({"correction_requested"}),
        Group.VISIT_BOOKED: frozenset({"visit_booked"}),
        Group.ON_PUBLIC_NOTICE: frozenset({"public_notice"}),
        Group.PUBLISHED: frozenset({"published"}),
        Group.RECEIVING: frozenset({"published", "phasing_out"}),
        Group.UNDER_REVIEW: frozenset({"published", "phasing_out"}),
        Group.PHASING_OUT: frozenset({"phasing_out"}),
    },
)

RELAPSE_MONITORING = Machine(
    name="relapse_monitoring",
    initial="declared",
    states={
        "declared": _("农户已申报"),
        "home_verified": _("已入户核实"),
        "data_compared": _("已信息比对"),
        "village_shortlisted": _("村级已初选"),
        "township_reviewed": _("乡镇已审核"),
        "county_approved": _("县级已审批"),
        "announced": _("已公告"),
        "filed": _("已录入建档"),
        "plan_entered": _("帮扶计划已录入"),
        "not_included": _("不纳入监测"),
        "risk_removed": _("风险已消除"),
    },
    transitions=(
        # 002… 乡村振兴局(二): 入户核实（含承诺授权）、信息比对、村级初选、乡级审核、县级审批、
        # 结果公告、录入建档.
        _t("declared", "verify_at_home", "home_verified", VILLAGE_OR_TOWNSHIP, _("入户核实"),
           sms="relapse_verified"),
        _t("home_verified", "compare_data", "data_compared", TOWNSHIP, _("信息比对"), sms=SILENT),
        _t("data_compared", "shortlist", "village_shortlisted", VILLAGE, _("村级初选"), sms=SILENT),
        _t("data_compared", "not_shortlist", "not_included", VILLAGE, _("村级初选未通过"),
           sms="relapse_not_included", needs_reason=True),
        _t("village_shortlisted", "review_at_township", "township_reviewed", TOWNSHIP,
           _("乡镇审核"), sms=SILENT),
        _t("village_shortlisted", "reject_at_township", "not_included", TOWNSHIP, _("乡镇审核不通过"),
           sms="relapse_not_included", needs_reason=True),
        _t("township_reviewed", "approve_at_county", "county_approved", COUNTY, _("县级审批"),
           sms="relapse_included"),
        _t("township_reviewed", "reject_at_county", "not_included", COUNTY, _("县级审批不通过"),
           sms="relapse_not_included", needs_reason=True),
        _t("county_approved", "announce", "announced", VILLAGE_OR_TOWNSHIP, _("结果公告"), sms=SILENT),
        _t("announced", "file_record", "filed", TOWNSHIP_OR_COUNTY, _("录入建档"), sms=SILENT),
        # The 10-day limit runs to the assistance plan, so entering it is the last step.
        _t("filed", "enter_assistance_plan", "plan_entered", TOWNSHIP_OR_COUNTY,
           _("录入帮扶计划"), sms=SILENT),
        # 002… 乡村振兴局(二)(三) 风险消除: income stably above the line for six months or more and
        # the basics secured, or the risk gone of itself. The documents name the standard, not who
        # marks it, so the steps that file the record mark it too, writing down the grounds.
        _t("plan_entered", "remove_risk", "risk_removed", TOWNSHIP_OR_COUNTY, _("风险消除"),
           sms="relapse_risk_removed",
           needs_reason=True),
    ),
    # Once the plan is entered the household is monitored and helped until its risk is removed;
    # no deadline of the procedure runs any more.
    settled=frozenset({"plan_entered"}),
    declared={Group.MONITORED: frozenset({"plan_entered"})},
)

TEMPORARY_AID = Machine(
    name="temporary_aid",
    initial="submitted",
    states={
        "submitted": _("已提交，待受理"),
        "not_accepted": _("不予受理"),
        "accepted": _("已受理，正在审核"),
        "first_aid_given": _("已先行救助，待补充说明"),
        "first_aid_explained": _("已先行救助，正在审核"),
        "investigated": _("已调查核实"),
        "proposed": _("已提出救助意见，待审批"),
        "approved": _("已批准救助"),
        "refused": _("不予救助"),
        "completed": _("救助金已发放完毕"),
    },
    transitions=(
        # RULES.md "Temporary assistance": apply where the emergency happens; the township accepts.
        _t("submitted", "accept", "accepted", TOWNSHIP, _("受理"), sms="accepted"),
        _t("submitted", "refuse_acceptance", "not_accepted", TOWNSHIP, _("不予受理"),
           sms="refused", needs_reason=True),
        # 急难: marked urgent, the township may pay a small amount first (小金额先行救助, 001… 二(六);
        # 004… 四(三)); paying first accepts the case. The explanation follows (事后补充说明情况).
        _t("submitted", "mark_urgent", "submitted", TOWNSHIP, _("标记为急难"), sms=SILENT,
           needs_reason=True),
        _t("accepted", "mark_urgent", "accepted", TOWNSHIP, _("标记为急难"), sms=SILENT,
           needs_reason=True),
        _t("submitted", "give_first_aid", "first_aid_given", TOWNSHIP, _("先行救助"),
           sms="first_aid_given"),
        _t("accepted", "give_first_aid", "first_aid_given", TOWNSHIP, _("先行救助"),
           sms="first_aid_given"),
        _t("first_aid_given", "explain_first_aid", "first_aid_explained", TOWNSHIP,
           _("补充说明先行救助情况"), sms=SILENT, needs_reason=True),
        # The regular procedure: investigate, propose an amount, approve at the level the amount
        # needs (002… 民政厅 第三类 2; webapp/domain/temporary_aid.py decides the level).
        _t("accepted", "record_investigation", "investigated", TOWNSHIP, _("记录调查核实情况"),
           sms=SILENT, needs_reason=True),
        _t("first_aid_explained", "record_investigation", "investigated", TOWNSHIP,
           _("记录调查核实情况"), sms=SILENT, needs_reason=True),
        _t("investigated", "propose_aid", "proposed", TOWNSHIP, _("提出救助意见"), sms=SILENT),
        _t("investigated", "refuse", "refused", TOWNSHIP, _("不予救助"), sms="refused",
           needs_reason=True),
        _t("proposed", "approve", "approved", TOWNSHIP_OR_COUNTY, _("批准救助"), sms="aid_approved"),
        _t("proposed", "refuse", "refused", TOWNSHIP_OR_COUNTY, _("不予救助"), sms="refused",
           needs_reason=True),
        _t("proposed", "return_proposal", "investigated", COUNTY, _("退回乡镇重新提出意见"),
           sms=SILENT, needs_reason=True),
        # 001… 二(六): 一次审批、分阶段救助 — several payments under one approval.
        _t("approved", "record_payment", "approved", TOWNSHIP_OR_COUNTY, _("记录发放"),
           sms="aid_paid"),
        _t("approved", "complete_aid", "completed", TOWNSHIP_OR_COUNTY, _("发放完毕，办结"),
           sms=SILENT),
    ),
    # Approved: payments go on, but no deadline for deciding runs.
    settled=frozenset({"approved"}),
    declared={Group.AID_GRANTED: frozenset({"approved", "completed"})},
    # 001… 二(六): aid for a sudden hardship; once one request is decided, a new emergency is a
    # new request (its payments in stages go on under the first).
    another_once_settled=True,
)

MACHINES = {m.name: m for m in (APPLICATION, RELAPSE_MONITORING, TEMPORARY_AID)}


def _machine(machine: Machine | str) -> Machine:
    return machine if isinstance(machine, Machine) else MACHINES[machine]


def in_group(group: Group | str) -> dict[str, frozenset[str]]:
    """Machine name -> its states in the group, for every machine with any: what a query filters
    by (`(machine = ? AND state IN (...)) OR ...`)."""
    found = {name: m.group(group) for name, m in MACHINES.items()}
    return {name: states for name, states in found.items() if states}


def is_in(group: Group | str, machine: Machine | str, state: str) -> bool:
    """Whether a case of `machine` in `state` belongs to the group."""
    return state in _machine(machine).group(group)


def transition_for(machine: Machine | str, state: str, action: str) -> Transition:
    """The row of the table for this step from this state, or IllegalTransition."""
    m = _machine(machine)
    if state not in m.states:
        raise IllegalTransition(_("未知的办理状态：%s") % state)
    t = m.find(state, action)
    if t is None:
        label = next((other.label for other in m.transitions if other.action == action), action)
        raise IllegalTransition(_("当前状态“%s”下不能办理“%s”") % (m.states[state], label))
    return t


def next_state(
    machine: Machine | str,
    state: str,
    action: str,
    *,
    role: str | None = None,
    township_confirms: bool = False,
    reason: str = "",
    notice: NoticePeriod | None = None,
    today: date | None = None,
) -> str:
    """The state after taking `action` in `state`, or IllegalTransition saying why not.

    Pass `role` (and `township_confirms` for the county's setting) to check who acts; pass the
    notice period and today for the steps that depend on the public notice; a step that needs a
    reason is refused without one.
    """
    t = transition_for(machine, state, action)
    if role is not None and role not in t.roles(township_confirms):
        raise RoleNotAllowed(_("“%s”不能办理“%s”") % (ROLES.get(role, role), t.label))
    if t.needs_reason and not reason.strip():
        raise IllegalTransition(_("“%s”需要写明理由") % t.label)
    if t.when != ANY_TIME:
        _check_notice(t, notice, today)
    return t.next_state


def check_after_opinion(state: str, action: str, proposed: bool) -> None:
    """000… 四(二): the 7-day notice is of a preliminary opinion to grant — the village checks
    the households proposed for assistance. An opinion that proposes none (不符合救助条件) is
    refused by the county with its reason and never listed; one that proposes assistance is not
    refused before its notice has run."""
    if state != "preliminary_opinion":
        return
    if action == "start_public_notice" and not proposed:
        raise IllegalTransition(_("初审意见为不符合救助条件，不在村里公示；请作出“不予确认”，写明理由"))
    if action == "refuse" and proposed:
        raise IllegalTransition(_("初审意见拟给予救助，要先在村里公示 7 天，公示期满后再确认或不予确认"))


def _check_notice(t: Transition, notice: NoticePeriod | None, today: date | None) -> None:
    if notice is None or today is None:
        raise IllegalTransition(_("“%s”需要公示的起止日期") % t.label)
    if t.when == DURING_NOTICE and not notice.is_open(today):
        raise IllegalTransition(
            _("只能在公示期内（%s 至 %s）提出异议") % (notice.start.isoformat(), notice.end.isoformat())
        )
    if t.when == AFTER_NOTICE and not notice.is_over(today):
        raise IllegalTransition(_("公示期到 %s 结束，结束后才能%s") % (notice.end.isoformat(), t.label))


def actions_from(
    machine: Machine | str, state: str, role: str | None = None, township_confirms: bool = False
) -> list[Transition]:
    """The steps that can be taken from `state`, in table order; only this role's if given."""
    m = _machine(machine)
    return [
        t for t in m.transitions
        if t.state == state and (role is None or role in t.roles(township_confirms))
    ]


class ExtensionReason(StrEnum):
    """000… 四(一): the only reasons the limit may be extended to 45 working days."""

    OBJECTION_DURING_NOTICE = "objection_during_notice"
    MEMBERS_LIVING_APART = "members_living_apart"
    CROSS_REGION = "cross_region"
    HARD_INVESTIGATION = "hard_investigation"


EXTENSION_REASONS = {
    ExtensionReason.OBJECTION_DURING_NOTICE: _("公示有异议"),
    ExtensionReason.MEMBERS_LIVING_APART: _("人户分离"),
    ExtensionReason.CROSS_REGION: _("异地申办"),
    ExtensionReason.HARD_INVESTIGATION: _("家庭经济状况调查难度较大"),
}


@dataclass(frozen=True)
class Extension:
    """An extension of the deadline, recorded with its reason."""

    reason: ExtensionReason
    note: str = ""
    recorded_on: date | None = None


def deadline_for(
    calendar: WorkingCalendar,
    accepted_on: date,
    *,
    township_confirms: bool = False,
    extensions: Iterable[Extension] = (),
    days: DeadlineDays | None = None,
) -> Deadline:
    """The last working day to finish an application (RULES.md "Procedure and deadlines for dibao").

    30 working days from acceptance, 20 where the township holds the authority to confirm, 45
    once any extension is recorded; the day of acceptance does not count.
    """
    days = days or DeadlineDays()
    if any(True for _extension in extensions):
        limit = days.extended
    elif township_confirms:
        limit = days.township_confirms
    else:
        limit = days.standard
    return calendar.add_working_days(accepted_on, limit)


def relapse_approval_due(declared_on: date) -> Deadline:
    """County approval within 15 days of the declaration (RULES.md "Relapse monitoring").

    The document (002… 乡村振兴局(二) 一(4)) starts the 15 days when the screening form
    (排查表) filled in at the home verification finds the risk; a self-declaration is the risk
    clue that visit follows up (一(2): 农户自主申报等途径发现的风险线索 … 入户核实). The clock
    starts at the declaration instead: it is the day the office learns of the risk, it is never
    later than the document's start, so a case on time here is on time there, and a declaration
    never waits for its home visit without a deadline running (早发现、早帮扶).
    """
    return Deadline(declared_on + timedelta(days=RELAPSE_APPROVAL_DAYS))


def relapse_plan_due(approved_on: date) -> Deadline:
    """The assistance plan within 10 days of county approval (RULES.md "Relapse monitoring")."""
    return Deadline(approved_on + timedelta(days=RELAPSE_PLAN_DAYS))


# Which deadline a case has, named as the case page shows it. An application has one limit to
# finish (办结期限, working days); a relapse-monitoring case has two in turn, in plain days.
APPROVAL_DEADLINE, PLAN_DEADLINE = "approval", "plan"
# Temporary aid: working days to the decision, and from a first payment to its explanation.
AID_DECISION_DEADLINE, EXPLANATION_DEADLINE = "aid_decision", "explanation"
DEADLINE_LABELS = {"": _("办结期限"), APPROVAL_DEADLINE: _("县级审批期限"), PLAN_DEADLINE: _("帮扶计划期限"),
                   AID_DECISION_DEADLINE: _("审批期限"), EXPLANATION_DEADLINE: _("补充说明期限")}
# Approved by the county, the plan not yet entered: the 10 days to the plan run.
RELAPSE_PLAN_STATES = frozenset({"county_approved", "announced", "filed"})


def counts_calendar_days(machine: Machine | str) -> bool:
    """Whether the machine's deadlines count plain days (relapse monitoring), not working days."""
    return _machine(machine) is RELAPSE_MONITORING


def deadline_kind(machine: Machine | str, state: str) -> str:
    """Which of the case's deadlines runs in `state` (a key of DEADLINE_LABELS)."""
    if _machine(machine) is TEMPORARY_AID:
        return EXPLANATION_DEADLINE if state == "first_aid_given" else AID_DECISION_DEADLINE
    if not counts_calendar_days(machine):
        return ""
    return PLAN_DEADLINE if state in RELAPSE_PLAN_STATES else APPROVAL_DEADLINE


def days_left(machine: Machine | str, today: date, due: date, calendar: WorkingCalendar) -> int:
    """Days from today to the due day in the deadline's own unit: 0 on the day, negative after.
    Plain days for relapse monitoring, working days otherwise."""
    if counts_calendar_days(machine):
        return (due - today).days
    return calendar.working_days_left(today, due)


def risk_not_removed(state: str) -> bool:
    """Whether a monitored household in `state` still counts against its official's five: until
    its risk is removed (002… 乡村振兴局(二)(二)1: 风险已经消除户不受此限) or it was not included."""
    return state not in RELAPSE_MONITORING.final_states()


# 002… 乡村振兴局(二)(二)1: 新纳入监测对象 get a responsible official — from the county's approval
# (纳入) until the risk is removed.
OFFICIAL_STATES = frozenset({*RELAPSE_PLAN_STATES, "plan_entered"})


class OfficialRefused(IllegalTransition):
    """A responsible official who cannot be given this household."""


def check_official_assignable(machine: Machine | str, state: str) -> None:
    """A responsible official is named for a household the county has included and whose risk is
    not removed; IllegalTransition otherwise."""
    m = _machine(machine)
    if m is not RELAPSE_MONITORING:
        raise OfficialRefused(_("只有防止返贫监测的案件需要明确帮扶责任人"))
    if state not in OFFICIAL_STATES:
        if risk_not_removed(state):
            raise OfficialRefused(_("县级审批纳入监测后才能明确帮扶责任人（现在：%s）") % m.states[state])
        raise OfficialRefused(_("这户现在“%s”，不再需要帮扶责任人") % m.states[state])


def check_official_capacity(name: str, households_at_risk: int) -> None:
    """RULES.md "Relapse monitoring": refuse an official who already holds the most allowed."""
    if not official_can_take_household(households_at_risk):
        raise OfficialRefused(
            _("%s已帮扶 %d 户未消除风险的监测户，每位帮扶责任人最多 %d 户，请另选一位")
            % (name, households_at_risk, HOUSEHOLDS_PER_OFFICIAL))


def check_plan_has_official(has_official: bool) -> None:
    """The plan is made with the household's responsible official, so one is named first."""
    if not has_official:
        raise IllegalTransition(_("请先明确帮扶责任人，再录入帮扶计划"))


def official_can_take_household(households_at_risk: int) -> bool:
    """Whether a responsible official holding this many unremoved-risk households may take one more."""
    return households_at_risk < HOUSEHOLDS_PER_OFFICIAL
