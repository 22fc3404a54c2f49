"""Amounts typed in yuan, kept as whole fen."""

import pytest

from webapp.domain.money import InvalidAmount, format_yuan, parse_yuan


def refusal(text: str) -> str:
    """The message shown when the amount is refused."""
    with pytest.raises(InvalidAmount) as caught:
        parse_yuan(text)
    return caught.value.message


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1200", 120000),
        ("1,200", 120000),
        ("1200.5", 120050),
        ("1200.50", 120050),
        ("1200元", 120000),
        ("0.05", 5),
        ("12,345,678.90", 1234567890),
    ],
)
def test_amounts_are_read_as_fen(typed, fen):
    assert parse_yuan(typed) == fen


def test_full_width_digits_are_read():
    assert parse_yuan("１２００") == 120000


def test_full_width_comma_and_chinese_decimal_point_are_read():
    assert parse_yuan("１，２００。５") == 120050


def test_spaces_around_the_amount_are_ignored():
    assert parse_yuan(" 1200 元 ") == 120000


def test_empty_field_means_nothing():
    assert parse_yuan("") == 0


def test_words_are_refused_with_an_example():
    assert refusal("一千二") == "请填写数字金额，例如 1200"


def test_misplaced_thousands_separator_is_refused():
    assert refusal("12,00") == "请填写数字金额，例如 1200"


def test_negative_amount_is_refused_with_a_message():
    assert refusal("-5") == "金额不能是负数"


def test_more_than_two_decimals_is_refused_with_a_message():
    assert refusal("12.505") == "最多填到分，例如 12.50"


def test_one_hundred_million_yuan_is_the_largest_amount_accepted():
    assert parse_yuan("100000000") == 100_000_000_00


def test_more_than_one_hundred_million_yuan_is_refused():
    assert refusal("100000000.01") == "金额太大，请核对"


def test_refusal_is_a_value_error_so_generic_handlers_catch_it():
    with pytest.raises(ValueError):
        parse_yuan("abc")


def test_whole_yuan_are_shown_without_decimals():
    assert format_yuan(120000) == "1,200"


def test_fen_are_shown_with_two_decimals():
    assert format_yuan(120050) == "1,200.50"


def test_zero_is_shown_as_zero():
    assert format_yuan(0) == "0"


def test_formatting_and_parsing_round_trip():
    assert parse_yuan(format_yuan(1234567805)) == 1234567805


# Issue 11 item 4: amounts as people say them — 3千, 1.2万, 3000元.
@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("3千", 300000),
        ("3千元", 300000),
        ("1.2万", 1200000),
        ("1.2万元", 1200000),
        ("１.５万", 1500000),
        ("1.2345万", 1234500),
        ("2.5千", 250000),
        ("3000元", 300000),
        ("¥3000", 300000),
    ],
)
def test_amounts_with_a_unit_are_read_as_fen(typed, fen):
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize("typed", ["千", "万元", "3千万千", "-3千", "1.2345678万", "三千"])
def test_a_unit_without_a_plain_number_is_refused(typed):
    assert refusal(typed) in ("请填写数字金额，例如 1200", "最多填到分，例如 12.50")


def test_a_unit_keeps_the_limit():
    assert refusal("10001万") == "金额太大，请核对"
