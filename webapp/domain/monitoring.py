"""Relapse monitoring (防止返贫监测) lines and risk removal, `002…` 乡村振兴局 一(一) and 一(三).

- 一(一)1 监测范围: a yearly income line per person (Henan 2022: 6,900 yuan); below it a household
  is in principle included (原则上都要纳入); above it, one whose 两不愁三保障 or rigid spending puts
  it at risk is included too, whatever its income; one slightly below it (but clearly above
  4,500) may be left out only when *all* hold: income expected to rise steadily, no large rigid
  spending, the household does not wish to be included, no risk (同时满足以上条件的也可以不纳入).
- 一(二)2 排查: households whose income fell close to the line (濒临监测范围, 8000元以下) are watched.
- 一(三) 风险消除: income stably above the line for six months or more (收入稳定超过监测线半年以上);
  一(四)2 十一、十二: checked against the line of that year, and a household with no labour force
  (整户无劳动力) is taken back, so it is never marked removed.

Amounts are whole fen; lines are per person per year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from webapp.domain.case_machine import IllegalTransition, add_months
from webapp.domain.money import format_yuan
from webapp.web.i18n import _

# 一(三): 收入稳定超过监测线半年以上.
STABLE_MONTHS = 6
# 一(一)1: 略低于6900元 (但要明显高于4500元) — the floor below which no exception applies, as
# the yearly parameters' default (a province sets its own with its line).
HENAN_2022_LINE, HENAN_2022_WATCH, HENAN_2022_FLOOR = 6_900_00, 8_000_00, 4_500_00


class NoLine(LookupError):
    """No monitoring line is entered for the region and year (nor any earlier year)."""


@dataclass(frozen=True)
class Line:
    """One year's lines for a region, per person per year in fen."""

    region_code: str
    year: int
    income_line: int
    watch_band: int
    exception_floor: int = HENAN_2022_FLOOR
    source: str = ""

    def __post_init__(self) -> None:
        if not 0 < self.exception_floor < self.income_line <= self.watch_band:
            raise ValueError(_("须：例外下限 < 监测线 ≤ 关注线，且都大于 0"))


def line_for(lines: Iterable[Line], chain: Sequence[str], year: int) -> tuple[Line, bool]:
    """The line of the nearest region in `chain` (village up to province) for the year; where
    none is entered for the year, the latest earlier year's, with True ("carried over") so the
    page can say so. NoLine if there is none at all."""
    found = list(lines)
    for code in chain:
        own = [ln for ln in found if ln.region_code == code and ln.year <= year]
        if own:
            best = max(own, key=lambda ln: ln.year)
            return best, best.year != year
    raise NoLine(_("没有录入 %d 年的防止返贫监测线，请先录入") % year)


class Inclusion(StrEnum):
    """What 一(一)1 says of a household's inclusion in monitoring."""

    INCLUDE = "include"  # below the line, or at risk whatever its income
    MAY_LEAVE_OUT = "may_leave_out"  # slightly below, every condition of the exception met
    WATCH = "watch"  # above the line, below the watch band: screened closely
    NOT_IN_RANGE = "not_in_range"


@dataclass(frozen=True)
class Situation:
    """What the home visit found that 一(一)1 weighs beside income."""

    income_per_capita: int  # fen per person per year
    basics_at_risk: bool = False  # 两不愁三保障 or safe drinking water not secured
    large_rigid_spending: bool = False  # 刚性支出 (medical, schooling) large or sharply up
    income_rising: bool = False  # 可预期时间段内收入能够持续稳定增加
    wishes_to_be_included: bool = True  # 本人没有纳入监测对象的意愿 is False


def inclusion(s: Situation, line: Line) -> tuple[Inclusion, str]:
    """The seed's rule for the household, with the reason in words."""
    income, at_line = s.income_per_capita, line.income_line
    if s.basics_at_risk or s.large_rigid_spending:
        return Inclusion.INCLUDE, _("“两不愁三保障”或刚性支出有返贫致贫风险：不论收入多少，都要纳入")
    if income < at_line:
        if (line.exception_floor < income and s.income_rising and not s.wishes_to_be_included):
            return Inclusion.MAY_LEAVE_OUT, _(
                "人均收入 %s 元略低于监测线 %s 元、明显高于 %s 元，收入能持续增加、没有大的刚性支出、"
                "本人不愿纳入：可以不纳入") % (format_yuan(income), format_yuan(at_line),
                                   format_yuan(line.exception_floor))
        return Inclusion.INCLUDE, _("人均收入 %s 元低于 %d 年监测线 %s 元：原则上都要纳入") % (
            format_yuan(income), line.year, format_yuan(at_line))
    if income < line.watch_band:
        return Inclusion.WATCH, _("人均收入 %s 元高于监测线，但低于 %s 元，濒临监测范围：重点关注") % (
            format_yuan(income), format_yuan(line.watch_band))
    return Inclusion.NOT_IN_RANGE, _("人均收入 %s 元高于监测线 %s 元，没有其他风险") % (
        format_yuan(income), format_yuan(at_line))


@dataclass(frozen=True)
class IncomeFigure:
    """A per-capita income figure recorded for a monitored household on a day, with how many of
    its members have labour ability (劳动力) at that time."""

    recorded_on: date
    income_per_capita: int  # fen per person per year
    labour_force: int


def removal_why_not(figures: Sequence[IncomeFigure], line_of_year: dict[int, int],
                    today: date) -> str:
    """Why the risk cannot be marked removed today ("" if it can), from the recorded figures:
    the latest shows labour force; the figures of the last run above the line (each year's line,
    and this year's for the latest) span STABLE_MONTHS or more, ending no later than today."""
    ordered = sorted((f for f in figures if f.recorded_on <= today), key=lambda f: f.recorded_on)
    if not ordered:
        return _("还没有记录收入情况：风险消除要看收入稳定超过监测线半年以上，请先记录收入")
    latest = ordered[-1]
    if latest.labour_force <= 0:
        return _("这户家庭没有劳动力，不能标注风险消除，继续监测帮扶")
    missing = sorted(({f.recorded_on.year for f in ordered} | {today.year}) - set(line_of_year))
    if missing:
        return _("没有录入 %d 年的监测线，无法判断收入是否超过监测线") % missing[0]
    if latest.income_per_capita <= line_of_year[today.year]:
        return _("最近一次记录的人均收入 %s 元没有超过 %d 年监测线 %s 元") % (
            format_yuan(latest.income_per_capita), today.year, format_yuan(line_of_year[today.year]))
    run_start = latest.recorded_on
    for f in reversed(ordered):
        if f.income_per_capita <= line_of_year[f.recorded_on.year]:
            break
        run_start = f.recorded_on
    stable_until = add_months(run_start, STABLE_MONTHS)
    if latest.recorded_on < stable_until:
        return _("收入从 %s 起超过监测线，要到 %s 仍超过（再记录一次收入）才满半年") % (
            run_start.isoformat(), stable_until.isoformat())
    return ""


def check_removal(figures: Sequence[IncomeFigure], line_of_year: dict[int, int], today: date) -> None:
    """IllegalTransition with the reason when the risk may not be marked removed."""
    why = removal_why_not(figures, line_of_year, today)
    if why:
        raise IllegalTransition(why)
