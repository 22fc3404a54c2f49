"""How an application's answers and the opinion's findings become the calculation's household
(webapp/services/opinion.py household_from): the hukou answers for where to apply (`000…` 四(三)),
and the opinion's old household boxes read as the per-person tekun findings (`002…` 民政厅 第二类
2) until the structured findings replace them."""

from __future__ import annotations

from datetime import date

from tests.domain.ids import valid_id_number
from webapp.domain import assessment, policy
from webapp.domain.where_to_apply import OTHER_PROVINCE, PROVINCE, UNKNOWN, VILLAGE
from webapp.services import opinion

ON = date(2026, 12, 3)
ELDER = {"id_number": valid_id_number(birth="19500101"), "work": "unemployed"}


def answers(*members: dict, **residence) -> dict:
    return {"members": list(members), "residence": residence or {"hukou_same": "yes"}}


def test_the_applicants_hukou_comes_from_the_residence_step(db):
    here = opinion.household_from(db, answers(ELDER), {}, ON)
    away = opinion.household_from(db, answers(ELDER, hukou_same="no", hukou_area=PROVINCE), {}, ON)
    unsaid = opinion.household_from(db, answers(ELDER, hukou_same="no"), {}, ON)

    assert here.members[0].hukou_area == ""
    assert away.members[0].hukou_area == PROVINCE
    assert unsaid.members[0].hukou_area == UNKNOWN


def test_a_members_hukou_answer_reaches_the_rule(db):
    household = opinion.household_from(
        db, answers(ELDER | {"hukou_area": ""}, ELDER | {"hukou_area": OTHER_PROVINCE},
                    hukou_same="no", hukou_area=OTHER_PROVINCE), {}, ON)

    result = assessment.assess(household, policy.HENAN_2022)

    assert result.category == assessment.NOT_ELIGIBLE
    assert "户籍所在地申请" in dict((line.label, line.value) for line in result.lines)["户籍与申请地"]
    assert household.members[1].hukou_area == OTHER_PROVINCE != VILLAGE


def test_the_old_boxes_both_ticked_are_the_tekun_proposal_with_income_computed(db):
    household = opinion.household_from(db, answers(ELDER), {"no_income_source": True,
                                                            "no_supporter": True}, ON)

    assert household.members[0].wants_tekun_care
    assert household.members[0].supporters == ()
    assert assessment.assess(household, policy.HENAN_2022).category == assessment.TEKUN


def test_no_supporter_unticked_is_a_supporter_able_to_support(db):
    household = opinion.household_from(db, answers(ELDER), {"no_income_source": True,
                                                            "no_supporter": False}, ON)

    assert not household.members[0].wants_tekun_care
    assert len(household.members[0].supporters) == 1
    assert assessment.assess(household, policy.HENAN_2022).category == assessment.DIBAO


def test_spending_on_disability_and_accidents_is_read_where_answered(db):
    household = opinion.household_from(
        db, answers(ELDER) | {"spending": {"medical": 100, "disability": 200, "accident": 300}}, {}, ON)

    assert household.rigid_spending() == {"medical": 100, "education": 0, "disability": 200, "accident": 300}


def test_the_residence_permit_answer_reaches_the_household(db):
    household = opinion.household_from(
        db, answers(ELDER, hukou_same="no", hukou_area=OTHER_PROVINCE, residence_permit="yes"), {}, ON)

    assert household.residence_permit
    assert not opinion.household_from(db, answers(ELDER), {}, ON).residence_permit
