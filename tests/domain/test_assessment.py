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
    NO_LABOR_GRADES,
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
from webapp.domain.supporters import Supporter
from webapp.flows.choices import DISABILITY_KINDS

YUAN = 100
ADULT = Member(age=40)
NO_INCOME = MemberIncome.from_answers({})


def income(**answers) -> MemberIncome:
    """A member's annual income from form answers in yuan."""
    excluded = {k: v * YUAN for k, v in answers.pop("excluded", {}).items()}
    return MemberIncome.from_answers({k: v * YUAN for k, v in answers.items()} | {"excluded": excluded})


def household(*incomes: MemberIncome, members: tuple[Member, ...] | None = None, **kw) -> Household:
    """A rural household with property within limits and its members' supporters recorded; one
    adult per income unless members given."""
    defaults = {"hukou": "rural", "property_within_limits": True, "supporters_recorded": True}
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


# 000… 一(一): 依靠兄弟姐妹或者60周岁及以上老年人供养的成年无业重度残疾人 … 供养费用可以视情适当豁免.
def test_support_from_siblings_or_persons_aged_60_may_be_exempted_on_the_single_person_route():
    applicant = Member(age=35, disability_kind="intellectual", disability_grade=2)
    alone = household(income(support=2400), members=(applicant,), single_person=True)

    counted = assess(alone, HENAN_2022)
    exempted = assess(replace(alone, exempt_family_support=True), HENAN_2022)

    assert counted.monthly_amount_fen == 420_00 - 200_00
    assert exempted.monthly_amount_fen == 420_00
    assert lines_of(exempted)["不计入的兄弟姐妹或60周岁及以上老年人给付的供养费用"] == "2,400 元／年"


def test_the_support_exemption_is_only_for_a_single_person_household():
    with pytest.raises(ValueError, match="只有单人户"):
        household(income(support=2400), exempt_family_support=True)


# 000… 一(一): the exemption belongs to the 成年无业重度残疾人 route, not to 一(四)'s.
def test_the_support_exemption_is_not_used_on_the_near_dibao_route():
    ill = Member(age=45, serious_illness=True)
    whole = household(income(support=2400), income(wages=9000), income(wages=9000),
                      members=(ill, ADULT, ADULT), single_person=True, exempt_family_support=True)

    result = assess(whole, HENAN_2022)

    assert result.monthly_amount_fen == 420_00 - 200_00
    assert lines_of(result)["兄弟姐妹或60周岁及以上老年人给付的供养费用"] == \
        "只对成年无业重度残疾人豁免，本户照常计入"


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
        Member(age=40, disability_kind="visual", disability_grade=1, work="self_employed"),
    ],
)
def test_the_single_person_route_is_refused_to_anyone_else_and_the_whole_household_assessed(applicant):
    whole = household(NO_INCOME, income(wages=30000), members=(applicant, ADULT), single_person=True)

    result = assess(whole, HENAN_2022)

    assert result.household_size == 2
    assert lines_of(result)["单人户"].startswith("申请人不符合单人户条件")
    assert result.category == NOT_ELIGIBLE  # 1,250 a month each


# 000… 一(一) read: 在家务农 is not a job for 成年无业 — a severely disabled person who farms a
# little still applies alone.
def test_a_severely_disabled_adult_who_farms_a_little_is_unemployed_for_the_single_person_route():
    farmer = Member.from_answers({"disability_kind": "physical", "disability_grade": "2",
                                  "work": "farming"}, age=40)
    whole = household(income(farming=1200), income(wages=30000), members=(farmer, ADULT),
                      single_person=True)

    alone = assess(whole, HENAN_2022)

    assert farmer.employed  # farming is work for the household's income ...
    assert alone.household_size == 1  # ... but not a job for 成年无业
    assert alone.monthly_amount_fen == 420_00 - 100_00


# 000… 一(一): 申请家庭符合条件的，不得仅将个别家庭成员纳入低保范围.
def test_a_household_that_qualifies_as_a_whole_is_not_split_for_a_single_person():
    applicant = Member(age=35, disability_kind="physical", disability_grade=1)
    whole = household(NO_INCOME, income(wages=6000), members=(applicant, Member(age=62)),
                      single_person=True)

    result = assess(whole, HENAN_2022)

    assert result.household_size == 2
    assert result.category == DIBAO
    assert result.monthly_amount_fen == 840_00 - 500_00
    assert lines_of(result)["单人户"] == "全家符合低保条件，按全家审核，不得仅将个别家庭成员纳入"


