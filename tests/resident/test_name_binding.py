"""An ID number once used is bound to its name (issue 10, item 2): a different name for it is
refused, with a message that does not say the bound name, at the person step, at the member
step and at submission; the binding is made when a form is submitted."""

from __future__ import annotations

from conftest import page, sign_in

from tests.web.flows import (
    APPLICANT,
    HARDSHIP_PERSON,
    OTHER_PHONE,
    PROPERTY,
    SPOUSE,
    error,
    fill_application,
    fill_temporary_aid,
    id_number,
    member_data,
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
from tests.web.test_correction import ask_to_correct, sign_again


def bound(app, number: str):
    rows = sql(app, "SELECT name FROM persons WHERE id_number = ?", number)
    return rows[0][0] if rows else None


def test_submitting_binds_the_applicant_and_the_members_id_numbers(app, resident):
    assert bound(app, APPLICANT["id_number"]) is None

    submit_application(resident)

    assert bound(app, APPLICANT["id_number"]) == "张三"
    assert bound(app, SPOUSE["id_number"]) == "李四"


def test_a_different_name_for_a_used_id_number_is_refused_at_the_person_step(app, resident):
    """Another kind of form (so that no open application is what stops it): the name is
    refused, and neither the bound name nor the open application is shown to whoever typed
    the number."""
    reference = submit_application(resident)
    sid = start(resident, "temporary_aid")

    response = post(resident, step_url(sid, "person"),
                    {**HARDSHIP_PERSON, "name": "张四", "id_number": APPLICANT["id_number"]})

    assert response.status_code == 422
    message = error(response, "id_number")
    assert "另一个姓名" in message and "更正" in message
    assert "张三" not in text(response) and reference not in text(response)
    assert value(response, "name") == "张四"  # nothing typed is lost


def test_the_bound_name_is_accepted(app, resident):
    submit_application(resident)
    sid = start(resident, "temporary_aid")

    response = post(resident, step_url(sid, "person"),
                    {**HARDSHIP_PERSON, "name": "张三", "id_number": APPLICANT["id_number"]})

    assert response.status_code == 302


def test_a_different_name_for_a_members_id_number_is_refused_at_the_member_step(app, resident):
    submit_application(resident)  # 李四 is bound to SPOUSE's number
    other = app.test_client()
    sign_in(other, app, OTHER_PHONE)
    sid = fill_application(other, "members", applicant={
        "name": "王五", "id_number": id_number(sequence="555"), "phone": OTHER_PHONE})

    response = post(other, step_url(sid, "members"), member_data({**SPOUSE, "name": "李五"}))

    assert response.status_code == 422
    assert "另一个姓名" in error(response, "id_number")
    assert sql(app, "SELECT answers FROM submissions WHERE id = ?", sid)[0][0].count("李五") == 0


def test_a_different_name_is_refused_at_submission(app, resident):
    """Both drafts passed their steps before either was submitted: the second is refused when
    it is submitted, with the step to change linked, and stays a draft."""
    aid = fill_temporary_aid(resident, "sign", person={**HARDSHIP_PERSON, "name": "张四",
                                                       "id_number": APPLICANT["id_number"]})
    submit_application(resident)

    response = post(resident, f"/forms/{aid}/sign", sign_data())

    assert response.status_code == 422
    assert "另一个姓名" in text(response, ".person-refused")
    assert f"/forms/{aid}/step/person" in response.get_data(as_text=True)
    assert sql(app, "SELECT status FROM submissions WHERE id = ?", aid)[0][0] == "draft"
    assert bound(app, APPLICANT["id_number"]) == "张三"


def test_a_name_with_spaces_or_a_lower_case_x_is_the_same(app, resident):
    submit_application(resident)
    sid = start(resident, "temporary_aid")

    response = post(resident, step_url(sid, "person"),
                    {**HARDSHIP_PERSON, "name": "张 三", "id_number": APPLICANT["id_number"].lower()})

    assert response.status_code == 302


# --- corrections (补正) -----------------------------------------------------------------------

def test_a_correction_puts_right_the_name_its_own_submission_bound(app, db, resident):
    asked = ask_to_correct(resident, app, db, ["applicant"], reason="姓名写错了")

    saved(post(resident, step_url(asked.sid, "applicant"), {**APPLICANT, "name": "张叁"}))
    saved(sign_again(resident, asked.sid))

    assert bound(app, APPLICANT["id_number"]) == "张叁"


def test_a_correction_cannot_take_an_id_number_bound_to_someone_else(app, db, resident):
    asked = ask_to_correct(resident, app, db, ["applicant"], reason="身份证号码写错了")
    other = app.test_client()
    sign_in(other, app, OTHER_PHONE)
    taken = id_number(sequence="321")
    fill_temporary_aid(other, "submitted", person={**HARDSHIP_PERSON, "name": "王五",
                                                   "id_number": taken, "phone": OTHER_PHONE})

    response = post(resident, step_url(asked.sid, "applicant"), {**APPLICANT, "id_number": taken})

    assert response.status_code == 422
    assert "另一个姓名" in error(response, "id_number")


def test_a_correction_of_other_answers_goes_through_after_staff_corrected_the_name(app, db,
                                                                                   resident):
    asked = ask_to_correct(resident, app, db, ["property"])
    form = page(asked.staff.get(f"/staff/cases/{asked.case_id}"))
    token = form.select_one("form.case-correct-name input[name=csrf_token]")["value"]
    saved(asked.staff.post(f"/staff/cases/{asked.case_id}/correct-name",
                           data={"csrf_token": token, "name": "张叁", "reason": "核对了户口簿"}))

    saved(post(resident, step_url(asked.sid, "property"), {**PROPERTY, "deposits": "500"}))
    saved(sign_again(resident, asked.sid))

    assert sql(app, "SELECT state FROM cases")[0][0] == "accepted"
    assert bound(app, APPLICANT["id_number"]) == "张叁"
