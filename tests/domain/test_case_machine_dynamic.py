"""After publication: dynamic management (periodic review, stop) and phase-out (渐退), and the dates
the procedure checks: the home visit, the notice's first day, the reminders' periods. RULES.md
"Procedure and deadlines for dibao"."""

from datetime import date

import pytest

from webapp.domain.case_machine import (
    APPLICATION,
    COUNTY_CONFIRMER,
    REVIEW_INTERVAL_MONTHS,
    TOWNSHIP_REVIEWER,
    VILLAGE_ASSISTANT,
    Group,
    IllegalTransition,
    InvalidDate,
    RoleNotAllowed,
    actions_from,
    add_months,
    check_notice_start,
    check_phase_out_over,
    check_visit_date,
    is_in,
    next_state,
    parse_day,
    phase_out_until,
    report_quarter,
    review_due,
)
from webapp.domain.policy import HENAN_2022

TODAY = date(2026, 3, 10)


# RULES.md "Procedure and deadlines for dibao": "the township reviews recipients periodically and
# continues, stops, lowers or raises payments"; phase-out when income rises above the standard.
@pytest.mark.parametrize(("state", "action", "after"), [
    ("published", "record_review", "published"),
    ("published", "start_phase_out", "phasing_out"),
    ("published", "stop_assistance", "ended"),
    ("phasing_out", "stop_assistance", "ended"),
    ("phasing_out", "end_phase_out", "ended"),
    ("phasing_out", "record_review", "phasing_out"),
    ("visit_booked", "rebook_visit", "visit_booked"),
])
def test_the_steps_after_publication_and_the_rebooking_are_the_township_reviewers(state, action, after):
    assert next_state(APPLICATION, state, action, role=TOWNSHIP_REVIEWER, reason="理由") == after
    for role in (VILLAGE_ASSISTANT, COUNTY_CONFIRMER):
        with pytest.raises(RoleNotAllowed):
            next_state(APPLICATION, state, action, role=role, reason="理由")


# RULES.md "Procedure and deadlines for dibao": a review's result and a stop are recorded with
# what was decided and why.
@pytest.mark.parametrize(("state", "action"), [("published", "record_review"),
                                               ("published", "stop_assistance"),
                                               ("phasing_out", "stop_assistance")])
def test_a_review_or_a_stop_needs_its_result_or_reason(state, action):
    with pytest.raises(IllegalTransition, match="需要写明理由"):
        next_state(APPLICATION, state, action, role=TOWNSHIP_REVIEWER, reason=" ")


def test_nothing_follows_the_end_of_assistance():
    assert actions_from(APPLICATION, "ended") == []
    assert {t.action for t in actions_from(APPLICATION, "phasing_out")} == {
        "stop_assistance", "end_phase_out", "record_review"}


def test_a_household_in_phase_out_is_not_phased_out_again():
    with pytest.raises(IllegalTransition, match="下不能办理"):
        next_state(APPLICATION, "phasing_out", "start_phase_out", role=TOWNSHIP_REVIEWER, reason="x")


def test_000_1_3_a_household_in_phase_out_is_reviewed_and_stays_in_phase_out():
    # 低保家庭成员死亡后，应当自其死亡之日起3个月内对其家庭状况进行核查，并办理完成低保金增发、减发、停发
    assert next_state(APPLICATION, "phasing_out", "record_review", role=TOWNSHIP_REVIEWER,
                      reason="成员去世后核查") == "phasing_out"
    assert is_in(Group.UNDER_REVIEW, APPLICATION, "phasing_out")


def test_no_dynamic_management_before_publication():
    with pytest.raises(IllegalTransition):
        next_state(APPLICATION, "confirmed", "start_phase_out", role=TOWNSHIP_REVIEWER)


def test_decided_cases_have_no_deadline_left_to_miss():
    assert {"published", "phasing_out", "ended"} <= APPLICATION.closed_states()
    assert "confirmed" not in APPLICATION.closed_states()


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 3, 10), 6, date(2026, 9, 10)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),  # no 31 February: the month's last day
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 11, 15), 3, date(2027, 2, 15)),
    (date(2026, 1, 31), 0, date(2026, 1, 31)),
])
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


