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

from webapp.domain import single_person, tekun, tiers, where_to_apply
from webapp.domain.care import CARE_LEVELS, care_standard
from webapp.domain.income import (
    MONTHS_PER_YEAR,
    HouseholdIncome,
    MemberIncome,
    counted_income,
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

# RULES.md "Who is a low-income person", "No labor ability" (002… 民政厅 第二类 2(1)):
# ①60周岁以上 ②未满16周岁 ③残疾等级为一、二、三级的智力、精神残疾人，一、二级的肢体残疾人，一级的
# 视力残疾人 ④省辖市人民政府规定的其他情形. Of the kinds the form offers (webapp/flows/choices.py
# DISABILITY_KINDS): hearing (听力) and speech (言语) disabilities are not in the seed's list, so
# alone they do not remove labor ability (a city rule, case ④, would be needed); a multiple
# disability (多重残疾) is graded by its most severe kind (GB/T 26341), so grades 1–2 mean a
# severe disability of some kind and count, grades 3–4 do not (the township checks the kinds on
# the certificate at the home visit).
ELDERLY_AGE = 60
MINOR_AGE = 16
NO_LABOR_GRADES = {"intellectual": (1, 2, 3), "mental": (1, 2, 3), "physical": (1, 2), "visual": (1,),
                   "multiple": (1, 2)}
_DISABILITY_NAMES = {
    "intellectual": _("智力残疾"),
    "mental": _("精神残疾"),
    "physical": _("肢体残疾"),
    "visual": _("视力残疾"),
    "multiple": _("多重残疾"),
}
# 重度残疾: grades 1 and 2 of the disability certificate, any kind.
SEVERE_GRADES = (1, 2)
# Work answers (webapp/flows/choices.py WORK) that mean the person earns from work; for 成年无业
# (the single-person route) 在家务农 is not a job: webapp/domain/single_person.py.
WORKING_ANSWERS = ("farming", "employed", "self_employed")
# The necessary (rigid) spending an expenditure-hardship household is judged by: 004… §二
# 医疗、教育等必需支出; 002… 第二部分 (三)3 因病因残等必要的刚性支出 (and 误区一: 主要是医疗和教育支出);
# 000… 三(三) 因病因残因意外事故等导致支出负担较重.
RIGID_SPENDING = {"medical": _("看病"), "education": _("上学"), "disability": _("残疾康复、护理"),
                  "accident": _("意外事故")}


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
    # The work answer (webapp/flows/choices.py WORK), "" where not asked; and where the member's
    # hukou is (webapp/domain/where_to_apply.py HUKOU_AREAS; "" with the applicant).
    work: str = ""
    hukou_area: str = ""

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
            work=str(d.get("work") or ""),
            hukou_area=str(d.get("hukou_area") or ""),
        )


@dataclass(frozen=True)
class Household:
    """The application's answers and the office's findings that the calculation needs.

    `incomes[i]` is the income of `members[i]`; `members[0]` is the applicant. Spending is the
    last 12 months, in fen. `property_within_limits` is the office's finding from the
    investigation (the household's property, which is each member's too); the tekun conditions
    are per person, from each member's income and findings (webapp/domain/tekun.py).
    """

    members: tuple[Member, ...]
    incomes: tuple[MemberIncome, ...]
    hukou: str
    property_within_limits: bool
    medical_spending: int = 0
    education_spending: int = 0
    disability_spending: int = 0
    accident_spending: int = 0
    # The applicant asks to be assessed alone (单人户, webapp/domain/single_person.py) ...
    single_person: bool = False
    # ... and the support paid by siblings or by persons aged 60 or more to be exempted
    # (000… 一(一): 兄弟姐妹或者60周岁及以上老年人给付的供养费用).
    exempt_family_support: bool = False
    # A member holds a residence permit here (000… 四(三); the residence step's answer).
    residence_permit: bool = False
    # The township recorded each member's legal supporters (webapp/services/findings.py): only
    # then is an empty `Member.supporters` the finding 无法定义务人 (002… 民政厅 第二类 2(3)).
    supporters_recorded: bool = False

    def __post_init__(self) -> None:
        if not self.members:
            raise ValueError("a household has at least one member")
        if len(self.incomes) != len(self.members):
            raise ValueError("one income per member, in the same order")
        if self.hukou not in HUKOU_KINDS:
            raise ValueError(f"hukou must be one of {sorted(HUKOU_KINDS)}, got {self.hukou!r}")
        if self.exempt_family_support and not self.single_person:
            raise ValueError(_("只有单人户才能不计入兄弟姐妹或60周岁及以上老年人给付的供养费用"))

    def rigid_spending(self) -> dict[str, int]:
        """The necessary spending by kind (RIGID_SPENDING), last 12 months, in fen."""
        return {"medical": self.medical_spending, "education": self.education_spending,
                "disability": self.disability_spending, "accident": self.accident_spending}


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
    where = where_to_apply.decide(tuple(m.hukou_area for m in household.members),
                                  (household.residence_permit,), params.accepts_residence_permit)
    lines.append(Line(_("户籍与申请地"), where.reason))
    standard = params.dibao_monthly(household.hukou)
    members, incomes = _who_counts(household, params, standard, lines)
    size = len(members)
    income = household_income(list(incomes), size)
    lines += _income_lines(income, standard, household.hukou)
    lines.append(Line(_("家庭财产"), _("符合当地规定") if household.property_within_limits
                      else _("超过当地规定")))

    per_capita = income.per_capita_monthly
    category, amount = NOT_ELIGIBLE, 0
    if where.here is False:
        pass  # 000… 四(三): the household applies at a hukou place, not here
    elif _is_tekun(household, members, incomes, standard, lines):
        category = TEKUN
        amount = _tekun_amount(params, household.hukou, members, lines)
    elif _below_standard(income, standard, size) and household.property_within_limits:
        category = DIBAO
        amount = _dibao_amount(params, standard, income, size, lines)
    elif _is_near_dibao(household, params, per_capita, lines):
        category = NEAR_DIBAO
    elif _is_expenditure_hardship(household, params, income, lines):
        category = EXPENDITURE_HARDSHIP
    lines.append(Line(_("初审建议"), CATEGORIES[category]))
    lines.append(Line(_("月救助金额"), _yuan(amount)))
    return Assessment(category, amount, lines, size, per_capita, standard, params)


