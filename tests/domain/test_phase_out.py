"""Phase-out (渐退): `000…` 一(三) — only when employment raised per-capita income above the
standard, up to the county's months; `003…` 二(二)3 (Jilin) — 18 months, 24 for a disabled
household, below 2 × the standard, the amount falling every quarter (补助金逐季递减)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from webapp.domain import phase_out
from webapp.domain.phase_out import EMPLOYMENT, Grounds, PhaseOutRefused
from webapp.domain.policy import HENAN_2022, RURAL

# 003… 二(二)3 as parameters.
JILIN = replace(HENAN_2022, phase_out_months=18, phase_out_schedule=phase_out.quarterly_steps(18),
                phase_out_schedule_disabled=phase_out.quarterly_steps(24),
                phase_out_income_cap=Decimal(2))


def test_000_1_3_phase_out_only_when_employment_raised_income():
    with pytest.raises(PhaseOutRefused) as refused:
        phase_out.check_grounds(Grounds("other", 500_00), HENAN_2022, RURAL)
    assert refused.value.field == "phase_out_reason" and "就业" in refused.value.message


def test_000_1_3_phase_out_only_when_income_is_above_the_standard():
    with pytest.raises(PhaseOutRefused) as refused:
        phase_out.check_grounds(Grounds(EMPLOYMENT, 420_00), HENAN_2022, RURAL)
    assert refused.value.field == "phase_out_income" and "没有超过低保标准" in refused.value.message
    phase_out.check_grounds(Grounds(EMPLOYMENT, 420_01), HENAN_2022, RURAL)


def test_000_1_3_without_a_schedule_the_full_amount_is_paid_for_the_county_s_months():
    assert phase_out.schedule(HENAN_2022) == (100,) * 6
    assert phase_out.amounts(300_00, phase_out.schedule(HENAN_2022)) == [300_00] * 6


def test_003_2_2_3_jilin_18_months_falling_every_quarter_and_24_for_a_disabled_household():
    general = phase_out.schedule(JILIN)
    assert phase_out.months(JILIN) == 18 and phase_out.months(JILIN, disabled_household=True) == 24
    assert general[:6] == (100, 100, 100, 83, 83, 83) and general[-3:] == (17, 17, 17)
    quarters = [general[i] for i in range(0, 18, 3)]
    assert quarters == sorted(quarters, reverse=True) and len(set(quarters)) == 6
    assert phase_out.amounts(300_00, general)[3] == 249_00  # 83 % of 300 元


def test_003_2_2_3_jilin_no_phase_out_at_twice_the_standard_or_more():
    phase_out.check_grounds(Grounds(EMPLOYMENT, 839_99), JILIN, RURAL)
    with pytest.raises(PhaseOutRefused) as refused:
        phase_out.check_grounds(Grounds(EMPLOYMENT, 840_00), JILIN, RURAL)
    assert "2 倍" in refused.value.message


def test_a_schedule_must_fit_the_months_and_never_rise():
    with pytest.raises(ValueError, match="月数"):
        replace(HENAN_2022, phase_out_schedule=(100, 80))
    with pytest.raises(ValueError, match="逐月不变或减少"):
        replace(HENAN_2022, phase_out_schedule=(80, 100, 100, 100, 100, 100))


def test_a_schedule_is_read_as_typed_with_chinese_commas():
    assert phase_out.parse_schedule("100，100、80% 60") == (100, 100, 80, 60)
    with pytest.raises(ValueError):
        phase_out.parse_schedule("100,八十")
