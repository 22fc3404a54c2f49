"""Phase-out (渐退): who gets it, for how long, and what is paid in each of its months.

- `000…` 一(三): 鼓励具备就业能力的低保家庭成员积极就业，对就业后家庭人均收入超过当地低保标准的
  低保家庭，可给予原则上不超过6个月的渐退期 — only when *employment* raised the household's
  per-capita income *above the standard*; the length is the county's parameter.
- `003…` 二(二)3 (Jilin): 家庭人均可支配收入低于2倍当地低保标准的 … 农村低保家庭继续享受 18 个月、
  残疾人低保家庭继续享受 24 个月低保的待遇（补助金逐季递减） — a longer phase-out, a different
  length for disabled households, an income cap, and an amount that falls every quarter. Expressed
  with PolicyParameters.phase_out_schedule (percent of the last amount, month by month),
  phase_out_schedule_disabled and phase_out_income_cap; `quarterly_steps` builds the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from webapp.domain.case_machine import IllegalTransition
from webapp.domain.money import format_yuan
from webapp.domain.policy import PolicyParameters
from webapp.web.i18n import _

# The one reason 000… 一(三) gives.
EMPLOYMENT = "employment"
# case_amounts.source of a month paid under the schedule.
SOURCE = "phase_out"


class PhaseOutRefused(IllegalTransition):
    """A phase-out the rules do not allow, with the message and the form field it is about."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Grounds:
    """What the township found when it starts a phase-out: why income rose, the household's
    per-capita monthly income now (fen), and whether it is a disabled household (残疾人低保家庭)."""

    reason: str
    income_per_capita_monthly: int
    disabled_household: bool = False


def check_grounds(grounds: Grounds, params: PolicyParameters, hukou: str) -> None:
    """000… 一(三): only for income raised above the standard by employment; 003… 二(二)3: and,
    where the county sets a cap, still below that multiple of the standard."""
    standard = params.dibao_monthly(hukou)
    if grounds.reason != EMPLOYMENT:
        raise PhaseOutRefused(_("渐退只适用于家庭成员就业后收入超过低保标准的家庭；其他原因收入增加的，"
                                "请按复核结果停发或减发"), "phase_out_reason")
    if grounds.income_per_capita_monthly <= standard:
        raise PhaseOutRefused(_("人均月收入 %s 元没有超过低保标准 %s 元，不进入渐退期，按复核结果继续发放")
                              % (format_yuan(grounds.income_per_capita_monthly), format_yuan(standard)),
                              "phase_out_income")
    cap = params.phase_out_income_cap
    if cap and grounds.income_per_capita_monthly >= standard * cap:
        raise PhaseOutRefused(_("人均月收入 %s 元已达到低保标准的 %s 倍（%s 元），不给渐退期，请停止救助")
                              % (format_yuan(grounds.income_per_capita_monthly), format(cap.normalize(), "f"),
                                 format_yuan(int(standard * cap))), "phase_out_income")


def schedule(params: PolicyParameters, disabled_household: bool = False) -> tuple[int, ...]:
    """The percentage of the last amount paid in each month of the phase-out."""
    if disabled_household and params.phase_out_schedule_disabled:
        return params.phase_out_schedule_disabled
    return params.phase_out_schedule or (100,) * params.phase_out_months


def months(params: PolicyParameters, disabled_household: bool = False) -> int:
    """How many months the phase-out lasts."""
    return len(schedule(params, disabled_household))


def amounts(last_amount: int, percents: tuple[int, ...]) -> list[int]:
    """The amount (fen) paid in each month: the percentage of the last amount, to the fen."""
    return [int((Decimal(last_amount) * pct / 100).to_integral_value(rounding=ROUND_HALF_UP))
            for pct in percents]


def quarterly_steps(month_count: int) -> tuple[int, ...]:
    """A schedule that falls every quarter (逐季递减) to nothing after `month_count` months: with
    n quarters, quarter k (from 0) pays (n − k) / n of the amount, rounded to a whole percent."""
    quarters = -(-month_count // 3)
    return tuple(round(100 * (quarters - month // 3) / quarters) for month in range(month_count))


def parse_schedule(text: str) -> tuple[int, ...]:
    """"100,100,80" (or with 、，% and spaces) as (100, 100, 80); ValueError in Chinese otherwise."""
    cleaned = text
    for mark in ("，", "、", ";", "；", " "):
        cleaned = cleaned.replace(mark, ",")
    parts = [p.strip().removesuffix("%") for p in cleaned.split(",") if p.strip()]
    if not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(_("请按月填写整数百分比，用逗号隔开，例如 100,100,80,80,60,60"))
    return tuple(int(p) for p in parts)


def schedule_text(percents: tuple[int, ...]) -> str:
    return ",".join(str(p) for p in percents)
