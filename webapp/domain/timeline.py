"""A case as its resident reads it: each step of the procedure in plain words, with its day and,
for a refusal, the reason and how to appeal; and for the case as it stands now, what happens
next, by when and in which unit (working days, or plain days for relapse monitoring).

Pure: webapp/services/timeline.py reads the case and its events and passes them in. The words
are keyed by the step (the event's action), never by a state's name: what comes next is the
first step the office can take from the state (case_machine.actions_from), or what the state's
named group says (a visit booked, a notice on, assistance received, finished). A
self-declaration (relapse monitoring) has its own words for its own steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from webapp.domain import case_machine as machine
from webapp.domain.assessment import CATEGORIES, NOT_ELIGIBLE
from webapp.domain.case_machine import Group
from webapp.domain.money import format_yuan
from webapp.domain.temporary_aid import LEVEL_LABELS
from webapp.domain.working_days import WorkingCalendar
from webapp.web.i18n import _

APPLICATION, RELAPSE, AID = (machine.APPLICATION.name, machine.RELAPSE_MONITORING.name,
                             machine.TEMPORARY_AID.name)
# How to contest a decision (不予受理, 不予确认, 停止救助, 不予临时救助): ask the township, or apply
# for administrative reconsideration (行政复议) within 60 days, as the refusal SMS says.
APPEAL = _("不同意这个决定的，可以先找乡镇问清楚；也可以在知道决定后60天内向县人民政府申请行政复议。")
# A self-declaration not included may be made again (002… 乡村振兴局(二): 宽进严出).
DECLARE_AGAIN = _("家里情况有变化，可以再次申报。")
APPLY_AGAIN = _("如果生活还有困难，可以再次申请。")
# Change reports (如实申报): the kinds a recipient reports (BRIEF "Event vocabulary").
CHANGE_KINDS = {"income": _("收入变化"), "birth": _("家里添了人口"), "marriage": _("结婚"),
                "moved_out": _("家人迁出"), "death": _("家人去世"), "address": _("住址变化"),
                "property": _("财产变化")}
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Event:
    """One step of the case as its events table keeps it; `day` is the Beijing day it was taken."""

    action: str
    day: date
    reason: str = ""
    detail: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    """What the case row says now."""

    machine: str
    state: str
    opened_on: date
    due_on: date | None = None
    visit_on: date | None = None
    notice_start: date | None = None
    notice_end: date | None = None
    category: str | None = None
    monthly_amount_fen: int | None = None
    review_due_on: date | None = None
    phase_out_until: date | None = None
    aid_amount_fen: int | None = None
    aid_paid_fen: int = 0


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: the day, what happened, and more where it matters (a reason,
    how to appeal). `tone` is "good" for a grant, "refused" for a refusal, "ask" when the
    applicant must act, else ""."""

    day: date
    what: str
    detail: str = ""
    tone: str = ""


@dataclass(frozen=True)
class Due:
    """The deadline running now: its name, its last day and what is left of it."""

    label: str
    due: date
    days_left: int
    calendar_days: bool  # plain days (relapse monitoring), else working days


@dataclass(frozen=True)
class NextStep:
    """What happens next, and by when where a deadline runs; `finished` for a case that is done."""

    what: str
    due: Due | None = None
    finished: bool = False


# --- days as the resident reads them

def day_words(day: date | None, weekday: bool = False) -> str:
    """2026年3月5日 (and （星期四） with `weekday`); "" for no day."""
    if day is None:
        return ""
    words = f"{day.year}年{day.month}月{day.day}日"
    return words + (_("（星期%s）") % WEEKDAYS[day.weekday()] if weekday else "")


def month_words(month: str) -> str:
    """'2027-03' -> 2027年3月; "" for anything else."""
    try:
        year, number = (int(part) for part in month.split("-"))
    except ValueError:
        return ""
    return f"{year}年{number}月" if 1 <= number <= 12 else ""


def paid_from(confirmed_on: date) -> date:
    """The first month assistance is paid for (RULES.md "Procedure and deadlines for dibao":
    confirmed, paid from the next month; 002… 民政厅 4)."""
    return machine.add_months(confirmed_on.replace(day=1), 1)


