"""The resident's status page and each submission's page show the case's state and its timeline
(not the form's status), what happens next and by when, and whom to ask; a finished case shows
no running deadline; the status page is paged."""

from __future__ import annotations

import json
from datetime import timedelta

from conftest import page, sign_in

from tests.staff.factory import create_case
from tests.staff.procedure import act
from tests.web.flows import submit_application
from webapp.services import cases
from webapp.store import cases as store
from webapp.store.engine import connect

PHONE = "13500135000"


def only_case(app) -> int:
    return connect(app.config["DATABASE"]).execute("SELECT id FROM cases").fetchone()[0]


def status_item(client):
    return page(client.get("/status")).select_one(".case")


def test_the_status_page_shows_the_cases_state_not_the_forms(resident, app):
    submit_application(resident)

    item = status_item(resident)

    assert item.select_one(".case-state").get_text(strip=True) == "现在：已提交，待受理"
    assert "等待乡镇受理" not in item.get_text()
    assert [e.get_text(strip=True) for e in item.select(".timeline-what")] == ["收到了您的申请。"]
    assert "决定是不是受理" in item.select_one(".next-what").get_text()


def test_each_step_appears_on_the_status_page_with_the_deadline_and_whom_to_ask(resident, app):
    submit_application(resident)
    case_id = only_case(app)
    act(app, case_id, "accept")
    visit = cases.today() + timedelta(days=1)
    act(app, case_id, "book_visit", day=visit)

    item = status_item(resident)

    assert item.select_one(".case-state").get_text(strip=True) == "现在：已预约入户调查"
    steps = [e.get_text(strip=True) for e in item.select(".timeline-what")]
    assert steps[-2:] == ["乡镇受理了您的申请。", f"约好了上门了解情况的日子：{visit.year}年{visit.month}月"
                                                  f"{visit.day}日（星期{'一二三四五六日'[visit.weekday()]}）。"]
    due = cases.get(connect(app.config["DATABASE"]), case_id).due_on
    assert "办结期限：" in item.select_one(".next-due").get_text()
    assert f"{int(due[5:7])}月{int(due[8:])}日" in item.select_one(".next-due").get_text()
    assert "柳林乡" in item.select_one(".contact").get_text()


def test_the_status_page_shows_the_newest_steps_and_the_submission_page_all_of_them(resident, app):
    reference = submit_application(resident)
    case_id = only_case(app)
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today() + timedelta(days=1))
    act(app, case_id, "rebook_visit", day=cases.today() + timedelta(days=2))
    act(app, case_id, "record_investigation")

    item = status_item(resident)
    full = page(resident.get(f"/submissions/{reference}"))

    assert len(item.select(".timeline-entry")) == 3
    assert "前面还有 2 步" in item.select_one(".timeline-earlier").get_text()
    assert item.find("a", string="查看全部进度") or "查看全部进度" in item.get_text()
    whole = [e.get_text(strip=True) for e in full.select(".timeline-what")]
    assert whole[0] == "收到了您的申请。" and whole[-1] == "工作人员到您家了解了情况。"
    assert len(whole) == 5
    assert full.select_one(".case-state").get_text(strip=True) == "现在：已完成入户调查"
    assert full.select_one(".case-actions") is not None


def test_a_refusal_shows_the_reason_and_how_to_appeal_and_no_deadline(resident, app):
    reference = submit_application(resident)
    act(app, only_case(app), "refuse_acceptance", reason="申请人户籍不在本乡")

    full = page(resident.get(f"/submissions/{reference}"))

    refused = full.select_one(".timeline-refused")
    assert "乡镇没有受理您的申请。" in refused.get_text()
    assert "原因：申请人户籍不在本乡。" in refused.get_text() and "行政复议" in refused.get_text()
    assert full.select_one(".next-due") is None
    assert "这件事已经办完了" in full.select_one(".next-step").get_text()


