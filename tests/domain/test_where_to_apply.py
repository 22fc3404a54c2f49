"""Where to apply (`000…` 四(三)) and local hukou (`002…` 民政厅 第一类 2: 具有当地常住户口)."""

from dataclasses import replace

import pytest

from tests.domain.test_assessment import ADULT, NO_INCOME, household, income, lines_of
from webapp.domain.assessment import DIBAO, NOT_ELIGIBLE, Member, assess
from webapp.domain.policy import HENAN_2022
from webapp.domain.where_to_apply import (
    COUNTY,
    OTHER_PROVINCE,
    PROVINCE,
    UNKNOWN,
    VILLAGE,
    areas_of,
    decide,
)


def test_a_household_with_its_hukou_here_applies_here():
    decision = decide((VILLAGE, "", ""))

    assert decision.here is True
    assert not decision.apart


def test_other_members_are_with_the_applicant_unless_said():
    assert areas_of((COUNTY, "", OTHER_PROVINCE)) == (COUNTY, COUNTY, OTHER_PROVINCE)
    assert areas_of(("",)) == (VILLAGE,)


# 000… 四(一): 人户分离 — the deadline may be extended.
def test_hukou_elsewhere_in_the_county_applies_here_as_living_apart():
    decision = decide((COUNTY,))

    assert decision.here is True
    assert decision.apart
    assert "45个工作日" in decision.reason


# 000… 四(三): 由其中一个户籍所在地与经常居住地一致的家庭成员向其户籍所在地提出申请.
def test_a_member_whose_hukou_is_here_applies_for_a_household_split_across_provinces():
    decision = decide((OTHER_PROVINCE, VILLAGE))

    assert decision.here is True
    assert "第 2 位家庭成员" in decision.reason


# 000… 四(三): 户籍所在地与经常居住地均不一致的，可由任一家庭成员向其户籍所在地提出申请.
def test_a_household_with_no_hukou_here_applies_at_a_hukou_place():
    decision = decide((OTHER_PROVINCE, PROVINCE))

    assert decision.here is False
    assert decision.reason == "全家户籍都不在本县（外省、本省其他县市）：应由任一家庭成员向其户籍所在地申请"


# 000… 四(三): 有条件的地区可以有序推进持有居住证人员在居住地提出低保申请.
@pytest.mark.parametrize(("accepts", "here"), [(True, True), (False, False)])
def test_a_residence_permit_counts_where_the_county_accepts_it(accepts, here):
    assert decide((OTHER_PROVINCE,), (True,), accepts_residence_permit=accepts).here is here


def test_an_unknown_hukou_place_is_checked_first():
    assert decide((UNKNOWN,)).here is None


def test_an_unknown_area_is_refused():
    with pytest.raises(ValueError):
        decide(("mars",))


# The opinion shows where to apply, and proposes nothing here for a household that applies
# elsewhere.
def test_the_opinion_shows_where_to_apply_and_proposes_nothing_here_for_hukou_elsewhere():
    poor = household(income(wages=6000), NO_INCOME, NO_INCOME)
    assert lines_of(assess(poor, HENAN_2022))["户籍与申请地"] == "申请人户籍在本村（社区），在此申请"
    assert assess(poor, HENAN_2022).category == DIBAO

    away = replace(poor, members=(Member(age=40, hukou_area=OTHER_PROVINCE), ADULT, ADULT))
    result = assess(away, HENAN_2022)

    assert result.category == NOT_ELIGIBLE
    assert result.monthly_amount_fen == 0
    assert "应由任一家庭成员向其户籍所在地申请" in lines_of(result)["户籍与申请地"]


# 000… 四(三): 持有居住证人员在居住地提出低保申请, where the county's parameters accept it.
@pytest.mark.parametrize(("accepts", "category"), [(True, DIBAO), (False, NOT_ELIGIBLE)])
def test_the_opinion_follows_the_countys_residence_permit_choice(accepts, category):
    outsider = Member(age=40, hukou_area=OTHER_PROVINCE)
    away = household(income(wages=6000), NO_INCOME, members=(outsider, ADULT), residence_permit=True)

    result = assess(away, replace(HENAN_2022, accepts_residence_permit=accepts))

    assert result.category == category