# 000… 一(一) (issue 12's browser case): a severely disabled adult living with his mother is
# proposed as a single-person household.
def test_a_severely_disabled_adult_living_with_his_mother_is_proposed_alone():
    son = Member(age=38, disability_kind="intellectual", disability_grade=1, work="unemployed")
    mother = Member(age=63)
    # The mother, 63, gives him 1,200 a year from her 12,000: 550 a month each as one household.
    whole = household(income(support=1200), income(wages=12000), members=(son, mother),
                      single_person=True, exempt_family_support=True)

    result = assess(whole, HENAN_2022)

    assert result.category == DIBAO
    assert result.household_size == 1
    assert result.monthly_amount_fen == 420_00  # her support exempted
    assert lines_of(result)["家庭人口"] == "1 人（单人户：成年无业重度残疾人）"


# 002… 民政厅 第二类 2–3: tekun — 三无 per person and the person's own wish; basic living
# standard ≥ 1.3 × dibao.
def tekun_person(**kw) -> Member:
    return Member(**({"age": 72, "wants_tekun_care": True} | kw))


def test_tekun_at_1_3_times_the_standard():
    elderly = household(NO_INCOME, members=(tekun_person(),))

    result = assess(elderly, HENAN_2022)

    assert result.category == TEKUN
    assert result.monthly_amount_fen == 546_00
    assert result.monthly_amount_fen * 12 == 6552_00  # RULES.md: rural 6,552 a year
    shown = lines_of(result)
    assert shown["特困人员基本生活标准（低保标准 × 1.3）"] == "546 元"
    assert shown["无劳动能力"] == "年满60周岁"
    assert shown["无生活来源"] == "本人月收入 0 元，低于低保标准 420 元，财产符合低保规定"
    assert shown["无法定义务人或义务人无履行义务能力"] == "无法定赡养、抚养、扶养义务人"
    assert shown["本人意愿"] == "愿意特困供养"


# 002… 民政厅 第二类 3: 基本生活标准 + 照料护理标准, the care standard per level a parameter.
@pytest.mark.parametrize(("level", "care"), [("full_care", 600_00), ("partial_care", 300_00),
                                             ("self_care", 60_00), ("", 0)])
def test_the_tekun_amount_is_the_basic_standard_plus_the_care_standard_of_the_level(level, care):
    result = assess(household(NO_INCOME, members=(tekun_person(care_level=level),)), HENAN_2022)

    assert result.monthly_amount_fen == 546_00 + care
    name = {"full_care": "全护理", "partial_care": "半护理", "self_care": "全自理", "": "护理等级未评估"}
    label = f"照料护理标准（{name[level]}）"
    assert lines_of(result)[label] == f"{care // 100:,} 元"


def test_the_care_standard_follows_the_county_parameters():
    params = replace(HENAN_2022, tekun_care_full_monthly=700_00)

    result = assess(household(NO_INCOME, members=(tekun_person(care_level="full_care"),)), params)

    assert result.monthly_amount_fen == 546_00 + 700_00


# 002… 民政厅 第二类 2(2): 无生活来源 — the person's own income below the dibao standard AND
# property within the dibao limits, computed, not a checkbox.
def test_tekun_needs_the_persons_own_income_below_the_standard():
    earning = household(income(transfers=5040), members=(tekun_person(),))  # 420 a month: not below

    result = assess(earning, HENAN_2022)

    assert result.category == NEAR_DIBAO
    assert lines_of(result)["无生活来源"] == "否"


def test_tekun_needs_property_within_the_limits():
    result = assess(household(NO_INCOME, members=(tekun_person(),), property_within_limits=False),
                    HENAN_2022)

    assert result.category == NOT_ELIGIBLE
    assert lines_of(result)["无生活来源"] == "否"


# 002… 民政厅 第二类 2(3): a supporter able to support rules tekun out.
def test_tekun_needs_no_supporter_able_to_support():
    son = Supporter(relation="儿子", age=45)
    result = assess(household(NO_INCOME, members=(tekun_person(supporters=(son,)),)), HENAN_2022)

    assert result.category == DIBAO
    assert lines_of(result)["无法定义务人或义务人无履行义务能力"] == "否"


def test_a_supporter_without_capacity_does_not_rule_tekun_out():
    son = Supporter(relation="儿子", age=40, incapacity="incapacitated",
                    property_within_near_dibao_limits=True)
    result = assess(household(NO_INCOME, members=(tekun_person(supporters=(son,)),)), HENAN_2022)

    assert result.category == TEKUN
    assert lines_of(result)["无法定义务人或义务人无履行义务能力"].startswith("儿子：无民事行为能力")


# 002… 民政厅 第二类 2: 首先要尊重当事人的个人意愿 — 三无 without the wish is assessed for dibao.
def test_a_person_meeting_the_three_nos_who_does_not_wish_tekun_is_assessed_for_dibao():
    result = assess(household(NO_INCOME, members=(tekun_person(wants_tekun_care=False),)), HENAN_2022)

    assert result.category == DIBAO
    assert result.monthly_amount_fen == 420_00
    assert lines_of(result)["特困供养"] == "符合“三无”条件，但本人未申请特困供养（尊重本人意愿）：按低保审核"