def _day(detail: Mapping[str, object], key: str) -> date | None:
    value = detail.get(key)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _fen(detail: Mapping[str, object], key: str) -> int | None:
    value = detail.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(detail: Mapping[str, object], key: str) -> str:
    value = detail.get(key)
    return value if isinstance(value, str) else ""


def _yuan(fen: int | None) -> str:
    return format_yuan(fen) if fen else ""


# --- the entries

@dataclass
class Known:
    """What earlier events said that a later one names: the opinion's category and amount, the
    temporary aid proposed."""

    category: str | None
    amount_fen: int | None
    aid_amount_fen: int | None


def _fill(parts: Iterable[str], fields: Mapping[str, str]) -> str:
    """The parts whose fields all have a value, filled and joined: a part naming an empty field
    (no reason given, no date recorded) is left out rather than shown half empty."""
    shown = []
    for part in parts:
        names = [name for name in fields if "{" + name + "}" in part]
        if all(fields[name] for name in names):
            shown.append(part.format_map(fields))
    return "".join(shown)


_REASON = _("原因：{reason}。")
# (what, details, tone) by (machine, action), then by action for every machine.
_WORDS: dict[tuple[str, str], tuple[str, tuple[str, ...], str]] = {
    ("", "accept"): (_("乡镇受理了您的申请。"), (_("按规定{due}前办完。"),), ""),
    ("", "refuse_acceptance"): (_("乡镇没有受理您的申请。"), (_REASON, APPEAL), "refused"),
    ("", "request_correction"): (_("乡镇请您补正申请。"), (_("要改的地方：{reason}"),), "ask"),
    ("", "resubmit"): (_("补正后的申请已经重新提交，乡镇接着办。"), (), ""),
    ("", "book_visit"): (_("约好了上门了解情况的日子：{visit}。"), (), ""),
    ("", "rebook_visit"): (_("上门的日子改到了{visit}。"), (), ""),
    ("", "record_investigation"): (_("工作人员到您家了解了情况。"), (), ""),
    ("", "record_records_check"): (_("核对了您家的收入、财产等信息。"), (), ""),
    ("", "give_preliminary_opinion"): (_("乡镇提出了初审意见。"), (), ""),
    ("", "start_public_notice"): (_("初审意见在村务公开栏公示：{start}到{end}。"), (), ""),
    ("", "raise_objection"): (_("公示期间有人提出了异议，乡镇会重新核实。"), (), ""),
    ("", "reinvestigate"): (_("乡镇重新调查核实了情况。"), (), ""),
    ("", "hold_democratic_review"): (_("村里进行了民主评议。"), (), ""),
    ("", "refuse"): (_("审核确认没有批准您的申请。"), (_REASON, APPEAL), "refused"),
    ("", "publish"): (_("在村里公布了（只公布姓名、家庭人口和金额）。"), (), ""),
    ("", "start_phase_out"): (_("家里收入超过了标准，进入渐退期：继续发放到{until}，之后停发。"), (), ""),
    ("", "stop_assistance"): (_("救助停止了。"), (_REASON, APPEAL), "refused"),
    ("", "end_phase_out"): (_("渐退期满，救助停止发放。"), (APPLY_AGAIN,), ""),
    ("", "extend"): (_("办理期限延长到{due}。"), (_("原因：{label}。"),), ""),
    ("", "report_change"): (_("您报告了家里的变化：{kind}。"),
                            (_("发生在{happened}。"), _("乡镇会看一看，决定要不要重新复核。")), ""),
    ("", "correct_name"): (_("工作人员更正了申请上的姓名。"), (), ""),
    ("", "move_deadline"): (_("按{year}年的放假安排重新计算，办理期限改为{due}。"),
                            (_("原来是{was}。"),), ""),
    # Temporary aid: its own words where its steps differ.
    (AID, "accept"): (_("乡镇受理了您的临时救助申请。"), (_("按规定{due}前审批完。"),), ""),
    (AID, "mark_urgent"): (_("乡镇把您的申请列为急难，优先办理。"), (), ""),
    (AID, "give_first_aid"): (_("先给了您一笔救助金：{paid}元。"), (_("乡镇接着审核，结果会短信告诉您。"),),
                              "good"),
    (AID, "explain_first_aid"): (_("乡镇补办了先行救助的手续，接着审核。"), (), ""),
    (AID, "record_investigation"): (_("乡镇调查核实了情况。"), (), ""),
    (AID, "propose_aid"): (_("乡镇提出救助{amount}元，交{level}。"), (), ""),
    (AID, "return_proposal"): (_("县里请乡镇重新提出救助意见。"), (), ""),
    (AID, "approve"): (_("批准了临时救助，共{aid_amount}元。"), (_("乡镇会尽快发放。"),), "good"),
    (AID, "refuse"): (_("没有批准临时救助。"), (_REASON, APPEAL), "refused"),
    (AID, "record_payment"): (_("发放了一笔救助金，到现在共发放{paid}元。"), (), "good"),
    (AID, "complete_aid"): (_("救助金发放完毕，这件事办完了。"), (), ""),
    # A self-declaration: the village verifies, the county approves (002… 乡村振兴局(二)).
    (RELAPSE, "verify_at_home"): (_("村里到您家核实了申报的情况。"), (), ""),
    (RELAPSE, "compare_data"): (_("比对了您家的信息。"), (), ""),
    (RELAPSE, "shortlist"): (_("村里初选通过了。"), (), ""),
    (RELAPSE, "not_shortlist"): (_("村里初选没有通过，这次没有纳入监测。"), (_REASON, DECLARE_AGAIN),
                                 "refused"),
    (RELAPSE, "review_at_township"): (_("乡镇审核通过了，报县里审批。"), (), ""),
    (RELAPSE, "reject_at_township"): (_("乡镇审核没有通过，这次没有纳入监测。"), (_REASON, DECLARE_AGAIN),
                                      "refused"),
    (RELAPSE, "approve_at_county"): (_("县里审批通过，纳入防止返贫监测。"), (), "good"),
    (RELAPSE, "reject_at_county"): (_("县里审批没有通过，这次没有纳入监测。"), (_REASON, DECLARE_AGAIN),
                                    "refused"),
    (RELAPSE, "announce"): (_("公告了结果。"), (), ""),
    (RELAPSE, "file_record"): (_("登记建档了。"), (), ""),
    (RELAPSE, "enter_assistance_plan"): (_("帮扶计划定好了。"), (), "good"),
    (RELAPSE, "remove_risk"): (_("返贫风险消除了，不再作为监测对象。"),
                               (_("以后遇到困难，可以随时再申报。"),), ""),
}
RECEIVED = {APPLICATION: _("收到了您的申请。"), RELAPSE: _("收到了您的自主申报。"),
            AID: _("收到了您的临时救助申请。")}


