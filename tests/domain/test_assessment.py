"""The preliminary opinion's calculation and the policy parameters it uses.

Figures are RULES.md's example values (Henan 2022): rural dibao 420 yuan a month, urban 630,
tekun at least 1.3 × (546 a month, 6,552 a year).
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from webapp.domain.assessment import (
    DIBAO,
    EXPENDITURE_HARDSHIP,
    NEAR_DIBAO,
    NOT_ELIGIBLE,
    TEKUN,
    Household,
    Line,
    Member,
    assess,
    no_labor_ability_reason,
)
from webapp.domain.income import MemberIncome
from webapp.domain.policy import (
    DEMO_COUNTY_CODE,
    HENAN_2022,
    NoPolicyInForce,
    PolicyParameters,
    in_force,
)

YUAN = 100
ADULT = Member(age=40)
NO_INCOME = MemberIncome.from_answers({})


def income(**answers) -> MemberIncome:
    """A member's annual income from form answers in yuan."""
    excluded = {k: v * YUAN for k, v in answers.pop("excluded", {}).items()}
    return MemberIncome.from_answers({k: v * YUAN for k, v in answers.items()} | {"excluded": excluded})


def household(*incomes: MemberIncome, members: tuple[Member, ...] | None = None, **kw) -> Household:
    """A rural household with property within limits; one adult per income unless members given."""
    defaults = {"hukou": "rural", "property_within_limits": True}
    members = members or tuple(ADULT for _ in incomes)
    return Household(members=members, incomes=tuple(incomes), **(defaults | kw))


def lines_of(result) -> dict[str, str]:
    return {line.label: line.value for line in result.lines}


# 002… 民政厅 第一类 (低保金的发放形式): 补差 — the actual gap between the per-capita income and
# the standard, for the household: standard × size − monthly income, rounded once to the fen.
def test_a_rural_household_below_the_standard_gets_the_exact_gap_rounded_once():
    # 3 people, 6,000 yuan counted a year: 500 a month, against 3 × 420 = 1,260.
    result = assess(household(income(wages=6000), NO_INCOME, NO_INCOME), HENAN_2022)

    assert result.category == DIBAO
    assert result.per_capita_monthly_fen == 166_67
    # Not (420 − 166.67) × 3 = 759.99: the per-person gap rounded, then multiplied.
    assert result.monthly_amount_fen == 1_260_00 - 500_00 == 760_00
    assert result.household_size == 3


# 002… 民政厅 第一类 (实际差额): rounding once, where the monthly income is no whole fen.
def test_the_gap_is_rounded_once_when_the_monthly_income_has_a_fraction_of_a_fen():
    # 1,000 yuan a year is 83.333… a month: 1,260 − 83.333… = 1,176.666… → 1,176.67, where the
    # per-person figure (27.78, gap 392.22 × 3) gave 1,176.66.
    result = assess(household(income(wages=1000), NO_INCOME, NO_INCOME), HENAN_2022)

    assert result.monthly_amount_fen == 1_176_67


# 002… 民政厅 第一类: 人均收入低于当地低保标准 — compared exactly, not from a rounded figure.
def test_a_household_a_fraction_of_a_fen_below_the_standard_is_below_it():
    # 3 people × 420 × 12 = 15,120 yuan a year is the line; 15,119.94 is below it, though its
    # per-capita monthly figure rounds to the standard itself (420.00).
    earner = MemberIncome.from_answers({"wages": 15_119_94, "excluded": {}})
    result = assess(household(earner, NO_INCOME, NO_INCOME), HENAN_2022)

    assert result.per_capita_monthly_fen == 420_00
    assert result.category == DIBAO
    assert result.monthly_amount_fen == 1  # 6 fen a year is half a fen a month: rounded up


# RULES.md "Household and income": the calculation is shown line by line.
def test_the_calculation_is_shown_line_by_line():
    result = assess(household(income(wages=6000), NO_INCOME, NO_INCOME), HENAN_2022)

    shown = lines_of(result)
    assert shown["家庭人口"] == "3 人"
    assert shown["家庭年收入（计入部分）"] == "6,000 元"
    assert shown["家庭月收入（计入部分）"] == "500 元"
    assert shown["人均月收入"] == "166.67 元"
    assert shown["当地低保标准（农村，每人每月）"] == "420 元"
    assert shown["家庭低保标准（每月）"] == "420 元 × 3 人 = 1,260 元"
    assert shown["计算"] == "1,260 元 − 500 元（家庭月收入）"
    assert shown["初审建议"] == "最低生活保障"
    assert result.lines[-1] == Line("月救助金额", "760 元")


