"""A self-declaration taken through relapse monitoring by staff: the procedure and who takes each
step, the 15 days to county approval and 10 days to the assistance plan (plain days) on the case
page, the queues and the board, the responsible official (at most 5 households whose risk is not
removed, history kept), and what the declarant is told. RULES.md "Relapse monitoring"."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, timedelta

import pytest
from conftest import csrf, page

import webapp.staff.board_views  # noqa: F401  (registers the board routes on the staff blueprint)
from tests.staff.conftest import case_row, make_staff, staff_sign_in
from tests.staff.test_case_page import step
from tests.web.flows import (
    CHENGGUAN,
    COUNTY,
    DECLARANT,
    DONGGUAN,
    LIULIN,
    YANGZHUANG,
    fill_self_declaration,
    other_person,
    sms_bodies,
    submit_application,
)
from webapp.domain.case_machine import add_months
from webapp.services import board, cases, monitoring, officials, queues
from webapp.staff.audit_views import action_label
from webapp.store.engine import connect

TOWNSHIP_STEPS = ("compare_data", "review_at_township")
TO_APPROVAL = (("verify_at_home", "assistant"), ("compare_data", "township"),
               ("shortlist", "assistant"), ("review_at_township", "township"),
               ("approve_at_county", "county"))
GROUNDS = "家庭人均收入连续7个月稳定超过监测线，两不愁三保障稳固"


def stable_income(db, case_id: int) -> None:
    """Income above the line recorded 7 months ago and today, with labour force (issue 12:
    risk removal is checked from the recorded figures, 002… 乡村振兴局 一(三))."""
    today = cases.today()
    for day in (add_months(today, -7), today):
        monitoring.record_income(db, case_id, monitoring.IncomeInput(day, 9_000_00, 2),
                                 actor="staff:0", today=today)


def declare(client, household: int = 0) -> int:
    """The resident submits a self-declaration (for the n-th household: another declarant);
    the id of the case it opens."""
    declarant = {**DECLARANT, "id_number": other_person(household)["id_number"]} if household \
        else DECLARANT
    sid = fill_self_declaration(client, "submitted", declarant=declarant)
    db = connect_from(client)
    return db.execute("SELECT id FROM cases WHERE submission_id = ?", [sid]).fetchone()[0]


def connect_from(client):
    return connect(client.application.config["DATABASE"])


def signed_in(app, db, username, role, region, name="李审核"):
    make_staff(db, username=username, role=role, region=region, name=name)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


@pytest.fixture
def staff(app, db):
    """The three who take the steps: 杨庄村's assistant, 柳林乡's reviewer, the county's confirmer."""
    return {"assistant": signed_in(app, db, "yangzhuang", "assistant", YANGZHUANG, "赵协理"),
            "township": signed_in(app, db, "liulin", "township_reviewer", LIULIN, "李审核"),
            "county": signed_in(app, db, "county", "county_confirmer", COUNTY, "孙审批")}


@pytest.fixture
def case_id(resident):
    return declare(resident)


def take(staff, case_id, steps=TO_APPROVAL):
    for action, who in steps:
        response = step(staff[who], case_id, action)
        assert response.status_code == 302, page(response).select_one(".error-summary")


def assign(client, case_id, official_id, note=""):
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    return client.post(f"/staff/cases/{case_id}/official",
                       data={"csrf_token": token, "official": str(official_id), "note": note})


def staff_id(db, username) -> int:
    return db.execute("SELECT id FROM staff WHERE username = ?", [username]).fetchone()[0]


def sms(app, template) -> list[str]:
    """The messages of a template as the phone shows them, after the worker has run."""
    return sms_bodies(app.test_client(), app, template)


def error_text(response) -> str:
    return page(response).select_one(".error-summary").get_text(" ", strip=True)


# --- deadlines -----------------------------------------------------------------------------

