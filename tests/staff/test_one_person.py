"""Staff and the one-person rules (issue 10, item 2): the township reviewer or the county
administrator corrects the name an ID number is bound to, with a reason (audited, a
`correct_name` event, the new name accepted afterwards); the village assistant filling on a
resident's behalf is told of an open application as the resident is; the assistant's village
list shows each ID number's cases under its one bound name."""

from __future__ import annotations

import json

import pytest
from conftest import page

from tests.staff.behalf_flows import (
    RESIDENT,
    assistant_client,
    choose_resident,
    fill_application_for,
    sign_with_drawing,
    start_for,
    token,
    url,
)
from tests.staff.conftest import field_error, make_staff, staff_sign_in
from tests.staff.factory import create_case
from tests.web.flows import (
    APPLICANT,
    COUNTY,
    HARDSHIP_PERSON,
    csrf,
    error,
    id_number,
    saved,
    sql,
    start,
    step_url,
    submit_application,
    text,
    value,
)
from tests.web.flows import post as resident_post


@pytest.fixture
def case_id(app, resident):
    """张三's application of 杨庄村 (柳林乡), submitted: his ID number is bound to 张三."""
    reference = submit_application(resident)
    return sql(app, "SELECT id FROM cases WHERE reference = ?", reference)[0][0]


def correct(client, case_id: int, **fields):
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    return client.post(f"/staff/cases/{case_id}/correct-name", data={"csrf_token": token, **fields})


def test_the_reviewer_corrects_the_name_with_a_reason(app, case_id, reviewer_client):
    response = correct(reviewer_client, case_id, name="张叁", reason="核对了户口簿，原来写错了")

    assert response.status_code == 302
    assert sql(app, "SELECT name, corrected_by FROM persons WHERE id_number = ?",
               APPLICANT["id_number"])[0][0] == "张叁"
    assert sql(app, "SELECT applicant_name FROM cases WHERE id = ?", case_id)[0][0] == "张叁"
    event = sql(app, "SELECT * FROM case_events WHERE case_id = ? AND action = 'correct_name'",
                case_id)[0]
    assert json.loads(event["detail"]) == {} and event["reason"] == "核对了户口簿，原来写错了"
    assert event["from_state"] == event["to_state"] == "submitted"
    audit = sql(app, "SELECT actor, subject, detail FROM audit_log WHERE action = 'name_corrected'")
    assert [(a["actor"], a["subject"]) for a in audit] == [("staff:1", f"case:{case_id}")]
    assert "张" not in audit[0]["detail"]  # no names in the audit log
    shown = reviewer_client.get(f"/staff/cases/{case_id}")
    assert "张叁" in text(shown, ".case-resident")
    rows = [r.get_text(" ", strip=True) for r in page(shown).select("table.staff-cases tr")]
    assert any("更正登记的姓名" in r and "核对了户口簿" in r for r in rows)


def test_the_new_name_is_accepted_afterwards_and_the_old_refused(app, case_id, resident,
                                                                  reviewer_client):
    saved(correct(reviewer_client, case_id, name="张叁", reason="核对了身份证"))
    sid = start(resident, "temporary_aid")
    person = {**HARDSHIP_PERSON, "id_number": APPLICANT["id_number"]}

    old = resident_post(resident, step_url(sid, "person"), {**person, "name": "张三"})
    new = resident_post(resident, step_url(sid, "person"), {**person, "name": "张叁"})

    assert old.status_code == 422 and "另一个姓名" in error(old, "id_number")
    assert new.status_code == 302


def test_without_a_reason_the_correction_is_refused_and_the_name_typed_kept(app, case_id,
                                                                             reviewer_client):
    response = correct(reviewer_client, case_id, name="张叁", reason="  ")

    assert response.status_code == 422
    assert "理由" in field_error(response, "reason-correct_name")
    assert value(response, "name", "form.case-correct-name") == "张叁"
    assert page(response).select_one("details.correct-name").has_attr("open")
    assert sql(app, "SELECT name FROM persons WHERE id_number = ?", APPLICANT["id_number"])[0][0] \
        == "张三"
    assert not sql(app, "SELECT 1 FROM case_events WHERE action = 'correct_name'")


