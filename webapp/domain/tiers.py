"""Tiered dibao payment (分档救助), an option of the policy parameters.

`002…` 民政厅 第一类 3 (低保金的发放形式): 根据共同生活家庭成员人均收入与当地低保标准的实际差额进
行补差发放，或根据对象的困难程度进行分档救助. The seed names the option and leaves the tiers to the
county. As kept here: the county sets per-person monthly tier amounts (PolicyParameters
`dibao_tier_amounts`); the household's per-person gap is paid at the lowest tier that covers it,
so a tier never pays less than the exact gap (补差 stays the floor); a gap above the highest tier
is paid exactly. With no tiers set the exact gap is paid (the default).
"""

from __future__ import annotations

from webapp.domain.income import MONTHS_PER_YEAR


def tier_for(annual_gap: int, size: int, tiers: tuple[int, ...]) -> int | None:
    """The per-person monthly tier amount for a household's annual gap (household standard × 12
    minus its counted annual income, in fen), compared exactly; None when no tier covers it."""
    for amount in tiers:
        if amount * size * MONTHS_PER_YEAR >= annual_gap:
            return amount
    return None
