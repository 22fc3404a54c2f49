"""Household income as counted for social assistance (RULES.md "Household and income")."""

from dataclasses import dataclass
from typing import Any

from webapp.web.i18n import _

# Kinds of income that count towards the household's income, in the order the form asks.
COUNTED_KINDS: dict[str, str] = {
    "wages": _("工资性收入"),
    "business": _("经营净收入"),
    "farming": _("种植养殖收入"),
    "property": _("财产净收入（租金、利息等）"),
    "transfers": _("转移净收入（养老金、补贴等，不含下方不计入的项目）"),
    "support": _("亲属给的赡养费、抚养费、扶养费"),
}

# Kinds of income that are asked about but never counted.
EXCLUDED_KINDS: dict[str, str] = {
    # 002… 民政厅 第四部分 误区一: 残疾人两项补贴 一般不计入家庭收入.
    "disability_subsidy": _("残疾人两项补贴"),
    # 002… 民政厅 第四部分 误区一: 高龄津贴.
    "old_age_allowance": _("高龄津贴"),
    # 002… 民政厅 第四部分 误区一: 抚恤金.
    "survivor_pension": _("抚恤金（优抚对象）"),
    # 002… 民政厅 第四部分 误区一: 计划生育奖励与扶助金.
    "family_planning": _("计划生育奖励扶助金"),
    # 002… 民政厅 第四部分 误区一: 教育、见义勇为等方面的奖励性补助.
    "award": _("见义勇为、教育等奖励"),
    # 001… 二(八): "十四五"时期 基础养老金 不计入低保家庭、特困人员收入.
    "basic_pension": _("城乡居民基础养老金"),
}

# 001… 二(一): 对就业产生的必要成本 ... 适当给予扣减 — only income earned by working.
EMPLOYMENT_KINDS = ("wages", "business")

MONTHS_PER_YEAR = 12


@dataclass
class MemberIncome:
    """One member's annual income in fen, split into counted and excluded kinds."""

    counted: dict[str, int]
    excluded: dict[str, int]
    employment_costs: int = 0

    @classmethod
    def from_answers(cls, d: dict[str, Any]) -> "MemberIncome":
        """Build from a form answer dict; missing kinds count as 0."""
        excluded_answers = d.get("excluded") or {}
        return cls(
            counted={kind: int(d.get(kind) or 0) for kind in COUNTED_KINDS},
            excluded={kind: int(excluded_answers.get(kind) or 0) for kind in EXCLUDED_KINDS},
            employment_costs=int(d.get("employment_costs") or 0),
        )


@dataclass
class HouseholdIncome:
    """The household's counted income and the per-capita figures compared with a standard."""

    members: int
    counted_total: int
    excluded_total: int
    deductions: int
    per_capita_annual: int
    per_capita_monthly: int


def employment_deduction(m: MemberIncome) -> int:
    """The employment costs actually deducted: never more than wages plus business income."""
    earned = sum(m.counted.get(kind, 0) for kind in EMPLOYMENT_KINDS)
    return max(0, min(m.employment_costs, earned))


def counted_income(m: MemberIncome) -> int:
    """A member's counted annual income after deducting necessary costs of employment."""
    total = sum(m.counted.get(kind, 0) for kind in COUNTED_KINDS)
    return total - employment_deduction(m)


def household_income(incomes: list[MemberIncome], household_size: int) -> HouseholdIncome:
    """Add up the members' incomes and divide by the number of people in the household."""
    if household_size <= 0:
        raise ValueError(f"household_size must be at least 1, got {household_size}")
    counted_total = sum(counted_income(m) for m in incomes)
    return HouseholdIncome(
        members=household_size,
        counted_total=counted_total,
        excluded_total=sum(sum(m.excluded.values()) for m in incomes),
        deductions=sum(employment_deduction(m) for m in incomes),
        per_capita_annual=divide_half_up(counted_total, household_size),
        # From the total rather than the rounded annual figure, so it is rounded only once.
        per_capita_monthly=divide_half_up(counted_total, household_size * MONTHS_PER_YEAR),
    )


def divide_half_up(amount: int, divisor: int) -> int:
    """Divide whole fen, rounding halves up, without going through floats."""
    quotient, remainder = divmod(amount, divisor)
    return quotient + (2 * remainder >= divisor)


# --- Plain sources (issue 11 item 4): what a resident is asked, and the official kind each is
# counted under. The resident never sees the official words; the office reads them.

# source -> official kind (a key of COUNTED_KINDS or of EXCLUDED_KINDS)
PLAIN_SOURCES: dict[str, str] = {
    "farming": "farming",          # 种地、养殖
    "work": "wages",               # 打工、上班
    "business": "business",        # 做生意
    "retirement": "transfers",     # 退休工资 (职工养老保险): counted
    # 001… 二(八): the basic pension of the urban-rural resident pension is not counted.
    "resident_pension": "basic_pension",
    # 002… 民政厅 第四部分 误区一: the two disability subsidies, 高龄津贴, 抚恤金 and
    # 计划生育奖励与扶助金 are not counted.
    "disability_subsidy": "disability_subsidy",
    "old_age_allowance": "old_age_allowance",
    "survivor_pension": "survivor_pension",
    "family_planning": "family_planning",
    "award": "award",              # 002… 误区一: 见义勇为、教育等奖励性补助, not counted
    "other_subsidy": "transfers",  # 其他补贴: counted as transfer income
    "relatives": "support",        # 亲戚、子女给的钱: 赡养费 etc.
    "rent": "property",            # 房租、利息
}

# Why an excluded kind is left out of the total, in one plain sentence for the resident.
EXCLUSION_REASONS: dict[str, str] = {
    "basic_pension": _("城乡居民基础养老金不算收入（国家规定“十四五”期间不计入低保家庭收入）。"),
    "disability_subsidy": _("残疾人生活补贴和护理补贴不算收入。"),
    "old_age_allowance": _("高龄津贴不算收入。"),
    "survivor_pension": _("抚恤金不算收入。"),
    "family_planning": _("计划生育奖励扶助金不算收入。"),
    "award": _("见义勇为、教育等奖励不算收入。"),
}


def official_answers(amounts: dict[str, int], employment_costs: int = 0) -> dict[str, Any]:
    """The stored income answer (the shape MemberIncome.from_answers reads) from amounts in fen
    by plain source: each source added to the official kind it is counted, or not counted, as."""
    counted = dict.fromkeys(COUNTED_KINDS, 0)
    excluded = dict.fromkeys(EXCLUDED_KINDS, 0)
    for source, fen in amounts.items():
        kind = PLAIN_SOURCES[source]
        if kind in counted:
            counted[kind] += fen
        else:
            excluded[kind] += fen
    return {**counted, "employment_costs": employment_costs, "excluded": excluded}


def plain_amounts(stored: dict[str, Any]) -> dict[str, int]:
    """Amounts by plain source from a stored answer saved before the plain questions (transfer
    income, which cannot be told apart, is shown as 其他补贴)."""
    income = MemberIncome.from_answers(stored)
    by_kind = {**income.counted, **income.excluded}
    result: dict[str, int] = {}
    for source, kind in PLAIN_SOURCES.items():
        if by_kind.get(kind) and source != "retirement":
            result[source] = by_kind[kind]
            by_kind[kind] = 0
    return result


def exclusions(m: MemberIncome) -> list[str]:
    """The sentences saying why each kind this member has is left out of the total."""
    return [EXCLUSION_REASONS[kind] for kind, fen in m.excluded.items() if fen > 0]
