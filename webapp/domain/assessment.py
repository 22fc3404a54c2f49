"""The calculation behind the township's preliminary opinion (初审意见), shown line by line.

This proposes; it does not decide. RULES.md "Household and income": never decide without an
economic investigation — the office checks the figures at the home visit and the record check,
and the reviewer may give a different opinion. The category tried first is the one that gives
the household most: tekun, then dibao, near-dibao, expenditure hardship.

Temporary aid (临时救助) is never proposed here: it answers an emergency, which is the office's
judgement, not a calculation from income.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from webapp.domain.income import (
    MONTHS_PER_YEAR,
    HouseholdIncome,
    MemberIncome,
    divide_half_up,
    household_income,
)
from webapp.domain.money import format_yuan
from webapp.domain.policy import HUKOU_KINDS, PolicyParameters
from webapp.domain.supporters import Supporter
from webapp.web.i18n import _

DIBAO, NEAR_DIBAO, TEKUN = "dibao", "near_dibao", "tekun"
EXPENDITURE_HARDSHIP, TEMPORARY_AID, NOT_ELIGIBLE = "expenditure_hardship", "temporary_aid", "not_eligible"
CATEGORIES = {
    DIBAO: _("最低生活保障"),
    NEAR_DIBAO: _("低保边缘家庭"),
    TEKUN: _("特困人员救助供养"),
    EXPENDITURE_HARDSHIP: _("刚性支出困难家庭"),
    TEMPORARY_AID: _("临时救助"),
    NOT_ELIGIBLE: _("不符合救助条件"),
}
# The categories a preliminary opinion proposes someone *for*: only these go on the village's
# 7-day notice (000… 四(二): 初审意见 … 公示 — a proposal to grant, open to objection); an
# application found not eligible is told so in writing, never listed.
PROPOSED_RECIPIENT = frozenset({DIBAO, NEAR_DIBAO, TEKUN, EXPENDITURE_HARDSHIP, TEMPORARY_AID})
PROPOSAL_NOTE = _("以上为按申请材料和当地标准算出的初审建议，由乡镇工作人员调查核实后提出初审意见。")

ADULT_AGE = 18
# RULES.md "Who is a low-income person", "No labor ability" (002… 民政厅 第二类 2).
ELDERLY_AGE = 60
MINOR_AGE = 16
NO_LABOR_GRADES = {"intellectual": (1, 2, 3), "mental": (1, 2, 3), "physical": (1, 2), "visual": (1,)}
_DISABILITY_NAMES = {
    "intellectual": _("智力残疾"),
    "mental": _("精神残疾"),
    "physical": _("肢体残疾"),
    "visual": _("视力残疾"),
}
# 重度残疾: grades 1 and 2 of the disability certificate, any kind.
SEVERE_GRADES = (1, 2)
# Work answers (webapp/flows/choices.py WORK) that mean the person has a job.
WORKING_ANSWERS = ("farming", "employed", "self_employed")


@dataclass(frozen=True)
class Member:
    """What about one member matters to the category; the age is counted on the assessment day."""

    age: int
    # As answered ("full", "partial", "none"); the rule below decides labor ability, not this.
    labor_ability: str = "full"
    disability_kind: str = ""
    disability_grade: int | None = None
    serious_illness: bool = False
    employed: bool = False
    # The township's findings about this person (webapp/services/findings.py fills them):
    # their legal supporters as found, their own wish to be cared for as tekun (尊重本人意愿,
    # `002…` 民政厅 第二类 2), and their care level (webapp/domain/care.py; "" not assessed).
    supporters: tuple[Supporter, ...] = ()
    wants_tekun_care: bool = False
    care_level: str = ""

    @classmethod
    def from_answers(cls, d: dict[str, Any], age: int) -> Member:
        """Build from a member's form answers (webapp/flows/members.py)."""
        grade = str(d.get("disability_grade") or "")
        kind = str(d.get("disability_kind") or "")
        return cls(
            age=age,
            labor_ability=str(d.get("labor_ability") or "full"),
            disability_kind=kind,
            disability_grade=int(grade) if kind and grade.isdigit() else None,
            serious_illness=d.get("serious_illness") == "yes",
            employed=d.get("work") in WORKING_ANSWERS,
        )


@dataclass(frozen=True)
class Household:
    """The application's answers and the office's findings that the calculation needs.

    `incomes[i]` is the income of `members[i]`; `members[0]` is the applicant. Spending is the
    last 12 months, in fen. `property_within_limits`, `no_income_source` and `no_supporter` are
    the office's findings from the investigation.
    """

    members: tuple[Member, ...]
    incomes: tuple[MemberIncome, ...]
    hukou: str
    property_within_limits: bool
    medical_spending: int = 0
    education_spending: int = 0
    # RULES.md "Household and income": the applicant alone as a single-person household (单人户).
    single_person: bool = False
    # ... and support from siblings or parents aged 60+ exempted from their income (000… 一(一)).
    exempt_family_support: bool = False
    no_income_source: bool = False
    no_supporter: bool = False

    def __post_init__(self) -> None:
        if not self.members:
            raise ValueError("a household has at least one member")
        if len(self.incomes) != len(self.members):
            raise ValueError("one income per member, in the same order")
        if self.hukou not in HUKOU_KINDS:
            raise ValueError(f"hukou must be one of {sorted(HUKOU_KINDS)}, got {self.hukou!r}")
        if self.exempt_family_support and not self.single_person:
            raise ValueError(_("只有单人户才能不计入兄弟姐妹或60岁以上父母给的扶养费"))


