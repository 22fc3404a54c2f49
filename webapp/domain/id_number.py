"""Citizen ID numbers (公民身份号码) as defined by GB 11643-1999."""

import unicodedata
from dataclasses import dataclass
from datetime import date

from webapp.web.i18n import _

# ISO 7064 MOD 11-2, as GB 11643-1999 §8.2 specifies.
CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900


class InvalidIdNumber(ValueError):
    """An ID number that cannot be accepted, with a message for the person typing it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IdNumber:
    """A checked 18-character ID number and what it tells about its holder."""

    number: str
    birth_date: date
    sex: str

    def age(self, on: date) -> int:
        """Whole years of age on the given day."""
        before_birthday = (on.month, on.day) < (
            self.birth_date.month,
            self.birth_date.day,
        )
        return on.year - self.birth_date.year - int(before_birthday)


def check_character(first_17: str) -> str:
    """The 18th character that makes the first 17 digits a valid number."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, CHECK_WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def parse_id_number(value: str, today: date) -> IdNumber:
    """Check a typed ID number and return it, or raise InvalidIdNumber saying what is wrong."""
    number = _clean(value)
    if not number:
        raise InvalidIdNumber(_("请填写身份证号码"))
    if len(number) == 15 and _is_digits(number):
        raise InvalidIdNumber(_("这是旧的15位身份证号码，请填写现在使用的18位号码"))
    if len(number) != 18:
        raise InvalidIdNumber(_("身份证号码应为18位，您填了{count}位").format(count=len(number)))
    if not _is_digits(number[:17]):
        raise InvalidIdNumber(_("身份证号码前17位只能是数字，请核对"))
    if number[17] not in "0123456789X":
        raise InvalidIdNumber(_("身份证号码最后一位只能是数字或X，请核对"))
    birth_date = _birth_date(number, today)
    if check_character(number[:17]) != number[17]:
        raise InvalidIdNumber(_("身份证号码最后一位不对，请对照身份证再核对一遍"))
    sex = "male" if int(number[16]) % 2 else "female"
    return IdNumber(number=number, birth_date=birth_date, sex=sex)


def mask_id_number(number: str) -> str:
    """Hide all but the first 3 and last 4 characters, for pages and letters."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def _clean(value: str) -> str:
    """Drop all spaces, turn full-width characters into ASCII and upper-case a final x."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(text.split()).upper()


def _is_digits(text: str) -> bool:
    """True when every character is an ASCII digit 0-9."""
    return all("0" <= char <= "9" for char in text)


def _birth_date(number: str, today: date) -> date:
    """The birth date in characters 7 to 14, refused when impossible."""
    wrong_date = InvalidIdNumber(_("身份证号码里的出生日期不对，请核对"))
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise wrong_date from None
    if born > today or born.year < EARLIEST_BIRTH_YEAR:
        raise wrong_date
    return born