# RULES.md "Household and income": the two disability subsidies are not counted as income.
def test_excluded_income_does_not_change_the_amount():
    plain = assess(household(income(wages=6000), NO_INCOME, NO_INCOME), HENAN_2022)
    with_subsidy = assess(
        household(income(wages=6000), income(excluded={"disability_subsidy": 2400}), NO_INCOME), HENAN_2022
    )

    assert with_subsidy.monthly_amount_fen == plain.monthly_amount_fen
    assert with_subsidy.category == DIBAO
    assert lines_of(with_subsidy)["不计入的收入（如残疾人两项补贴）"] == "2,400 元"


# RULES.md "Household and income": necessary costs of employment are deducted.
def test_employment_costs_are_deducted_and_shown():
    result = assess(household(income(wages=8000, employment_costs=2000)), HENAN_2022)

    assert result.per_capita_monthly_fen == 500_00
    assert lines_of(result)["其中已扣除就业必要成本"] == "2,000 元"


# RULES.md "Household and income": an adult, unemployed, severely disabled person applies alone.
def test_a_severely_disabled_adult_applies_as_a_single_person_household():
    applicant = Member(age=35, disability_kind="physical", disability_grade=1)
    parent = Member(age=58)
    parents_earn = income(wages=15000)
    whole = household(NO_INCOME, parents_earn, parents_earn, members=(applicant, parent, parent))

    assert assess(whole, HENAN_2022).category == NOT_ELIGIBLE  # 833.33 a month each, as one household
    alone = assess(replace(whole, single_person=True), HENAN_2022)

    assert alone.category == DIBAO
    assert alone.household_size == 1
    assert alone.monthly_amount_fen == 420_00
    assert lines_of(alone)["家庭人口"] == "1 人（单人户：成年无业重度残疾人）"


# RULES.md "Household and income": support from siblings or parents aged 60+ may be exempted.
def test_family_support_of_a_single_person_household_may_be_exempted():
    applicant = Member(age=35, disability_kind="intellectual", disability_grade=2)
    alone = household(income(support=2400), members=(applicant,), single_person=True)

    counted = assess(alone, HENAN_2022)
    exempted = assess(replace(alone, exempt_family_support=True), HENAN_2022)

    assert counted.monthly_amount_fen == 420_00 - 200_00
    assert exempted.monthly_amount_fen == 420_00
    assert lines_of(exempted)["不计入的兄弟姐妹或60岁以上父母给的扶养费"] == "2,400 元／年"


def test_the_support_exemption_is_only_for_a_single_person_household():
    with pytest.raises(ValueError, match="只有单人户"):
        household(income(support=2400), exempt_family_support=True)


# RULES.md "Household and income": a severely ill member of a near-dibao household alone.
def test_a_severely_ill_member_of_a_near_dibao_household_applies_alone():
    ill = Member(age=45, serious_illness=True)
    whole = household(NO_INCOME, income(wages=9000), income(wages=9000), members=(ill, ADULT, ADULT))
    assert assess(whole, HENAN_2022).category == NEAR_DIBAO  # 500 a month each

    alone = assess(replace(whole, single_person=True), HENAN_2022)

    assert alone.category == DIBAO
    assert alone.monthly_amount_fen == 420_00
    assert "低保边缘家庭" in lines_of(alone)["家庭人口"]


@pytest.mark.parametrize(
    "applicant",
    [
        Member(age=40),  # not disabled
        Member(age=16, disability_kind="physical", disability_grade=1),  # not adult, household not near
        Member(age=40, disability_kind="physical", disability_grade=3),  # not severe
        Member(age=40, disability_kind="visual", disability_grade=1, employed=True),  # employed
    ],
)
def test_a_single_person_household_is_refused_to_anyone_else(applicant):
    whole = household(NO_INCOME, income(wages=30000), members=(applicant, ADULT), single_person=True)

    with pytest.raises(ValueError, match="不符合单人户条件"):
        assess(whole, HENAN_2022)


# RULES.md "Who is a low-income person": tekun basic living standard ≥ 1.3 × the dibao standard.
def test_tekun_at_1_3_times_the_standard():
    elderly = household(NO_INCOME, members=(Member(age=72),), no_income_source=True, no_supporter=True)

    result = assess(elderly, HENAN_2022)

    assert result.category == TEKUN
    assert result.monthly_amount_fen == 546_00
    assert result.monthly_amount_fen * 12 == 6552_00  # RULES.md: rural 6,552 a year
    shown = lines_of(result)
    assert shown["特困人员基本生活标准（低保标准 × 1.3）"] == "546 元"
    assert shown["无劳动能力"] == "年满60周岁"


