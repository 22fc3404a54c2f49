"""Correcting named answers (补正, issue 4): the township names the steps to correct; the
applicant, signed in, edits just those steps, sees what changed, signs the commitment again and
resubmits; the case is accepted again with its deadline unchanged.

RULES.md "One application, classified determination" (一次性告知: everything to correct is told
at once) and "The 告知承诺 flow" (the commitment covers the answers as corrected)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from tests.staff.conftest import make_staff, staff_sign_in
from tests.staff.test_case_page import step
from webapp.services import letters
from webapp.sms import templates

from .flows import (
    APPLICANT,
    CHENGGUAN,
    DONGGUAN,
    INCOMES,
    LIULIN,
    OTHER_PHONE,
    PROPERTY,
    RESIDENCE,
    SON,
    id_number,
    page,
    plain_income,
    post,
    saved,
    sign_in_again,
    sql,
    step_url,
    submission,
    submit_application,
    text,
)

EXPLANATION = "存款和房子的数量和村里了解的不一样，请核对后重新填写"


@dataclass
class Asked:
    sid: int
    case_id: int
    due_on: str
    staff: object


def ask_to_correct(resident, app, db, steps, reason=EXPLANATION) -> Asked:
    """张三 submits his application; 柳林乡 accepts it and asks him to correct `steps`."""
    submit_application(resident)
    sid, case_id = sql(app, "SELECT submission_id, id FROM cases")[0]
    make_staff(db)
    staff = app.test_client()
    staff_sign_in(staff)
    assert step(staff, case_id, "accept").status_code == 302
    response = step(staff, case_id, "request_correction", reason=reason, steps=steps)
    assert response.status_code == 302, text(response)
    due_on = sql(app, "SELECT due_on FROM cases")[0][0]
    return Asked(sid, case_id, due_on, staff)


@pytest.fixture
def asked(resident, app, db):
    """张三's application, accepted by 柳林乡, which asks him to correct 财产 (property)."""
    return ask_to_correct(resident, app, db, ["property"])


def correct_property(client, sid, **changes):
    return post(client, step_url(sid, "property"), {**PROPERTY, **changes})


def sign_again(client, sid, **ticks):
    """Tick everything the page asks (the notice letter too, where the changes altered it)."""
    return post(client, f"/forms/{sid}/correction/sign", ticks or {"commit": "yes", "read": "yes"})


def case_state(app):
    return sql(app, "SELECT state, due_on FROM cases")[0]


# --- what the applicant is told -------------------------------------------------------------

def test_the_status_page_says_what_to_correct_why_and_offers_a_button(resident, asked):
    shown = page(resident.get("/status"))

    box = shown.select_one(".correction-request")
    assert "需要补正：财产" in box.get_text()
    assert EXPLANATION in box.get_text()
    form = box.select_one("form")
    assert form["action"] == f"/forms/{asked.sid}/correction" and form.select_one("button")


def test_the_home_page_says_so_too(resident, asked):
    box = page(resident.get("/")).select_one(".correction-request")

    assert "需要补正：财产" in box.get_text()
    assert box.select_one("form")["action"] == f"/forms/{asked.sid}/correction"


def test_the_sms_names_what_to_correct_in_words_with_no_link(app, asked):
    body, segments = sql(app, "SELECT body, segments FROM outbox WHERE template = 'needs_correction'")[0]

    assert "需要补正：财产。" in body
    assert not templates.has_url(body) and "/forms" not in body
    assert segments == 1


# --- only the named steps ---------------------------------------------------------------------

def test_the_named_step_opens_with_the_answers_as_submitted(resident, asked):
    response = resident.get(step_url(asked.sid, "property"))

    assert response.status_code == 200
    assert page(response).select_one("#deposits")["value"] == "3000"


