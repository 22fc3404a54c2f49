"""The case page shows every SMS to the applicant with its delivery state, and says 需当面告知
when SMS cannot be relied on: the number opted out of reminders, or its messages do not arrive.
The village assistant (or the township) can stop reminders for an applicant who cannot reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import deliver, page

from tests.staff.sms_cases import apply_from, message_of, post_form, receipt, staff_client, text_of
from tests.web.flows import LIULIN, PHONE, YANGZHUANG, move_back, post, sql, start
from webapp.sms import reminders
from webapp.store.engine import connect

OTHER_VILLAGE = "999901102201"  # 柳林村, in 柳林乡 too


@pytest.fixture
def case(app):
    case_id, applicant = apply_from(app, PHONE)
    return case_id, applicant


@pytest.fixture
def reviewer(app, db):
    return staff_client(app, db, "liulin", "township_reviewer", LIULIN)


@pytest.fixture
def assistant(app, db):
    return staff_client(app, db, "yangzhuang", "assistant", YANGZHUANG, name="王协理")


def sms_rows(client, case_id):
    return page(client.get(f"/staff/cases/{case_id}")).select("#case-messages tr.sms-row")


def banner(client, case_id) -> str:
    return text_of(client.get(f"/staff/cases/{case_id}"), "#case-messages .in-person")


def test_a_message_not_yet_sent_is_shown_as_queued(case, reviewer):
    case_id, _ = case
    rows = sms_rows(reviewer, case_id)
    assert len(rows) == 1
    assert "提交成功通知" in rows[0].get_text()
    assert rows[0].select_one(".state-label").get_text() == "排队中"


def test_the_confirmation_sms_is_listed_with_its_delivery_state(case, reviewer, app):
    case_id, _ = case
    receipt(app, case_id, "delivered")
    [row] = sms_rows(reviewer, case_id)
    assert row.select_one(".state-label").get_text() == "已送达"
    assert "您的社会救助申请已提交" in row.get_text()
    assert row.select("td")[-1].get_text() == "1"  # attempts
    assert "发出：" in row.select("td")[0].get_text()
    assert banner(reviewer, case_id) == ""


def test_sign_in_codes_are_not_shown_to_staff(case, reviewer):
    case_id, _ = case
    shown = page(reviewer.get(f"/staff/cases/{case_id}")).select_one("#case-messages").get_text()
    assert "验证码" not in shown


def test_the_phone_number_is_masked(case, reviewer):
    case_id, _ = case
    shown = reviewer.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "138****8000" in shown and PHONE not in shown


def test_an_undelivered_message_says_why_and_asks_to_tell_in_person(case, reviewer, app):
    case_id, _ = case
    receipt(app, case_id, "undelivered", "30003")
    [row] = sms_rows(reviewer, case_id)
    assert row.select_one(".state-label").get_text() == "未送达"
    assert "手机关机或不在服务区（30003）" in row.select_one(".sms-reason").get_text()
    shown = banner(reviewer, case_id)
    assert "需当面告知" in shown and "手机关机或不在服务区" in shown


def test_a_message_the_provider_refused_shows_as_failed(case, reviewer, app):
    case_id, _ = case
    sql(app, "UPDATE outbox SET status = 'failed', attempts = 6, error = 'twilio 21211: invalid' "
             "WHERE template = 'submission_received'")
    [row] = sms_rows(reviewer, case_id)
    assert row.select_one(".state-label").get_text() == "发送失败"
    assert "号码无效（21211）" in row.get_text()
    assert row.select("td")[-1].get_text() == "6"
    assert "需当面告知" in banner(reviewer, case_id)


def test_a_later_delivered_message_shows_the_number_works_again(case, reviewer, app, db):
    case_id, _ = case
    receipt(app, case_id, "undelivered", "30003")
    take_step = post_form(reviewer, f"/staff/cases/{case_id}/accept", {},
                          token_from=f"/staff/cases/{case_id}")
    assert take_step.status_code == 302
    receipt(app, case_id, "delivered", template="accepted")
    assert banner(reviewer, case_id) == ""
    states = [r.select_one(".state-label").get_text() for r in sms_rows(reviewer, case_id)]
    assert states == ["未送达", "已送达"]


def test_a_number_that_opted_out_on_the_status_page_is_to_be_told_in_person(case, reviewer):
    case_id, applicant = case
    assert post(applicant, "/reminders", {"reminders": "off"}).status_code == 302
    shown = banner(reviewer, case_id)
    assert "需当面告知" in shown and "本人在办理进度页面退订" in shown


# --- the village assistant stops reminders for the applicant --------------------------------

def stop(client, case_id, choice="off"):
    return post_form(client, f"/staff/cases/{case_id}/reminders", {"reminders": choice},
                     token_from=f"/staff/cases/{case_id}")


def test_the_village_assistant_stops_reminders_for_the_applicant(case, assistant, app):
    case_id, _ = case
    shown = page(assistant.get(f"/staff/cases/{case_id}")).select_one("form.case-reminders")
    assert "代为退订提醒短信" in shown.get_text()

    response = stop(assistant, case_id)

    assert response.status_code == 302
    staff_id = sql(app, "SELECT id FROM staff WHERE username = 'yangzhuang'")[0][0]
    assert [tuple(r) for r in sql(app, "SELECT phone, source FROM opt_outs")] == \
        [(PHONE, f"staff:{staff_id}")]
    logged = {(r["actor"], r["action"], r["subject"]) for r in sql(app, "SELECT * FROM audit_log")}
    assert (f"staff:{staff_id}", "sms_reminders_stopped", f"case:{case_id}") in logged
    shown = banner(assistant, case_id)
    assert "需当面告知" in shown and "工作人员代为退订" in shown
    assert "恢复提醒短信" in text_of(assistant.get(f"/staff/cases/{case_id}"), "form.case-reminders")


def test_after_the_assistant_opts_out_no_reminder_reaches_the_number(case, assistant, app):
    case_id, applicant = case
    assert stop(assistant, case_id).status_code == 302
    draft = start(applicant, "self_declaration")  # left unfinished: due a reminder in 2 days
    move_back(app, "submissions", ("updated_at",), timedelta(days=3), "id = ?", draft)
    database = connect(app.config["DATABASE"])
    try:
        assert reminders.run(database, app.config, datetime.now(UTC)) >= 1
    finally:
        database.close()

    deliver(app)

    rows = sql(app, "SELECT status, error FROM outbox WHERE phone = ? AND kind = 'reminder'", PHONE)
    assert rows and {(r["status"], r["error"]) for r in rows} == {("suppressed", "opted_out")}


def test_restarting_reminders_lets_them_through_again(case, assistant, app):
    case_id, _ = case
    stop(assistant, case_id)
    assert stop(assistant, case_id, "on").status_code == 302
    assert sql(app, "SELECT * FROM opt_outs") == []
    assert "代为退订提醒短信" in text_of(assistant.get(f"/staff/cases/{case_id}"),
                                   "form.case-reminders")


def test_the_township_reviewer_may_stop_reminders_too(case, reviewer, app):
    case_id, _ = case
    assert stop(reviewer, case_id).status_code == 302
    assert len(sql(app, "SELECT * FROM opt_outs")) == 1


def test_an_assistant_of_another_village_cannot_stop_reminders(case, app, db):
    case_id, _ = case
    other = staff_client(app, db, "liulincun", "assistant", OTHER_VILLAGE)
    response = post_form(other, f"/staff/cases/{case_id}/reminders", {"reminders": "off"})
    assert response.status_code == 404
    assert sql(app, "SELECT * FROM opt_outs") == []


def test_county_staff_are_not_offered_to_stop_reminders(case, app, db):
    case_id, _ = case
    county = staff_client(app, db, "county", "county_confirmer", "999901000000")
    assert page(county.get(f"/staff/cases/{case_id}")).select("form.case-reminders") == []
    response = post_form(county, f"/staff/cases/{case_id}/reminders", {"reminders": "off"})
    assert response.status_code == 403
    assert sql(app, "SELECT * FROM opt_outs") == []


def test_a_missing_choice_is_refused_with_a_message(case, assistant, app):
    case_id, _ = case
    response = stop(assistant, case_id, "maybe")
    assert response.status_code == 422
    assert "请选择退订还是恢复提醒短信" in text_of(response, ".error-summary")
    assert sql(app, "SELECT * FROM opt_outs") == []


def test_the_case_lists_messages_with_their_template_names(case, reviewer, app):
    case_id, _ = case
    assert message_of(app, case_id)["kind"] == "notification"
    assert "提交成功通知" in text_of(reviewer.get(f"/staff/cases/{case_id}"), "#case-messages")
