"""Staff lists at any size (issue 8): queues paged from the case row, settled cases out of the
default queue but reachable and searchable, the board's aggregate counts, search by each key
within the region, and exports streamed in batches. Each is checked against a full scan of a
small database made with create_case."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from conftest import page
from web.flows import CHENGGUAN, COUNTY, DONGGUAN, LIULIN, YANGZHUANG

from webapp.domain.case_machine import MACHINES, Group, is_in
from webapp.services import board, cases, queues
from webapp.store import cases as store

from .conftest import make_staff, staff_sign_in
from .factory import create_case

TODAY = date(2026, 3, 2)
SHILIAO = "999901102204"  # 石桥村, in 柳林乡
ALL_STATES = [(m, s) for m, machine in MACHINES.items() for s in machine.states]


@pytest.fixture
def many(db):
    """200 cases over every state, three villages of two townships, dated and undated."""
    rnd = random.Random(8)
    for i in range(200):
        _machine, state = ALL_STATES[i % len(ALL_STATES)]
        due = None if i % 7 == 0 else (TODAY + timedelta(days=rnd.randint(-20, 40))).isoformat()
        create_case(db, state=state, village=(YANGZHUANG, SHILIAO, DONGGUAN)[i % 3], due_on=due,
                    name=rnd.choice(["张三", "张三丰", "李四", "王五"]), commit=False)
    db.conn.commit()


def full_scan(db, column: str, code: str, group: Group = Group.OPEN) -> list[dict]:
    """Every case of the region in the group, in list order, read row by row."""
    rows = [dict(r) for r in db.execute("SELECT * FROM cases").fetchall()]
    rows = [r for r in rows if r[column] == code and is_in(group, r["machine"], r["state"])]
    return sorted(rows, key=lambda r: (r["due_on"] is None, r["due_on"] or "",
                                       -r["id"] if r["due_on"] is None else r["id"]))


def client_for(app, db, role: str, region: str, username: str):
    make_staff(db, username=username, role=role, region=region)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return client


def references(response) -> list[str]:
    return [td.get_text(strip=True) for td in page(response).select("tr.case-row .reference")]


def test_page_one_and_a_far_page_agree_with_a_full_scan(db, many):
    expected = [r["id"] for r in full_scan(db, "township_code", LIULIN)]
    assert len(expected) > 2 * queues.PAGE_SIZE
    size = queues.PAGE_SIZE
    first = queues.queue(db, LIULIN, Group.OPEN, 1, on=TODAY)
    last_number = -(-len(expected) // size)
    last = queues.queue(db, LIULIN, Group.OPEN, last_number, on=TODAY)
    assert [r["id"] for r in first.rows] == expected[:size]
    assert [r["id"] for r in last.rows] == expected[(last_number - 1) * size:]
    assert (first.total, first.pages, first.has_next, last.has_next) == (
        len(expected), last_number, True, False)


@pytest.mark.parametrize(("column", "code", "group"), [
    ("township_code", LIULIN, Group.OPEN), ("county_code", COUNTY, Group.OPEN),
    ("village_code", SHILIAO, Group.OPEN), ("county_code", COUNTY, Group.FINISHED)])
def test_every_page_found_by_its_number_agrees_with_a_full_scan(db, many, column, code, group):
    for _ in range(12):  # several cases due the same day, so pages start inside a day
        create_case(db, state="accepted", due_on="2026-03-10", village=SHILIAO, commit=False)
    db.conn.commit()
    expected = [r["id"] for r in full_scan(db, column, code, group)]
    size = queues.PAGE_SIZE
    pages = -(-len(expected) // size)
    for number in range(1, pages + 1):
        listed = queues.queue(db, code, group, number, on=TODAY)
        assert [r["id"] for r in listed.rows] == expected[(number - 1) * size:number * size]


def test_the_case_list_pages_with_plain_links(app, db, many):
    client = client_for(app, db, "county_confirmer", COUNTY, "county")
    expected = [r["reference"] for r in full_scan(db, "county_code", COUNTY)]
    second = client.get("/staff/cases?page=2")
    assert references(second) == expected[queues.PAGE_SIZE:2 * queues.PAGE_SIZE]
    shown = page(second)
    assert shown.select_one(".pager a[rel=prev]")["href"] == "/staff/cases?page=1"
    assert shown.select_one(".pager a[rel=next]")["href"] == "/staff/cases?page=3"
    beyond = client.get("/staff/cases?page=999")  # past the end: the last page
    assert references(beyond) == expected[-(len(expected) % queues.PAGE_SIZE or queues.PAGE_SIZE):]
    assert references(client.get("/staff/cases?page=abc")) == expected[:queues.PAGE_SIZE]


def test_a_village_list_holds_only_that_village(db, many):
    expected = [r["id"] for r in full_scan(db, "village_code", SHILIAO)]
    listed = queues.queue(db, SHILIAO, Group.OPEN, 1, on=TODAY)
    assert [r["id"] for r in listed.rows] == expected[:queues.PAGE_SIZE]


def test_settled_and_finished_cases_leave_the_default_queue_but_stay_reachable(app, db):
    open_case = create_case(db, state="accepted", due_on="2026-03-20", name="赵一")
    refused = create_case(db, state="refused", due_on="2026-01-10", name="钱二")
    published = create_case(db, state="published", due_on="2025-06-10", name="孙三")
    removed = create_case(db, state="risk_removed", name="周四")
    client = client_for(app, db, "township_reviewer", LIULIN, "liulin")
    ids = {open_case: None, refused: None, published: None, removed: None}
    for case_id in ids:
        ids[case_id] = db.execute("SELECT reference FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    assert references(client.get("/staff/")) == [ids[open_case]]
    assert set(references(client.get("/staff/cases?queue=finished"))) == {ids[refused], ids[removed]}
    assert references(client.get("/staff/cases?queue=settled")) == [ids[published]]
    home = page(client.get("/staff/"))
    assert "已办结（2）" in home.select_one(".queues").get_text()
    assert references(client.get("/staff/search?q=钱二")) == [ids[refused]]


def test_an_unknown_queue_is_not_found(app, db):
    client = client_for(app, db, "township_reviewer", LIULIN, "liulin")
    assert client.get("/staff/cases?queue=nonsense").status_code == 404


def test_the_boards_aggregate_counts_agree_with_a_count_row_by_row(db, many):
    cal = cases.calendar(db)
    for column, code in (("township_code", LIULIN), ("county_code", COUNTY),
                         ("village_code", DONGGUAN)):
        rows = [dict(r) for r in db.execute(f"SELECT * FROM cases WHERE {column} = ?", [code])]
        queues.annotate(rows, TODAY, cal)
        by_rows = board.summary(rows, TODAY)
        by_counts = board.from_counts(*queues.board_counts(db, code, TODAY, cal), TODAY)
        assert by_counts == by_rows
        assert by_counts.due_soon and by_counts.overdue


def test_the_counts_follow_every_change_of_state_region_and_deletion(db, many):
    db.execute("UPDATE cases SET state = 'accepted' WHERE id % 5 = 0")
    db.execute("UPDATE cases SET village_code = ?, township_code = ? WHERE id % 11 = 0",
               [DONGGUAN, CHENGGUAN])
    db.execute("DELETE FROM cases WHERE id % 13 = 0")
    db.conn.commit()
    for column, code in (("township_code", LIULIN), ("township_code", CHENGGUAN),
                         ("county_code", COUNTY), ("village_code", YANGZHUANG)):
        counted = {(r[0], r[1]): r[2] for r in db.execute(
            f"SELECT machine, state, COUNT(*) FROM cases WHERE {column} = ? GROUP BY 1, 2", [code])}
        assert store.counts_by_state(db, code) == counted


def counted_by_due_day(db) -> dict[tuple[str, str, str, str], int]:
    """The counts per (region, machine, state, due day) as the triggers keep them."""
    return {tuple(r[:4]): r[4] for r in db.execute(
        "SELECT region_code, machine, state, due_on, n FROM case_due_counts WHERE n > 0")}


def scanned_by_due_day(db) -> dict[tuple[str, str, str, str], int]:
    """The same counts, made row by row from the cases."""
    found: dict[tuple[str, str, str, str], int] = {}
    for row in db.execute("SELECT * FROM cases").fetchall():
        for column in ("village_code", "township_code", "county_code"):
            key = (row[column], row["machine"], row["state"], row["due_on"] or "")
            found[key] = found.get(key, 0) + 1
    return found


def test_the_counts_per_due_day_follow_every_change_of_deadline_state_region_and_deletion(db, many):
    assert counted_by_due_day(db) == scanned_by_due_day(db)
    create_case(db, state="accepted", due_on="2026-03-04")
    db.execute("UPDATE cases SET due_on = date(due_on, '+3 days') WHERE id % 3 = 0 AND due_on IS NOT NULL")
    db.execute("UPDATE cases SET due_on = NULL WHERE id % 17 = 0")
    db.execute("UPDATE cases SET due_on = '2026-03-03' WHERE id % 19 = 0")
    db.execute("UPDATE cases SET state = 'accepted' WHERE id % 5 = 0")
    db.execute("UPDATE cases SET village_code = ?, township_code = ? WHERE id % 11 = 0",
               [DONGGUAN, CHENGGUAN])
    db.execute("DELETE FROM cases WHERE id % 13 = 0")
    db.conn.commit()
    assert counted_by_due_day(db) == scanned_by_due_day(db)
    cal = cases.calendar(db)
    for column, code in (("township_code", LIULIN), ("township_code", CHENGGUAN),
                         ("county_code", COUNTY)):
        rows = [dict(r) for r in db.execute(f"SELECT * FROM cases WHERE {column} = ?", [code])]
        queues.annotate(rows, TODAY, cal)
        assert board.from_counts(*queues.board_counts(db, code, TODAY, cal), TODAY) == \
            board.summary(rows, TODAY)


def test_a_case_due_on_the_fifth_working_day_is_due_soon_and_the_sixth_is_not(db):
    cal = cases.calendar(db)
    on = date(2026, 3, 6)  # a Friday: the 5th working day ahead is the next Friday
    fifth = cal.add_working_days(on, 5).due
    sixth = cal.add_working_days(on, 6).due
    for due in (on, fifth, fifth + timedelta(days=1), sixth, on - timedelta(days=1)):
        create_case(db, state="accepted", due_on=due.isoformat())
    summary = board.from_counts(*queues.board_counts(db, LIULIN, on, cal), on)
    assert (summary.due_soon, summary.overdue) == (3, 1)


# --- search ----------------------------------------------------------------------------------

@pytest.fixture
def people(db):
    """Two people in 柳林乡 and a namesake in 城关镇."""
    return {
        "ours": create_case(db, name="张三丰", id_number="11010519491231002x", phone="13912345678",
                            reference="K7M2Q9XD", state="refused"),
        "other": create_case(db, name="张三", village=SHILIAO),
        "elsewhere": create_case(db, name="张三丰", village=DONGGUAN, phone="13912345678",
                                 id_number="11010519491231002X", reference="K7M2Q9XE"),
    }


@pytest.mark.parametrize(("typed", "key"), [
    ("K7M2Q9XD", "reference"), ("k7m2 q9xd", "reference"),
    ("11010519491231002x", "id_number"), ("11010519491231002X", "id_number"),
    ("13912345678", "phone"), ("张三丰", "name")])
def test_search_by_each_key_finds_the_case_in_the_region_only(db, people, typed, key):
    found_key, found = queues.search(db, LIULIN, typed, on=TODAY)
    assert found_key == key
    assert [r["id"] for r in found.rows] == [people["ours"]]


def test_a_name_finds_the_same_name_and_names_it_begins(db, people):
    _key, found = queues.search(db, LIULIN, "张三", on=TODAY)
    assert {r["id"] for r in found.rows} == {people["ours"], people["other"]}
    _key, county = queues.search(db, COUNTY, "张三", on=TODAY)
    assert len(county.rows) == 3


def test_search_pages_and_shows_masked_names_only(app, db, people):
    for _ in range(queues.PAGE_SIZE + 3):
        create_case(db, name="李四", commit=False)
    db.conn.commit()
    client = client_for(app, db, "township_reviewer", LIULIN, "liulin")
    first = client.get("/staff/search?q=李四")
    assert len(references(first)) == queues.PAGE_SIZE
    assert unquote(page(first).select_one(".pager a[rel=next]")["href"]) == "/staff/search?page=2&q=李四"
    assert len(references(client.get("/staff/search?q=李四&page=2"))) == 3
    assert "李四" not in page(first).select_one("table").get_text()


def test_a_person_outside_the_region_never_appears(app, db, people):
    assistant = client_for(app, db, "assistant", YANGZHUANG, "yangzhuang")
    shown = assistant.get("/staff/search?q=张三")
    assert references(shown) == ["K7M2Q9XD"]
    assert references(assistant.get("/staff/search?q=K7M2Q9XE")) == []
    county = client_for(app, db, "county_confirmer", COUNTY, "county")
    assert references(county.get("/staff/search?q=K7M2Q9XE")) == ["K7M2Q9XE"]
    assert "没有找到" in assistant.get("/staff/search?q=13900000000").get_data(as_text=True)


def test_every_search_is_audited(app, db, people):
    client = client_for(app, db, "township_reviewer", LIULIN, "liulin")
    client.get("/staff/search?q=13912345678")
    [row] = db.execute("SELECT subject, detail FROM audit_log WHERE action = 'searched_cases'")
    assert row["subject"] == f"region:{LIULIN}" and '"key": "phone"' in row["detail"]


def test_an_empty_search_shows_the_form_and_asks_for_a_key(app, db):
    client = client_for(app, db, "township_reviewer", LIULIN, "liulin")
    response = client.get("/staff/search?q=")
    assert response.status_code == 200 and page(response).select_one("form.staff-search")


# --- export ----------------------------------------------------------------------------------

def test_the_csv_export_streams_and_agrees_row_for_row_with_a_full_scan(app, db):
    for i in range(2 * queues.EXPORT_BATCH + 17):
        create_case(db, state=ALL_STATES[i % len(ALL_STATES)][1],
                    village=(YANGZHUANG, DONGGUAN)[i % 2],
                    submitted_at=f"2026-01-{i % 28 + 1:02d}T08:00:00+00:00", commit=False)
    db.conn.commit()
    client = client_for(app, db, "county_confirmer", COUNTY, "county")
    response = client.get("/staff/board/cases.csv")
    assert response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    expected = [r[0] for r in db.execute(
        "SELECT reference FROM cases ORDER BY submitted_at, id").fetchall()]
    assert [r[0] for r in rows[1:]] == expected
    states = {label for m in MACHINES.values() for label in m.states.values()}
    assert all(r[2] in states for r in rows[1:])
    township = client_for(app, db, "township_reviewer", LIULIN, "liulin")
    listed = list(csv.reader(io.StringIO(township.get("/staff/board/cases.csv")
                                         .get_data().decode("utf-8-sig"))))
    assert len(listed) - 1 == db.execute(
        "SELECT COUNT(*) FROM cases WHERE township_code = ?", [LIULIN]).fetchone()[0]


def test_the_excel_export_streams_too(app, db):
    create_case(db, state="accepted", due_on="2026-03-20")
    client = client_for(app, db, "township_reviewer", LIULIN, "liulin")
    response = client.get("/staff/board/cases.xlsx")
    assert response.is_streamed and response.get_data()[:2] == b"PK"


def test_the_assistants_households_come_a_page_at_a_time(app, db):
    made = [create_case(db, name=f"村民{i:02d}", commit=False) for i in range(30)]
    db.conn.commit()
    create_case(db, name="外村人", village=SHILIAO)
    client = client_for(app, db, "assistant", YANGZHUANG, "yangzhuang")
    first = page(client.get("/staff/assistant"))
    listed = first.select("ul.households > li.household-row")
    assert len(listed) == 25 and "外村人" not in first.get_text()
    next_page = first.select_one("#households ~ nav.pager a[rel=next]")["href"]
    assert next_page == "/staff/assistant?page=2#households"
    second = page(client.get("/staff/assistant?page=2"))
    assert len(second.select("ul.households > li.household-row")) == len(made) - 25
