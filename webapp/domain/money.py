"""Amounts of money, kept as whole fen (分) so that sums are exact."""

import re
import unicodedata

from webapp.web.i18n import _

FEN_PER_YUAN = 100
MAX_YUAN = 100_000_000

_NUMBER = re.compile(
    r"(?P<sign>-?)(?P<whole>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<fraction>\d*))?", re.ASCII
)
_CURRENCY_MARKS = ("¥", "元")
# 3千 is 3000 yuan, 1.2万 is 12000: how amounts are said, and typed, in the countryside.
_UNITS = {"千": 1_000, "万": 10_000}


class InvalidAmount(ValueError):
    """An amount that cannot be accepted, with a message for the person typing it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_yuan(text: str) -> int:
    """Read an amount in yuan as typed ("1,200", "１２００", "1200.5元", "3千", "1.2万") and
    return fen."""
    cleaned = _clean(text)
    if not cleaned:
        return 0
    unit = _UNITS.get(cleaned[-1], 1)
    if unit > 1:
        return _with_unit(cleaned[:-1], unit)
    match = _NUMBER.fullmatch(cleaned)
    if match is None or not (match["whole"] or match["fraction"]):
        raise InvalidAmount(_("请填写数字金额，例如 1200"))
    if match["sign"]:
        raise InvalidAmount(_("金额不能是负数"))
    fraction = match["fraction"] or ""
    if len(fraction) > 2:
        raise InvalidAmount(_("最多填到分，例如 12.50"))
    whole = int(match["whole"].replace(",", "") or "0")
    fen = whole * FEN_PER_YUAN + int(fraction.ljust(2, "0"))
    if fen > MAX_YUAN * FEN_PER_YUAN:
        raise InvalidAmount(_("金额太大，请核对"))
    return fen


def _with_unit(number: str, unit: int) -> int:
    """3千 or 1.2万: the number before the unit, times the unit, exact to the fen."""
    if not number:
        raise InvalidAmount(_("请填写数字金额，例如 1200"))
    match = _NUMBER.fullmatch(number)
    if match is None or match["sign"] or not (match["whole"] or match["fraction"]):
        raise InvalidAmount(_("请填写数字金额，例如 1200"))
    whole = int(match["whole"].replace(",", "") or "0")
    fraction = (match["fraction"] or "").rstrip("0")
    # fen per unit: 千 is 100000 fen, so 3 decimals at most keep it whole; 万 allows 4.
    per_unit = unit * FEN_PER_YUAN
    places = len(str(per_unit)) - 1
    if len(fraction) > places:
        raise InvalidAmount(_("最多填到分，例如 12.50"))
    fen = whole * per_unit + int(fraction.ljust(places, "0") or "0")
    if fen > MAX_YUAN * FEN_PER_YUAN:
        raise InvalidAmount(_("金额太大，请核对"))
    return fen


def format_yuan(fen: int) -> str:
    """Show fen as yuan with thousands separators: 120050 -> "1,200.50", 120000 -> "1,200"."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    if cents:
        return f"{sign}{yuan:,}.{cents:02d}"
    return f"{sign}{yuan:,}"


def _clean(text: str) -> str:
    """Full-width characters to ASCII, spaces and currency marks removed."""
    cleaned = "".join(unicodedata.normalize("NFKC", text or "").split())
    # A Chinese input method types 。 for the decimal point.
    cleaned = cleaned.replace("。", ".")
    for mark in _CURRENCY_MARKS:
        cleaned = cleaned.removeprefix(mark).removesuffix(mark)
    return cleaned