def received(facts: Facts) -> Entry:
    """The first line: the day the form was received."""
    return Entry(facts.opened_on, RECEIVED.get(facts.machine, RECEIVED[APPLICATION]))


_LEVELS = {str(level): label for level, label in LEVEL_LABELS.items()}
_EXTENSIONS = {str(reason): label for reason, label in machine.EXTENSION_REASONS.items()}


def _dashed(fields: Mapping[str, str]) -> dict[str, str]:
    """The fields with — for each one not recorded, for words that cannot leave it out."""
    return {name: value or "—" for name, value in fields.items()}


def _fields(event: Event, known: Known) -> dict[str, str]:
    detail = event.detail
    reason_code = _text(detail, "reason")
    level = _text(detail, "aid_level")
    return {
        "reason": event.reason.strip(), "due": day_words(_day(detail, "due_on")),
        "visit": day_words(_day(detail, "visit_on"), weekday=True),
        "start": day_words(_day(detail, "notice_start")), "end": day_words(_day(detail, "notice_end")),
        "until": day_words(_day(detail, "phase_out_until")),
        "paid": _yuan(_fen(detail, "aid_paid_fen")), "amount": _yuan(_fen(detail, "aid_amount_fen")),
        "aid_amount": _yuan(known.aid_amount_fen),
        "level": _LEVELS.get(level, _("审批")), "label": _EXTENSIONS.get(reason_code, ""),
        "kind": CHANGE_KINDS.get(_text(detail, "kind"), _("家里情况变化")),
        "happened": day_words(_day(detail, "happened_on")),
        "year": _text(detail, "year"), "was": day_words(_day(detail, "was_due_on")),
    }


