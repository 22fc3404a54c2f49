"""One open application per person (issue 10, item 2): a person whose application,
self-declaration or request for temporary aid is open is told so, with its reference and its
state, at the person step as soon as the ID number is entered and again at submission, and
cannot open a second one of the same kind; a finished one, or another kind, is no bar."""

from __future__ import annotations

from conftest import sign_in

from tests.staff.factory import create_case
from tests.web.flows import (
    APPLICANT,
    DECLARANT,
    HARDSHIP_PERSON,
    OTHER_PHONE,
    SPOUSE,
    error,
    fill_application,
    fill_self_declaration,
    fill_temporary_aid,
    id_number,
    post,
    saved,
    sign_data,
    sql,
    start,
    step_url,
    submit_application,
    text,
    value,
)
from webapp.domain.case_machine import APPLICATION, TEMPORARY_AID
from webapp.services import corrections


def state_label(app, reference: str) -> str:
    row = sql(app, "SELECT machine, state FROM cases WHERE reference = ?", reference)[0]
    return {"application": APPLICATION, "temporary_aid": TEMPORARY_AID}[row["machine"]] \
        .states[row["state"]]


def person_step(client, sid: int, step: str = "applicant", **answers):
    return post(client, step_url(sid, step), {**APPLICANT, **answers})


def test_a_second_application_is_refused_at_the_person_step_with_the_open_ones_reference(
        app, resident):
    reference = submit_application(resident)
    sid = start(resident, "application")

    response = person_step(resident, sid)

    assert response.status_code == 422
    message = error(response, "id_number")
    assert reference in message and "已提交，待受理" in message
    assert "查询进度" in message  # where a correction goes: the open one
    assert value(response, "name") == APPLICANT["name"]  # nothing typed is lost
    assert value(response, "id_number") == APPLICANT["id_number"]


def test_the_message_comes_as_soon_as_the_id_number_is_entered(app, resident):
    """The check-as-you-go request of the ID number field (htmx, when the field is left)."""
    reference = submit_application(resident)
    sid = start(resident, "application")

    response = post(resident, step_url(sid, "applicant", validate="id_number"), APPLICANT)

    assert response.status_code == 200
    assert reference in text(response, "#field-id_number")


def test_the_state_named_is_the_cases_state_now(app, db, resident):
    reference = submit_application(resident)
    db.execute("UPDATE cases SET state = 'visit_booked' WHERE reference = ?", [reference])
    db.conn.commit()
    sid = start(resident, "application")

    message = error(person_step(resident, sid), "id_number")

    assert reference in message and state_label(app, reference) in message


def test_a_household_receiving_dibao_is_told_to_report_a_change(app, db):
    reference = "RCVD2345"
    create_case(db, state="published", id_number=APPLICANT["id_number"], name="张三",
                reference=reference)
    client = app.test_client()
    sign_in(client, app, OTHER_PHONE)
    sid = start(client, "application")

    message = error(person_step(client, sid, phone=OTHER_PHONE), "id_number")

    assert reference in message and "已公布" in message and "不用再申请" in message


def test_a_second_application_is_refused_at_submission_too(app, resident):
    """Two drafts reached the sign page before either was submitted (two phones, or a race):
    the second submission is refused inside its transaction, with the first's reference, and
    stays a draft."""
    first = fill_application(resident, "sign")
    other = app.test_client()
    sign_in(other, app, OTHER_PHONE)
    second = fill_application(other, "sign", applicant={**APPLICANT, "phone": OTHER_PHONE})
    reference = saved(post(resident, f"/forms/{first}/sign", sign_data((SPOUSE,)))).rsplit("/", 1)[1]

    response = post(other, f"/forms/{second}/sign", sign_data((SPOUSE,)))

    assert response.status_code == 422
    assert reference in text(response, ".person-refused")
    assert sql(app, "SELECT status FROM submissions WHERE id = ?", second)[0][0] == "draft"
    assert sql(app, "SELECT COUNT(*) FROM cases")[0][0] == 1
    assert sql(app, "SELECT COUNT(*) FROM outbox WHERE template = 'submission_received' "
                    "AND submission_id = ?", second)[0][0] == 0