# 002… 民政厅 第二类 2(3): no supporter is a finding only once the supporters were looked into.
def test_no_supporter_listed_is_not_a_finding_until_the_supporters_are_recorded():
    result = assess(household(NO_INCOME, members=(tekun_person(),), supporters_recorded=False), HENAN_2022)

    assert result.category == DIBAO
    assert lines_of(result)["无法定义务人或义务人无履行义务能力"] == "义务人情况未调查"


def test_nothing_about_tekun_is_shown_when_no_one_asked_and_nothing_was_recorded():
    result = assess(household(NO_INCOME, members=(Member(age=72),), supporters_recorded=False), HENAN_2022)

    assert "特困供养" not in lines_of(result)
    assert "无劳动能力" not in lines_of(result)


def test_tekun_needs_every_person_without_labor_ability():
    couple = household(NO_INCOME, NO_INCOME, members=(tekun_person(), tekun_person(age=55)))

    result = assess(couple, HENAN_2022)

    assert result.category == DIBAO
    assert lines_of(result)["特困供养"].startswith("只有第 1 人符合特困条件")
    assert lines_of(result)["无劳动能力（第 2 人）"] == "否"


def test_an_elderly_couple_both_tekun_get_the_standard_and_care_each():
    couple = household(NO_INCOME, NO_INCOME, members=(tekun_person(care_level="partial_care"),
                                                      tekun_person(age=80, care_level="full_care")))

    result = assess(couple, HENAN_2022)

    assert result.category == TEKUN
    assert result.monthly_amount_fen == 2 * 546_00 + 300_00 + 600_00
    assert lines_of(result)["照料护理标准（第 2 人）（全护理）"] == "600 元"


# RULES.md "Who is a low-income person", "No labor ability" (002… 民政厅 第二类 2(1)): ≥ 60; < 16;
# intellectual or mental grade 1–3; physical grade 1–2; visual grade 1; of the other kinds the
# form offers, hearing and speech do not count, multiple counts at grades 1–2 (by its most
# severe kind).
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
        (Member(age=30, disability_kind="speech", disability_grade=1), False),
        (Member(age=30, disability_kind="multiple", disability_grade=1), True),
        (Member(age=30, disability_kind="multiple", disability_grade=2), True),
        (Member(age=30, disability_kind="multiple", disability_grade=3), False),
        # The applicant's own answer does not decide it: the rule does.
        (Member(age=30, labor_ability="none"), False),
    ],
)
def test_no_labor_ability_follows_the_rule(member, no_labor_ability):
    assert (no_labor_ability_reason(member) is not None) is no_labor_ability


def test_every_disability_kind_the_form_offers_is_decided():
    offered = {kind for kind in DISABILITY_KINDS if kind}

    assert offered == set(NO_LABOR_GRADES) | {"hearing", "speech"}


def test_the_disability_that_removes_labor_ability_is_shown():
    person = tekun_person(age=30, disability_kind="intellectual", disability_grade=2)
    alone = household(NO_INCOME, members=(person,))

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
        age=50, labor_ability="none", disability_kind="visual", disability_grade=1, work="unemployed"
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


# 004… §二 (医疗、教育等必需支出), 002… 第二部分 (三)3 (因病因残等必要的刚性支出), 000… 三(三)
# (因病因残因意外事故): the necessary spending counted for expenditure hardship.
def test_spending_on_disability_and_accidents_counts_as_necessary_spending():
    result = assess(household(income(wages=27000), NO_INCOME, NO_INCOME, medical_spending=6000 * YUAN,
                              disability_spending=5000 * YUAN, accident_spending=3000 * YUAN), HENAN_2022)

    shown = lines_of(result)
    assert result.category == EXPENDITURE_HARDSHIP  # 14,000 of 27,000: 51.9% > 50%
    assert shown["残疾康复、护理支出（近12个月）"] == "5,000 元"
    assert shown["意外事故支出（近12个月）"] == "3,000 元"
    assert shown["必需支出合计"] == "14,000 元"
    assert shown["支出占家庭年收入"] == "51.9%"


# 002… 民政厅 第二类 3: care standards are parameters; full care is never below half care.
@pytest.mark.parametrize("change", [
    {"tekun_care_self_monthly": -1},
    {"tekun_care_full_monthly": 200_00, "tekun_care_partial_monthly": 300_00},
])
def test_impossible_care_standards_are_refused(change):
    with pytest.raises(ValueError, match="照料护理标准"):
        PolicyParameters(**(vars(HENAN_2022) | change))