# RULES.md "Relapse monitoring": 15 days to county approval (counted from the declaration, see
# webapp/domain/case_machine.py relapse_approval_due), in plain days.
def test_a_declaration_is_due_at_the_county_fifteen_days_on(app, staff, case_id):
    due = cases.today() + timedelta(days=15)
    assert case_row(app, case_id)["due_on"] == due.isoformat()
    shown = page(staff["township"].get(f"/staff/cases/{case_id}"))
    row = shown.select_one(".case-due").find_parent("div")
    assert row.dt.get_text() == "县级审批期限"
    assert row.dd.get_text().startswith(f"{due.isoformat()}（还剩 15 天）")


# RULES.md "Relapse monitoring": then 10 days from approval to the assistance plan.
def test_county_approval_moves_the_deadline_to_the_plan_ten_days_on(app, staff, case_id):
    take(staff, case_id)
    due = cases.today() + timedelta(days=10)
    assert case_row(app, case_id)["state"] == "county_approved"
    assert case_row(app, case_id)["due_on"] == due.isoformat()
    row = page(staff["township"].get(f"/staff/cases/{case_id}")).select_one(".case-due").find_parent("div")
    assert row.dt.get_text() == "帮扶计划期限"
    assert "还剩 10 天" in row.dd.get_text()


def test_an_overdue_approval_says_by_how_many_days(app, db, staff, case_id):
    db.execute("UPDATE cases SET due_on = ? WHERE id = ?",
               [(cases.today() - timedelta(days=3)).isoformat(), case_id])
    db.conn.commit()
    shown = page(staff["township"].get(f"/staff/cases/{case_id}"))
    assert "已超期 3 天" in shown.select_one(".case-due").get_text()


# --- the whole procedure ---------------------------------------------------------------------

# RULES.md "Relapse monitoring": home verification → data comparison → village shortlist →
# township review → county approval → announcement → record filed; a responsible official; the
# plan within the 10 days; risk removed later.
def test_a_declaration_is_taken_through_the_whole_procedure_by_the_right_roles(app, db, staff,
                                                                                case_id):
    take(staff, case_id)
    take(staff, case_id, (("announce", "assistant"), ("file_record", "township")))
    assert case_row(app, case_id)["state"] == "filed"
    assert "帮扶计划期限" in page(staff["township"].get(f"/staff/cases/{case_id}")).get_text()

    assert assign(staff["township"], case_id, staff_id(db, "yangzhuang")).status_code == 302
    take(staff, case_id, (("enter_assistance_plan", "township"),))
    row = case_row(app, case_id)
    assert (row["state"], row["due_on"]) == ("plan_entered", None)
    shown = page(staff["township"].get(f"/staff/cases/{case_id}"))
    assert shown.select_one(".case-due") is None
    assert shown.select_one(".case-official").get_text().startswith("赵协理（村协理员）")

    stable_income(db, case_id)
    assert step(staff["township"], case_id, "remove_risk", reason=GROUNDS).status_code == 302
    assert case_row(app, case_id)["state"] == "risk_removed"
    events = db.execute("SELECT action FROM case_events WHERE case_id = ? ORDER BY id",
                        [case_id]).fetchall()
    assert [e[0] for e in events] == ["verify_at_home", "compare_data", "shortlist",
                                      "review_at_township", "approve_at_county", "announce",
                                      "file_record", "enter_assistance_plan", "remove_risk"]


@pytest.mark.parametrize(("action", "who", "done"), [
    ("verify_at_home", "county", ()),
    ("compare_data", "assistant", ("verify_at_home",)),
    ("shortlist", "township", ("verify_at_home", "compare_data")),
    ("approve_at_county", "township", ("verify_at_home", "compare_data", "shortlist",
                                      "review_at_township"))])
def test_a_step_by_the_wrong_role_is_refused(app, staff, case_id, action, who, done):
    take(staff, case_id, [(a, w) for a, w in TO_APPROVAL if a in done])
    before = case_row(app, case_id)["state"]
    response = step(staff[who], case_id, action)
    assert response.status_code == 422
    assert "不能办理" in error_text(response)
    assert case_row(app, case_id)["state"] == before