def test_an_empty_name_is_refused_next_to_its_field(app, case_id, reviewer_client):
    response = correct(reviewer_client, case_id, name="", reason="核对了户口簿")

    assert response.status_code == 422
    assert field_error(response, "correct_name-name")


def test_the_county_administrator_corrects_too_and_the_confirmer_does_not(app, db, case_id):
    make_staff(db, username="admin", role="county_admin", region=COUNTY, name="王管理")
    make_staff(db, username="confirmer", role="county_confirmer", region=COUNTY, name="赵确认")
    admin, confirmer = app.test_client(), app.test_client()
    staff_sign_in(admin, "admin")
    staff_sign_in(confirmer, "confirmer")

    assert correct(confirmer, case_id, name="张叁", reason="理由").status_code == 403
    assert "correct-name" not in str(page(confirmer.get(f"/staff/cases/{case_id}")))
    assert correct(admin, case_id, name="张叁", reason="理由").status_code == 302


def test_every_case_of_the_id_number_takes_the_corrected_name(app, db, case_id, reviewer_client):
    older = create_case(db, state="ended", id_number=APPLICANT["id_number"], name="张三")

    saved(correct(reviewer_client, case_id, name="张叁", reason="核对了户口簿"))

    assert sql(app, "SELECT applicant_name FROM cases WHERE id = ?", older)[0][0] == "张叁"


# --- the village assistant -----------------------------------------------------------------

@pytest.fixture
def assistant(app, db):
    return assistant_client(app, db)


def filed_for(app, assistant) -> str:
    """赵大娘's application, filed by the assistant; its reference."""
    sid = start_for(assistant, phone=None)
    fill_application_for(assistant, sid, applicant={**RESIDENT, "phone": ""})
    saved(sign_with_drawing(assistant, sid))
    return sql(app, "SELECT reference FROM submissions WHERE id = ?", sid)[0][0]


def test_the_assistant_is_told_of_the_open_application_when_choosing_the_resident(app, assistant):
    reference = filed_for(app, assistant)

    response = choose_resident(assistant, phone=None)

    assert response.status_code == 422
    message = field_error(response, "id_number")
    assert reference in message and "已提交，待受理" in message


def test_the_assistant_is_told_at_the_person_step_too(app, assistant):
    """A self-declaration started for 赵大娘, then her application's person step."""
    reference = filed_for(app, assistant)
    sid = start_for(assistant, "self_declaration", phone=None)
    # the assistant's own draft of an application for someone else, changed to 赵大娘
    other = start_for(assistant, phone=None, name="钱二",
                      id_number=id_number("19520304", sequence="013"))

    response = assistant.post(url(other, "step/applicant"),
                              data={"csrf_token": token(assistant), **RESIDENT, "phone": ""})

    assert sid and response.status_code == 422
    assert reference in error(response, "id_number")


def test_a_different_name_is_refused_to_the_assistant(app, assistant):
    filed_for(app, assistant)

    response = choose_resident(assistant, "temporary_aid", phone=None, name="赵大妈")

    assert response.status_code == 422
    assert "另一个姓名" in field_error(response, "id_number")


def test_the_village_list_shows_one_name_per_id_number(app, db, assistant):
    """The issue's observation: one person's cases were listed under another's name. Two
    cases of one ID number typed with two names are listed under the name it is bound to."""
    reference = filed_for(app, assistant)  # binds 赵大娘
    create_case(db, state="ended", id_number=RESIDENT["id_number"], name="赵大妈")

    shown = assistant.get("/staff/assistant")

    households = page(shown).select("ul.households > li")
    names = [h.select_one("strong").get_text() for h in households]
    assert names == ["赵大娘"]
    assert reference in households[0].get_text()
    assert "赵大妈" not in text(shown, "ul.households")


def test_a_resident_is_told_as_the_assistant_is(app, resident):
    """The same message on the resident's own pages (see tests/resident/)."""
    submit_application(resident)
    sid = start(resident, "application")

    response = resident_post(resident, step_url(sid, "applicant"), APPLICANT)

    assert response.status_code == 422