def published_case(db, **columns) -> int:
    return create_case(db, state="published", resident=True, phone=PHONE, due_on="2026-01-10",
                       category="dibao", monthly_amount_fen=42_000, confirmed_on="2026-01-05",
                       **columns)


def test_a_published_case_shows_its_amount_and_no_running_deadline(app, client, db):
    published_case(db)
    sign_in(client, app, PHONE)

    item = status_item(client)

    assert item.select_one(".case-state").get_text(strip=True) == "现在：已公布"
    assert "每月发放420元" in item.select_one(".next-what").get_text()
    assert item.select_one(".next-due") is None


def test_events_from_the_other_parts_are_rendered_in_plain_words(app, client, db):
    case_id = published_case(db)
    for action, reason, detail in (
            ("record_review", "收入减少", {"result": "raise", "monthly_amount_fen": 50_000,
                                        "effective_month": "2026-04"}),
            ("report_change", None, {"kind": "birth", "happened_on": "2026-03-01", "report_id": 1}),
            ("decide_change", None, {"decision": "no_change", "report_id": 1})):
        store.add_event(db, case_id, at="2026-03-02T02:00:00+00:00", actor="staff:1", action=action,
                        from_state="published", to_state="published", reason=reason, detail=detail)
    db.conn.commit()
    sign_in(client, app, PHONE)
    reference = db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()[0]

    whole = [e.get_text(strip=True) for e in page(client.get(f"/submissions/{reference}"))
             .select(".timeline-what")]

    assert whole[-3:] == ["定期复核：从2026年4月起，每月提高到500元。", "您报告了家里的变化：家里添了人口。",
                          "乡镇看了您报告的变化：救助不变。"]


def test_a_form_filled_by_an_assistant_names_them_as_someone_to_ask(app, client, db):
    staff = db.execute("INSERT INTO staff (username, name, role, region_code, password_hash, created_at) "
                       "VALUES ('wxl', '王协理', 'assistant', '999901102202', 'x', '2026-01-01')").lastrowid
    case_id = published_case(db)
    db.execute("UPDATE submissions SET filled_by = ? WHERE id = (SELECT submission_id FROM cases "
               "WHERE id = ?)", [staff, case_id])
    db.conn.commit()
    sign_in(client, app, PHONE)

    assert "村协理员王协理" in status_item(client).select_one(".contact").get_text()


def test_the_status_page_lists_ten_items_a_page(app, client, db):
    resident_id = db.execute("INSERT INTO residents (phone, created_at) VALUES (?, ?)",
                             [PHONE, "2026-01-01T00:00:00+00:00"]).lastrowid
    for number in range(12):
        db.execute("INSERT INTO submissions (resident_id, form, status, answers, created_at, updated_at) "
                   "VALUES (?, 'application', 'draft', '{}', ?, ?)",
                   [resident_id, f"2026-01-{number + 1:02d}", f"2026-01-{number + 1:02d}"])
    db.conn.commit()
    sign_in(client, app, PHONE)

    first, second = page(client.get("/status")), page(client.get("/status?page=2"))

    assert len(first.select(".case")) == 10 and len(second.select(".case")) == 2
    assert first.select_one(".pager a").get_text() == "下一页"
    assert second.select_one(".pager a").get_text() == "上一页"
    assert len(page(client.get("/status?page=x")).select(".case")) == 10


def test_one_cases_events_are_read_along_the_case_id_index(db):
    plan = " ".join(r[-1] for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM case_events WHERE case_id = ? ORDER BY id", [1]))
    assert "USING INDEX" in plan and "TEMP B-TREE" not in plan


def test_a_finished_case_on_the_status_page_has_no_deadline(app, client, db):
    create_case(db, state="ended", resident=True, phone=PHONE, due_on="2027-01-10")
    sign_in(client, app, PHONE)

    item = status_item(client)

    assert item.select_one(".next-due") is None
    assert json.dumps(item.get_text(), ensure_ascii=False).count("期限") == 0