# RULES.md "Who is a low-income person": all three conditions (三无).
@pytest.mark.parametrize(("no_income_source", "no_supporter"), [(False, True), (True, False)])
def test_tekun_needs_no_income_source_and_no_supporter(no_income_source, no_supporter):
    elderly = household(NO_INCOME, members=(Member(age=72),),
                        no_income_source=no_income_source, no_supporter=no_supporter)

    assert assess(elderly, HENAN_2022).category == DIBAO


def test_tekun_needs_every_person_without_labor_ability():
    couple = household(NO_INCOME, NO_INCOME, members=(Member(age=72), Member(age=55)),
                       no_income_source=True, no_supporter=True)

    assert assess(couple, HENAN_2022).category == DIBAO


# RULES.md "Who is a low-income person", "No labor ability": ≥ 60; < 16; intellectual or mental
# grade 1–3; physical grade 1–2; visual grade 1.
@pytest.mark.parametrize(
    ("member", "no_labor_ability"),
    [
        (Member(age=60), True),
        (Member(age=59), False),
        (Member(age=15), True),
        (Member(age=16), False),
        (Member(age=30, disability_kind="intellectual", disability_grade=3), True),
        (Member(age=30, disability_kind="intellectual", disability_grade=4), False),
        (Member(age=30, disability_kind="mental", disability_grade=1), True),
        (Member(age=30, disability_kind="mental", disability_grade=4), False),
        (Member(age=30, disability_kind="physical", disability_grade=2), True),
        (Member(age=30, disability_kind="physical", disability_grade=3), False),
        (Member(age=30, disability_kind="visual", disability_grade=1), True),
        (Member(age=30, disability_kind="visual", disability_grade=2), False),
        (Member(age=30, disability_kind="hearing", disability_grade=1), False),
        # The applicant's own answer does not decide it: the rule does.
        (Member(age=30, labor_ability="none"), False),
    ],
)
def test_no_labor_ability_follows_the_rule(member, no_labor_ability):
    assert (no_labor_ability_reason(member) is not None) is no_labor_ability


def test_the_disability_that_removes_labor_ability_is_shown():
    person = Member(age=30, disability_kind="intellectual", disability_grade=2)
    alone = household(NO_INCOME, members=(person,), no_income_source=True, no_supporter=True)

    assert lines_of(assess(alone, HENAN_2022))["无劳动能力"] == "智力残疾2级"


# RULES.md "Who is a low-income person": near-dibao below 1.5 × the standard, not dibao-eligible.
@pytest.mark.parametrize(
    ("annual_yuan", "category"),
    [
        (15119, DIBAO),  # 419.97 a month
        (15120, NEAR_DIBAO),  # exactly 420: not below the standard
        (18000, NEAR_DIBAO),  # 500
        (22679, NEAR_DIBAO),  # 629.97
        (22680, NOT_ELIGIBLE),  # exactly 630: not below 1.5 ×
        (27000, NOT_ELIGIBLE),  # 750
    ],
)
def test_categories_by_per_capita_income(annual_yuan, category):
    result = assess(household(income(wages=annual_yuan), NO_INCOME, NO_INCOME), HENAN_2022)

    assert result.category == category
    if category != DIBAO:
        assert result.monthly_amount_fen == 0


def test_the_near_dibao_line_is_shown():
    result = assess(household(income(wages=18000), NO_INCOME, NO_INCOME), HENAN_2022)

    assert lines_of(result)["低保边缘标准（低保标准 × 1.5）"] == "630 元"
    assert lines_of(result)["初审建议"] == "低保边缘家庭"


# RULES.md "Who is a low-income person": property within local limits for dibao and near-dibao.
@pytest.mark.parametrize("annual_yuan", [6000, 18000])
def test_property_beyond_the_limits_rules_out_dibao_and_near_dibao(annual_yuan):
    result = assess(household(income(wages=annual_yuan), NO_INCOME, NO_INCOME,
                              property_within_limits=False), HENAN_2022)

    assert result.category == NOT_ELIGIBLE
    assert lines_of(result)["家庭财产"] == "超过当地规定"


# RULES.md "Who is a low-income person": urban households use the urban standard.
def test_an_urban_household_uses_the_urban_standard():
    result = assess(household(income(wages=6000), hukou="urban"), HENAN_2022)

    assert result.standard_fen == 630_00
    assert result.monthly_amount_fen == 630_00 - 500_00
    assert "当地低保标准（城市，每人每月）" in lines_of(result)


