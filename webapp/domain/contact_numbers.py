"""A phone number an office or a village assistant publishes for residents to call: a mobile
number, a landline with its area code (0311-12345678), or a short hotline such as 12345."""

from __future__ import annotations

import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－　", "0123456789- ")
_SPACES = str.maketrans("", "", " \t")
# 5 digits for a hotline (12345, 12349), up to a landline with area code and extension.
_NUMBER = re.compile(r"[0-9](?:[0-9]|-(?=[0-9])){4,19}")


class InvalidNumber(ValueError):
    """Not a number a resident could dial."""


def normalise(text: str) -> str:
    """The number as residents see and dial it ('' stays ''); raises InvalidNumber."""
    number = (text or "").translate(_FULL_WIDTH).translate(_SPACES)
    if number and not _NUMBER.fullmatch(number):
        raise InvalidNumber(number)
    return number


def dial(number: str) -> str:
    """The digits of a `tel:` link."""
    return number.replace("-", "")