def _confirmed(event: Event, known: Known) -> Entry:
    """Confirmed: the category, the monthly amount and the month it is paid from."""
    # The office decides the category (RULES.md "One application, classified determination"):
    # confirmed against a "not eligible" suggestion, no category is named.
    category = CATEGORIES.get(known.category or "", "") if known.category != NOT_ELIGIBLE else ""
    if known.amount_fen:
        what = _("批准了：%s，每月%s元，从%s起发放。") % (
            category, format_yuan(known.amount_fen), month_words(paid_from(event.day).isoformat()[:7]))
    else:
        what = _("批准了：%s。具体帮扶措施乡镇会告诉您。") % category if category else _("批准了您的申请。")
    return Entry(event.day, what, "", "good")


REVIEW_RESULTS = {
    "continue": _("定期复核：继续发放，每月{amount}元。"),
    "raise": _("定期复核：从{month}起，每月提高到{amount}元。"),
    "lower": _("定期复核：从{month}起，每月降到{amount}元。"),
    "stop": _("定期复核：从{month}起停止发放。"),
}


def _reviewed(event: Event, known: Known) -> Entry:
    """A periodic review: its result with the new amount and month where recorded, else the
    result as the township wrote it (the reason)."""
    detail, reason = event.detail, event.reason.strip()
    result = _text(detail, "result")
    amount = _fen(detail, "monthly_amount_fen")
    fields = {"amount": _yuan(amount if amount is not None else known.amount_fen),
              "month": month_words(_text(detail, "effective_month"))}
    words = REVIEW_RESULTS.get(result)
    if words is None or not all(fields[n] for n in fields if "{" + n + "}" in words):
        return Entry(event.day, _fill((_("定期复核结果：{reason}。"),), {"reason": reason})
                     or _("做了定期复核。"))
    if amount is not None:
        known.amount_fen = amount
    extra = (_("说明：{reason}。"), APPEAL) if result == "stop" else (_("说明：{reason}。"),)
    return Entry(event.day, words.format_map(fields), _fill(extra, {"reason": reason}),
                 "refused" if result == "stop" else "")


DECISIONS = {
    "no_change": (_("乡镇看了您报告的变化：救助不变。"), (), ""),
    "review": (_("乡镇看了您报告的变化：要重新复核。"), (_("{review_due}前复核完。"),), ""),
    "stop": (_("乡镇看了您报告的变化：停止救助。"), (_REASON, APPEAL), "refused"),
}


def _decided(event: Event, known: Known) -> Entry:
    """The township's decision on a change report."""
    what, parts, tone = DECISIONS.get(_text(event.detail, "decision"),
                                      (_("乡镇处理了您报告的变化。"), (), ""))
    fields = {"reason": event.reason.strip(), "review_due": day_words(_day(event.detail, "review_due_on"))}
    return Entry(event.day, what, _fill(parts, fields), tone)


_SPECIAL = {"confirm": _confirmed, "record_review": _reviewed, "decide_change": _decided}


def entry(machine_name: str, event: Event, known: Known) -> Entry:
    """One event in the resident's words; a step with no words of its own says its name."""
    special = _SPECIAL.get(event.action)
    if special is not None and machine_name != AID:
        return special(event, known)
    words = _WORDS.get((machine_name, event.action)) or _WORDS.get(("", event.action))
    if words is None:
        return Entry(event.day, _step_label(machine_name, event.action) + _("。"))
    what, details, tone = words
    fields = _fields(event, known)
    return Entry(event.day, what.format_map(_dashed(fields)), _fill(details, fields), tone)


def _step_label(machine_name: str, action: str) -> str:
    procedure = machine.MACHINES.get(machine_name, machine.APPLICATION)
    return next((t.label for t in procedure.transitions if t.action == action), _("办理了一步"))