def test_a_saved_correction_returns_to_the_correction_page_showing_old_and_new(resident, app, asked):
    location = saved(correct_property(resident, asked.sid, deposits="5000"))

    assert location.endswith(f"/forms/{asked.sid}/correction")
    shown = text(resident.get(location), "#correction-property")
    assert "3,000元" in shown and "5,000元" in shown
    # the submission itself changes only when the applicant resubmits
    assert json.loads(submission(app, asked.sid)["answers"])["property"]["deposits"] == 300000


def test_bad_input_on_a_named_step_shows_the_message_next_to_the_field(resident, asked):
    response = correct_property(resident, asked.sid, houses="很多")

    assert response.status_code == 422
    assert page(response).select_one("#field-houses .error").get_text(strip=True)
    assert page(response).select_one("#houses")["value"] == "很多"


@pytest.mark.parametrize("url", ["step/applicant", "step/members", "members/1", "income/0"])
def test_a_step_not_named_is_refused_with_a_way_back(resident, asked, url):
    response = resident.get(f"/forms/{asked.sid}/{url}")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/forms/{asked.sid}/correction")
    assert "这一项不用修改" in text(resident.get(response.headers["Location"]))


def test_a_step_not_named_cannot_be_changed_by_posting_to_it(resident, app, asked):
    before = submission(app, asked.sid)["answers"]

    response = post(resident, step_url(asked.sid, "applicant"), {**APPLICANT, "name": "王五"})

    assert response.status_code == 302
    working = sql(app, "SELECT answers FROM correction_answers")[0][0]
    assert json.loads(working)["applicant"]["name"] == "张三"
    assert submission(app, asked.sid)["answers"] == before


@pytest.mark.parametrize("url", ["check", "notice", "sign", "step/nope"])
def test_the_pages_of_a_draft_do_not_break_on_a_submission_being_corrected(resident, asked, url):
    assert resident.get(f"/forms/{asked.sid}/{url}").status_code == 302


def test_naming_the_members_opens_their_incomes_too(resident, app, db):
    """A member added while correcting needs an income page before the commitment."""
    asked = ask_to_correct(resident, app, db, ["members"], reason="少写了儿子")
    saved(post(resident, step_url(asked.sid, "members"), {"action": "add", **SON}))

    response = resident.get(f"/forms/{asked.sid}/correction/sign")

    assert response.headers["Location"].endswith(f"/forms/{asked.sid}/step/income?return=check")
    saved(post(resident, f"/forms/{asked.sid}/income/2", plain_income({"wages": "30000"})))
    assert resident.get(f"/forms/{asked.sid}/correction/sign").status_code == 200


# --- signing again and resubmitting -----------------------------------------------------------

def test_resubmitting_keeps_each_changed_answer_old_and_new(resident, app, asked):
    correct_property(resident, asked.sid, deposits="5000", houses="2")

    assert sign_again(resident, asked.sid).headers["Location"].endswith("/status")

    row = sql(app, "SELECT * FROM correction_resubmissions")[0]
    changes = {c["label"]: (c["old"], c["new"]) for c in json.loads(row["changes"])}
    assert changes["全家存款合计（元）"] == ("3,000元", "5,000元")
    assert changes["家里有几处房子？"] == ("1", "2")
    assert json.loads(row["answers_before"])["property"]["deposits"] == 300000
    assert json.loads(row["answers_after"])["property"]["deposits"] == 500000
    assert json.loads(submission(app, asked.sid)["answers"])["property"]["houses"] == 2


def test_the_resubmission_record_can_never_be_altered(resident, app, asked):
    correct_property(resident, asked.sid, deposits="5000")
    sign_again(resident, asked.sid)

    with pytest.raises(Exception, match="append-only"):
        sql(app, "UPDATE correction_resubmissions SET changes = '[]'")
    with pytest.raises(Exception, match="append-only"):
        sql(app, "DELETE FROM correction_requests")