def test_the_plan_waits_for_a_responsible_official(app, staff, case_id):
    take(staff, case_id)
    take(staff, case_id, (("announce", "township"), ("file_record", "township")))
    response = step(staff["township"], case_id, "enter_assistance_plan")
    assert response.status_code == 422
    assert "请先明确帮扶责任人" in error_text(response)
    assert case_row(app, case_id)["state"] == "filed"


# RULES.md "Relapse monitoring": a review step may leave the household out, with its reason.
def test_a_household_not_included_has_no_deadline_and_is_told_why(app, staff, case_id):
    take(staff, case_id, TO_APPROVAL[:2])
    reason = "家庭人均收入远高于监测范围"
    assert step(staff["assistant"], case_id, "not_shortlist", reason=reason).status_code == 302
    row = case_row(app, case_id)
    assert (row["state"], row["due_on"]) == ("not_included", None)
    [body] = sms(app, "relapse_not_included")
    assert "未纳入防止返贫监测" in body and reason in body


def test_the_declarant_is_told_of_the_visit_and_the_inclusion(app, staff, case_id):
    take(staff, case_id, TO_APPROVAL[:1])
    approval = cases.month_day((cases.today() + timedelta(days=15)).isoformat())
    [visited] = sms(app, "relapse_verified")
    assert f"{approval}前县级审批" in visited
    take(staff, case_id, TO_APPROVAL[1:])
    plan = cases.month_day((cases.today() + timedelta(days=10)).isoformat())
    [included] = sms(app, "relapse_included")
    assert "纳入防止返贫监测" in included and f"{plan}前" in included


# --- the responsible official ---------------------------------------------------------------

def approved_cases(app, staff, count) -> list[int]:
    """`count` self-declarations from different households, each approved by the county."""
    ids = []
    for index in range(count):
        resident = app.test_client()
        from conftest import sign_in

        sign_in(resident, app, f"1370000{index:04d}")
        ids.append(declare(resident, index + 1))
        take(staff, ids[-1])
    return ids


# RULES.md "Relapse monitoring": an official holds at most 5 households whose risk is not removed.
def test_a_sixth_household_for_one_official_is_refused_naming_the_count(app, db, staff):
    first, *others, sixth = approved_cases(app, staff, 6)
    official = staff_id(db, "yangzhuang")
    for case_id in (first, *others):
        assert assign(staff["township"], case_id, official).status_code == 302
    assert officials.held(db, official) == 5

    response = assign(staff["township"], sixth, official)
    assert response.status_code == 422
    assert "赵协理已帮扶 5 户未消除风险的监测户，每位帮扶责任人最多 5 户" in error_text(response)
    assert page(response).select_one("#error-official") is not None
    assert officials.current(db, sixth) is None
    # The form lists the official as full.
    option = page(response).select_one(f"#official option[value='{official}']")
    assert option.has_attr("disabled") and "已满" in option.get_text()

    # A household whose risk is removed no longer counts (002… 风险已经消除户不受此限).
    take(staff, first, (("announce", "township"), ("file_record", "township"),
                        ("enter_assistance_plan", "township")))
    stable_income(db, first)
    assert step(staff["township"], first, "remove_risk", reason=GROUNDS).status_code == 302
    assert assign(staff["township"], sixth, official).status_code == 302
    assert officials.held(db, official) == 5


