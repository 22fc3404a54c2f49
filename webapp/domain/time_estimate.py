"""How long a form takes an elderly resident on a cheap phone (issue 11, item 8): a rule over the
form's shape — its pages, fields and letters — so the start page's estimate changes whenever the
form does (webapp/flows/estimate.py reads the shape from the flow definition).

The rule, in seconds, for one person reading slowly and typing with one finger or by hand-
writing input (these are the project's working assumptions, to be replaced by the medians the
form metrics measure once there are some; bench/ counts the pages and fields they apply to):

- every page: PAGE_SECONDS to load on a slow network, read its title and help, and press on;
  help text is read at READING_CHARS_PER_MINUTE;
- every field is read (its label and options) and then answered or, when it may be left empty,
  possibly skipped: ANSWER_SECONDS by kind when answered, SKIP_SECONDS when skipped; a choice
  adds OPTION_SECONDS for every option read;
- the letters are read at READING_CHARS_PER_MINUTE (slow reading, or listening to 听一听: Mandarin
  speech runs at about 200–250 characters a minute) and each signature takes SIGNATURE_SECONDS;
- signing in with the SMS code takes SIGN_IN_SECONDS; the check page CHECK_SECONDS.

The estimate is a range: `low` when every field that may be left empty is skipped (and a page
shown only on some answers is not shown), `high` when every field is answered. Each household
member adds their own pages and signatures, as a range the same way. A minute is the smallest
unit: every figure is rounded up."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

PAGE_SECONDS = 15
CHECK_SECONDS = 45
SIGN_IN_SECONDS = 90
SIGNATURE_SECONDS = 30
READING_CHARS_PER_MINUTE = 200
OPTION_SECONDS = 2
SKIP_SECONDS = 5
# Answering one field of a kind, label read included.
ANSWER_SECONDS = {
    "text": 40,  # a name or an address, typed in Chinese
    "id_number": 60,  # 18 characters copied from a card or the household register
    "phone": 30,
    "amount": 30,  # think of a figure, type it
    "count": 10,
    "date": 30,
    "long_text": 120,  # a few sentences about what happened
    "choice": 8,  # plus OPTION_SECONDS an option
    "choices": 10,  # several may apply; plus OPTION_SECONDS an option
    "tick": 15,  # one box to tick, usually a consent to read first
}
CHOICE_KINDS = frozenset({"choice", "choices"})


@dataclass(frozen=True)
class Field:
    kind: str  # a key of ANSWER_SECONDS
    required: bool
    options: int = 0


@dataclass(frozen=True)
class Page:
    fields: tuple[Field, ...] = ()
    help_chars: int = 0


@dataclass(frozen=True)
class Shape:
    """What a resident goes through: the pages of the form for the person it is about, the
    pages each further household member adds, and the letters."""

    pages: tuple[Page, ...]
    optional_pages: tuple[Page, ...] = ()  # shown only on some answers: counted in `high`
    member_pages: tuple[Page, ...] = ()
    members_optional: bool = True
    letter_chars: int = 0
    signatures: int = 1
    member_signatures: int = 0  # e.g. the authorisation every adult member signs
    check_page: bool = True


@dataclass(frozen=True)
class Estimate:
    """Whole minutes, rounded up: the form for one person, and what each member adds (0 and
    0 for a form without a household list)."""

    low: int
    high: int
    member_low: int
    member_high: int
    members_optional: bool


def field_seconds(item: Field, answered: bool) -> float:
    """One field: read and answered, or read and left empty (only one that may be)."""
    if not answered and not item.required:
        return SKIP_SECONDS
    seconds = ANSWER_SECONDS[item.kind]
    if item.kind in CHOICE_KINDS:
        seconds += OPTION_SECONDS * item.options
    return seconds


def reading_seconds(chars: int) -> float:
    return chars * 60 / READING_CHARS_PER_MINUTE


def page_seconds(page: Page, answered: bool) -> float:
    return (PAGE_SECONDS + reading_seconds(page.help_chars)
            + sum(field_seconds(f, answered) for f in page.fields))


def pages_seconds(pages: Iterable[Page], answered: bool) -> float:
    return sum(page_seconds(p, answered) for p in pages)


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def estimate(shape: Shape) -> Estimate:
    """The rule above applied to a form's shape."""
    fixed = (SIGN_IN_SECONDS + reading_seconds(shape.letter_chars)
             + SIGNATURE_SECONDS * shape.signatures + (CHECK_SECONDS if shape.check_page else 0))
    every = shape.pages + shape.optional_pages
    return Estimate(low=_minutes(fixed + pages_seconds(shape.pages, answered=False)),
                    high=_minutes(fixed + pages_seconds(every, answered=True)),
                    member_low=_member_minutes(shape, answered=False),
                    member_high=_member_minutes(shape, answered=True),
                    members_optional=shape.members_optional)


def _member_minutes(shape: Shape, answered: bool) -> int:
    if not shape.member_pages:
        return 0
    return _minutes(pages_seconds(shape.member_pages, answered)
                    + SIGNATURE_SECONDS * shape.member_signatures)
