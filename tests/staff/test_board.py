"""The deadline board: counts per state, due soon and overdue from the queue rows; a small SVG
chart; the page for the staff member's own region only; the case list as CSV and Excel."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from conftest import csrf, page, sign_in

import webapp.staff.board_views  # noqa: F401  (registers the board routes on the staff blueprint)
from tests.staff.conftest import make_staff, staff_sign_in
from tests.web.flows import (
    APPLICANT_ID,
    CHENGGUAN,
    COUNTY,
    DONGGUAN,
    LIULIN,
    OTHER_PHONE,
    RESIDENCE,
    other_person,
    submit_application,
)
from webapp.services import board
from webapp.store.engine import connect

TODAY = date(2026, 3, 2)


def row(state: str, days_left: int | None, machine: str = "application") -> dict:
    return {"machine": machine, "state": state, "days_left": days_left}


# --- pure: counts and chart --------------------------------------------------------------

def test_counts_per_state_with_due_soon_and_overdue():
    rows = [row("submitted", None), row("accepted", 12), row("accepted", 5), row("accepted", 0),
            row("visit_booked", -1), row("visit_booked", 6), row("published", -20),
            row("declared", 3, machine="relapse_monitoring")]
    summary = board.summary(rows, TODAY)
    counts = {(s.machine, s.state): (s.label, s.count, s.due_soon, s.overdue) for s in summary.states}
    assert counts == {
        ("application", "submitted"): ("已提交，待受理", 1, 0, 0),
        ("application", "accepted"): ("已受理", 3, 2, 0),
        ("application", "visit_booked"): ("已预约入户调查", 2, 0, 1),
        # A published case is finished: its past deadline is not overdue.
        ("application", "published"): ("已公布", 1, 0, 0),
        ("relapse_monitoring", "declared"): ("农户已申报", 1, 1, 0),
    }
    assert (summary.total, summary.due_soon, summary.overdue) == (8, 3, 1)
    # In the order of the procedure.
    assert [s.state for s in summary.states] == ["submitted", "accepted", "visit_booked",
                                                 "published", "declared"]


def test_an_empty_board():
    summary = board.summary([], TODAY)
    assert (summary.states, summary.total, summary.due_soon, summary.overdue) == ((), 0, 0, 0)
    ET.fromstring(board.svg(summary))


def test_the_chart_is_well_formed_svg_with_every_state_label():
    rows = [row("accepted", 2), row("accepted", -3), row("public_notice", 9),
            row("declared", 1, machine="relapse_monitoring")]
    summary = board.summary(rows, TODAY)
    chart = board.svg(summary)
    root = ET.fromstring(chart)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg" and root.get("role") == "img"
    assert root.find(ns + "title").text.startswith("案件期限看板")
    texts = [t.text for t in root.iter(ns + "text")]
    for label in ("已受理", "公示中", "农户已申报", "已超期"):
        assert label in texts
    assert "script" not in chart and "http://" not in chart.replace('xmlns="http://www.w3.org', "")
    assert int(root.get("width")) == 560
    kinds = {g.get("class") for g in root.iter(ns + "g")}
    assert {"bar bar-overdue", "bar bar-due_soon", "bar bar-state"} <= kinds


def test_chart_labels_are_escaped():
    summary = board.Board(TODAY, (board.StateCount("application", "x", "<b>&", 1, 0, 0),), 1, 0, 0)
    chart = board.svg(summary)
    assert "&lt;b&gt;&amp;" in chart
    ET.fromstring(chart)


# --- pages ---------------------------------------------------------------------------------

@pytest.fixture
def cases_in_two_townships(resident, app):
    """张三's application in 杨庄村 (柳林乡), and another in 东关村 (城关镇)."""
    ours = submit_application(resident)
    other = app.test_client()
    sign_in(other, app, OTHER_PHONE)
    theirs = submit_application(other, applicant=other_person(1),
                                residence={**RESIDENCE, "township": CHENGGUAN, "village": DONGGUAN})
    return ours, theirs


def signed_in(app, db, username, role, region):
    make_staff(db, username=username, role=role, region=region)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


