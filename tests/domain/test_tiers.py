"""分档救助 (`002…` 民政厅 第一类 3, 低保金的发放形式: 补差发放，或…分档救助) as an option of the
parameters; off by default (the exact gap)."""

from dataclasses import replace

import pytest

from tests.domain.test_assessment import NO_INCOME, household, income, lines_of
from webapp.domain.assessment import assess
from webapp.domain.policy import HENAN_2022, PolicyParameters
from webapp.domain.tiers import tier_for

TIERED = replace(HENAN_2022, dibao_tier_amounts=(100_00, 200_00, 300_00))


def test_without_tiers_the_exact_gap_is_paid():
    result = assess(household(income(wages=6000), NO_INCOME, NO_INCOME), HENAN_2022)

    assert result.monthly_amount_fen == 760_00
    assert "分档救助" not in lines_of(result)


def test_the_gap_is_paid_at_the_lowest_tier_that_covers_it():
    # 3 people, 10,000 a year: the gap is 1,260 − 833.33 = 426.67, 142.22 each → the 200 tier.
    result = assess(household(income(wages=10000), NO_INCOME, NO_INCOME), TIERED)

    assert result.monthly_amount_fen == 3 * 200_00
    assert lines_of(result)["分档救助"] == "差额 426.67 元，按一档 200 元／人：200 元 × 3 人"


def test_a_gap_above_the_highest_tier_is_paid_exactly():
    two_tiers = replace(HENAN_2022, dibao_tier_amounts=(100_00, 200_00))
    result = assess(household(income(wages=6000), NO_INCOME, NO_INCOME), two_tiers)  # 253.33 each

    assert result.monthly_amount_fen == 760_00
    assert lines_of(result)["分档救助"] == "差额 760 元，超过最高一档，按实际差额补差"


def test_a_gap_exactly_at_a_tier_is_that_tier():
    assert tier_for(100_00 * 12 * 2, 2, (100_00, 200_00)) == 100_00
    assert tier_for(100_00 * 12 * 2 + 1, 2, (100_00, 200_00)) == 200_00


@pytest.mark.parametrize("tiers", [(0,), (200_00, 100_00), (100_00, 100_00)])
def test_tiers_must_be_positive_and_ascending(tiers):
    with pytest.raises(ValueError, match="分档"):
        PolicyParameters(**(vars(HENAN_2022) | {"dibao_tier_amounts": tiers}))
