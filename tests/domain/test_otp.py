"""Sign-in codes sent by SMS, and the limits on sending them."""

from datetime import datetime, timedelta

import pytest

from webapp.domain.otp import (
    ADDRESS_LIMITS,
    PHONE_LIMITS,
    InvalidPhone,
    code_matches,
    hash_code,
    mask_phone,
    new_code,
    next_allowed_send,
    normalise_phone,
)

KEY = "test-secret-key"
PHONE = "13800138000"
START = datetime(2024, 6, 15, 9, 0, 0)


def minutes(n: float) -> timedelta:
    """A duration in minutes."""
    return timedelta(minutes=n)


def test_code_is_six_digits():
    codes = [new_code() for _ in range(200)]

    assert all(len(code) == 6 and code.isdigit() for code in codes)


def test_stored_hash_never_contains_the_code():
    code = new_code()

    assert code not in hash_code(KEY, PHONE, code)


def test_right_code_matches_its_hash():
    stored = hash_code(KEY, PHONE, "123456")

    assert code_matches(KEY, PHONE, "123456", stored)


def test_wrong_code_does_not_match():
    stored = hash_code(KEY, PHONE, "123456")

    assert not code_matches(KEY, PHONE, "123457", stored)


def test_code_sent_to_another_phone_does_not_match():
    stored = hash_code(KEY, "13900139000", "123456")

    assert not code_matches(KEY, PHONE, "123456", stored)


def test_hash_made_with_another_key_does_not_match():
    stored = hash_code("another-key", PHONE, "123456")

    assert not code_matches(KEY, PHONE, "123456", stored)


def test_first_code_may_be_sent_at_once():
    assert next_allowed_send([], START, PHONE_LIMITS) is None


def test_second_code_within_a_minute_waits_until_the_minute_is_over():
    sent = [START]

    assert next_allowed_send(sent, START + minutes(0.5), PHONE_LIMITS) == START + minutes(1)


def test_second_code_exactly_a_minute_later_may_be_sent():
    assert next_allowed_send([START], START + minutes(1), PHONE_LIMITS) is None


def test_sixth_code_within_an_hour_waits_until_the_first_is_an_hour_old():
    sent = [START + minutes(2 * n) for n in range(5)]

    assert next_allowed_send(sent, START + minutes(10), PHONE_LIMITS) == START + minutes(60)


def test_eleventh_code_within_a_day_waits_until_the_first_is_a_day_old():
    sent = [START + timedelta(hours=2 * n) for n in range(10)]

    now = START + timedelta(hours=19)

    assert next_allowed_send(sent, now, PHONE_LIMITS) == START + timedelta(days=1)


def test_when_several_limits_are_reached_the_latest_wait_applies():
    sent = [START + minutes(n) for n in range(5)]

    now = START + minutes(4.5)

    assert next_allowed_send(sent, now, PHONE_LIMITS) == START + minutes(60)


def test_sends_listed_in_any_order_give_the_same_wait():
    sent = [START + minutes(2 * n) for n in (3, 0, 4, 1, 2)]

    assert next_allowed_send(sent, START + minutes(10), PHONE_LIMITS) == START + minutes(60)


def test_one_address_may_ask_for_twenty_codes_an_hour():
    sent = [START + minutes(n) for n in range(19)]

    assert next_allowed_send(sent, START + minutes(30), ADDRESS_LIMITS) is None


def test_twenty_first_code_from_one_address_within_an_hour_waits():
    sent = [START + minutes(n) for n in range(20)]

    assert next_allowed_send(sent, START + minutes(30), ADDRESS_LIMITS) == START + minutes(60)


def test_fifty_first_code_from_one_address_within_a_day_waits():
    sent = [START + minutes(20 * n) for n in range(50)]

    now = START + minutes(20 * 49 + 1)

    assert next_allowed_send(sent, now, ADDRESS_LIMITS) == START + timedelta(days=1)


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 13800138000",
        "8613800138000",
        "０086 138 0013 8000",
        "１３８００１３８０００",
        "１３８\u3000００１３\u3000８０００",
    ],
)
def test_mobile_number_is_read_however_it_is_typed(typed):
    assert normalise_phone(typed) == "13800138000"


@pytest.mark.parametrize(
    "typed",
    ["", "1380013800", "138001380001", "12800138000", "02012345678", "abcdefghijk"],
)
def test_anything_but_a_mainland_mobile_number_is_refused_with_an_example(typed):
    with pytest.raises(InvalidPhone) as caught:
        normalise_phone(typed)

    assert caught.value.message == "请填写11位手机号码，例如 13800138000"


def test_masked_phone_hides_the_middle_four_digits():
    assert mask_phone("13800138000") == "138****8000"
