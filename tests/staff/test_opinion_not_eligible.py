"""Only households proposed for assistance go on the village's 7-day notice (000… 四(二)); an
application the township finds not eligible is refused by the county with its reason, told by
SMS, and never listed on the notice or open to objections."""

from __future__ import annotations

import pytest
from conftest import page
from web.flows import sql

from tests.public.helpers import put_on_notice
from tests.staff.factory import create_case
from tests.staff.procedure import act
from webapp.domain.case_machine import COUNTY_CONFIRMER, IllegalTransition
from webapp.services import cases

YANGZHUANG = "999901102202"


def not_eligible_opinion(db) -> int:
    return create_case(db, state="preliminary_opinion", category="not_eligible",
                       monthly_amount_fen=0, household_size=2, resident=True,
                       phone="13912345670", accepted_on=cases.today().isoformat())


def test_an_opinion_proposing_no_assistance_cannot_be_put_on_notice(app, db):
    case_id = not_eligible_opinion(db)

    with pytest.raises(IllegalTransition, match="不在村里公示"):
        act(app, case_id, "start_public_notice")
    assert sql(app, "SELECT state FROM cases WHERE id = ?", case_id)[0][0] == "preliminary_opinion"


def test_the_county_refuses_it_with_its_reason_and_tells_the_applicant(app, db):
    case_id = not_eligible_opinion(db)

    act(app, case_id, "refuse", role=COUNTY_CONFIRMER, reason="家庭人均收入高于当地低保标准")

    assert sql(app, "SELECT state FROM cases WHERE id = ?", case_id)[0][0] == "refused"
    [(template, body)] = sql(app, "SELECT template, body FROM outbox o JOIN cases c "
                                  "ON c.submission_id = o.submission_id WHERE c.id = ? "
                                  "AND template != 'rating_invite'", case_id)
    assert template == "refused" and "家庭人均收入高于当地低保标准" in body


def test_an_opinion_proposing_assistance_is_not_refused_before_its_notice(app, db):
    case_id = create_case(db, state="preliminary_opinion", category="dibao", resident=True,
                          monthly_amount_fen=30000, household_size=2,
                          accepted_on=cases.today().isoformat())

    with pytest.raises(IllegalTransition, match="要先在村里公示 7 天"):
        act(app, case_id, "refuse", role=COUNTY_CONFIRMER, reason="不符合")


def test_a_case_not_proposed_for_assistance_is_never_listed_nor_open_to_objection(app, db, client):
    listed = create_case(db, state="preliminary_opinion", name="王列出")
    hidden = create_case(db, state="preliminary_opinion", name="赵不列")
    put_on_notice(app, listed)
    put_on_notice(app, hidden, category="not_eligible", amount_fen=0)

    shown = page(client.get(f"/public/notices/{YANGZHUANG}")).get_text()
    assert "王列出" in shown and "赵不列" not in shown
    assert client.get(f"/public/notices/{YANGZHUANG}/object/{hidden}").status_code == 404
    assert client.get(f"/public/notices/{YANGZHUANG}/object/{listed}").status_code == 200


def test_the_notice_says_what_can_be_objected_to_and_how(client):
    shown = page(client.get(f"/public/notices/{YANGZHUANG}"))
    assert [h.get_text() for h in shown.select("h2")][:2] == ["可以对什么提出异议", "如何提出异议"]
    grounds = shown.select(".objection-grounds li")
    assert len(grounds) == 4 and "房子、车辆" in grounds[1].get_text()
    assert "可以不留姓名" in shown.get_text() and "民主评议" in shown.get_text()