def test_reassigning_keeps_the_earlier_official_in_the_history(app, db, staff, case_id):
    take(staff, case_id)
    assistant, reviewer = staff_id(db, "yangzhuang"), staff_id(db, "liulin")
    assert assign(staff["township"], case_id, assistant).status_code == 302
    assert assign(staff["township"], case_id, reviewer, note="赵协理工作调动").status_code == 302

    history = officials.history(db, case_id)
    assert [(a.name, a.assigned_by_name, a.note) for a in history] == [
        ("李审核", "李审核", "赵协理工作调动"), ("赵协理", "李审核", None)]
    assert history[0].replaces == history[1].id
    shown = page(staff["township"].get(f"/staff/cases/{case_id}"))
    assert shown.select_one(".case-official").get_text().startswith("李审核（乡镇审核员）")
    rows = [r.get_text(" ", strip=True) for r in shown.select(".official-history tbody tr")]
    assert len(rows) == 2 and "（现任）" in rows[0] and "赵协理" in rows[1]
    assert officials.held(db, assistant) == 0 and officials.held(db, reviewer) == 1
    # The history cannot be rewritten.
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE responsible_officials SET staff_id = ?", [assistant])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM responsible_officials")
    logged = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'official_assigned' "
                        "AND subject = ?", [f"case:{case_id}"]).fetchone()[0]
    assert logged == 2
    assert action_label("official_assigned") == "明确帮扶责任人"  # as the audit log reader says it


def test_naming_the_same_official_again_is_refused(app, db, staff, case_id):
    take(staff, case_id)
    assert assign(staff["township"], case_id, staff_id(db, "liulin")).status_code == 302
    response = assign(staff["township"], case_id, staff_id(db, "liulin"))
    assert response.status_code == 422
    assert "已经是这户的帮扶责任人" in error_text(response)
    assert len(officials.history(db, case_id)) == 1


@pytest.mark.parametrize("who", ["assistant", "county"])
def test_only_the_township_reviewer_names_the_official(app, db, staff, case_id, who):
    take(staff, case_id)
    assert assign(staff[who], case_id, staff_id(db, "yangzhuang")).status_code == 403
    assert officials.current(db, case_id) is None
    assert page(staff[who].get(f"/staff/cases/{case_id}")).select_one(".case-official-form") is None


def test_the_official_is_named_only_after_the_county_includes_the_household(app, db, staff, case_id):
    take(staff, case_id, TO_APPROVAL[:4])
    assert page(staff["township"].get(f"/staff/cases/{case_id}")).select_one(
        ".case-official-form") is None
    response = assign(staff["township"], case_id, staff_id(db, "yangzhuang"))
    assert response.status_code == 422
    assert "县级审批纳入监测后才能明确帮扶责任人" in error_text(response)


@pytest.mark.parametrize(("username", "role", "region"), [
    ("chengguan", "township_reviewer", CHENGGUAN),  # another township
    ("dongguan", "assistant", DONGGUAN),  # a village of another township
    ("county2", "county_confirmer", COUNTY)])  # not a township or village account
def test_the_official_is_a_staff_member_of_the_households_township_or_village(app, db, staff, case_id,
                                                                             username, role, region):
    take(staff, case_id)
    make_staff(db, username=username, role=role, region=region, name="外人")
    response = assign(staff["township"], case_id, staff_id(db, username))
    assert response.status_code == 422
    assert "只能指定本乡镇的审核员或本村的协理员" in error_text(response)
    options = page(staff["township"].get(f"/staff/cases/{case_id}")).select("#official option")
    assert [o.get_text().split("（")[0] for o in options] == ["请选择", "李审核", "赵协理"]


@pytest.mark.parametrize("chosen", ["", "abc", "99999999999999999999999", "٣"])
def test_a_missing_or_nonsense_choice_is_refused_with_a_message(app, staff, case_id, chosen):
    take(staff, case_id)
    token = csrf(staff["township"].get(f"/staff/cases/{case_id}"))
    response = staff["township"].post(f"/staff/cases/{case_id}/official",
                                      data={"csrf_token": token, "official": chosen, "note": "备注"})
    assert response.status_code == 422
    assert page(response).select_one("#official-note")["value"] == "备注"


