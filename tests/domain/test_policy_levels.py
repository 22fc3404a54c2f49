"""Province and city parameter sets above a county, and the floor they set for its standard
(`002…` 民政厅 第一类 3: 各县（市、区）政府可以结合当地实际制定地方标准，但不能低于省定标准)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from webapp.domain import policy_levels as levels
from webapp.domain.policy import HENAN_2022, in_force

PROVINCE, CITY, COUNTY = "410000000000", "410100000000", "410102000000"


def a_set(region: str, start: date, end: date | None = None, rural: int = 420_00, urban: int = 630_00):
    return replace(HENAN_2022, region_code=region, effective_from=start, effective_to=end,
                   dibao_rural_monthly=rural, dibao_urban_monthly=urban)


@pytest.mark.parametrize(("code", "level"), [
    (PROVINCE, levels.PROVINCE), (CITY, levels.CITY), (COUNTY, levels.LOCAL),
    ("410102101000", levels.LOCAL), ("short", levels.LOCAL)])
def test_the_level_of_a_region_is_read_from_its_national_code(code, level):
    assert levels.level_of(code) == level


def test_the_chain_above_a_village_is_its_city_then_its_province():
    chain = ["410102101201", "410102101000", COUNTY]
    assert levels.extend_chain(chain) == [*chain, CITY, PROVINCE]
    assert levels.levels_above(CITY) == [PROVINCE]
    assert levels.levels_above(PROVINCE) == []


def test_002_minzheng_1_3_a_county_without_its_own_set_inherits_the_province_s():
    province = a_set(PROVINCE, date(2026, 1, 1))
    chain = levels.extend_chain([COUNTY])
    assert in_force([province], chain, date(2026, 6, 1)) is province
    own = a_set(COUNTY, date(2026, 1, 1), rural=450_00)
    assert in_force([province, own], chain, date(2026, 6, 1)) is own


def test_002_minzheng_1_3_a_county_standard_below_the_province_s_is_a_breach_per_field():
    province = a_set(PROVINCE, date(2026, 1, 1), rural=440_00, urban=650_00)
    county = a_set(COUNTY, date(2026, 3, 1), rural=430_00, urban=660_00)
    [breach] = levels.below_upper(county, [province])
    assert breach.field == "dibao_rural_monthly"
    assert "不能低于省级标准" in breach.message and "为 440 元" in breach.message


def test_002_minzheng_1_3_the_city_may_raise_the_floor_and_only_overlapping_periods_count():
    province = a_set(PROVINCE, date(2026, 1, 1), rural=420_00)
    city = a_set(CITY, date(2026, 1, 1), date(2026, 12, 31), rural=460_00)
    later = a_set(COUNTY, date(2027, 1, 1), rural=430_00)
    assert levels.below_upper(later, [province, city]) == []
    this_year = a_set(COUNTY, date(2026, 6, 1), rural=430_00)
    [breach] = levels.below_upper(this_year, [province, city])
    assert "市级" in breach.message and "为 460 元" in breach.message


def test_a_county_at_or_above_the_province_s_standard_is_no_breach():
    province = a_set(PROVINCE, date(2026, 1, 1))
    assert levels.below_upper(a_set(COUNTY, date(2026, 1, 1)), [province]) == []
