"""Form metrics for the county administrator (issue 11, item 10): each page's first save is
counted with its time, and the page shows per form and page how many got there, how many stopped
there, how many finished and the median time — no name, ID number, phone or answer anywhere."""

from __future__ import annotations

from datetime import timedelta

from conftest import page
from web.flows import DECLARANT, fill_self_declaration, sql

from tests.staff.conftest import make_staff, staff_sign_in
from webapp.domain import form_metrics as rules
from webapp.flows import get_flow
from webapp.services import cases, form_metrics
from webapp.store import form_metrics as store

PAGE = "/staff/county/form-metrics"


def rows(app) -> list:
    return sql(app, "SELECT * FROM form_steps ORDER BY saved_at, step")


def test_seconds_on_a_page_are_capped_and_never_negative():
    assert rules.seconds_on_page("2026-12-01T08:00:00+00:00", "2026-12-01T08:01:20+00:00") == 80
    assert rules.seconds_on_page("2026-12-01T08:00:00+00:00", "2026-12-02T08:00:00+00:00") == \
        rules.LONGEST_PAGE_SECONDS
    assert rules.seconds_on_page("2026-12-01T08:00:05+00:00", "2026-12-01T08:00:00+00:00") == 0
    assert [rules.minutes_label(s) for s in (None, 45, 80)] == ["—", "45秒", "1分20秒"]


def test_a_declaration_filled_to_the_end_counts_each_page_once(resident, app):
    fill_self_declaration(resident, "submitted")

    steps = [r["step"] for r in rows(app)]
    assert sorted(steps) == sorted(["start", "declarant", "risks", "members", "check", "submitted"])
    assert {r["form"] for r in rows(app)} == {"self_declaration"}
    assert len({r["draft_key"] for r in rows(app)}) == 1


def test_no_personal_data_is_kept(resident, app):
    sid = fill_self_declaration(resident, "submitted")

    kept = " ".join(str(value) for r in rows(app) for value in tuple(r))
    for personal in (DECLARANT["name"], DECLARANT["id_number"], "13800138000", f":{sid}:"):
        assert personal not in kept


def test_saving_a_page_again_counts_it_once(resident, app):
    sid = fill_self_declaration(resident, "risks")
    token = page(resident.get(f"/forms/{sid}/step/declarant")).select_one(
        "main form input[name=csrf_token]")["value"]
    resident.post(f"/forms/{sid}/step/declarant", data={**DECLARANT, "csrf_token": token})

    assert [r["step"] for r in rows(app)].count("declarant") == 1


def add(db, key: str, step: str, days_ago: int, seconds: int = 30, form: str = "self_declaration"):
    saved_at = (cases.today() - timedelta(days=days_ago)).isoformat() + "T08:00:00+00:00"
    with db.conn:
        store.add(db, key, form, step, saved_at, seconds)


def test_the_funnel_counts_started_reached_abandoned_and_the_median(db):
    for key, last, seconds in (("a", "risks", 10), ("b", "risks", 20), ("c", "risks", 300)):
        add(db, key, "start", 20, 0)
        add(db, key, "declarant", 20, 40)
        add(db, key, last, 19, seconds)
    add(db, "c", "members", 18)
    add(db, "c", "check", 18)
    add(db, "c", "submitted", 18)
    add(db, "d", "start", 1, 0)
    add(db, "d", "declarant", 1)  # still being filled: not abandoned
    add(db, "old", "start", 200, 0)  # outside the window

    funnel = form_metrics.funnel(db, get_flow("self_declaration"), cases.today())

    lines = {line.step: line for line in funnel.lines}
    assert (funnel.started, funnel.submitted) == (4, 1)
    assert (lines["declarant"].reached, lines["declarant"].abandoned) == (4, 0)
    assert (lines["risks"].reached, lines["risks"].abandoned, lines["risks"].median_seconds) == \
        (3, 2, 20)
    assert lines["risks"].share_of(funnel.started) == 75
    assert lines["submitted"].abandoned == 0


def test_the_county_administrator_sees_the_bars(app, db):
    add(db, "a", "start", 3, 0)
    add(db, "a", "declarant", 3, 95)
    make_staff(db, username="admin", role="county_admin", region="999901000000")
    client = app.test_client()
    staff_sign_in(client, "admin")

    shown = page(client.get(PAGE))

    row = shown.select_one("#metrics-self_declaration tr[data-step='declarant']")
    assert row.select_one(".count").get_text() == "1"
    assert row.select_one(".median").get_text() == "1分35秒"
    assert row.select_one(".bar")["style"] == "width: 100%"
    assert "开始 1 份，提交 0 份" in shown.select_one("#metrics-self_declaration").get_text()
    assert shown.select_one("#metrics-application") is not None