# RULES.md "Procedure and deadlines for dibao": "up to 6 months more … phase-out length is a
# parameter".
def test_a_phase_out_lasts_the_months_the_parameters_give():
    assert HENAN_2022.phase_out_months == 6
    assert phase_out_until(TODAY, HENAN_2022.phase_out_months) == date(2026, 9, 10)
    assert phase_out_until(TODAY, 18) == date(2027, 9, 10)  # the historic Jilin rule


def test_the_next_periodic_review_is_due_a_year_on():
    assert REVIEW_INTERVAL_MONTHS == 12
    assert review_due(TODAY) == date(2027, 3, 10)


# RULES.md "Honest reporting": a change unreported for more than 3 months earns criticism, so
# each 3 months after confirmation has its number.
@pytest.mark.parametrize(("today", "quarter"), [
    (date(2026, 1, 31), 0), (date(2026, 4, 29), 0), (date(2026, 4, 30), 1), (date(2026, 7, 29), 1),
    (date(2026, 7, 30), 2), (date(2027, 1, 30), 4), (date(2025, 12, 1), 0),
])
def test_the_quarters_after_confirmation_are_numbered(today, quarter):
    assert report_quarter(date(2026, 1, 30), today) == quarter


def test_quarters_from_a_months_last_day_end_on_the_last_day_of_shorter_months():
    confirmed = date(2025, 11, 30)
    assert report_quarter(confirmed, date(2026, 2, 27)) == 0
    assert report_quarter(confirmed, date(2026, 2, 28)) == 1  # no 30 February


@pytest.mark.parametrize(("typed", "day"), [
    ("2026-03-05", date(2026, 3, 5)), ("2026/3/5", date(2026, 3, 5)), ("2026年3月5日", date(2026, 3, 5)),
    (" 2026-12-31 ", date(2026, 12, 31)),
])
def test_a_typed_date_is_understood(typed, day):
    assert parse_day(typed, "visit_on", "入户调查日期") == day


@pytest.mark.parametrize("typed", ["", "明天", "2026-13-01", "2026-02-29", "05/03/2026", "20260305"])
def test_a_date_that_is_not_one_names_its_field(typed):
    with pytest.raises(InvalidDate) as refused:
        parse_day(typed, "visit_on", "入户调查日期")
    assert refused.value.field == "visit_on"
    assert "入户调查日期" in refused.value.message


# RULES.md "Procedure and deadlines for dibao": the visit is part of the investigation, which
# must end within the deadline.
@pytest.mark.parametrize(("visit", "allowed"), [
    (date(2026, 3, 9), False), (date(2026, 3, 10), True), (date(2026, 4, 20), True),
    (date(2026, 4, 21), False),
])
def test_a_visit_is_booked_from_today_to_the_deadline(visit, allowed):
    if allowed:
        check_visit_date(visit, TODAY, date(2026, 4, 20))
    else:
        with pytest.raises(InvalidDate, match="入户调查日期不能"):
            check_visit_date(visit, TODAY, date(2026, 4, 20))


@pytest.mark.parametrize(("start", "allowed"), [
    (date(2026, 3, 9), False), (date(2026, 3, 10), True), (date(2026, 3, 17), True),
    (date(2026, 3, 18), False),
])
def test_a_notice_starts_from_today_to_7_days_ahead(start, allowed):
    if allowed:
        check_notice_start(start, TODAY)
    else:
        with pytest.raises(InvalidDate, match="公示开始日期") as refused:
            check_notice_start(start, TODAY)
        assert refused.value.field == "notice_start"


@pytest.mark.parametrize(("until", "allowed"), [
    (date(2026, 3, 11), False), (date(2026, 3, 10), True), (date(2026, 1, 1), True), (None, True),
])
def test_a_phase_out_is_ended_only_from_its_last_day(until, allowed):
    if allowed:
        check_phase_out_over(until, TODAY)
    else:
        with pytest.raises(IllegalTransition, match="停止救助"):
            check_phase_out_over(until, TODAY)