@dataclass(frozen=True)
class Line:
    """One line of the calculation as the reviewer sees it."""

    label: str
    value: str


@dataclass(frozen=True)
class Assessment:
    """The proposed category and monthly amount, with the calculation that led to them."""

    category: str
    monthly_amount_fen: int
    lines: list[Line]
    household_size: int
    per_capita_monthly_fen: int
    standard_fen: int
    parameters: PolicyParameters

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]


def no_labor_ability_reason(m: Member) -> str | None:
    """Why the rule counts this member as having no labor ability, or None if it does not."""
    if m.age >= ELDERLY_AGE:
        return _("年满60周岁")
    if m.age < MINOR_AGE:
        return _("未满16周岁")
    if m.disability_grade in NO_LABOR_GRADES.get(m.disability_kind, ()):
        return _("%s%d级") % (_DISABILITY_NAMES.get(m.disability_kind, ""), m.disability_grade or 0)
    return None


def is_severely_disabled(m: Member) -> bool:
    """重度残疾: a disability certificate of grade 1 or 2."""
    return bool(m.disability_kind) and m.disability_grade in SEVERE_GRADES


def assess(household: Household, params: PolicyParameters) -> Assessment:
    """Propose a category and a monthly amount for the household, showing each step."""
    lines: list[Line] = []
    members, incomes = _who_counts(household, params, lines)
    size = len(members)
    income = household_income(list(incomes), size)
    standard = params.dibao_monthly(household.hukou)
    lines += _income_lines(income, standard, household.hukou)
    lines.append(Line(_("家庭财产"), _("符合当地规定") if household.property_within_limits
                      else _("超过当地规定")))

    per_capita = income.per_capita_monthly
    category, amount = NOT_ELIGIBLE, 0
    if _is_tekun(household, members, lines):
        category = TEKUN
        amount = _tekun_amount(params, household.hukou, size, lines)
    elif _below_standard(income, standard, size) and household.property_within_limits:
        category = DIBAO
        amount = _dibao_amount(standard, income, size, lines)
    elif _is_near_dibao(household, params, per_capita, lines):
        category = NEAR_DIBAO
    elif _is_expenditure_hardship(household, params, income, lines):
        category = EXPENDITURE_HARDSHIP
    lines.append(Line(_("初审建议"), CATEGORIES[category]))
    lines.append(Line(_("月救助金额"), _yuan(amount)))
    return Assessment(category, amount, lines, size, per_capita, standard, params)


def _who_counts(
    household: Household, params: PolicyParameters, lines: list[Line]
) -> tuple[tuple[Member, ...], tuple[MemberIncome, ...]]:
    """All the members, or the applicant alone where a single-person household applies."""
    if not household.single_person:
        lines.append(Line(_("家庭人口"), _("%d 人") % len(household.members)))
        return household.members, household.incomes
    person, income = household.members[0], household.incomes[0]
    lines.append(Line(_("家庭人口"), _("1 人（单人户：%s）") % _single_person_reason(household, params)))
    if household.exempt_family_support:
        support = income.counted.get("support", 0)
        lines.append(Line(_("不计入的兄弟姐妹或60岁以上父母给的扶养费"), _yuan(support) + _("／年")))
        income = replace(income, counted={**income.counted, "support": 0},
                         excluded={**income.excluded, "family_support": support})
    return (person,), (income,)


def _single_person_reason(household: Household, params: PolicyParameters) -> str:
    """RULES.md "Household and income": who may be a single-person household; ValueError if not."""
    person = household.members[0]
    if person.age >= ADULT_AGE and is_severely_disabled(person) and not person.employed:
        return _("成年无业重度残疾人")  # 000… 一(一)
    if person.serious_illness or is_severely_disabled(person):
        # 000… 一(四): a severely ill or disabled member of a near-dibao household.
        whole = household_income(list(household.incomes), len(household.members))
        if whole.per_capita_monthly < params.near_dibao_line(household.hukou):
            return _("低保边缘家庭中的重病、重度残疾人员")
    raise ValueError(
        _("申请人不符合单人户条件：须为成年无业重度残疾人，或低保边缘家庭中的重病、重度残疾人员")
    )


