"""Temporary aid (临时救助) from the resident's phone: the five pages, the notice letter built
from them, the signatures and the case opened where the emergency happened (RULES.md
"Temporary assistance")."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from tests.staff.behalf_flows import assistant_client, consent_code, start_for, token, url

from .flows import (
    EVENT,
    HARDSHIP_PERSON,
    HOUSEHOLD,
    PHONE,
    PLACE,
    SON,
    YANGZHUANG,
    error,
    fill_temporary_aid,
    page,
    post,
    saved,
    sign_data,
    sms_bodies,
    sql,
    step_url,
    submission,
    text,
)


def send(client, sid, step, data):
    return post(client, step_url(sid, step), data)


def answers(app, sid):
    return json.loads(submission(app, sid)["answers"])


def beijing_today():
    return datetime.now(timezone(timedelta(hours=8))).date()


def test_the_home_page_offers_temporary_aid_first(client):
    links = page(client.get("/")).select("ul.actions a")

    assert "遇到急事难事，申请临时救助" in links[0].get_text()
    assert links[0]["href"] == "/start/temporary_aid"


def test_the_start_page_says_where_to_apply_and_that_no_proof_is_needed(client):
    body = text(client.get("/start/temporary_aid"))

    assert "户口在外地也可以" in body and "不用先交证明材料" in body and "要多长时间" in body


# --- the pages ---------------------------------------------------------------------------

def test_a_person_without_an_id_number_at_hand_can_still_apply(resident, app):
    sid = fill_temporary_aid(resident, "person")
    person = send(resident, sid, "person", {"name": "赵六", "phone": PHONE, "id_number": ""})

    assert saved(person).endswith(f"/forms/{sid}/step/place")
    page_text = text(resident.get(step_url(sid, "person")))
    assert "工作人员会帮您核实身份" in page_text


def test_a_wrong_id_number_is_still_refused(resident):
    sid = fill_temporary_aid(resident, "person")

    response = send(resident, sid, "person", {**HARDSHIP_PERSON, "id_number": "123"})

    assert response.status_code == 422 and error(response, "id_number")


def test_the_place_page_says_a_hukou_elsewhere_is_allowed_and_asks_where(resident):
    """001… 二(六); 004… 四(三): 取消户籍地、居住地申请限制."""
    sid = fill_temporary_aid(resident, "place")
    shown = text(resident.get(step_url(sid, "place")))

    assert "户口在外地也可以在这里申请" in shown and "不看户口和居住地" in shown
    response = send(resident, sid, "place", {**PLACE, "hukou": ""})
    assert response.status_code == 422 and error(response, "hukou") == "请选择户口在哪里"
    assert response.status_code == 422 and "村东砖厂宿舍" in str(page(response))


def test_a_serious_illness_needs_the_separate_consent(resident, app):
    """PIPL art. 28: health information is asked only with a separate consent."""
    sid = fill_temporary_aid(resident, "event")
    illness = {**EVENT, "kind": "serious_illness", "since": beijing_today().isoformat()}

    refused = send(resident, sid, "event", illness)
    assert refused.status_code == 422 and "单独同意" in error(refused, "kind")

    saved(send(resident, sid, "event", {**illness, "sensitive": "y"}))
    assert answers(app, sid)["event"]["sensitive"] == "yes"
    assert sql(app, "SELECT decision FROM signatures WHERE submission_id = ? "
                    "AND letter_kind = 'sensitive_consent'", sid)[0][0] == "agreed"


def test_loss_of_income_asks_about_unemployment_insurance_and_dibao(resident, app):
    """000… 二(一): the uninsured unemployed, 3 months without income, not on dibao."""
    sid = fill_temporary_aid(resident, "event")
    lost = {**EVENT, "kind": "income_loss", "since": (beijing_today() - timedelta(days=100)).isoformat()}

    refused = send(resident, sid, "event", lost)
    assert refused.status_code == 422
    assert error(refused, "unemployment_insurance") and error(refused, "on_dibao")

    saved(send(resident, sid, "event", {**lost, "unemployment_insurance": "no", "on_dibao": "no"}))
    assert answers(app, sid)["event"]["on_dibao"] == "no"


def test_since_when_must_be_a_day_not_in_the_future(resident):
    sid = fill_temporary_aid(resident, "event")
    tomorrow = (beijing_today() + timedelta(days=1)).isoformat()

    future = send(resident, sid, "event", {**EVENT, "since": tomorrow})
    nonsense = send(resident, sid, "event", {**EVENT, "since": "上个月"})

    assert future.status_code == 422 and error(future, "since") == "开始的日子不能晚于今天"
    assert nonsense.status_code == 422 and "不是有效的日期" in error(nonsense, "since")
    saved(send(resident, sid, "event", {**EVENT, "since": "2026年11月5日"}))


def test_the_household_has_at_least_one_person(resident):
    sid = fill_temporary_aid(resident, "household")

    response = send(resident, sid, "household", {**HOUSEHOLD, "size": "0"})

    assert response.status_code == 422 and error(response, "size")


# --- the letters, the signatures, the case ---------------------------------------------------

def test_the_notice_letter_names_the_proofs_of_what_happened_and_says_photos_are_optional(resident):
    sid = fill_temporary_aid(resident, "notice")
    letter = text(resident.get(f"/forms/{sid}/notice"))

    assert "临时救助申请告知书" in letter
    assert "身份证或户口簿" in letter and "受灾证明" in letter
    assert "医院诊断证明" not in letter
    assert "没有也没关系" in letter and "户口在外地的，也可以在这里申请" in letter
    assert "已经领到的救助金要全部退回" in letter


def test_temporary_aid_is_submitted_with_its_letters_and_opens_a_case_where_it_happened(resident, app):
    sid = fill_temporary_aid(resident, "submitted", members=(SON,))

    row = submission(app, sid)
    assert row["status"] == "submitted"
    kinds = [(s["letter_kind"], s["signer_name"]) for s in sql(
        app, "SELECT letter_kind, signer_name FROM signatures WHERE submission_id = ? "
             "AND letter_kind != 'sensitive_consent' ORDER BY id", sid)]
    assert kinds == [("temporary_aid_notice", "赵六"), ("temporary_aid_commitment", "赵六"),
                     ("authorization", "赵六"), ("authorization", SON["name"])]
    case = sql(app, "SELECT * FROM cases WHERE submission_id = ?", sid)[0]
    assert (case["machine"], case["state"], case["village_code"]) == ("temporary_aid", "submitted",
                                                                     YANGZHUANG)
    assert case["applicant_name"] == "赵六"
    commitment = sql(app, "SELECT text FROM signatures WHERE letter_kind = 'temporary_aid_commitment'")
    assert "全家2口人" in commitment[0][0]
    assert "临时救助申请已提交" in sms_bodies(resident, app, "submission_received")[0]


def test_the_submitted_page_says_what_happens_next(resident, app):
    sid = fill_temporary_aid(resident, "submitted")

    done = text(resident.get(f"/submissions/{submission(app, sid)['reference']}"))

    assert "急难发生地的乡镇" in done


def test_an_adult_member_listed_must_authorise_for_themselves(resident):
    sid = fill_temporary_aid(resident, "sign", members=(SON,))

    response = post(resident, f"/forms/{sid}/sign", sign_data())

    assert response.status_code == 422
    assert "张小明" in text(response)


def test_an_assistant_files_temporary_aid_on_behalf_with_the_residents_code(app, db):
    assistant = assistant_client(app, db)
    sid = start_for(assistant, form="temporary_aid")
    fields = {"csrf_token": token(assistant)}
    person = {**HARDSHIP_PERSON, "name": "赵大娘", "id_number": "", "phone": "13700137000"}
    for path, data in (("step/person", person), ("step/place", PLACE),
                       ("step/event", {**EVENT, "since": beijing_today().isoformat()}),
                       ("step/household", HOUSEHOLD), ("step/members", {"action": "continue"}),
                       ("check", {}), ("notice", {"read": "yes"})):
        saved(assistant.post(url(sid, path), data={**data, **fields}))
    assistant.post(url(sid, "sign"), data={**fields, "how": "sms_code", "action": "send_code",
                                           "commit": "yes", "authorize": "yes"})
    code = consent_code(assistant, app, "13700137000")

    saved(assistant.post(url(sid, "sign"), data={**fields, "how": "sms_code", "code": code,
                                                 "commit": "yes", "authorize": "yes"}))

    methods = {s["letter_kind"]: s["method"] for s in sql(
        app, "SELECT letter_kind, method FROM signatures WHERE submission_id = ?", sid)}
    assert methods["temporary_aid_commitment"] == "sms_code"
    assert sql(app, "SELECT machine FROM cases WHERE submission_id = ?", sid)[0][0] == "temporary_aid"
