"""A guardian signs for an adult member who cannot sign (webapp/domain/guardians.py).
RULES.md "The 告知承诺 flow": every adult member authorises (`002…` 民政厅 5, `000…` 三(二));
Civil Code art. 28 names who may be an adult's guardian."""

from datetime import date

import pytest

from tests.domain.ids import valid_id_number
from webapp.domain.guardians import (
    GuardianRefused,
    GuardianSigning,
    accept,
    candidates,
    suggested_relation,
)

TODAY = date(2026, 12, 3)
MOTHER = {"name": "王芳", "id_number": valid_id_number(birth="19700315", sequence="042")}  # female
FATHER = {"name": "刘强", "id_number": valid_id_number(birth="19680708", sequence="031"),
          "relation": "spouse", "disability_kind": ""}
SON = {"name": "刘小军", "id_number": valid_id_number(birth="19980506", sequence="013"),
       "relation": "child", "disability_kind": "intellectual", "disability_grade": "1"}
DAUGHTER = {"name": "刘小红", "id_number": valid_id_number(birth="20150101", sequence="022"),
            "relation": "child", "disability_kind": ""}
HOUSEHOLD = [MOTHER, FATHER, SON, DAUGHTER]


def signing(member=2, guardian=0, relation="mother", reason="intellectual_mental", note=""):
    return GuardianSigning(member, guardian, relation, reason, note)


def refused(members, how, unable=frozenset({2})) -> GuardianRefused:
    with pytest.raises(GuardianRefused) as caught:
        accept(members, how, set(unable), TODAY)
    return caught.value


def test_the_applicant_signs_as_guardian_for_her_disabled_adult_son():
    guardian = accept(HOUSEHOLD, signing(), {2}, TODAY)

    assert (guardian.member_name, guardian.guardian_name, guardian.relation_label) == \
        ("刘小军", "王芳", "母亲")
    assert guardian.reason_text == "智力残疾或精神残疾，不能辨认自己的行为"


def test_another_adult_of_the_household_may_be_the_guardian():
    assert accept(HOUSEHOLD, signing(guardian=1, relation="father"), {2}, TODAY).guardian_name \
        == "刘强"


def test_the_member_is_never_their_own_guardian():
    assert refused(HOUSEHOLD, signing(guardian=2)).message == "刘小军不能给自己当监护人，请选另一位家人"


def test_a_child_of_the_household_is_no_guardian():
    assert refused(HOUSEHOLD, signing(guardian=3)).field == "guardian"


def test_someone_not_listed_in_the_household_is_no_guardian():
    assert refused(HOUSEHOLD, signing(guardian=None)).message == "请选择替刘小军签字的监护人"


def test_a_member_who_cannot_sign_is_no_guardian_for_another():
    assert refused(HOUSEHOLD, signing(guardian=1, relation="father"), unable={1, 2}).field == \
        "guardian"


def test_a_member_with_no_disability_recorded_is_not_signed_for_by_disability():
    """A member who can sign signs: a disability reason the household's answers contradict is
    refused."""
    able = [MOTHER, FATHER, {**SON, "disability_kind": "", "disability_grade": ""}]

    assert refused(able, signing(reason="severe_disability")).field == "reason"
    assert refused(able, signing(reason="intellectual_mental")).field == "reason"


def test_a_grade_three_physical_disability_is_not_severe():
    member = {**SON, "disability_kind": "physical", "disability_grade": "3"}

    assert refused([MOTHER, FATHER, member], signing(reason="severe_disability")).field == "reason"


def test_another_reason_must_be_written_down():
    able = [MOTHER, FATHER, {**SON, "disability_kind": ""}]

    assert refused(able, signing(reason="other")).message == "请写明刘小军为什么不能自己签字"
    written = accept(able, signing(reason="other", note="中风后昏迷住院"), {2}, TODAY)
    assert written.reason_text == "其他原因不能辨认自己的行为（如老年痴呆、昏迷）：中风后昏迷住院"


def test_a_form_that_does_not_ask_about_disability_keeps_the_reason_given():
    plain = [MOTHER, {k: SON[k] for k in ("name", "id_number", "relation")}]

    assert accept(plain, signing(member=1), {1}, TODAY).reason == "intellectual_mental"


def test_a_minor_is_not_signed_for_by_a_guardian_here():
    assert refused(HOUSEHOLD, signing(member=3), unable={3}).field == "member"


def test_no_reason_no_guardian():
    assert refused(HOUSEHOLD, signing(reason="")).field == "reason"


def test_the_relation_must_be_one_the_law_names():
    assert refused(HOUSEHOLD, signing(relation="neighbour")).field == "relation"


def test_candidates_are_the_other_adults_who_can_sign():
    assert candidates(HOUSEHOLD, 2, {2}, TODAY) == [0, 1]


def test_the_applicants_relation_is_suggested_from_the_household_answers():
    assert suggested_relation(HOUSEHOLD, 2, TODAY) == "mother"
    assert suggested_relation(HOUSEHOLD, 1, TODAY) == "spouse"
    assert suggested_relation([MOTHER, {**SON, "relation": "other"}], 1, TODAY) == ""
