"""好差评 on the web (国办发〔2019〕51号): after a finished service the resident rates it on the
submission's page; a bad rating opens a follow-up the township answers, and the answer reaches
the resident by SMS and on the same page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conftest import csrf, page

from tests.resident.rating_flows import (
    PHONE,
    invitation_id,
    rate_on_web,
    refused_case,
    resident_client,
    sql,
)
from tests.staff.conftest import make_staff, staff_sign_in
from tests.staff.factory import create_aid_case, create_case
from webapp.domain import case_machine
from webapp.services import cases, rating_invitations


def answer_first_followup(app, text: str):
    client = app.test_client()
    staff_sign_in(client, "liulin")
    listing = page(client.get("/staff/ratings/followups"))
    form = listing.select_one("form.rating-answer-form")
    token = form.find("input", {"name": "csrf_token"})["value"]
    return client.post(form["action"], data={"csrf_token": token, "answer": text})


def test_a_finished_service_is_offered_for_rating_on_the_page_and_by_sms(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)

    soup = page(resident.get(f"/submissions/{reference}"))

    prompt = soup.select_one("#ratings")
    assert prompt is not None and "不予受理" in prompt.get_text()
    assert [label.get_text() for label in prompt.select(".choice label")] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    templates = [r[0] for r in sql(app, "SELECT o.template FROM outbox o JOIN cases c "
                                   "ON c.submission_id = o.submission_id WHERE c.id = ? "
                                   "ORDER BY o.id", case_id)]
    assert templates == ["refused", "rating_invite"]
    [body] = [r[0] for r in sql(app, "SELECT body FROM outbox WHERE template = 'rating_invite'")]
    assert reference in body and "1非常满意" in body and "5非常不满意" in body


def test_a_good_rating_is_recorded_and_opens_no_follow_up(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)

    response = rate_on_web(resident, reference, invitation_id(app, case_id), "2", "办得挺快")

    assert response.status_code == 302
    assert sql(app, "SELECT level, comment, channel FROM ratings") == [(2, "办得挺快", "web")]
    assert sql(app, "SELECT count(*) FROM rating_followups")[0][0] == 0
    shown = page(resident.get(response.headers["Location"])).select_one("#ratings").get_text()
    assert "您的评价：满意" in shown and "办得挺快" in shown


def test_a_rating_without_a_level_is_refused_with_its_message_and_keeps_the_comment(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)
    invitation = invitation_id(app, case_id)

    for level in ("", "6", "差"):
        response = rate_on_web(resident, reference, invitation, level, "等了很久没人理")

        assert response.status_code == 422
        soup = page(response)
        assert soup.select_one(".error-summary") is not None
        # a browser drops the newline WTForms puts first in a textarea
        kept = soup.select_one(f"textarea[name=rating{invitation}-comment]").get_text()
        assert kept.lstrip("\r\n") == "等了很久没人理"
    assert sql(app, "SELECT count(*) FROM ratings")[0][0] == 0


def test_a_comment_too_long_is_refused_and_kept(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)
    invitation = invitation_id(app, case_id)

    response = rate_on_web(resident, reference, invitation, "3", "慢" * 201)

    assert response.status_code == 422
    assert "最多 200 个字" in page(response).select_one(".error-summary").get_text()
    assert page(response).select_one("textarea").get_text().lstrip("\r\n") == "慢" * 201


def test_a_low_rating_opens_a_follow_up_due_in_working_days(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)

    response = rate_on_web(resident, reference, invitation_id(app, case_id), "5", "态度不好")

    [(township, due_on, answered)] = sql(app, "SELECT township_code, due_on, answered_at "
                                              "FROM rating_followups")
    expected = cases.calendar(db).add_working_days(cases.today(), 15).due
    assert (township, date.fromisoformat(due_on), answered) == ("999901102000", expected, None)
    soup = page(resident.get(response.headers["Location"]))
    assert "乡镇会核实情况" in soup.get_text()
    assert f"乡镇会在 {due_on} 前答复您" in soup.select_one("#ratings").get_text()


def test_the_township_answers_and_the_answer_reaches_the_resident(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)
    rate_on_web(resident, reference, invitation_id(app, case_id), "4", "不说原因")

    response = answer_first_followup(app, "已电话说明：户籍在城关镇，请到城关镇申请。")

    assert response.status_code == 302
    [(body, phone)] = sql(app, "SELECT body, phone FROM outbox WHERE template = 'rating_answer'")
    assert phone == PHONE and reference in body and "请到城关镇申请" in body
    shown = page(resident.get(f"/submissions/{reference}")).select_one(".rating-answer").get_text()
    assert "户籍在城关镇，请到城关镇申请" in shown
    assert sql(app, "SELECT count(*) FROM audit_log WHERE action = 'answered_rating'")[0][0] == 1


def test_a_service_is_rated_once(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)
    invitation = invitation_id(app, case_id)
    soup = page(resident.get(f"/submissions/{reference}"))
    token = soup.find("input", {"name": f"rating{invitation}-csrf_token"})["value"]
    data = {f"rating{invitation}-csrf_token": token, f"rating{invitation}-level": "1"}

    first = resident.post(f"/submissions/{reference}/ratings/{invitation}", data=data)
    again = resident.post(f"/submissions/{reference}/ratings/{invitation}",
                          data={**data, f"rating{invitation}-level": "5"})

    assert first.status_code == again.status_code == 302
    assert sql(app, "SELECT level FROM ratings") == [(1,)]
    assert "已经评价过" in page(resident.get(again.headers["Location"])).get_text()


def test_another_residents_service_is_not_there(app, db):
    case_id, reference = refused_case(app, db)
    stranger = resident_client(app, "13700137999")

    assert stranger.get(f"/submissions/{reference}/ratings/{invitation_id(app, case_id)}"
                        ).status_code == 404
    own = resident_client(app)
    assert own.get(f"/submissions/{reference}/ratings/999999").status_code == 404


def test_the_rating_page_works_on_its_own(app, db):
    case_id, reference = refused_case(app, db)
    resident = resident_client(app)
    url = f"/submissions/{reference}/ratings/{invitation_id(app, case_id)}"

    soup = page(resident.get(url))

    assert soup.select_one("form.rating-form")["action"] == url


def invitations(app, case_id: int) -> list[tuple]:
    return sql(app, "SELECT kind, action FROM rating_invitations WHERE case_id = ? ORDER BY id",
               case_id)


def test_a_first_aid_payment_is_offered_for_rating(app, db):
    case_id = create_aid_case(db, urgent=1)
    make_staff(db)
    client = app.test_client()
    staff_sign_in(client)
    token = csrf(client.get(f"/staff/cases/{case_id}"))

    response = client.post(f"/staff/cases/{case_id}/aid/give_first_aid",
                           data={"csrf_token": token, "amount": "300", "method": "cash",
                                 "paid_on": cases.today().isoformat()})

    assert response.status_code == 302
    assert invitations(app, case_id) == [("first_aid", "give_first_aid")]


def test_a_correction_received_is_offered_for_rating_and_steps_on_the_way_are_not(app, db):
    case_id = create_case(db, state="accepted", resident=True)
    steps = (("request_correction", "township_reviewer", "请补充收入证明"),
             ("resubmit", "applicant", ""), ("book_visit", "township_reviewer", ""))
    for action, role, reason in steps:
        cases.act(db, case_id, action, role=role, actor="test", reason=reason,
                  signature="兜底服务", service="兜底服务", day=cases.today())

    assert invitations(app, case_id) == [("correction", "resubmit")]


def test_a_step_offered_twice_is_one_invitation(app, db):
    """The invitation belongs to the step's event: offering the same event again adds nothing."""
    case_id, _reference = refused_case(app, db)
    case = cases.get(db, case_id)
    before = replace(case, state=case_machine.APPLICATION.initial)

    with db.conn:
        again = rating_invitations.offer(db, before, "refuse_acceptance", at="2026-12-03T00:00:00",
                                         signature="兜底服务", service="兜底服务")

    assert again is None
    assert len(invitations(app, case_id)) == 1
    assert len(sql(app, "SELECT id FROM outbox WHERE template = 'rating_invite'")) == 1
