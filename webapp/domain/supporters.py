"""A member's legal supporters (法定赡养、抚养、扶养义务人) as the township finds them, and the
cases in which a supporter counts as having no capacity to support (无履行义务能力).

`002…` 民政厅 第二类 2(3): 无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力 —
①特困人员；②60周岁以上的最低生活保障对象；③70周岁以上的老年人，本人收入低于当地上年人均可支配
收入，且其财产符合当地低保边缘家庭财产状况规定的；④重度残疾人和残疾等级为三级的智力、精神残疾人，
本人收入低于当地上年人均可支配收入，且其财产符合当地低保边缘家庭财产状况规定的；⑤无民事行为能力、
被宣告失踪或者在监狱服刑的人员，且其财产符合当地低保边缘家庭财产状况规定的；⑥省辖市人民政府规定的
其他情形。

This module is the interface between the findings the township records (webapp/services/
findings.py) and the rules that use them (webapp/domain/assessment.py): the recorded facts only;
the rule deciding whether a supporter is unable lives with the eligibility rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.web.i18n import _

# The seed's cases, in its order, by key. "" is a supporter who is able to support.
TEKUN = "tekun"  # ①
DIBAO_AGED_60 = "dibao_aged_60"  # ②
AGED_70_LOW_INCOME = "aged_70_low_income"  # ③
DISABLED_LOW_INCOME = "disabled_low_income"  # ④
INCAPACITATED = "incapacitated"  # ⑤ 无民事行为能力、被宣告失踪或者在监狱服刑
CITY_RULE = "city_rule"  # ⑥
INCAPACITY_CASES = {
    TEKUN: _("本人是特困人员"),
    DIBAO_AGED_60: _("60周岁以上的低保对象"),
    AGED_70_LOW_INCOME: _("70周岁以上，本人收入低于上年人均可支配收入，财产符合低保边缘家庭规定"),
    DISABLED_LOW_INCOME: _("重度残疾人或三级智力、精神残疾人，本人收入低于上年人均可支配收入，"
                           "财产符合低保边缘家庭规定"),
    INCAPACITATED: _("无民事行为能力、被宣告失踪或在监狱服刑，财产符合低保边缘家庭规定"),
    CITY_RULE: _("省辖市人民政府规定的其他情形"),
}
# Cases ③–⑤ hold only with both conditions the seed attaches to them.
NEEDS_LOW_INCOME = frozenset({AGED_70_LOW_INCOME, DISABLED_LOW_INCOME})
NEEDS_NEAR_DIBAO_PROPERTY = frozenset({AGED_70_LOW_INCOME, DISABLED_LOW_INCOME, INCAPACITATED})


@dataclass(frozen=True)
class Supporter:
    """One legal supporter of a member, as found: who (a relation in words, e.g. 儿子), their age
    where known, the incapacity case the township found ("" when able), and the two conditions
    cases ③–⑤ need, as checked."""

    relation: str
    age: int | None = None
    incapacity: str = ""
    income_below_disposable: bool = False
    property_within_near_dibao_limits: bool = False
    # The city rule's name or the note behind case ⑥.
    note: str = ""

    def __post_init__(self) -> None:
        if self.incapacity and self.incapacity not in INCAPACITY_CASES:
            raise ValueError(f"incapacity must be one of {sorted(INCAPACITY_CASES)}, got {self.incapacity!r}")


# The ages the seed attaches to cases ② and ③.
DIBAO_SUPPORTER_AGE, OLD_SUPPORTER_AGE = 60, 70


def unable_reason(supporter: Supporter) -> str | None:
    """Why a supporter counts as having no capacity to support (`002…` 民政厅 第二类 2(3)), or
    None when they count as able: a case found, and for ②–⑤ the conditions the seed attaches
    (the age where it is known; own income below last year's disposable income; property within
    the near-dibao limits); ⑥ only with the city rule named."""
    case = supporter.incapacity
    if not case:
        return None
    if case == DIBAO_AGED_60 and _younger(supporter, DIBAO_SUPPORTER_AGE):
        return None
    if case == AGED_70_LOW_INCOME and _younger(supporter, OLD_SUPPORTER_AGE):
        return None
    if case in NEEDS_LOW_INCOME and not supporter.income_below_disposable:
        return None
    if case in NEEDS_NEAR_DIBAO_PROPERTY and not supporter.property_within_near_dibao_limits:
        return None
    if case == CITY_RULE and not supporter.note.strip():
        return None
    return INCAPACITY_CASES[case]


def unable(supporter: Supporter) -> bool:
    """Whether the supporter has no capacity to support (无履行义务能力)."""
    return unable_reason(supporter) is not None


def no_able_supporter(supporters: tuple[Supporter, ...]) -> str | None:
    """无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力 (`002…` 民政厅 第二类 2(3)): why,
    or None when a supporter is able. No supporter found is the first half of the condition."""
    if not supporters:
        return _("无法定赡养、抚养、扶养义务人")
    reasons = [unable_reason(s) for s in supporters]
    if not all(reasons):
        return None
    return "；".join(f"{s.relation}：{r}" for s, r in zip(supporters, reasons, strict=True))


def _younger(supporter: Supporter, age: int) -> bool:
    return supporter.age is not None and supporter.age < age
