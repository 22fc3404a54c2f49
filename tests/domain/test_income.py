"""Household income: RULES.md "Household and income"."""

import pytest

from webapp.domain.income import (
    COUNTED_KINDS,
    EXCLUDED_KINDS,
    MemberIncome,
    counted_income,
    exclusions,
    household_income,
    official_answers,
    plain_amounts,
)

YUAN = 100


def member(**answers) -> MemberIncome:
    """A member's income from form answers given in fen."""
    return MemberIncome.from_answers(answers)


def test_missing_answers_count_as_nothing():
    income = member()

    assert counted_income(income) == 0
    assert set(income.counted) == set(COUNTED_KINDS)
    assert set(income.excluded) == set(EXCLUDED_KINDS)


def test_every_counted_kind_is_added_up():
    income = member(**{kind: 100 * YUAN for kind in COUNTED_KINDS})

    assert counted_income(income) == len(COUNTED_KINDS) * 100 * YUAN


# RULES.md "Household and income": not counted as income (002… 民政厅 第四部分 误区一;
# 001… 二(八) for the basic pension).
@pytest.mark.parametrize(
    "kind",
    [
        "disability_subsidy",
        "old_age_allowance",
        "survivor_pension",
        "family_planning",
        "award",
        "basic_pension",
    ],
)
def test_excluded_kind_is_left_out_of_the_counted_income(kind):
    income = member(wages=1000 * YUAN, excluded={kind: 500 * YUAN})

    assert counted_income(income) == 1000 * YUAN


# RULES.md "Household and income": not counted as income.
def test_excluded_amounts_are_reported_separately_for_the_household():
    income = member(wages=1000 * YUAN, excluded={"old_age_allowance": 600 * YUAN})

    result = household_income([income], household_size=1)

    assert result.counted_total == 1000 * YUAN
    assert result.excluded_total == 600 * YUAN


# RULES.md "Household and income": necessary costs of employment may be deducted (001… 二(一)).
def test_employment_costs_are_deducted_from_wages():
    income = member(wages=30000 * YUAN, employment_costs=2000 * YUAN)

    assert counted_income(income) == 28000 * YUAN


# RULES.md "Household and income": necessary costs of employment may be deducted.
def test_employment_costs_are_deducted_from_business_income():
    income = member(business=10000 * YUAN, employment_costs=3000 * YUAN)

    assert counted_income(income) == 7000 * YUAN


# RULES.md "Household and income": the deduction is for income earned by employment only.
def test_employment_costs_never_reduce_other_income():
    income = member(
        wages=1000 * YUAN, transfers=5000 * YUAN, support=2000 * YUAN, employment_costs=4000 * YUAN
    )

    assert counted_income(income) == 7000 * YUAN


# RULES.md "Household and income": the deduction is for income earned by employment only.
def test_employment_costs_without_any_earnings_deduct_nothing():
    income = member(farming=4000 * YUAN, employment_costs=1000 * YUAN)

    result = household_income([income], household_size=1)

    assert result.counted_total == 4000 * YUAN
    assert result.deductions == 0


def test_household_reports_the_deductions_actually_made():
    capped = member(wages=1000 * YUAN, employment_costs=1500 * YUAN)
    full = member(business=2000 * YUAN, employment_costs=500 * YUAN)

    assert household_income([capped, full], household_size=3).deductions == 1500 * YUAN


# RULES.md "Household and income": the unit is the household of members who live together.
def test_per_capita_income_divides_by_everyone_in_the_household():
    earner = member(wages=15120 * YUAN)

    result = household_income([earner], household_size=3)

    assert result.members == 3
    assert result.per_capita_annual == 5040 * YUAN
    assert result.per_capita_monthly == 420 * YUAN


def test_per_capita_annual_rounds_half_a_fen_up():
    assert household_income([member(wages=1001)], household_size=2).per_capita_annual == 501


def test_per_capita_annual_rounds_less_than_half_a_fen_down():
    assert household_income([member(wages=1000)], household_size=3).per_capita_annual == 333


def test_per_capita_monthly_rounds_half_a_fen_up():
    assert household_income([member(wages=18)], household_size=1).per_capita_monthly == 2


def test_per_capita_monthly_rounds_less_than_half_a_fen_down():
    assert household_income([member(wages=17)], household_size=1).per_capita_monthly == 1


def test_household_with_no_income_has_zero_per_capita_income():
    result = household_income([], household_size=2)

    assert (result.per_capita_annual, result.per_capita_monthly) == (0, 0)


def test_household_of_nobody_is_refused():
    with pytest.raises(ValueError):
        household_income([member(wages=100)], household_size=0)


# --- plain sources (issue 11 item 4) ----------------------------------------------------------

def test_plain_sources_are_counted_as_their_official_kind():
    stored = official_answers({"work": 1200000, "farming": 300000, "retirement": 600000,
                               "other_subsidy": 10000, "relatives": 200000, "rent": 5000}, 50000)

    assert (stored["wages"], stored["farming"], stored["transfers"], stored["support"],
            stored["property"], stored["employment_costs"]) == (1200000, 300000, 610000, 200000,
                                                                5000, 50000)
    assert MemberIncome.from_answers(stored).counted["transfers"] == 610000


def test_the_basic_pension_is_left_out_001_2_8():
    """001… 二(八): the basic pension of the urban-rural resident pension is not counted."""
    income = MemberIncome.from_answers(official_answers({"resident_pension": 180000}))

    assert counted_income(income) == 0
    assert income.excluded["basic_pension"] == 180000
    assert exclusions(income) == ["城乡居民基础养老金不算收入（国家规定“十四五”期间不计入低保家庭收入）。"]


def test_disability_subsidies_and_old_age_allowance_are_left_out_002_part4_myth1():
    """002… 民政厅 第四部分 误区一: 残疾人两项补贴, 高龄津贴, 抚恤金, 计划生育奖励扶助金 and
    rewards are not counted."""
    sources = {"disability_subsidy": 100, "old_age_allowance": 200, "survivor_pension": 300,
               "family_planning": 400, "award": 500}
    income = MemberIncome.from_answers(official_answers(sources))

    assert counted_income(income) == 0
    assert sum(income.excluded.values()) == 1500


def test_an_answer_saved_in_the_official_shape_reads_back_as_plain_amounts():
    assert plain_amounts({"wages": 100, "transfers": 50, "excluded": {"basic_pension": 70}}) == {
        "work": 100, "other_subsidy": 50, "resident_pension": 70}