def accept(client, app, reference):
    case_id = connect(app.config["DATABASE"]).execute(
        "SELECT c.id FROM cases c JOIN submissions s ON s.id = c.submission_id "
        "WHERE s.reference = ?", [reference]).fetchone()[0]
    token = csrf(client.get(f"/staff/cases/{case_id}"))
    assert client.post(f"/staff/cases/{case_id}/accept",
                       data={"csrf_token": token}).status_code == 302
    return case_id


def test_a_township_reviewer_sees_their_cases_and_not_another_townships(app, db,
                                                                        cases_in_two_townships):
    ours, theirs = cases_in_two_townships
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)
    case_id = accept(client, app, ours)
    response = client.get("/staff/board")
    assert response.status_code == 200
    shown = page(response)
    listed = shown.select(".board-cases .case-row")
    assert [r.select_one(".reference").get_text(strip=True) for r in listed] == [ours]
    assert theirs not in response.get_data(as_text=True)
    assert listed[0].select_one("a")["href"] == f"/staff/cases/{case_id}"
    assert listed[0].select_one(".state").get_text() == "已受理"
    assert listed[0].select_one(".days-left").get_text(strip=True) == "30"
    chart = shown.select_one("svg")
    assert chart is not None and "已受理" in chart.get_text()
    assert [r.th.get_text() for r in shown.select(".board-counts .count-row")] == ["已受理"]
    logged = connect(app.config["DATABASE"]).execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'viewed_board' AND subject = ?",
        [f"region:{LIULIN}"]).fetchone()[0]
    assert logged == 1


def test_an_overdue_case_is_marked(app, db, cases_in_two_townships):
    ours, _theirs = cases_in_two_townships
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)
    case_id = accept(client, app, ours)
    db.execute("UPDATE cases SET due_on = '2020-01-06' WHERE id = ?", [case_id])
    db.conn.commit()
    shown = page(client.get("/staff/board"))
    assert shown.select(".board-cases .case-row.overdue")
    assert "已超期" in shown.select_one(".board-cases .days-left").get_text()
    assert shown.select_one(".overdue-total").get_text() == "1"


def test_the_county_sees_both_townships(app, db, cases_in_two_townships):
    client = signed_in(app, db, "county", "county_confirmer", COUNTY)
    text = client.get("/staff/board").get_data(as_text=True)
    assert all(reference in text for reference in cases_in_two_townships)


def test_csv_export_has_the_bom_the_header_and_only_the_listed_fields(app, db,
                                                                      cases_in_two_townships):
    ours, theirs = cases_in_two_townships
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)
    accept(client, app, ours)
    response = client.get("/staff/board/cases.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["编号", "事项", "状态", "村（社区）", "受理日期", "办结期限", "剩余工作日"]
    assert len(rows) == 2 and rows[1][0] == ours and rows[1][2] == "已受理" and rows[1][6] == "30"
    text = body.decode("utf-8-sig")
    for private in (theirs, "张三", "13800138000", "3组12号", APPLICANT_ID):
        assert private not in text
    logged = connect(app.config["DATABASE"]).execute(
        "SELECT detail FROM audit_log WHERE action = 'exported_cases'").fetchall()
    assert len(logged) == 1 and '"format": "csv"' in logged[0][0]


def test_xlsx_export_opens_and_has_the_same_rows(app, db, cases_in_two_townships):
    from openpyxl import load_workbook

    ours, _theirs = cases_in_two_townships
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)
    accept(client, app, ours)
    as_csv = list(csv.reader(io.StringIO(client.get("/staff/board/cases.csv")
                                         .get_data().decode("utf-8-sig"))))
    response = client.get("/staff/board/cases.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert cells == as_csv
    assert sheet.column_dimensions["A"].width >= 12
    logged = connect(app.config["DATABASE"]).execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'exported_cases'").fetchone()[0]
    assert logged == 2


@pytest.mark.parametrize("url", ["/staff/board", "/staff/board/cases.csv",
                                 "/staff/board/cases.xlsx"])
def test_a_village_assistant_may_not_open_the_board(app, db, url):
    from tests.web.flows import YANGZHUANG

    client = signed_in(app, db, "yangzhuang", "assistant", YANGZHUANG)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/staff/board", "/staff/board/cases.csv",
                                 "/staff/board/cases.xlsx"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/signin")
