"""References that residents read out or copy from a letter."""

from webapp.domain.reference import ALPHABET, new_reference, normalise_reference


def test_alphabet_has_no_characters_that_look_alike():
    assert not set("0O1IL") & set(ALPHABET)


def test_reference_has_eight_characters_from_the_alphabet():
    reference = new_reference()

    assert len(reference) == 8
    assert set(reference) <= set(ALPHABET)


def test_ten_thousand_references_are_almost_all_different():
    assert len({new_reference() for _ in range(10_000)}) > 9990


def test_reference_typed_in_lower_case_with_spaces_and_dashes_is_recognised():
    assert normalise_reference(" abcd-efgh ") == "ABCDEFGH"


def test_reference_typed_with_full_width_characters_is_recognised():
    assert normalise_reference("ＡＢＣＤ２３４５") == "ABCD2345"


def test_reference_with_a_look_alike_character_is_not_recognised():
    assert normalise_reference("ABCD0EFG") is None


def test_reference_of_the_wrong_length_is_not_recognised():
    assert normalise_reference("ABCDEFG") is None


def test_empty_text_is_not_a_reference():
    assert normalise_reference("") is None