def _who_counts(
    household: Household, params: PolicyParameters, standard: int, lines: list[Line]
) -> tuple[tuple[Member, ...], tuple[MemberIncome, ...]]:
    """All the members, or the applicant alone where a single-person route applies and the
    household does not qualify as a whole (webapp/domain/single_person.py)."""
    whole_size = len(household.members)
    if not household.single_person:
        lines.append(Line(_("家庭人口"), _("%d 人") % whole_size))
        return household.members, household.incomes
    whole = household_income(list(household.incomes), whole_size)
    not_alone = None
    route = _single_person_route(household, params, whole)
    if whole_size > 1 and _below_standard(whole, standard, whole_size) and household.property_within_limits:
        not_alone = _("全家符合低保条件，按全家审核，不得仅将个别家庭成员纳入")  # 000… 一(一)
    elif route is None:
        not_alone = _("申请人不符合单人户条件：%s") % single_person.REQUIREMENT
    if not_alone:
        lines.append(Line(_("单人户"), not_alone))
        lines.append(Line(_("家庭人口"), _("%d 人") % whole_size))
        return household.members, household.incomes
    assert route is not None
    person, income = household.members[0], household.incomes[0]
    lines.append(Line(_("家庭人口"), _("1 人（单人户：%s）") % single_person.ROUTES[route]))
    if household.exempt_family_support:
        income = _exempt_support(income, route, lines)
    return (person,), (income,)


def _single_person_route(household: Household, params: PolicyParameters,
                         whole: HouseholdIncome) -> str | None:
    person = household.members[0]
    near_dibao = (household.property_within_limits
                  and whole.per_capita_monthly < params.near_dibao_line(household.hukou))
    return single_person.route(person.age, is_severely_disabled(person), person.serious_illness,
                               single_person.has_job(person.work, person.employed), near_dibao)


def _exempt_support(income: MemberIncome, route: str, lines: list[Line]) -> MemberIncome:
    """000… 一(一): support from siblings or persons aged 60+, exempted on that route only."""
    support = income.counted.get("support", 0)
    if route != single_person.EXEMPTION_ROUTE:
        lines.append(Line(_("兄弟姐妹或60周岁及以上老年人给付的供养费用"),
                          _("只对成年无业重度残疾人豁免，本户照常计入")))
        return income
    lines.append(Line(_("不计入的兄弟姐妹或60周岁及以上老年人给付的供养费用"), _yuan(support) + _("／年")))
    return replace(income, counted={**income.counted, "support": 0},
                   excluded={**income.excluded, "family_support": support})


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


def _is_tekun(household: Household, members: tuple[Member, ...], incomes: tuple[MemberIncome, ...],
              standard: int, lines: list[Line]) -> bool:
    """三无 and the wish, for every person counted (webapp/domain/tekun.py); lines for each
    person once anyone meets 三无 or asks for tekun care."""
    found = [tekun.three_nos(no_labor_ability_reason(m), counted_income(i), standard,
                             household.property_within_limits, m.supporters, m.wants_tekun_care,
                             household.supporters_recorded)
             for m, i in zip(members, incomes, strict=True)]
    if not any(f.met or f.wants_tekun_care for f in found):
        return False
    for index, f in enumerate(found):
        lines += _three_nos_lines(f, _person(index, len(found)))
    if all(f.tekun for f in found):
        return True
    if all(f.met for f in found):
        lines.append(Line(_("特困供养"),
                          _("符合“三无”条件，但本人未申请特困供养（尊重本人意愿）：按低保审核")))
    elif any(f.tekun for f in found):
        who = "、".join(str(i + 1) for i, f in enumerate(found) if f.tekun)
        lines.append(Line(_("特困供养"), _("只有第 %s 人符合特困条件：全家按低保审核，"
                                           "符合条件的成员可另行认定特困供养") % who))
    else:
        lines.append(Line(_("特困供养"), _("不符合“三无”条件")))
    return False