def test_applying_again_is_allowed_once_the_first_is_finished(app, db, resident):
    reference = submit_application(resident)
    db.execute("UPDATE cases SET state = 'not_accepted' WHERE reference = ?", [reference])
    db.conn.commit()

    again = submit_application(resident)

    assert again != reference
    assert sql(app, "SELECT COUNT(*) FROM cases WHERE applicant_id_number = ?",
               APPLICANT["id_number"])[0][0] == 2


def test_another_kind_is_allowed_while_an_application_is_open(app, resident):
    """A self-declaration and a request for temporary aid follow procedures of their own."""
    submit_application(resident)
    person = {"name": APPLICANT["name"], "id_number": APPLICANT["id_number"]}

    declaration = fill_self_declaration(resident, "risks", declarant={**DECLARANT, **person})
    aid = fill_temporary_aid(resident, "place", person={**HARDSHIP_PERSON, **person})

    assert declaration and aid


def test_a_second_self_declaration_is_refused_while_the_first_is_open(app, resident):
    fill_self_declaration(resident, "submitted")
    reference = sql(app, "SELECT reference FROM cases")[0][0]
    sid = start(resident, "self_declaration")

    response = post(resident, step_url(sid, "declarant"), DECLARANT)

    assert response.status_code == 422
    assert reference in error(response, "id_number")


def test_temporary_aid_is_refused_while_undecided_and_allowed_once_approved(app, db, resident):
    fill_temporary_aid(resident, "submitted")
    reference = sql(app, "SELECT reference FROM cases")[0][0]
    sid = start(resident, "temporary_aid")

    refused = post(resident, step_url(sid, "person"), HARDSHIP_PERSON)
    db.execute("UPDATE cases SET state = 'approved' WHERE reference = ?", [reference])
    db.conn.commit()
    allowed = post(resident, step_url(sid, "person"), HARDSHIP_PERSON)

    assert refused.status_code == 422 and reference in error(refused, "id_number")
    assert allowed.status_code == 302


def test_temporary_aid_without_an_id_number_is_not_held_back(app, resident):
    fill_temporary_aid(resident, "submitted", person={**HARDSHIP_PERSON, "id_number": ""})
    sid = start(resident, "temporary_aid")

    response = post(resident, step_url(sid, "person"), {**HARDSHIP_PERSON, "id_number": ""})

    assert response.status_code == 302


def test_the_id_number_is_matched_whatever_the_case_of_its_x(app, resident):
    assert APPLICANT["id_number"].endswith("X")
    reference = submit_application(resident)
    sid = start(resident, "application")

    response = person_step(resident, sid, id_number=APPLICANT["id_number"].lower())

    assert reference in error(response, "id_number")


def test_a_correction_goes_to_the_open_application_itself(app, db, resident):
    """The open application's own correction is not a second application."""
    reference = submit_application(resident)
    case_id = sql(app, "SELECT id FROM cases WHERE reference = ?", reference)[0][0]
    sid = sql(app, "SELECT submission_id FROM cases WHERE id = ?", case_id)[0][0]
    db.execute("UPDATE cases SET state = 'accepted' WHERE id = ?", [case_id])
    db.conn.commit()
    corrections.request(db, case_id, ["applicant"], "电话号码写错了", role="township_reviewer",
                        actor="staff:1", signature="【测试】", service="doudi")

    response = post(resident, step_url(sid, "applicant"), {**APPLICANT, "phone": "13800138001"})

    assert response.status_code == 302


def test_a_different_person_is_not_held_back(app, resident):
    submit_application(resident)
    sid = start(resident, "application")

    response = person_step(resident, sid, name="钱七", id_number=id_number(sequence="777"))

    assert response.status_code == 302