def _remember(known: Known, event: Event) -> None:
    """What an opinion or a proposal sets, for the confirmation or approval that follows."""
    if event.action == "give_preliminary_opinion":
        known.category = _text(event.detail, "category") or known.category
        known.amount_fen = _fen(event.detail, "monthly_amount_fen")
    elif event.action == "propose_aid":
        known.aid_amount_fen = _fen(event.detail, "aid_amount_fen")


def entries(facts: Facts, events: Iterable[Event], from_start: bool = True) -> list[Entry]:
    """The timeline, oldest first: the day it was received (`from_start`), then every event.
    Amounts named by a confirmation or approval come from the events before it, or from the
    case as it is where those were not passed (a page showing only the latest events)."""
    known = Known(facts.category, facts.monthly_amount_fen, facts.aid_amount_fen)
    found = [received(facts)] if from_start else []
    for event in events:
        _remember(known, event)
        found.append(entry(facts.machine, event, known))
    return found


# --- what happens next

# The first step the office can take from a state, in the machine's table order, names what
# happens next; steps with no words here (a correction, an urgent mark, first aid) are passed
# over for the regular one after them.
_NEXT: dict[tuple[str, str], str] = {
    ("", "accept"): _("乡镇会审查您的申请，决定是不是受理，受理了会短信告诉您。"),
    ("", "book_visit"): _("乡镇会约个日子，派人到您家了解情况。"),
    ("", "record_records_check"): _("乡镇会核对您家的收入、财产等信息。"),
    ("", "give_preliminary_opinion"): _("乡镇会提出初审意见。"),
    ("", "start_public_notice"): _("初审意见会在村务公开栏公示7天。"),
    ("", "reinvestigate"): _("乡镇会重新核实，或者请村里民主评议。"),
    ("", "publish"): _("会在村里公布（只公布姓名、家庭人口和金额）。"),
    (AID, "accept"): _("乡镇会尽快审查，决定是不是受理；情况紧急的，可以先给一笔救助金。"),
    (AID, "explain_first_aid"): _("乡镇会补办先行救助的手续，接着审核。"),
    (AID, "record_investigation"): _("乡镇会调查核实您家的情况。"),
    (AID, "propose_aid"): _("乡镇会提出救助金额，按金额大小由乡镇或县民政局审批。"),
    (AID, "approve"): _("正在审批，结果会短信告诉您。"),
    (AID, "record_payment"): _("救助金会尽快发放：批准{aid_amount}元，已发放{paid}元。"),
    (RELAPSE, "verify_at_home"): _("村里会派人到您家核实申报的情况。"),
    (RELAPSE, "compare_data"): _("乡镇会比对您家的信息。"),
    (RELAPSE, "shortlist"): _("村里会进行初选。"),
    (RELAPSE, "review_at_township"): _("乡镇会审核。"),
    (RELAPSE, "approve_at_county"): _("县里会审批，决定是不是纳入防止返贫监测。"),
    (RELAPSE, "announce"): _("会公告结果、登记建档，再和您一起定帮扶计划。"),
    (RELAPSE, "file_record"): _("会登记建档，再和您一起定帮扶计划。"),
    (RELAPSE, "enter_assistance_plan"): _("帮扶责任人会和您一起定帮扶计划。"),
}
# What a state's named group says, checked in this order before the next step of the table:
# (group, words, words where a field they name is not recorded).
REPORT_CHANGES = _("家里人口、收入、财产有变化，请及时告诉乡镇，不要超过3个月。")  # 000… 五(五)
_BY_GROUP: tuple[tuple[Group, str, str], ...] = (
    (Group.WAITING_FOR_APPLICANT, _("请您按乡镇的说明修改申请，再重新提交，乡镇收到后接着办。"), ""),
    (Group.VISIT_BOOKED,
     _("工作人员会在{visit}到您家了解情况，请在家，准备好户口簿。日子不方便的，请告诉村里或乡镇。"),
     _("工作人员会到您家了解情况，日子会短信告诉您。")),
    (Group.ON_PUBLIC_NOTICE,
     _("初审意见在村务公开栏公示，到{end}结束。没有异议的，接着审核确认，结果会短信告诉您。"),
     _("初审意见在村务公开栏公示7天。没有异议的，接着审核确认，结果会短信告诉您。")),
    (Group.PHASING_OUT, _("渐退期继续发放到{until}，之后停发。") + REPORT_CHANGES,
     _("现在是渐退期，到期后停发。") + REPORT_CHANGES),
    (Group.RECEIVING, _("每月发放{amount}元。") + REPORT_CHANGES,
     _("乡镇会按批准的帮扶措施帮您家。") + REPORT_CHANGES),
    (Group.MONITORED, _("帮扶责任人会按帮扶计划帮您家，直到返贫风险消除。"), ""),
)
FINISHED = _("这件事已经办完了。")
IN_HAND = _("乡镇正在办理。")