def _person(index: int, count: int) -> str:
    return _("（第 %d 人）") % (index + 1) if count > 1 else ""


def _three_nos_lines(f: tekun.ThreeNos, who: str) -> list[Line]:
    no = _("否")
    return [
        Line(_("无劳动能力") + who, f.no_labor_ability or no),
        Line(_("无生活来源") + who, f.no_income_source or no),
        Line(_("无法定义务人或义务人无履行义务能力") + who,
             f.no_able_supporter or (no if f.supporters_found else f.supporter_text())),
        Line(_("本人意愿") + who, _("愿意特困供养") if f.wants_tekun_care else _("未申请特困供养")),
    ]


def _tekun_amount(params: PolicyParameters, hukou: str, members: tuple[Member, ...],
                  lines: list[Line]) -> int:
    """Per person: the tekun basic living standard (at least 1.3 × the dibao standard) plus the
    care standard of their care level (002… 民政厅 第二类 3: 基本生活标准 + 照料护理标准)."""
    basic = params.tekun_monthly(hukou)
    lines.append(Line(_("特困人员基本生活标准（低保标准 × %s）") % params.tekun_multiplier, _yuan(basic)))
    care_total = 0
    for index, m in enumerate(members):
        care = care_standard(params, m.care_level)
        care_total += care
        level = CARE_LEVELS.get(m.care_level, _("护理等级未评估"))
        lines.append(Line(_("照料护理标准%s（%s）") % (_person(index, len(members)), level), _yuan(care)))
    size = len(members)
    lines.append(Line(_("计算"), _("%s × %d 人 + 照料护理 %s") % (_yuan(basic), size, _yuan(care_total))))
    return basic * size + care_total


def _below_standard(income: HouseholdIncome, standard: int, size: int) -> bool:
    """Per-capita income below the standard, compared exactly (not from the rounded figure)."""
    return income.counted_total < standard * size * MONTHS_PER_YEAR


def _dibao_amount(params: PolicyParameters, standard: int, income: HouseholdIncome, size: int,
                  lines: list[Line]) -> int:
    """补差 (002… 民政厅 第一类, 低保金的发放形式: 人均收入与当地低保标准的实际差额): the
    household's standard (the standard times its size) minus its monthly counted income,
    rounded once to the fen — not the rounded per-person gap multiplied, which is off by a fen
    or more. Or 分档救助 where the county set tiers (webapp/domain/tiers.py)."""
    household_standard = standard * size
    annual_gap = household_standard * MONTHS_PER_YEAR - income.counted_total
    amount = divide_half_up(annual_gap, MONTHS_PER_YEAR)
    lines.append(Line(_("家庭低保标准（每月）"), _("%s × %d 人 = %s") % (
        _yuan(standard), size, _yuan(household_standard))))
    lines.append(Line(_("计算"), _("%s − %s（家庭月收入）") % (
        _yuan(household_standard), _yuan(divide_half_up(income.counted_total, MONTHS_PER_YEAR)))))
    if not params.dibao_tier_amounts:
        return amount
    tier = tiers.tier_for(annual_gap, size, params.dibao_tier_amounts)
    if tier is None:
        lines.append(Line(_("分档救助"), _("差额 %s，超过最高一档，按实际差额补差") % _yuan(amount)))
        return amount
    lines.append(Line(_("分档救助"), _("差额 %s，按一档 %s／人：%s × %d 人") % (
        _yuan(amount), _yuan(tier), _yuan(tier), size)))
    return tier * size


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
    """004… §二: per capita below last year's disposable income, property within limits, and the
    necessary spending (RIGID_SPENDING) above the local share of the household's total income."""
    by_kind = household.rigid_spending()
    spending = sum(by_kind.values())
    ratio = params.expenditure_hardship_ratio
    lines.append(Line(_("人均年收入"), _yuan(income.per_capita_annual)))
    lines.append(Line(_("上年当地居民人均可支配收入"), _yuan(params.last_year_disposable_income_per_capita)))
    lines.append(Line(_("看病和上学支出（近12个月）"), _yuan(by_kind["medical"] + by_kind["education"])))
    for kind in ("disability", "accident"):
        if by_kind[kind]:
            lines.append(Line(_("%s支出（近12个月）") % RIGID_SPENDING[kind], _yuan(by_kind[kind])))
    if spending != by_kind["medical"] + by_kind["education"]:
        lines.append(Line(_("必需支出合计"), _yuan(spending)))
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