# RULES.md "Who is a low-income person": expenditure hardship — per-capita income below last
# year's disposable income and medical + education spending above the local share of income.
@pytest.mark.parametrize(
    ("annual_yuan", "medical", "education", "category"),
    [
        (27000, 12000, 3000, EXPENDITURE_HARDSHIP),  # 9,000 each; spending 55.6% > 50%
        (27000, 13500, 0, NOT_ELIGIBLE),  # exactly 50%: not above the ratio
        (27000, 1000, 0, NOT_ELIGIBLE),
        (60000, 40000, 0, NOT_ELIGIBLE),  # 20,000 each: above 17,533
    ],
)
def test_expenditure_hardship(annual_yuan, medical, education, category):
    result = assess(
        household(income(wages=annual_yuan), NO_INCOME, NO_INCOME,
                  medical_spending=medical * YUAN, education_spending=education * YUAN),
        HENAN_2022,
    )

    assert result.category == category
    assert result.monthly_amount_fen == 0


def test_the_expenditure_share_is_shown():
    result = assess(household(income(wages=27000), NO_INCOME, NO_INCOME,
                              medical_spending=12000 * YUAN, education_spending=3000 * YUAN), HENAN_2022)

    shown = lines_of(result)
    assert shown["看病和上学支出（近12个月）"] == "15,000 元"
    assert shown["支出占家庭年收入"] == "55.6%"
    assert shown["当地规定比例"] == "50%"
    assert shown["初审建议"] == "刚性支出困难家庭"


def test_member_from_the_form_answers():
    answers = {"disability_kind": "visual", "disability_grade": "1", "serious_illness": "no",
               "labor_ability": "none", "work": "unemployed"}

    assert Member.from_answers(answers, age=50) == Member(
        age=50, labor_ability="none", disability_kind="visual", disability_grade=1
    )
    assert Member.from_answers({"work": "employed", "serious_illness": "yes"}, age=30).employed


# RULES.md: standards differ by county and change every year — kept per region and period.
PROVINCE = replace(HENAN_2022, region_code="41")
COUNTY_2024 = replace(HENAN_2022, effective_from=date(2024, 1, 1), effective_to=date(2024, 12, 31),
                      dibao_rural_monthly=450_00)
COUNTY_2025 = replace(HENAN_2022, effective_from=date(2025, 1, 1), dibao_rural_monthly=470_00)
COUNTY_UP = ["999901101201", "999901101000", DEMO_COUNTY_CODE, "41"]


def test_the_most_specific_region_with_a_period_covering_the_date_is_used():
    params = [PROVINCE, COUNTY_2024, COUNTY_2025]

    assert in_force(params, COUNTY_UP, date(2024, 12, 31)).dibao_rural_monthly == 450_00
    assert in_force(params, COUNTY_UP, date(2025, 1, 1)).dibao_rural_monthly == 470_00
    assert in_force([PROVINCE], COUNTY_UP, date(2025, 1, 1)) is PROVINCE


def test_a_later_period_supersedes_an_open_ended_one():
    assert in_force([HENAN_2022, COUNTY_2024], COUNTY_UP, date(2024, 6, 1)) is COUNTY_2024
    assert in_force([HENAN_2022, COUNTY_2024], COUNTY_UP, date(2025, 6, 1)) is HENAN_2022


def test_no_parameters_in_force_is_an_error_naming_the_date():
    with pytest.raises(NoPolicyInForce, match="2021-06-01"):
        in_force([HENAN_2022], COUNTY_UP, date(2021, 6, 1))


# RULES.md "Household and income" and "Temporary assistance": the Henan 2022 example values.
def test_the_henan_2022_example_values():
    assert HENAN_2022.dibao_monthly("rural") == 420_00
    assert HENAN_2022.dibao_monthly("urban") == 630_00
    assert HENAN_2022.tekun_monthly("rural") == 546_00
    assert HENAN_2022.near_dibao_line("rural") == 630_00
    assert HENAN_2022.temporary_aid_limits() == (1890_00, 3780_00)  # 630 × 3, 630 × 6
    assert HENAN_2022.phase_out_months == 6
    assert (HENAN_2022.deadlines.standard, HENAN_2022.deadlines.township_confirms,
            HENAN_2022.deadlines.extended) == (30, 20, 45)


def test_the_tekun_standard_is_rounded_up_so_it_is_never_below_1_3_times():
    params = replace(HENAN_2022, dibao_rural_monthly=333_33)

    assert params.tekun_monthly("rural") == 433_33  # 433.329 rounded up
    assert params.tekun_monthly("rural") >= Decimal("1.3") * 333_33


@pytest.mark.parametrize(
    "change",
    [
        {"effective_to": date(2021, 12, 31)},
        {"dibao_rural_monthly": 0},
        {"near_dibao_multiplier": Decimal("1")},
        {"temporary_aid_township_multiple": 7},
    ],
)
def test_impossible_parameters_are_refused(change):
    with pytest.raises(ValueError):
        PolicyParameters(**(vars(HENAN_2022) | change))
