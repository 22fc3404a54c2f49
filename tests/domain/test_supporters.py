"""无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力 (`002…` 民政厅 第二类 2(3)): the six
cases in which a legal supporter has no capacity to support, with the conditions of ②–⑤."""

import pytest

from webapp.domain.supporters import (
    AGED_70_LOW_INCOME,
    CITY_RULE,
    DIBAO_AGED_60,
    DISABLED_LOW_INCOME,
    INCAPACITATED,
    TEKUN,
    Supporter,
    no_able_supporter,
    unable,
    unable_reason,
)

BOTH = {"income_below_disposable": True, "property_within_near_dibao_limits": True}


# ① 特困人员；② 60周岁以上的最低生活保障对象
def test_a_supporter_who_is_tekun_is_unable():
    assert unable(Supporter("儿子", incapacity=TEKUN))


@pytest.mark.parametrize(("age", "is_unable"), [(60, True), (59, False), (None, True)])
def test_a_dibao_recipient_supporter_is_unable_from_60(age, is_unable):
    assert unable(Supporter("女儿", age=age, incapacity=DIBAO_AGED_60)) is is_unable


# ③ 70周岁以上的老年人，本人收入低于当地上年人均可支配收入，且其财产符合当地低保边缘家庭财产状况规定的
@pytest.mark.parametrize(
    ("age", "conditions", "is_unable"),
    [
        (70, BOTH, True),
        (69, BOTH, False),
        (75, {"income_below_disposable": True}, False),
        (75, {"property_within_near_dibao_limits": True}, False),
    ],
)
def test_a_supporter_aged_70_is_unable_only_with_low_income_and_near_dibao_property(
        age, conditions, is_unable):
    assert unable(Supporter("丈夫", age=age, incapacity=AGED_70_LOW_INCOME, **conditions)) is is_unable


# ④ 重度残疾人和残疾等级为三级的智力、精神残疾人，本人收入低于…，且其财产符合…
@pytest.mark.parametrize(
    ("conditions", "is_unable"),
    [(BOTH, True), ({"income_below_disposable": True}, False),
     ({"property_within_near_dibao_limits": True}, False)],
)
def test_a_disabled_supporter_is_unable_only_with_both_conditions(conditions, is_unable):
    assert unable(Supporter("儿子", incapacity=DISABLED_LOW_INCOME, **conditions)) is is_unable


# ⑤ 无民事行为能力、被宣告失踪或者在监狱服刑的人员，且其财产符合当地低保边缘家庭财产状况规定的
@pytest.mark.parametrize(("property_ok", "is_unable"), [(True, True), (False, False)])
def test_a_supporter_in_prison_or_missing_is_unable_with_near_dibao_property(property_ok, is_unable):
    supporter = Supporter("儿子", incapacity=INCAPACITATED, property_within_near_dibao_limits=property_ok)
    assert unable(supporter) is is_unable


# ⑥ 省辖市人民政府规定的其他情形 — only with the city rule named.
def test_a_city_rule_needs_its_name():
    assert not unable(Supporter("侄子", incapacity=CITY_RULE))
    named = Supporter("侄子", incapacity=CITY_RULE, note="某市规定")
    assert unable_reason(named) == "省辖市人民政府规定的其他情形"


def test_a_supporter_with_no_case_is_able():
    assert not unable(Supporter("儿子", age=45))


def test_an_unknown_case_is_refused():
    with pytest.raises(ValueError):
        Supporter("儿子", incapacity="poor")


# 无法定…义务人 (none found) or every one of them unable.
def test_no_able_supporter_needs_every_supporter_unable():
    in_prison = Supporter("儿子", incapacity=INCAPACITATED, property_within_near_dibao_limits=True)
    able = Supporter("女儿", age=40)

    assert no_able_supporter(()) == "无法定赡养、抚养、扶养义务人"
    assert no_able_supporter((in_prison,)).startswith("儿子：无民事行为能力")
    assert no_able_supporter((in_prison, able)) is None
