"""Reading the policy form's fields as typed (full-width digits, 元, 2025/1/1 ...) and showing
stored values back in the same form; each reader raises ValueError with a message in Chinese."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from wtforms.validators import StopValidation

from webapp.domain.money import FEN_PER_YUAN, InvalidAmount, parse_yuan
from webapp.web.i18n import _

_DAY = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_DECIMAL = re.compile(r"\d+(\.\d{1,2})?")


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).replace("。", ".")


def day(text: str) -> date:
    match = _DAY.fullmatch(_clean(text))
    try:
        if match is None:
            raise ValueError
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(_("请按 2025-01-01 这样填写日期")) from None


def fen(text: str) -> int:
    """An amount typed in yuan, as fen."""
    try:
        return parse_yuan(text)
    except InvalidAmount as refused:
        raise ValueError(refused.message) from None


def multiplier(text: str) -> Decimal:
    """A number with at most two decimals, e.g. 1.5."""
    cleaned = _clean(text).removesuffix("倍")
    if not _DECIMAL.fullmatch(cleaned):
        raise ValueError(_("请填写数字，最多两位小数，例如 1.5"))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("请填写数字，最多两位小数，例如 1.5")) from None


def percent(text: str) -> Decimal:
    """A percentage, e.g. 50 or 50%, as typed (50, not 0.5)."""
    return multiplier(_clean(text).removesuffix("%"))


def whole(text: str) -> int:
    cleaned = _clean(text)
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 6:
        raise ValueError(_("请填写整数，例如 30"))
    return int(cleaned)


class Parsed:
    """A required field read by `parse`, within [low, high] when given; stops at the first
    problem so that checks across fields only see values that could be read."""

    def __init__(self, parse: Callable[[str], Any], missing: str | None = None, low: Any = None,
                 high: Any = None, out_of_range: str = ""):
        self.parse, self.missing, self.low, self.high = parse, missing, low, high
        self.out_of_range = out_of_range

    def __call__(self, form, field) -> None:
        if not field.data:
            raise StopValidation(self.missing or _("请填写这一项"))
        try:
            value = self.parse(field.data)
        except ValueError as refused:
            raise StopValidation(str(refused)) from None
        if self.low is not None and not self.low <= value <= self.high:
            raise StopValidation(self.out_of_range)


def fen_text(amount: int) -> str:
    """Fen as yuan with two decimals, as the form takes them: 42000 -> "420.00"."""
    yuan, cents = divmod(amount, FEN_PER_YUAN)
    return f"{yuan}.{cents:02d}"


def plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 1.50 -> "1.5", 50.0 -> "50"."""
    return format(number.normalize(), "f")