def _next_fields(facts: Facts) -> dict[str, str]:
    return {"visit": day_words(facts.visit_on, weekday=True), "end": day_words(facts.notice_end),
            "until": day_words(facts.phase_out_until), "amount": _yuan(facts.monthly_amount_fen),
            "aid_amount": _yuan(facts.aid_amount_fen), "paid": format_yuan(facts.aid_paid_fen)}


def deadline_runs(machine_name: str, state: str, due_on: date | None) -> bool:
    """Whether a deadline runs: the case has one and is neither finished nor settled (a
    finished or settled case shows no deadline anywhere)."""
    return due_on is not None and state not in machine.MACHINES[machine_name].closed_states()


def running_due(facts: Facts, today: date, calendar: WorkingCalendar) -> Due | None:
    """The deadline running now in its own unit, None where none runs."""
    if facts.due_on is None or not deadline_runs(facts.machine, facts.state, facts.due_on):
        return None
    kind = machine.deadline_kind(facts.machine, facts.state)
    return Due(machine.DEADLINE_LABELS[kind], facts.due_on,
               machine.days_left(facts.machine, today, facts.due_on, calendar),
               machine.counts_calendar_days(facts.machine))


def _next_words(facts: Facts) -> str:
    fields = _next_fields(facts)
    for group, words, otherwise in _BY_GROUP:
        if machine.is_in(group, facts.machine, facts.state):
            return _fill((words,), fields) or otherwise
    for step in machine.actions_from(facts.machine, facts.state):
        found = _NEXT.get((facts.machine, step.action)) or _NEXT.get(("", step.action))
        if found is not None:
            return found.format_map(fields)
    return IN_HAND


def next_step(facts: Facts, today: date, calendar: WorkingCalendar) -> NextStep:
    """What happens next and by when; a finished case has no next step and no deadline."""
    if machine.is_in(Group.FINISHED, facts.machine, facts.state):
        return NextStep(FINISHED, None, finished=True)
    return NextStep(_next_words(facts), running_due(facts, today, calendar))


# --- the date the 查询 reply names

VISIT, NOTICE_END, PHASE_OUT_END = "visit", "notice_end", "phase_out_end"
DEADLINE, AMOUNT = "deadline", "amount"


def reply_date(facts: Facts) -> tuple[str, date | None]:
    """Which single fact a short status reply adds to the state: the visit day, the notice's
    last day, the phase-out's last day, the running deadline, or the monthly amount ("", None
    for none)."""
    if machine.is_in(Group.VISIT_BOOKED, facts.machine, facts.state) and facts.visit_on:
        return VISIT, facts.visit_on
    if machine.is_in(Group.ON_PUBLIC_NOTICE, facts.machine, facts.state) and facts.notice_end:
        return NOTICE_END, facts.notice_end
    if machine.is_in(Group.PHASING_OUT, facts.machine, facts.state) and facts.phase_out_until:
        return PHASE_OUT_END, facts.phase_out_until
    if machine.is_in(Group.RECEIVING, facts.machine, facts.state) and facts.monthly_amount_fen:
        return AMOUNT, None
    # The explanation due after first aid is the office's paperwork, not when the case is done.
    if (deadline_runs(facts.machine, facts.state, facts.due_on)
            and machine.deadline_kind(facts.machine, facts.state) != machine.EXPLANATION_DEADLINE):
        return DEADLINE, facts.due_on
    return "", None