def test_the_commitment_is_signed_again_with_its_exact_text_version(resident, app, asked):
    original = sql(app, "SELECT * FROM signatures WHERE letter_kind = 'commitment'")
    correct_property(resident, asked.sid, deposits="5000")

    sign_again(resident, asked.sid)

    rows = sql(app, "SELECT * FROM signatures WHERE letter_kind = 'commitment' ORDER BY id")
    assert [dict(r) for r in rows[:1]] == [dict(r) for r in original]  # the first stays as signed
    again = rows[-1]
    assert len(rows) == 2
    assert again["text_version"] == letters.current("commitment").version
    assert again["template_sha256"] == letters.current("commitment").sha256
    assert again["text_sha256"] == letters.sha256(again["text"])
    assert (again["signer_name"], again["signer_role"], again["method"], again["decision"]) == \
        ("张三", "applicant", "signed_in_phone", "agreed")
    assert again["signed_at"] and again["client_address"] is not None and again["user_agent"]
    ids = json.loads(sql(app, "SELECT signature_ids FROM correction_resubmissions")[0][0])
    assert again["id"] in ids


def test_without_the_tick_nothing_is_resubmitted_and_the_message_is_beside_the_box(resident, app,
                                                                                   asked):
    response = sign_again(resident, asked.sid, commit="")

    assert response.status_code == 422
    assert "请勾选承诺" in page(response).select_one("#field-commit .error").get_text()
    assert case_state(app)["state"] == "correction_requested"


def test_a_change_that_alters_the_notice_letter_asks_to_read_it_again(resident, app, asked):
    correct_property(resident, asked.sid, vehicles="1")  # a car: the letter now asks its licence

    response = resident.get(f"/forms/{asked.sid}/correction/sign")

    assert "机动车行驶证" in text(response)
    assert sign_again(resident, asked.sid, commit="yes").status_code == 422
    saved(sign_again(resident, asked.sid, commit="yes", read="yes"))
    read = sql(app, "SELECT * FROM signatures WHERE letter_kind = 'notice_letter' ORDER BY id")
    assert len(read) == 2 and "机动车行驶证" in read[-1]["text"] and read[-1]["decision"] == "read"


def test_resubmitting_returns_the_case_to_accepted_with_the_same_deadline(resident, app, asked):
    correct_property(resident, asked.sid, deposits="5000")

    sign_again(resident, asked.sid)

    assert tuple(case_state(app)) == ("accepted", asked.due_on)
    body = sql(app, "SELECT body FROM outbox WHERE template = 'correction_received'")[0][0]
    month, day = int(asked.due_on[5:7]), int(asked.due_on[8:10])
    assert f"{month}月{day}日前办完" in body and not templates.has_url(body)
    actor = sql(app, "SELECT actor FROM case_events WHERE action = 'resubmit'")[0][0]
    assert actor.startswith("resident:")
    assert "需要补正" not in text(resident.get("/status"))


def test_a_double_tap_resubmits_once(resident, app, asked):
    correct_property(resident, asked.sid, deposits="5000")

    first, second = sign_again(resident, asked.sid), sign_again(resident, asked.sid)

    assert first.status_code == second.status_code == 302
    assert sql(app, "SELECT COUNT(*) FROM case_events WHERE action = 'resubmit'")[0][0] == 1
    assert sql(app, "SELECT COUNT(*) FROM correction_resubmissions")[0][0] == 1
    assert sql(app, "SELECT COUNT(*) FROM outbox WHERE template = 'correction_received'")[0][0] == 1
    assert sql(app, "SELECT COUNT(*) FROM signatures WHERE letter_kind = 'commitment'")[0][0] == 2


def test_after_resubmitting_the_steps_are_closed_again(resident, asked):
    sign_again(resident, asked.sid)

    response = resident.get(step_url(asked.sid, "property"))

    assert response.status_code == 302 and "/submissions/" in response.headers["Location"]
    assert resident.get(f"/forms/{asked.sid}/correction").headers["Location"].endswith("/status")


