"""Relapse-monitoring lines and risk removal, `002…` 乡村振兴局 一(一)1 (监测范围: Henan 2022
6,900 yuan; the exceptions), 一(二)2 (濒临监测范围 8000元以下) and 一(三) (风险消除: 收入稳定超过
监测线半年以上; 十二: 整户无劳动力的 … 回退)."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.domain import monitoring as m
from webapp.domain.monitoring import Inclusion, IncomeFigure, Line, Situation

PROVINCE, COUNTY = "410000000000", "410102000000"
HENAN_2022 = Line(PROVINCE, 2022, 6_900_00, 8_000_00, 4_500_00)
TODAY = date(2022, 12, 1)
LINES = {2022: 6_900_00}


def test_002_xczx_1_1_the_line_is_yearly_the_nearest_region_s_and_carried_over_when_missing():
    own_2023 = Line(COUNTY, 2023, 7_200_00, 8_300_00)
    chain = [COUNTY, "410100000000", PROVINCE]
    assert m.line_for([HENAN_2022, own_2023], chain, 2023) == (own_2023, False)
    assert m.line_for([HENAN_2022, own_2023], chain, 2022) == (HENAN_2022, False)
    assert m.line_for([HENAN_2022], chain, 2024) == (HENAN_2022, True)
    with pytest.raises(m.NoLine):
        m.line_for([HENAN_2022], chain, 2021)


def test_002_xczx_1_1_below_the_line_a_household_is_included():
    assert m.inclusion(Situation(6_000_00), HENAN_2022)[0] is Inclusion.INCLUDE


def test_002_xczx_1_1_a_risk_of_basics_or_rigid_spending_includes_whatever_the_income():
    assert m.inclusion(Situation(12_000_00, basics_at_risk=True), HENAN_2022)[0] is Inclusion.INCLUDE
    assert m.inclusion(Situation(12_000_00, large_rigid_spending=True), HENAN_2022)[0] is Inclusion.INCLUDE


def test_002_xczx_1_1_slightly_below_may_be_left_out_only_when_every_condition_holds():
    every = Situation(6_500_00, income_rising=True, wishes_to_be_included=False)
    assert m.inclusion(every, HENAN_2022)[0] is Inclusion.MAY_LEAVE_OUT
    wishes = Situation(6_500_00, income_rising=True, wishes_to_be_included=True)
    assert m.inclusion(wishes, HENAN_2022)[0] is Inclusion.INCLUDE
    not_above_4500 = Situation(4_500_00, income_rising=True, wishes_to_be_included=False)
    assert m.inclusion(not_above_4500, HENAN_2022)[0] is Inclusion.INCLUDE


def test_002_xczx_1_2_above_the_line_below_8000_is_watched():
    assert m.inclusion(Situation(7_500_00), HENAN_2022)[0] is Inclusion.WATCH
    assert m.inclusion(Situation(8_000_00), HENAN_2022)[0] is Inclusion.NOT_IN_RANGE


def test_002_xczx_1_3_risk_removal_needs_six_months_above_the_line_in_the_figures():
    six_ago = IncomeFigure(date(2022, 6, 1), 7_500_00, 2)
    now = IncomeFigure(date(2022, 12, 1), 7_600_00, 2)
    assert m.removal_why_not([six_ago, now], LINES, TODAY) == ""
    short = IncomeFigure(date(2022, 6, 2), 7_500_00, 2)
    assert "才满半年" in m.removal_why_not([short, now], LINES, TODAY)
    assert "才满半年" in m.removal_why_not([now], LINES, TODAY)


def test_002_xczx_1_3_a_dip_below_the_line_restarts_the_six_months():
    figures = [IncomeFigure(date(2022, 1, 1), 7_500_00, 2), IncomeFigure(date(2022, 8, 1), 6_800_00, 2),
               IncomeFigure(date(2022, 12, 1), 7_600_00, 2)]
    assert "2022-12-01 起" in m.removal_why_not(figures, LINES, TODAY)


def test_002_xczx_1_3_no_figures_or_the_latest_below_this_year_s_line_refuses():
    assert "还没有记录收入" in m.removal_why_not([], LINES, TODAY)
    below = [IncomeFigure(date(2022, 1, 1), 7_500_00, 2), IncomeFigure(date(2022, 12, 1), 6_900_00, 2)]
    assert "没有超过" in m.removal_why_not(below, LINES, TODAY)
    next_year = [IncomeFigure(date(2022, 1, 1), 7_500_00, 2), IncomeFigure(date(2022, 12, 1), 7_500_00, 2)]
    assert "2023 年" in m.removal_why_not(next_year, LINES, date(2023, 1, 5))


def test_002_xczx_1_4_a_household_with_no_labour_force_is_never_removed():
    figures = [IncomeFigure(date(2022, 1, 1), 9_000_00, 0), IncomeFigure(date(2022, 12, 1), 9_000_00, 0)]
    why = m.removal_why_not(figures, LINES, TODAY)
    assert "没有劳动力" in why
    with pytest.raises(m.IllegalTransition, match="没有劳动力"):
        m.check_removal(figures, LINES, TODAY)


def test_the_lines_must_be_in_order():
    with pytest.raises(ValueError):
        Line(PROVINCE, 2022, 8_100_00, 8_000_00)
