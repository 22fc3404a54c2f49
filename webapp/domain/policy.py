"""Policy parameters: the standards and limits in force for one region during one period.

RULES.md: standards differ by county and change every year, so they are data, per region and per
period, never constants in code. Every calculation uses the parameters in force on the date it
concerns, looked up with `in_force`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from webapp.web.i18n import _

RURAL, URBAN = "rural", "urban"
HUKOU_KINDS = {RURAL: _("农村"), URBAN: _("城市")}

# The demo county of webapp/data/demo_regions.csv.
DEMO_COUNTY_CODE = "999901000000"


class NoPolicyInForce(LookupError):
    """No parameters cover this region on this date; an administrator must enter them."""


@dataclass(frozen=True)
class DeadlineDays:
    """Working days to finish a dibao application (RULES.md "Procedure and deadlines for dibao")."""

    standard: int = 30  # 000… 四(一): 自受理之日起 30 个工作日
    township_confirms: int = 20  # 审核确认权限下放到乡镇的 20 个工作日
    extended: int = 45  # 公示有异议、人户分离、异地申办、调查难度较大 可延长至 45 个工作日


@dataclass(frozen=True)
class PolicyParameters:
    """The figures one region uses during one period. Amounts are whole fen."""

    region_code: str
    effective_from: date
    # The last day in force, inclusive; None while no end is set.
    effective_to: date | None
    dibao_urban_monthly: int
    dibao_rural_monthly: int
    # Locally set (004… §二); see HENAN_2022 for the example values.
    expenditure_hardship_ratio: Decimal
    # Annual, per person, of the year before (004… §二).
    last_year_disposable_income_per_capita: int
    near_dibao_multiplier: Decimal = Decimal("1.5")  # 000… 一(四); 004… §二
    tekun_multiplier: Decimal = Decimal("1.3")  # 002… 民政厅; 003… 二(一)3: 不低于 1.3 倍
    temporary_aid_township_multiple: int = 3  # 002… 民政厅 第三类: 乡镇审批 3 倍以内
    temporary_aid_county_multiple: int = 6  # 县级审批 3–6 倍
    phase_out_months: int = 6  # 000… 一(三): 渐退期最长 6 个月
    # 001… 二(六); 004… 四(三): 小金额先行救助 — the most a township pays before the regular
    # procedure, per case. The seeds set no figure; 1,000 yuan is an example value, well within
    # the township's own 3 × (and 002… 民政厅 第三类: "一般临时救助金不超过2000元").
    temporary_aid_first_aid_cap: int = 1_000_00
    # Working days from acceptance to the decision on temporary aid, and from a first payment to
    # its written explanation (事后补充说明). The seeds name no limit; 10 and 5 are example values
    # a county sets for itself (001… 二(六): 增强救助时效性).
    temporary_aid_decision_days: int = 10
    temporary_aid_explanation_days: int = 5
    deadlines: DeadlineDays = field(default_factory=DeadlineDays)
    # Phase-out (渐退, 000… 一(三); 003… 二(二)3), issue 12: what is paid in each month of the
    # phase-out, as percentages of the last monthly amount; empty pays the full amount for
    # phase_out_months. A disabled household's schedule (003…: 残疾人低保家庭 24 个月) may differ;
    # empty uses the general one. A cap other than 0 grants phase-out only while per-capita
    # income stays below that multiple of the standard (003…: 低于2倍当地低保标准).
    phase_out_schedule: tuple[int, ...] = ()
    phase_out_schedule_disabled: tuple[int, ...] = ()
    phase_out_income_cap: Decimal = Decimal(0)
    # 002… 民政厅 第二类 3: the tekun care standard (照料护理标准) per care level, per person per
    # month, paid on top of the basic living standard: 全护理 and 半护理 at no less than 1/3 and
    # 1/6 of the local minimum wage, 全自理 at the local care subsidy for the severely disabled.
    # Example values: a minimum wage of 1,800 yuan (600 and 300) and the 60 yuan subsidy of
    # 002… 第四部分 误区四.
    tekun_care_full_monthly: int = 600_00
    tekun_care_partial_monthly: int = 300_00
    tekun_care_self_monthly: int = 60_00
    # 002… 民政厅 第一类 3 (低保金的发放形式): 补差 (the exact gap) or 分档救助. Per-person monthly
    # tier amounts, ascending; () pays the exact gap (webapp/domain/tiers.py).
    dibao_tier_amounts: tuple[int, ...] = ()
    # 000… 四(三): 有条件的地区可以有序推进持有居住证人员在居住地提出低保申请 — whether this county
    # accepts applications from residence-permit holders where they live (webapp/domain/
    # where_to_apply.py); off unless the county says so.
    accepts_residence_permit: bool = False
    # The stored version these figures come from (webapp/policy_store.py), so that an opinion
    # names exactly what it used; None for figures not read from the store (HENAN_2022).
    version: int | None = None

    def __post_init__(self) -> None:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(_("结束日期不能早于开始日期"))
        if min(self.dibao_urban_monthly, self.dibao_rural_monthly) <= 0:
            raise ValueError(_("低保标准必须大于 0"))
        if self.near_dibao_multiplier <= 1 or self.tekun_multiplier < 1:
            raise ValueError(_("低保边缘倍数须大于 1，特困倍数不能小于 1"))
        if not 0 < self.temporary_aid_township_multiple <= self.temporary_aid_county_multiple:
            raise ValueError(_("临时救助乡镇审批倍数须大于 0 且不超过县级倍数"))
        if self.temporary_aid_first_aid_cap <= 0:
            raise ValueError(_("先行救助的最高金额必须大于 0"))
        if min(self.temporary_aid_decision_days, self.temporary_aid_explanation_days) <= 0:
            raise ValueError(_("临时救助的办理期限必须大于 0 个工作日"))
        _check_phase_out(self)
        self._check_care_and_tiers()

    def _check_care_and_tiers(self) -> None:
        care = (self.tekun_care_full_monthly, self.tekun_care_partial_monthly, self.tekun_care_self_monthly)
        if min(care) < 0 or self.tekun_care_full_monthly < self.tekun_care_partial_monthly:
            raise ValueError(_("照料护理标准不能为负数，全护理不能低于半护理"))
        tiers = self.dibao_tier_amounts
        if any(t <= 0 for t in tiers) or any(a >= b for a, b in zip(tiers, tiers[1:], strict=False)):
            raise ValueError(_("分档金额须大于 0，并从小到大排列、不能重复"))

    def covers(self, on: date) -> bool:
        """Whether these parameters are in force on the given day."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def dibao_monthly(self, hukou: str) -> int:
        """The dibao standard per person per month for a rural or urban household."""
        if hukou == URBAN:
            return self.dibao_urban_monthly
        if hukou == RURAL:
            return self.dibao_rural_monthly
        raise ValueError(f"hukou must be {RURAL!r} or {URBAN!r}, got {hukou!r}")

    def tekun_monthly(self, hukou: str) -> int:
        """The tekun basic living standard: at least the multiplier times dibao, so rounded up."""
        return multiply_up(self.dibao_monthly(hukou), self.tekun_multiplier)

    def near_dibao_line(self, hukou: str) -> Decimal:
        """Per-capita monthly income below which a household is near-dibao, in fen (not rounded)."""
        return self.dibao_monthly(hukou) * self.near_dibao_multiplier

    def temporary_aid_limits(self) -> tuple[int, int]:
        """Per person: (the most a township may approve, the most a county may approve)."""
        # 002… 民政厅 第三类: multiples of the local *urban* monthly standard, for every applicant.
        return (
            self.dibao_urban_monthly * self.temporary_aid_township_multiple,
            self.dibao_urban_monthly * self.temporary_aid_county_multiple,
        )


