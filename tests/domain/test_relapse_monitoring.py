"""Relapse monitoring in the domain: which deadline runs, counted in plain days; risk removal;
who may be named responsible official and when. RULES.md "Relapse monitoring"."""

from datetime import date

import pytest

from webapp.domain.case_machine import (
    APPLICATION,
    COUNTY_CONFIRMER,
    DEADLINE_LABELS,
    HOUSEHOLDS_PER_OFFICIAL,
    RELAPSE_MONITORING,
    TOWNSHIP_REVIEWER,
    VILLAGE_ASSISTANT,
    IllegalTransition,
    OfficialRefused,
    RoleNotAllowed,
    check_official_assignable,
    check_official_capacity,
    check_plan_has_official,
    counts_calendar_days,
    days_left,
    deadline_kind,
    next_state,
    risk_not_removed,
)
from webapp.domain.working_days import WorkingCalendar

WHOLE_PROCEDURE = ("verify_at_home", "compare_data", "shortlist", "review_at_township",
                   "approve_at_county", "announce", "file_record", "enter_assistance_plan")


def walk(*actions: str) -> str:
    state = RELAPSE_MONITORING.initial
    for action in actions:
        row = RELAPSE_MONITORING.find(state, action)
        assert row is not None, (state, action)
        state = next_state(RELAPSE_MONITORING, state, action, role=sorted(row.allowed_roles)[0],
                           reason="理由")
    return state


# RULES.md "Relapse monitoring": "Risk removed: income stably above the line for 6 months or more".
def test_after_the_plan_the_risk_can_be_marked_removed_with_its_grounds():
    state = walk(*WHOLE_PROCEDURE)
    assert state == "plan_entered"
    with pytest.raises(IllegalTransition, match="需要写明理由"):
        next_state(RELAPSE_MONITORING, state, "remove_risk", role=TOWNSHIP_REVIEWER)
    grounds = "家庭人均收入连续8个月稳定超过监测线，两不愁三保障稳固"
    assert next_state(RELAPSE_MONITORING, state, "remove_risk", role=TOWNSHIP_REVIEWER,
                      reason=grounds) == "risk_removed"
    assert next_state(RELAPSE_MONITORING, state, "remove_risk", role=COUNTY_CONFIRMER,
                      reason=grounds) == "risk_removed"


def test_the_village_assistant_does_not_mark_the_risk_removed():
    with pytest.raises(RoleNotAllowed):
        next_state(RELAPSE_MONITORING, "plan_entered", "remove_risk", role=VILLAGE_ASSISTANT,
                   reason="收入稳定")


@pytest.mark.parametrize("state", sorted(set(RELAPSE_MONITORING.states) - {"plan_entered"}))
def test_the_risk_is_removed_only_from_a_household_with_its_plan(state):
    with pytest.raises(IllegalTransition):
        next_state(RELAPSE_MONITORING, state, "remove_risk", role=TOWNSHIP_REVIEWER, reason="x")


# RULES.md "Relapse monitoring": 15 days to county approval, then 10 days to the plan.
@pytest.mark.parametrize(("state", "kind"), [
    ("declared", "approval"), ("home_verified", "approval"), ("township_reviewed", "approval"),
    ("county_approved", "plan"), ("announced", "plan"), ("filed", "plan")])
def test_the_deadline_that_runs_is_named_by_the_state(state, kind):
    assert deadline_kind(RELAPSE_MONITORING, state) == kind
    assert DEADLINE_LABELS[kind] == {"approval": "县级审批期限", "plan": "帮扶计划期限"}[kind]


def test_an_application_keeps_its_one_deadline_in_working_days():
    assert deadline_kind(APPLICATION, "accepted") == ""
    assert DEADLINE_LABELS[""] == "办结期限"
    assert not counts_calendar_days(APPLICATION)
    # Friday 26 Sep 2025 to Friday 10 Oct: National Day week in between.
    assert days_left(APPLICATION, date(2025, 9, 26), date(2025, 10, 10), WorkingCalendar()) == 5


def test_relapse_days_left_are_plain_days_holidays_included():
    calendar = WorkingCalendar()
    assert counts_calendar_days("relapse_monitoring")
    assert days_left(RELAPSE_MONITORING, date(2025, 9, 26), date(2025, 10, 10), calendar) == 14
    assert days_left(RELAPSE_MONITORING, date(2025, 10, 10), date(2025, 10, 10), calendar) == 0
    assert days_left(RELAPSE_MONITORING, date(2025, 10, 12), date(2025, 10, 10), calendar) == -2


# RULES.md "Relapse monitoring": at most 5 households "whose risk is not yet removed".
@pytest.mark.parametrize(("state", "counts"), [
    ("county_approved", True), ("filed", True), ("plan_entered", True),
    ("risk_removed", False), ("not_included", False)])
def test_which_households_count_against_an_official(state, counts):
    assert risk_not_removed(state) is counts


def test_the_sixth_household_is_refused_naming_the_count():
    check_official_capacity("王五", HOUSEHOLDS_PER_OFFICIAL - 1)
    with pytest.raises(OfficialRefused) as refused:
        check_official_capacity("王五", HOUSEHOLDS_PER_OFFICIAL)
    assert refused.value.message == "王五已帮扶 5 户未消除风险的监测户，每位帮扶责任人最多 5 户，请另选一位"


@pytest.mark.parametrize("state", ["county_approved", "announced", "filed", "plan_entered"])
def test_an_official_is_named_for_an_included_household(state):
    check_official_assignable(RELAPSE_MONITORING, state)


@pytest.mark.parametrize(("machine", "state", "message"), [
    (APPLICATION, "accepted", "只有防止返贫监测"),
    (RELAPSE_MONITORING, "declared", "县级审批纳入监测后"),
    (RELAPSE_MONITORING, "township_reviewed", "县级审批纳入监测后"),
    (RELAPSE_MONITORING, "not_included", "不再需要帮扶责任人"),
    (RELAPSE_MONITORING, "risk_removed", "不再需要帮扶责任人")])
def test_no_official_before_inclusion_or_after_the_end(machine, state, message):
    with pytest.raises(OfficialRefused, match=message):
        check_official_assignable(machine, state)


def test_the_plan_needs_an_official_first():
    check_plan_has_official(True)
    with pytest.raises(IllegalTransition, match="请先明确帮扶责任人"):
        check_plan_has_official(False)