def test_the_official_sees_their_households_on_the_home_page(app, db, staff, case_id):
    take(staff, case_id)
    assert assign(staff["township"], case_id, staff_id(db, "yangzhuang")).status_code == 302
    shown = page(staff["assistant"].get("/staff/"))
    assert shown.select_one("#my-households").get_text() == "我负责的监测户"
    assert shown.select_one(".households-count").get_text() == "未消除风险的 1 户（每人最多 5 户）"
    [row] = shown.select(".my-households .household-row")
    assert row.select_one("a")["href"] == f"/staff/cases/{case_id}"
    assert row.select_one(".state").get_text() == "县级已审批"
    assert "还剩 10 天" in row.select_one(".days-left").get_text()
    assert "王*" in row.get_text()
    # Nobody else's home page lists it as theirs.
    assert page(staff["township"].get("/staff/")).select_one("#my-households") is None


# --- queues and the board ------------------------------------------------------------------

# RULES.md "Relapse monitoring": plain days; the dibao deadline stays in working days.
def test_the_queue_counts_relapse_deadlines_in_plain_days(app, db, resident, case_id):
    submit_application(resident)
    rows = {r["machine"]: r for r in queues.queue(db, LIULIN).rows}
    relapse = rows["relapse_monitoring"]
    assert (relapse["days_left"], relapse["calendar_days"]) == (15, True)
    due = cases.today() + timedelta(days=15)
    assert relapse["working_days_left"] == cases.calendar(db).working_days_left(cases.today(), due)
    assert rows["application"]["days_left"] is None  # not accepted yet: no deadline


def test_the_board_shows_relapse_cases_with_plain_days_left(app, db, staff, case_id):
    shown = page(staff["township"].get("/staff/board"))
    [row] = shown.select(".board-cases .case-row")
    assert row.select_one(".days-left").get_text(strip=True).startswith("15 天")
    assert shown.select_one(".calendar-days-note") is not None
    assert [r.th.get_text() for r in shown.select(".board-counts .count-row")] == ["农户已申报"]

    db.execute("UPDATE cases SET due_on = ? WHERE id = ?",
               [(cases.today() - timedelta(days=2)).isoformat(), case_id])
    db.conn.commit()
    shown = page(staff["township"].get("/staff/board"))
    assert "已超期 2 天" in shown.select_one(".board-cases .days-left").get_text()
    assert shown.select_one(".overdue-total").get_text() == "1"


def test_the_export_keeps_its_working_days_column_for_relapse_cases(app, db, staff, case_id):
    rows = list(csv.reader(io.StringIO(staff["township"].get("/staff/board/cases.csv")
                                       .get_data().decode("utf-8-sig"))))
    assert rows[0][6] == "剩余工作日"
    due = cases.today() + timedelta(days=15)
    assert rows[1][5] == due.isoformat()
    assert rows[1][6] == str(cases.calendar(db).working_days_left(cases.today(), due))


def test_a_monitored_household_with_its_plan_has_no_deadline_on_the_board(app, db, staff, case_id):
    take(staff, case_id)
    take(staff, case_id, (("announce", "township"), ("file_record", "township")))
    assert assign(staff["township"], case_id, staff_id(db, "liulin")).status_code == 302
    take(staff, case_id, (("enter_assistance_plan", "township"),))
    shown = page(staff["township"].get("/staff/board?queue=settled"))
    assert shown.select_one(".board-cases .days-left").get_text(strip=True) == "—"
    assert shown.select_one(".overdue-total").get_text() == "0"


# RULES.md "Relapse monitoring": "due soon" still means within 5 working days.
def test_due_soon_reads_working_days_for_plain_day_deadlines():
    friday_due_monday = {"machine": "relapse_monitoring", "state": "declared", "days_left": 7,
                         "working_days_left": 5}
    long_holiday = {"machine": "relapse_monitoring", "state": "declared", "days_left": 8,
                    "working_days_left": 2}
    far = {"machine": "relapse_monitoring", "state": "declared", "days_left": 9,
           "working_days_left": 7}
    assert board.is_due_soon(friday_due_monday) and board.is_due_soon(long_holiday)
    assert not board.is_due_soon(far)
    assert board.summary([friday_due_monday, long_holiday, far], date(2026, 3, 2)).due_soon == 2
