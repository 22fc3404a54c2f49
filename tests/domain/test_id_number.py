"""Citizen ID numbers (GLOSSARY `id_number`: 18-character national ID, GB 11643-1999)."""

from datetime import date

import pytest

from webapp.domain.id_number import (
    IdNumber,
    InvalidIdNumber,
    mask_id_number,
    parse_id_number,
)

from .ids import valid_id_number, valid_id_number_ending_in_x, with_check_character

TODAY = date(2024, 6, 15)


def refusal(value: str) -> str:
    """The message shown when the value is refused."""
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(value, TODAY)
    return caught.value.message


def test_valid_number_is_accepted_with_its_birth_date():
    number = valid_id_number(birth="19580723")

    parsed = parse_id_number(number, TODAY)

    assert parsed == IdNumber(number=number, birth_date=date(1958, 7, 23), sex="male")


def test_odd_17th_digit_means_male():
    assert parse_id_number(valid_id_number(sequence="013"), TODAY).sex == "male"


def test_even_17th_digit_means_female():
    assert parse_id_number(valid_id_number(sequence="024"), TODAY).sex == "female"


def test_example_from_the_standard_is_accepted_with_lower_case_x():
    parsed = parse_id_number("11010519491231002x", TODAY)

    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "female"


def test_generated_number_ending_in_x_is_accepted_when_typed_with_lower_case_x():
    number = valid_id_number_ending_in_x()

    assert parse_id_number(number.lower(), TODAY).number == number


def test_spaces_and_full_width_spaces_are_ignored():
    number = valid_id_number()
    typed = f" {number[:6]} {number[6:14]}\u3000{number[14:]} "

    assert parse_id_number(typed, TODAY).number == number


def test_full_width_digits_are_accepted():
    number = valid_id_number()
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in number)

    assert parse_id_number(full_width, TODAY).number == number


def test_empty_field_is_refused_with_a_message():
    assert refusal("  ") == "请填写身份证号码"


def test_old_15_digit_number_is_refused_asking_for_the_18_digit_one():
    assert refusal("110105580723123") == "这是旧的15位身份证号码，请填写现在使用的18位号码"


def test_wrong_length_message_says_how_many_characters_were_typed():
    assert refusal(valid_id_number()[:17]) == "身份证号码应为18位，您填了17位"


def test_letter_among_the_first_17_digits_is_refused_with_a_message():
    number = valid_id_number()

    assert refusal(number[:5] + "A" + number[6:]) == "身份证号码前17位只能是数字，请核对"


def test_last_character_other_than_a_digit_or_x_is_refused_with_a_message():
    assert refusal(valid_id_number()[:17] + "Y") == "身份证号码最后一位只能是数字或X，请核对"


def test_wrong_check_digit_is_refused_with_a_message():
    number = valid_id_number()
    wrong_last = "0" if number[-1] != "0" else "1"

    assert refusal(number[:17] + wrong_last) == "身份证号码最后一位不对，请对照身份证再核对一遍"


def test_impossible_birth_date_is_refused_with_a_message():
    assert refusal(valid_id_number(birth="19990230")) == "身份证号码里的出生日期不对，请核对"


def test_birth_date_in_the_future_is_refused():
    assert refusal(valid_id_number(birth="20240616")) == "身份证号码里的出生日期不对，请核对"


def test_birth_date_before_1900_is_refused():
    assert refusal(valid_id_number(birth="18991231")) == "身份证号码里的出生日期不对，请核对"


def test_someone_born_today_is_accepted():
    assert parse_id_number(valid_id_number(birth="20240615"), TODAY).age(TODAY) == 0


def test_refusal_is_a_value_error_so_generic_handlers_catch_it():
    with pytest.raises(ValueError):
        parse_id_number("123", TODAY)


def test_age_counts_a_birthday_that_is_today():
    person = parse_id_number(valid_id_number(birth="19640615"), TODAY)

    assert person.age(on=date(2024, 6, 15)) == 60


def test_age_does_not_count_a_birthday_that_is_tomorrow():
    person = parse_id_number(valid_id_number(birth="19640616"), TODAY)

    assert person.age(on=date(2024, 6, 15)) == 59


def test_someone_born_on_29_february_turns_a_year_older_on_1_march():
    person = parse_id_number(valid_id_number(birth="19640229"), TODAY)

    assert person.age(on=date(2023, 2, 28)) == 58
    assert person.age(on=date(2023, 3, 1)) == 59


def test_masked_number_keeps_the_first_three_and_last_four_characters():
    assert mask_id_number("11010519491231002X") == "110***********002X"


def test_masked_number_is_as_long_as_the_number():
    assert len(mask_id_number(with_check_character("11010519800101123"))) == 18
