"""Which steps a case allows today, and why not (webapp/domain/steps_now.py): the case page shows
a step not yet allowed as a disabled button with this reason, so the reason must agree with what
the machine would refuse."""

from datetime import date

import pytest

from webapp.domain.case_machine import (
    APPLICATION,
    COUNTY_CONFIRMER,
    MACHINES,
    PUBLIC,
    RELAPSE_MONITORING,
    TOWNSHIP_REVIEWER,
    IllegalTransition,
    check_phase_out_over,
    next_state,
    notice_period,
)
from webapp.domain.steps_now import Facts, month_day, steps_now, why_not

NOTICE = notice_period(date(2026, 12, 4))  # 12月4日 to 12月10日


def reasons(state: str, today: date, role: str = COUNTY_CONFIRMER, **facts) -> dict[str, str]:
    found = steps_now(APPLICATION, state, Facts(today=today, notice=NOTICE, **facts), role=role)
    return {s.step.action: s.why_not for s in found}


# 000… 四(二): a 7-day notice; confirmation (审核确认) only once it is over.
def test_000_四二_confirmation_during_the_notice_says_when_it_ends():
    shown = reasons("public_notice", date(2026, 12, 6))
    assert shown == {"raise_objection": "",  # anyone may object while it runs
                     "confirm": "公示到 12月10日，之后才能审核确认",
                     "refuse": "公示到 12月10日，之后才能不予确认"}


# 000… 四(二): the notice's last day is still the notice; the day after, confirmation is allowed.
@pytest.mark.parametrize(("today", "allowed"), [(date(2026, 12, 10), False), (date(2026, 12, 11), True)])
def test_000_四二_confirmation_is_allowed_from_the_day_after_the_notice(today, allowed):
    [confirm] = [s for s in steps_now(APPLICATION, "public_notice", Facts(today, NOTICE),
                                     role=COUNTY_CONFIRMER) if s.step.action == "confirm"]
    assert confirm.allowed is allowed


# 000… 四(二): a notice set to start a few days ahead names both days.
def test_000_四二_a_notice_not_yet_begun_names_its_first_and_last_day():
    assert reasons("public_notice", date(2026, 12, 1))["confirm"] == \
        "公示从 12月4日 开始，到 12月10日，之后才能审核确认"


# 000… 四(二): an objection only while the notice runs.
@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 1), "公示从 12月4日 开始，到那天才能提出异议"),
    (date(2026, 12, 4), ""),
    (date(2026, 12, 10), ""),
    (date(2026, 12, 11), "公示已于 12月10日 结束，不能再提出异议")])
def test_000_四二_an_objection_only_during_the_notice(today, expected):
    assert reasons("public_notice", today, role=PUBLIC)["raise_objection"] == expected


# 000… 四(一): the township confirms where the county delegates it, with the same wait.
def test_000_四一_a_delegated_township_waits_for_the_notice_too():
    found = steps_now(APPLICATION, "public_notice", Facts(date(2026, 12, 6), NOTICE),
                      role=TOWNSHIP_REVIEWER, township_confirms=True)
    assert [s.step.action for s in found if not s.allowed] == ["confirm", "refuse"]
    undelegated = steps_now(APPLICATION, "public_notice", Facts(date(2026, 12, 6), NOTICE),
                            role=TOWNSHIP_REVIEWER)
    assert [s.step.action for s in undelegated] == ["raise_objection"]


# 000… 一(三): a phase-out ends on its last day; before it, the step says so.
def test_000_一三_ending_a_phase_out_waits_for_its_last_day():
    until = date(2027, 3, 1)
    early = reasons("phasing_out", date(2027, 2, 27), role=TOWNSHIP_REVIEWER, phase_out_until=until)
    assert early["end_phase_out"].startswith("渐退期到 3月1日，那天起才能办理")
    assert early["stop_assistance"] == "" and early["record_review"] == ""
    assert reasons("phasing_out", until, role=TOWNSHIP_REVIEWER, phase_out_until=until)["end_phase_out"] == ""


# 002… 乡村振兴局(二)(二)1: the plan is made with the household's responsible official.
def test_002_乡村振兴局二二1_the_plan_waits_for_a_responsible_official():
    def plan(has_official: bool) -> str:
        [step] = steps_now(RELAPSE_MONITORING, "filed", Facts(date(2026, 12, 6), has_official=has_official),
                           role=TOWNSHIP_REVIEWER)
        return step.why_not

    assert plan(False) == "请先明确帮扶责任人，再录入帮扶计划"
    assert plan(True) == ""


def test_without_a_notice_a_step_after_it_says_there_is_none_yet():
    found = steps_now(APPLICATION, "public_notice", Facts(date(2026, 12, 6)), role=COUNTY_CONFIRMER)
    assert {s.why_not for s in found} == {"还没有公示，不能提出异议", "还没有公示，公示结束后才能审核确认",
                                          "还没有公示，公示结束后才能不予确认"}


@pytest.mark.parametrize("today", [date(2026, 12, d) for d in (1, 4, 7, 10, 11, 20)])
def test_the_reasons_agree_with_what_the_machine_refuses(today):
    """Every step of every machine from every state: allowed here iff the machine takes it."""
    for machine in MACHINES.values():
        for t in machine.transitions:
            facts = Facts(today, NOTICE)
            try:
                next_state(machine, t.state, t.action, reason="理由", notice=NOTICE, today=today)
                refused = False
            except IllegalTransition:
                refused = True
            assert (why_not(t, facts) != "") is refused, (machine.name, t.state, t.action)


@pytest.mark.parametrize("today", [date(2027, 2, 28), date(2027, 3, 1), date(2027, 3, 2)])
def test_the_phase_out_reason_agrees_with_the_check(today):
    until = date(2027, 3, 1)
    [t] = [t for t in APPLICATION.transitions if t.action == "end_phase_out"]
    try:
        check_phase_out_over(until, today)
        refused = False
    except IllegalTransition:
        refused = True
    assert (why_not(t, Facts(today, phase_out_until=until)) != "") is refused


def test_a_date_in_another_year_names_the_year():
    assert month_day(date(2027, 1, 5), on=date(2026, 12, 30)) == "2027年1月5日"
    assert month_day(date(2026, 1, 5), on=date(2026, 12, 30)) == "1月5日"


# 000… 四(二): only an opinion proposing assistance is put on notice (issue 12 item 1, item 7 of
# the findings part): one that proposes none shows 开始公示 disabled with why.
def test_the_notice_of_an_opinion_proposing_nothing_is_not_allowed_with_its_reason():
    facts = Facts(date(2026, 12, 3), proposed=False)
    [notice] = [s for s in steps_now(APPLICATION, "preliminary_opinion", facts, role=TOWNSHIP_REVIEWER)
                if s.step.action == "start_public_notice"]
    assert notice.why_not.startswith("初审意见为不符合救助条件，不在村里公示")