def test_the_case_page_shows_the_changed_answers_old_and_new(resident, asked):
    correct_property(resident, asked.sid, deposits="5000")
    sign_again(resident, asked.sid)

    events = page(asked.staff.get(f"/staff/cases/{asked.case_id}")).select(".staff-cases")[-1]

    assert "需要补正：财产" in events.get_text()
    change = events.select_one(".correction-changes li").get_text(" ", strip=True)
    assert "全家存款合计" in change and "3,000元" in change and "5,000元" in change


def test_income_detail_changes_are_recorded_even_when_the_total_is_the_same(resident, app, db):
    """Moving money from wages to business keeps the counted total: the change still shows."""
    asked = ask_to_correct(resident, app, db, ["income"], reason="收入来源不对")
    saved(post(resident, f"/forms/{asked.sid}/income/0",
               plain_income({**INCOMES[0], "wages": "6000", "business": "6000"})))

    saved(sign_again(resident, asked.sid))

    changes = json.loads(sql(app, "SELECT changes FROM correction_resubmissions")[0][0])
    assert {(c["label"], c["old"], c["new"]) for c in changes} >= {
        ("张三 · 工资性收入", "12,000元", "6,000元"), ("张三 · 经营净收入", "0元", "6,000元")}


def test_a_village_corrected_within_the_township_moves_the_case_there(resident, app, db):
    asked = ask_to_correct(resident, app, db, ["residence"], reason="村子选错了")
    saved(post(resident, step_url(asked.sid, "residence"),
               {**RESIDENCE, "village": "999901102201"}))  # 柳林村, also in 柳林乡

    saved(sign_again(resident, asked.sid))

    assert tuple(sql(app, "SELECT village_code, state FROM cases")[0]) == ("999901102201", "accepted")


def test_an_address_in_another_township_is_refused_with_a_message(resident, app, db):
    asked = ask_to_correct(resident, app, db, ["residence"], reason="住址写清楚")
    saved(post(resident, step_url(asked.sid, "residence"),
               {**RESIDENCE, "township": CHENGGUAN, "village": DONGGUAN}))

    response = sign_again(resident, asked.sid)

    assert response.headers["Location"].endswith(f"/forms/{asked.sid}/correction")
    assert "别的乡镇" in text(resident.get(response.headers["Location"]))
    assert case_state(app)["state"] == "correction_requested"
    assert json.loads(submission(app, asked.sid)["answers"])["residence"]["township"] == LIULIN


def test_a_corrected_name_and_id_number_reach_what_staff_lists_and_search_read(resident, app, db):
    asked = ask_to_correct(resident, app, db, ["applicant"], reason="姓名和身份证号码写错了")
    corrected = id_number("19491230", sequence="017")
    saved(post(resident, step_url(asked.sid, "applicant"),
               {**APPLICANT, "name": "张叁", "id_number": corrected.lower()}))

    saved(sign_again(resident, asked.sid))

    case = sql(app, "SELECT applicant_name, applicant_id_number, state FROM cases")[0]
    assert tuple(case) == ("张叁", corrected.upper(), "accepted")


def test_a_correction_of_other_answers_leaves_the_cases_name_and_id_number(resident, app, asked):
    saved(correct_property(resident, asked.sid, deposits="50000"))

    saved(sign_again(resident, asked.sid))

    case = sql(app, "SELECT applicant_name, applicant_id_number FROM cases")[0]
    assert tuple(case) == (APPLICANT["name"], APPLICANT["id_number"])


# --- nobody else's --------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["correction", "correction/sign", "step/property"])
def test_another_resident_cannot_open_someone_elses_correction(app, asked, url):
    neighbour = app.test_client()
    sign_in_again(neighbour, app, OTHER_PHONE)

    assert neighbour.get(f"/forms/{asked.sid}/{url}").status_code == 404
    if url != "correction":  # a page to read, with nothing to post
        assert post(neighbour, f"/forms/{asked.sid}/{url}", {"commit": "yes"}).status_code == 404
    assert case_state(app)["state"] == "correction_requested"
