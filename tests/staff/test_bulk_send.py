"""群发短信: the county administrator (or a township reviewer, for their township) previews a bulk
send — text, characters, SMS parts, recipients, opted-out numbers, cost — then confirms; the
messages go out as reminders, once, and every send is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import deliver, page

from tests.staff.sms_cases import apply_from, post_form, staff_client, text_of
from tests.web.flows import (
    CHENGGUAN,
    COUNTY,
    DONGGUAN,
    LIULIN,
    OTHER_PHONE,
    PHONE,
    YANGZHUANG,
    post,
    sql,
)
from webapp.sms import get_client, outbox, templates
from webapp.sms.schedule import BEIJING
from webapp.store.engine import connect

THIRD_PHONE = "13700137000"
PAGE = "/staff/messages/bulk"
BODY = "【兜底服务】" + templates.get("report_changes").body


@pytest.fixture
def applicants(app):
    """Two applicants in 杨庄村 (柳林乡), one in 东关村 (城关镇)."""
    first, first_client = apply_from(app, PHONE)
    second, _ = apply_from(app, OTHER_PHONE)
    third, _ = apply_from(app, THIRD_PHONE, village=DONGGUAN, township=CHENGGUAN)
    return {"first": first, "second": second, "third": third, "first_client": first_client}


@pytest.fixture
def admin(app, db):
    return staff_client(app, db, "county", "county_admin", COUNTY, name="赵管理")


def preview(client, template="report_changes", region=COUNTY, audience="applicants"):
    return client.get(PAGE, query_string={"template": template, "region": region,
                                          "audience": audience})


def figures(response) -> dict[str, str]:
    shown = page(response)
    return {name: shown.select_one(f".bulk-{name}").get_text(strip=True)
            for name in ("characters", "segments-each", "recipients", "opted-out", "segments",
                         "cost")}


def confirm(client, response):
    """Press 确认发送 on a preview page, with what that page holds."""
    form = page(response).select_one("form.bulk-confirm")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    return client.post(PAGE, data=data)


def bulk_rows(app):
    return sql(app, "SELECT * FROM outbox WHERE template = 'report_changes' ORDER BY phone")


def test_the_page_shows_each_bulk_template_with_its_length_and_parts(admin):
    shown = page(admin.get(PAGE))
    choices = {i["value"] for i in shown.select("input[name=template]")}
    assert choices == {"report_changes", "review_season"}  # no per-case fields, no replies
    size = shown.select_one("label[for=template-report_changes] .template-size").get_text()
    assert size == f"{len(BODY)} 字，1 条计费短信"


def test_the_preview_counts_recipients_parts_and_cost(applicants, admin):
    response = preview(admin)
    assert response.status_code == 200
    assert text_of(response, ".bulk-body") == BODY
    # 3 numbers x 1 part at 0.045 yuan: 0.135, rounded half up
    assert figures(response) == {"characters": str(len(BODY)), "segments-each": "1 条计费短信",
                                 "recipients": "3", "opted-out": "0", "segments": "3",
                                 "cost": "约 0.14 元（每条计费短信 0.045 元）"}
    assert bulk_rows(admin.application) == []  # a preview queues nothing


def test_a_longer_text_counts_every_part(applicants, admin, monkeypatch):
    long = templates.SmsTemplate("review_season", "请注意：" + "家里情况有变化请及时报告。" * 10, False)
    monkeypatch.setitem(templates.all_templates(), "review_season", long)
    shown = figures(preview(admin, template="review_season"))
    characters = len("【兜底服务】" + long.body)
    assert 134 < characters <= 201  # three parts of 67
    assert (shown["characters"], shown["segments-each"], shown["segments"]) == \
        (str(characters), "3 条计费短信", "9")
    assert shown["cost"].startswith("约 0.41 元")  # 9 x 0.045 = 0.405


def test_opted_out_numbers_are_left_out_and_counted_apart(applicants, admin, app):
    assert post(applicants["first_client"], "/reminders", {"reminders": "off"}).status_code == 302
    shown = figures(preview(admin))
    assert (shown["recipients"], shown["opted-out"], shown["segments"]) == ("2", "1", "2")
    confirm(admin, preview(admin))
    assert [r["phone"] for r in bulk_rows(app)] == sorted([OTHER_PHONE, THIRD_PHONE])


def test_the_region_narrows_the_recipients(applicants, admin):
    assert figures(preview(admin, region=LIULIN))["recipients"] == "2"
    assert figures(preview(admin, region=DONGGUAN))["recipients"] == "1"
    assert figures(preview(admin, region=YANGZHUANG))["recipients"] == "2"


def test_current_recipients_are_the_published_cases(applicants, admin, app):
    sql(app, "UPDATE cases SET state = 'published' WHERE id = ?", applicants["second"])
    shown = page(preview(admin, audience="recipients"))
    assert shown.select_one(".bulk-recipients").get_text() == "1"


def test_confirming_queues_reminders_and_records_the_send(applicants, admin, app):
    response = confirm(admin, preview(admin))
    assert response.status_code == 302
    rows = bulk_rows(app)
    assert [r["phone"] for r in rows] == sorted([PHONE, OTHER_PHONE, THIRD_PHONE])
    assert {(r["kind"], r["body"], r["segments"]) for r in rows} == {("reminder", BODY, 1)}
    assert all(r["idempotency_key"].endswith(":" + r["phone"]) for r in rows)
    assert all(r["submission_id"] for r in rows)  # each shows on its case page
    [send] = sql(app, "SELECT * FROM sms_bulk_sends")
    assert (send["template"], send["region_code"], send["audience"], send["recipients"],
            send["segments"], send["cost"]) == ("report_changes", COUNTY, "applicants", 3, 3, 0.14)
    assert "已排队发送 3 条短信" in text_of(admin.get(response.headers["Location"]), "main")
    history = page(admin.get(PAGE)).select("tr.bulk-row")
    assert len(history) == 1 and "赵管理" in history[0].get_text()
    assert "家庭变化报告提醒" in history[0].get_text()
    actions = [r["action"] for r in sql(app, "SELECT action FROM audit_log")]
    assert "sms_bulk_send" in actions


def test_confirming_twice_sends_once(applicants, admin, app):
    shown = preview(admin)
    assert confirm(admin, shown).status_code == 302
    again = confirm(admin, shown)
    assert again.status_code == 302
    assert "已经发送过" in text_of(admin.get(again.headers["Location"]), "main")
    assert len(bulk_rows(app)) == 3
    assert len(sql(app, "SELECT * FROM sms_bulk_sends")) == 1


def test_a_group_that_changed_since_the_preview_is_shown_again(applicants, admin, app):
    shown = preview(admin)
    sql(app, "INSERT INTO opt_outs (phone, source, opted_out_at) VALUES (?, 'sms_reply', ?)",
        THIRD_PHONE, datetime.now(UTC).isoformat())
    response = confirm(admin, shown)
    assert response.status_code == 409
    assert "收件人数有变化" in text_of(response, ".error-summary")
    assert figures(response)["recipients"] == "2"
    assert bulk_rows(app) == []


def quiet_now() -> str:
    """A quiet-hours window around this moment, in Beijing time."""
    now = datetime.now(BEIJING)
    start, end = now - timedelta(hours=1), now + timedelta(hours=1)
    return f"{start:%H:%M}-{end:%H:%M}"


def test_quiet_hours_hold_bulk_messages(applicants, admin, app):
    deliver(app)  # the confirmations go out first
    confirm(admin, preview(admin))
    database = connect(app.config["DATABASE"])
    try:
        quiet = {**app.config, "SMS_QUIET_HOURS": quiet_now()}
        outbox.deliver_pending(database, get_client(quiet), quiet)
        assert {r["status"] for r in bulk_rows(app)} == {"created"}
        outbox.deliver_pending(database, get_client(app.config), app.config)  # morning
        assert {r["status"] for r in bulk_rows(app)} == {"sent"}
    finally:
        database.close()


def test_a_number_that_opts_out_after_the_send_is_not_sent_to(applicants, admin, app):
    confirm(admin, preview(admin))
    post(applicants["first_client"], "/reminders", {"reminders": "off"})
    deliver(app)
    statuses = {r["phone"]: r["status"] for r in bulk_rows(app)}
    assert statuses == {PHONE: "suppressed", OTHER_PHONE: "sent", THIRD_PHONE: "sent"}


@pytest.mark.parametrize(("template", "audience"), [
    ("opt_out_confirmed", "applicants"),  # a reply, never a bulk message
    ("accepted", "applicants"),  # needs the case's reference
    ("no_such_template", "applicants"),
    ("report_changes", "everyone"),
])
def test_a_choice_not_offered_is_refused_with_a_message(applicants, admin, app, template, audience):
    response = preview(admin, template=template, audience=audience)
    assert response.status_code == 422
    assert text_of(response, ".error-summary")
    response = post_form(admin, PAGE, {"template": template, "region": COUNTY, "audience": audience,
                                       "expected": "3", "batch": "0" * 32}, token_from=PAGE)
    assert response.status_code == 422
    assert bulk_rows(app) == [] and sql(app, "SELECT * FROM sms_bulk_sends") == []


def test_a_confirmation_without_the_preview_is_refused(applicants, admin, app):
    response = post_form(admin, PAGE, {"template": "report_changes", "region": COUNTY,
                                       "audience": "applicants", "expected": "3", "batch": "x"},
                         token_from=PAGE)
    assert response.status_code == 422
    assert "请重新预览" in text_of(response, ".error-summary")
    assert bulk_rows(app) == []


def test_a_township_reviewer_sends_within_their_township_only(applicants, app, db):
    reviewer = staff_client(app, db, "liulin", "township_reviewer", LIULIN)
    options = {o["value"] for o in page(reviewer.get(PAGE)).select("#region option")}
    assert LIULIN in options and YANGZHUANG in options and COUNTY not in options
    assert DONGGUAN not in options
    assert figures(preview(reviewer, region=LIULIN))["recipients"] == "2"
    assert preview(reviewer, region=COUNTY).status_code == 404
    assert preview(reviewer, region=DONGGUAN).status_code == 404


def test_a_reviewer_of_another_township_cannot_send_there(applicants, app, db):
    other = staff_client(app, db, "chengguan", "township_reviewer", CHENGGUAN)
    response = post_form(other, PAGE, {"template": "report_changes", "region": LIULIN,
                                       "audience": "applicants", "expected": "2",
                                       "batch": "a" * 32}, token_from=PAGE)
    assert response.status_code == 404
    assert bulk_rows(app) == []


@pytest.mark.parametrize(("role", "region"), [("assistant", YANGZHUANG),
                                              ("county_confirmer", COUNTY)])
def test_other_roles_cannot_send(app, db, role, region):
    client = staff_client(app, db, "someone", role, region)
    assert client.get(PAGE).status_code == 403
    response = post_form(client, PAGE, {"template": "report_changes", "region": region,
                                        "audience": "applicants", "expected": "0",
                                        "batch": "b" * 32})
    assert response.status_code == 403
    assert "群发短信" not in text_of(client.get("/staff/"), ".staff-nav")


def test_recipients_read_in_batches_are_each_sent_to_once(applicants, admin, app, monkeypatch):
    """The recipients stream from the region's cases a batch at a time (here one number), the
    opted-out ones left out batch by batch; a second case of the same applicant adds nobody."""
    monkeypatch.setattr("webapp.sms.bulk.BATCH_SIZE", 1)
    apply_from(app, PHONE, person=1)
    assert post(applicants["first_client"], "/reminders", {"reminders": "off"}).status_code == 302
    shown = figures(preview(admin))
    assert (shown["recipients"], shown["opted-out"]) == ("2", "1")
    assert confirm(admin, preview(admin)).status_code == 302
    assert [r["phone"] for r in bulk_rows(app)] == sorted([OTHER_PHONE, THIRD_PHONE])