def _income_lines(income: HouseholdIncome, standard: int, hukou: str) -> list[Line]:
    lines = [Line(_("家庭年收入（计入部分）"), _yuan(income.counted_total))]
    if income.deductions:
        lines.append(Line(_("其中已扣除就业必要成本"), _yuan(income.deductions)))
    if income.excluded_total:
        lines.append(Line(_("不计入的收入（如残疾人两项补贴）"), _yuan(income.excluded_total)))
    monthly = divide_half_up(income.counted_total, MONTHS_PER_YEAR)
    lines.append(Line(_("家庭月收入（计入部分）"), _yuan(monthly)))
    lines.append(Line(_("人均月收入"), _yuan(income.per_capita_monthly)))
    lines.append(Line(_("当地低保标准（%s，每人每月）") % HUKOU_KINDS[hukou], _yuan(standard)))
    return lines


def _is_tekun(household: Household, members: tuple[Member, ...], lines: list[Line]) -> bool:
    """RULES.md "Who is a low-income person": no labor ability, no income source, no supporter."""
    reasons = [no_labor_ability_reason(m) for m in members]
    if not all(reasons) or not household.no_income_source or not household.no_supporter:
        return False
    lines.append(Line(_("无劳动能力"), "、".join(r for r in reasons if r)))
    lines.append(Line(_("无生活来源、无法定赡养抚养扶养义务人"), _("经调查属实")))
    return True


def _tekun_amount(params: PolicyParameters, hukou: str, size: int, lines: list[Line]) -> int:
    """The tekun basic living standard, at least 1.3 × the dibao standard, for each person."""
    tekun_standard = params.tekun_monthly(hukou)
    lines.append(Line(_("特困人员基本生活标准（低保标准 × %s）") % params.tekun_multiplier,
                      _yuan(tekun_standard)))
    return tekun_standard * size


def _below_standard(income: HouseholdIncome, standard: int, size: int) -> bool:
    """Per-capita income below the standard, compared exactly (not from the rounded figure)."""
    return income.counted_total < standard * size * MONTHS_PER_YEAR


def _dibao_amount(standard: int, income: HouseholdIncome, size: int, lines: list[Line]) -> int:
    """补差 (002… 民政厅 第一类, 低保金的发放形式: 人均收入与当地低保标准的实际差额): the
    household's standard (the standard times its size) minus its monthly counted income,
    rounded once to the fen — not the rounded per-person gap multiplied, which is off by a fen
    or more."""
    household_standard = standard * size
    amount = divide_half_up(household_standard * MONTHS_PER_YEAR - income.counted_total,
                            MONTHS_PER_YEAR)
    lines.append(Line(_("家庭低保标准（每月）"), _("%s × %d 人 = %s") % (
        _yuan(standard), size, _yuan(household_standard))))
    lines.append(Line(_("计算"), _("%s − %s（家庭月收入）") % (
        _yuan(household_standard), _yuan(divide_half_up(income.counted_total, MONTHS_PER_YEAR)))))
    return amount


def _is_near_dibao(
    household: Household, params: PolicyParameters, per_capita: int, lines: list[Line]
) -> bool:
    """Below 1.5 × the standard with property within limits (000… 一(四); 004… §二)."""
    line = params.near_dibao_line(household.hukou)
    lines.append(Line(_("低保边缘标准（低保标准 × %s）") % params.near_dibao_multiplier, _yuan_decimal(line)))
    return household.property_within_limits and per_capita < line


def _is_expenditure_hardship(
    household: Household, params: PolicyParameters, income: HouseholdIncome, lines: list[Line]
) -> bool:
    """Per capita below last year's disposable income and rigid spending above the local ratio."""
    spending = household.medical_spending + household.education_spending
    ratio = params.expenditure_hardship_ratio
    lines.append(Line(_("人均年收入"), _yuan(income.per_capita_annual)))
    lines.append(Line(_("上年当地居民人均可支配收入"), _yuan(params.last_year_disposable_income_per_capita)))
    lines.append(Line(_("看病和上学支出（近12个月）"), _yuan(spending)))
    total = income.counted_total
    share = _percent(Decimal(spending) / total) if total else _("家庭无计入收入")
    lines.append(Line(_("支出占家庭年收入"), share))
    lines.append(Line(_("当地规定比例"), _percent(ratio)))
    return (
        household.property_within_limits
        and income.per_capita_annual < params.last_year_disposable_income_per_capita
        and spending > ratio * income.counted_total
    )


def _yuan(fen: int) -> str:
    return format_yuan(fen) + _(" 元")


def _yuan_decimal(fen: Decimal) -> str:
    return _yuan(int(fen.quantize(Decimal(1), ROUND_HALF_UP)))


def _percent(ratio: Decimal) -> str:
    """0.5 -> "50%", 0.12345 -> "12.3%"."""
    text = format((ratio * 100).quantize(Decimal("0.1"), ROUND_HALF_UP), "f").removesuffix(".0")
    return text + "%"
