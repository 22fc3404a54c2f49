"""Reading the dibao tiers (分档救助) of the policy form: amounts in yuan separated by 、 , ，
or spaces, each read like any amount of the form; ValueError with a message in Chinese."""

from __future__ import annotations

import re

from webapp.staff.policy_fields import fen
from webapp.web.i18n import _

_SEPARATORS = re.compile(r"[、,，;；\s]+")
MOST_TIERS = 10


def tier_amounts(text: str) -> tuple[int, ...]:
    """"100、200、300" -> (10000, 20000, 30000); "" -> () (the exact gap)."""
    parts = [p for p in _SEPARATORS.split(text or "") if p]
    if len(parts) > MOST_TIERS:
        raise ValueError(_("最多 %d 档") % MOST_TIERS)
    amounts = tuple(fen(p) for p in parts)
    if any(a <= 0 for a in amounts) or any(a >= b for a, b in zip(amounts, amounts[1:], strict=False)):
        raise ValueError(_("每档金额须大于 0，从小到大排列，不能重复"))
    return amounts
