"""The rule behind each start page's time estimate (webapp/domain/time_estimate.py): pages,
fields and letters in, whole minutes out, as a range from skipping what may be skipped to
answering everything."""

from __future__ import annotations

import math

from webapp.domain import time_estimate as rule
from webapp.domain.time_estimate import Field, Page, Shape

NAME = Field("text", required=True)
NOTE = Field("long_text", required=False)


def test_a_required_field_takes_its_answer_time_even_in_the_low_estimate():
    assert rule.field_seconds(NAME, answered=False) == rule.ANSWER_SECONDS["text"]
    assert rule.field_seconds(NAME, answered=True) == rule.ANSWER_SECONDS["text"]


def test_a_field_that_may_be_left_empty_costs_only_a_glance_when_skipped():
    assert rule.field_seconds(NOTE, answered=False) == rule.SKIP_SECONDS
    assert rule.field_seconds(NOTE, answered=True) == rule.ANSWER_SECONDS["long_text"]


def test_every_option_of_a_choice_is_read():
    three, eight = Field("choice", True, options=3), Field("choice", True, options=8)

    assert rule.field_seconds(eight, True) - rule.field_seconds(three, True) == \
        5 * rule.OPTION_SECONDS


def test_letters_are_read_at_the_slow_reading_speed():
    short = rule.estimate(Shape(pages=(), letter_chars=0, check_page=False, signatures=0))
    long = rule.estimate(Shape(pages=(), letter_chars=rule.READING_CHARS_PER_MINUTE * 3,
                               check_page=False, signatures=0))

    assert long.high - short.high == 3


def test_the_range_runs_from_skipping_the_optional_to_answering_everything():
    shape = Shape(pages=(Page((NAME,) + (NOTE,) * 5),), check_page=False, signatures=0)

    estimate = rule.estimate(shape)

    before = rule.SIGN_IN_SECONDS + rule.PAGE_SECONDS + rule.ANSWER_SECONDS["text"]
    assert estimate.low == math.ceil((before + 5 * rule.SKIP_SECONDS) / 60)
    assert estimate.high == math.ceil((before + 5 * rule.ANSWER_SECONDS["long_text"]) / 60)


def test_a_page_shown_only_on_some_answers_counts_only_in_the_high_estimate():
    without = rule.estimate(Shape(pages=(Page((NAME,)),)))
    with_optional = rule.estimate(Shape(pages=(Page((NAME,)),),
                                        optional_pages=(Page((NAME,) * 6),)))

    assert with_optional.low == without.low
    assert with_optional.high > without.high


def test_each_member_adds_their_pages_and_signature():
    member = (Page((NAME, Field("id_number", True))),)

    estimate = rule.estimate(Shape(pages=(), member_pages=member, member_signatures=1))

    expected = (rule.PAGE_SECONDS + rule.ANSWER_SECONDS["text"] + rule.ANSWER_SECONDS["id_number"]
                + rule.SIGNATURE_SECONDS)
    assert estimate.member_low == estimate.member_high == math.ceil(expected / 60)


def test_a_form_without_a_household_list_adds_nothing_per_member():
    estimate = rule.estimate(Shape(pages=(Page((NAME,)),)))

    assert (estimate.member_low, estimate.member_high) == (0, 0)


def test_minutes_are_rounded_up_and_never_zero():
    estimate = rule.estimate(Shape(pages=(), check_page=False, signatures=0))

    assert estimate.low == estimate.high == math.ceil(rule.SIGN_IN_SECONDS / 60)
