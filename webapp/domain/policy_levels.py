"""Policy parameters of a province or a city, inherited by the counties below them, and the floor
they set for a county's own standard.

`002…` 民政厅 第一类 3: 省级 … 确定全省最低生活保障指导标准 … 各县（市、区）政府可以结合当地实际
制定地方标准，但不能低于省定标准; 各省辖市可根据当地实际适当提高. So a province (and a city) may
enter a set; a county without one of its own uses the nearest above it; a county's own dibao
standard may not be below the province's or the city's in force for the same period.

Region codes are the national 12-digit codes: a province is its first 2 digits then zeros, a
city its first 4 then zeros. The chain above a county is derived from its code, so no province
or city rows are needed in the regions table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from webapp.domain.money import format_yuan
from webapp.domain.policy import RURAL, URBAN, PolicyParameters
from webapp.web.i18n import _

PROVINCE, CITY, LOCAL = "province", "city", "local"
LEVEL_LABELS = {PROVINCE: _("省级"), CITY: _("市级"), LOCAL: _("本县")}
CODE_LENGTH = 12


def is_region_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and code.isascii() and code.isdigit()


def province_of(code: str) -> str:
    return code[:2] + "0" * (CODE_LENGTH - 2)


def city_of(code: str) -> str:
    return code[:4] + "0" * (CODE_LENGTH - 4)


def level_of(code: str) -> str:
    """PROVINCE for a code ending in ten zeros, CITY for one ending in eight, LOCAL otherwise."""
    if not is_region_code(code):
        return LOCAL
    if code == province_of(code):
        return PROVINCE
    if code == city_of(code):
        return CITY
    return LOCAL


def levels_above(code: str) -> list[str]:
    """The city's and the province's codes above a region, nearest first (none that equal it)."""
    if not is_region_code(code):
        return []
    above = [c for c in (city_of(code), province_of(code)) if c != code]
    return list(dict.fromkeys(above))


def extend_chain(chain: list[str]) -> list[str]:
    """A chain of region codes from the village up, with the city and province appended."""
    top = chain[-1] if chain else ""
    return chain + [c for c in levels_above(top) if c not in chain]


@dataclass(frozen=True)
class Breach:
    """A county standard below an upper level's: which field, and the message beside it."""

    field: str
    message: str


_STANDARDS = ((RURAL, "dibao_rural_monthly", _("农村")), (URBAN, "dibao_urban_monthly", _("城市")))


def _overlap(a: PolicyParameters, b: PolicyParameters) -> bool:
    a_before = a.effective_to is not None and a.effective_to < b.effective_from
    b_before = b.effective_to is not None and b.effective_to < a.effective_from
    return not (a_before or b_before)


def below_upper(county: PolicyParameters, upper_sets: Iterable[PolicyParameters]) -> list[Breach]:
    """`002…` 民政厅 第一类 3 (不能低于省定标准): each dibao standard of the county's set that is
    below the standard of a province or city set whose period overlaps it, one Breach per field
    (naming the highest standard it falls short of)."""
    overlapping = [u for u in upper_sets if _overlap(county, u)]
    breaches = []
    for hukou, name, label in _STANDARDS:
        own = county.dibao_monthly(hukou)
        higher = [u for u in overlapping if u.dibao_monthly(hukou) > own]
        if not higher:
            continue
        top = max(higher, key=lambda u: u.dibao_monthly(hukou))
        period = top.effective_from.isoformat() + (
            _(" 至 %s") % top.effective_to.isoformat() if top.effective_to else _(" 起"))
        breaches.append(Breach(name, _(
            "%s低保标准不能低于%s标准：%s（%s）为 %s 元/人·月，这里填的是 %s 元")
            % (label, LEVEL_LABELS[level_of(top.region_code)], top.region_code, period,
               format_yuan(top.dibao_monthly(hukou)), format_yuan(own))))
    return breaches
