"""A periodic review's result and the month its amount takes effect (webapp/domain/review.py):
`002…` 民政厅 6 — 乡镇定期复核，并根据复核情况及时报请县级民政部门办理续发、停发、减发或增发手续."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.domain.assessment import DIBAO, NEAR_DIBAO, NOT_ELIGIBLE, TEKUN
from webapp.domain.case_machine import APPLICATION, SILENT
from webapp.domain.review import (
    Amount,
    Month,
    Outcome,
    ReviewRefused,
    ReviewResult,
    check_effective_month,
    check_result,
    default_effective_month,
    effective_month,
    in_force,
    message_for,
    parse_month,
    suggest,
)
from webapp.sms import templates

CONTINUE, RAISE, LOWER, STOP = (ReviewResult.CONTINUE, ReviewResult.RAISE, ReviewResult.LOWER,
                                ReviewResult.STOP)
REVIEWED_ON = date(2026, 12, 3)


# 002… 民政厅 6: 续发 keeps the amount, 增发 raises it, 减发 lowers it.
@pytest.mark.parametrize(("result", "now", "calculated", "category"), [
    (CONTINUE, 34000, 34000, DIBAO),
    (RAISE, 34000, 84000, DIBAO),
    (RAISE, 34000, 70200, TEKUN),  # a new category may come with the new amount
    (LOWER, 34000, 24000, DIBAO),
    (LOWER, 34000, 0, NEAR_DIBAO),  # help goes on, without a monthly payment
    (CONTINUE, 0, 0, NEAR_DIBAO),
])
def test_002_minzhengting_6_a_result_that_agrees_with_the_calculation_is_taken(
        result, now, calculated, category):
    check_result(result, now, calculated, category)
    assert suggest(now, calculated, category) is result


@pytest.mark.parametrize(("result", "now", "calculated", "says"), [
    (CONTINUE, 34000, 24000, "应选择“减发”"),
    (RAISE, 34000, 34000, "应选择“续发”"),
    (RAISE, 34000, 24000, "应选择“减发”"),
    (LOWER, 34000, 84000, "应选择“增发”"),
    (LOWER, 34000, 34000, "应选择“续发”"),
])
def test_002_minzhengting_6_a_result_the_calculation_does_not_give_is_refused(
        result, now, calculated, says):
    with pytest.raises(ReviewRefused, match=says) as refused:
        check_result(result, now, calculated, DIBAO)
    assert refused.value.field == "result"
    assert f"每月 {calculated // 100:,} 元" in refused.value.message


# 002… 民政厅 6: 停发 — a household no longer eligible is stopped, never "lowered" to nothing.
@pytest.mark.parametrize("result", [CONTINUE, RAISE, LOWER])
def test_002_minzhengting_6_a_household_no_longer_eligible_can_only_be_stopped(result):
    with pytest.raises(ReviewRefused, match="停发"):
        check_result(result, 34000, 0, NOT_ELIGIBLE)
    check_result(STOP, 34000, 0, NOT_ELIGIBLE)
    assert suggest(34000, 0, NOT_ELIGIBLE) is STOP


def test_002_minzhengting_6_a_stop_may_have_grounds_the_calculation_does_not_show():
    check_result(STOP, 34000, 34000, DIBAO)  # moved away, death: no figure says so


# RULES.md "Procedure and deadlines for dibao": paid from the next month, as after confirmation.
@pytest.mark.parametrize(("day", "month"), [
    (date(2026, 12, 3), Month(2027, 1)), (date(2026, 1, 31), Month(2026, 2)),
    (date(2026, 12, 31), Month(2027, 1))])
def test_a_new_amount_is_paid_from_the_month_after_the_review_by_default(day, month):
    assert default_effective_month(day) == month
    assert effective_month("", day) == month


def test_a_later_month_or_the_review_month_itself_may_be_picked():
    assert effective_month("2027-03", REVIEWED_ON) == Month(2027, 3)
    assert effective_month("2026-12", REVIEWED_ON) == Month(2026, 12)
    check_effective_month(Month(2027, 12), REVIEWED_ON)  # up to the next review


@pytest.mark.parametrize(("month", "says"), [(Month(2026, 11), "最早从复核当月（2026年12月）"),
                                             (Month(2025, 12), "最早从复核当月"),
                                             (Month(2028, 1), "最晚从2027年12月")])
def test_a_new_amount_never_takes_effect_before_the_review_month(month, says):
    with pytest.raises(ReviewRefused, match=says) as refused:
        check_effective_month(month, REVIEWED_ON)
    assert refused.value.field == "effective_month"


@pytest.mark.parametrize(("typed", "month"), [
    ("2027-01", Month(2027, 1)), ("2027/1", Month(2027, 1)), ("2027年3月", Month(2027, 3)),
    ("２０２７－０２", Month(2027, 2)), (" 2027.11 ", Month(2027, 11))])
def test_a_month_is_read_as_picked_or_typed(typed, month):
    assert parse_month(typed) == month


@pytest.mark.parametrize("typed", ["2027-13", "2027-00", "明年一月", "2027", "27-01"])
def test_a_month_that_is_not_one_is_refused_with_its_field(typed):
    with pytest.raises(ReviewRefused, match="不是有效的月份") as refused:
        parse_month(typed)
    assert refused.value.field == "effective_month"


def test_months_count_across_years_and_read_as_staff_write_them():
    assert Month(2026, 11).plus(3) == Month(2027, 2)
    assert Month(2027, 1).plus(-1) == Month(2026, 12)
    assert (Month(2027, 2).iso, Month(2027, 2).label) == ("2027-02", "2027年2月")
    assert Month.from_iso("2027-02") == Month(2027, 2)


def test_the_amount_paid_in_a_month_is_the_latest_decided_for_it():
    confirmed = Amount(34000, Month(2026, 2))
    lowered = Amount(24000, Month(2027, 3))  # decided in December, from March
    assert in_force([confirmed, lowered], Month(2027, 2)) is confirmed
    assert in_force([confirmed, lowered], Month(2027, 3)) is lowered
    assert in_force([confirmed, lowered], Month(2026, 1)) is None
    sooner = Amount(30000, Month(2027, 1))  # a later review supersedes from its own month
    assert in_force([confirmed, lowered, sooner], Month(2027, 5)) is sooner


@pytest.mark.parametrize(("result", "amount", "template"), [
    (CONTINUE, 34000, "review_continued"), (CONTINUE, 0, "review_continued_no_amount"),
    (RAISE, 84000, "review_raised"), (LOWER, 24000, "review_lowered"),
    (LOWER, 0, "review_no_amount"), (STOP, 0, SILENT)])
def test_each_result_sends_its_own_message_in_one_part(result, amount, template):
    assert message_for(result, amount) == template
    if template != SILENT:
        spec = templates.get(template)
        body = templates.render(template, templates.sample_params(spec), "兜底服务")
        assert templates.segments(body) == 1
        assert {"month", "amount"} & spec.fields or "category" in spec.fields


def test_the_review_step_names_the_message_of_its_usual_result():
    assert APPLICATION.find("published", "record_review").sms == message_for(CONTINUE, 1)


def test_a_reviews_event_carries_the_result_the_amount_and_the_month():
    outcome = Outcome(LOWER, 24000, DIBAO, 2, Month(2027, 1))
    assert outcome.detail == {"result": "lower", "monthly_amount_fen": 24000,
                              "effective_month": "2027-01"}
