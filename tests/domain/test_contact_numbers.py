"""The numbers offices and village assistants publish (webapp/domain/contact_numbers.py):
what a resident can dial, written as they will see it."""

from __future__ import annotations

import pytest

from webapp.domain.contact_numbers import InvalidNumber, dial, normalise


@pytest.mark.parametrize("typed, shown", [
    ("12345", "12345"), ("0311-12345678", "0311-12345678"), ("139 0000 1111", "13900001111"),
    ("０３１１－１２３４５６７８", "0311-12345678"), ("", ""), ("  ", "")])
def test_a_number_is_kept_as_residents_will_dial_it(typed, shown):
    assert normalise(typed) == shown


@pytest.mark.parametrize("typed", ["找王主任", "123", "0311--1234567", "-12345", "12345-",
                                   "1" * 25])
def test_what_cannot_be_dialled_is_refused(typed):
    with pytest.raises(InvalidNumber):
        normalise(typed)


def test_a_tel_link_has_the_digits_only():
    assert dial("0311-12345678") == "031112345678"