def _check_phase_out(params: PolicyParameters) -> None:
    """A schedule has one percentage per month of the phase-out, each from 1 to 100, never rising."""
    general, disabled = params.phase_out_schedule, params.phase_out_schedule_disabled
    if general and len(general) != params.phase_out_months:
        raise ValueError(_("渐退安排的月数（%d 个）要等于渐退期的月数（%d）")
                         % (len(general), params.phase_out_months))
    for schedule in (general, disabled):
        if any(not 0 < pct <= 100 for pct in schedule):
            raise ValueError(_("渐退安排的每月比例应在 1% 到 100% 之间"))
        if any(later > earlier for earlier, later in zip(schedule, schedule[1:], strict=False)):
            raise ValueError(_("渐退安排的比例只能逐月不变或减少"))
    if params.phase_out_income_cap < 0 or 0 < params.phase_out_income_cap <= 1:
        raise ValueError(_("渐退的收入上限应大于低保标准的 1 倍，不设上限填 0"))


def multiply_up(fen: int, factor: Decimal) -> int:
    """fen × factor rounded up to a whole fen."""
    return int((fen * factor).to_integral_value(rounding=ROUND_CEILING))


def in_force(
    params_list: Iterable[PolicyParameters], region_codes_from_village_up: list[str], on: date
) -> PolicyParameters:
    """The parameters of the most specific region that has a period covering the date.

    Within one region, where an edit left overlapping periods, the one that started last wins,
    and between equal starts the one listed last (entered last).
    """
    candidates = [p for p in params_list if p.covers(on)]
    for code in region_codes_from_village_up:
        matching = [p for p in candidates if p.region_code == code]
        if matching:
            latest = max(p.effective_from for p in matching)
            return [p for p in matching if p.effective_from == latest][-1]
    regions = "、".join(region_codes_from_village_up)
    raise NoPolicyInForce(_("%s 没有适用于 %s 的政策参数，请县级管理员先录入") % (regions, on.isoformat()))


# Example values: Henan 2022 (RULES.md, 002… 民政厅): rural dibao 5,040 yuan a year = 420 a month,
# urban 630 a month; tekun at least 1.3 × (rural 6,552 a year); temporary aid 3 × / 6 × the urban
# monthly standard. Shipped as the demo county's parameters, open-ended so the demo works today.
HENAN_2022 = PolicyParameters(
    region_code=DEMO_COUNTY_CODE,
    effective_from=date(2022, 1, 1),
    effective_to=None,
    dibao_urban_monthly=630_00,
    dibao_rural_monthly=420_00,
    # Example value, not from RULES.md: each place sets its own ratio (004… §二).
    expenditure_hardship_ratio=Decimal("0.5"),
    # Example value, not from RULES.md: about Henan's 2021 rural per-capita disposable income.
    last_year_disposable_income_per_capita=17_533_00,
)
