"""The county administrator reads the audit log of their own county, filtered by case and by
person (issue 4, item 7); reading it is itself audited."""

from __future__ import annotations

import pytest
from conftest import page

import webapp.staff.audit_views  # noqa: F401  (registers /staff/audit)
from tests.staff.conftest import make_staff, staff_sign_in
from tests.web.flows import LIULIN, other_person, submit_application
from webapp.services import audit, regions
from webapp.store.engine import connect

COUNTY = "999901000000"
OTHER_COUNTY = [
    regions.Region("888801000000", "外县（测试）", "county", None),
    regions.Region("888801101000", "外镇", "township", "888801000000"),
    regions.Region("888801101201", "外村", "village", "888801101000"),
]


@pytest.fixture
def case_ids(resident, app, db):
    """Two cases: the first in 柳林乡 of the demo county, the second moved to another county."""
    regions.import_regions(db, OTHER_COUNTY)
    submit_application(resident)
    # another person (one open application per person)
    submit_application(resident, applicant=other_person(2, name="张老四"))
    database = connect(app.config["DATABASE"])
    first, second = [row[0] for row in database.execute("SELECT id FROM cases ORDER BY id")]
    with database.conn:
        database.conn.execute(
            "UPDATE cases SET village_code = '888801101201', township_code = '888801101000', "
            "county_code = '888801000000' WHERE id = ?", [second])
    return first, second


def signed_in(app, db, username, role, region, name):
    staff = make_staff(db, username=username, role=role, region=region, name=name)
    client = app.test_client()
    assert staff_sign_in(client, username).status_code == 302
    return staff, client


@pytest.fixture
def admin(app, db):
    return signed_in(app, db, "admin", "county_admin", COUNTY, "王管理")


def rows(client, **params):
    response = client.get("/staff/audit", query_string=params)
    assert response.status_code == 200, page(response).get_text(" ", strip=True)[:300]
    return page(response).select("tr.audit-row")


def texts(found):
    """Each row as read, with the raw entry its tooltips keep (action=…, detail keys)."""
    return [" ".join([row.get_text(" ", strip=True), *(e["title"] for e in row.select("[title]"))])
            for row in found]


def test_the_administrator_sees_a_reviewer_view_a_case(app, db, case_ids, admin):
    reviewer, client = signed_in(app, db, "liulin", "township_reviewer", LIULIN, "李审核")
    assert client.get(f"/staff/cases/{case_ids[0]}").status_code == 200
    _, admin_client = admin
    viewed = [row for row in rows(admin_client) if "查看案件" in row.get_text()
              and f"case:{case_ids[0]}" in row.get_text()]
    assert len(viewed) == 1
    cells = viewed[0]
    assert "李审核" in cells.select_one(".audit-actor").get_text()
    assert reviewer.actor in cells.select_one(".audit-actor").get_text()
    assert cells.select_one(".audit-address").get_text() == "127.0.0.1"
    assert cells.select_one("td").get_text().startswith("20")  # Beijing time, e.g. 2026-…
    logged = connect(app.config["DATABASE"]).execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'read_audit_log' AND actor = ?",
        [admin[0].actor]).fetchone()[0]
    assert logged == 1


def test_filters_by_case_and_by_person_narrow_the_list(app, db, resident, admin):
    submit_application(resident)
    submit_application(resident, applicant=other_person(1))
    first, second = [row[0] for row in connect(app.config["DATABASE"]).execute(
        "SELECT id FROM cases ORDER BY id")]
    reviewer, client = signed_in(app, db, "liulin", "township_reviewer", LIULIN, "李审核")
    confirmer, county = signed_in(app, db, "county", "county_confirmer", COUNTY, "赵确认")
    client.get(f"/staff/cases/{first}")
    client.get(f"/staff/cases/{second}")
    county.get(f"/staff/cases/{first}")
    _, admin_client = admin

    everything = texts(rows(admin_client))
    assert sum(f"case:{first}" in t for t in everything) == 2
    assert sum(f"case:{second}" in t for t in everything) == 1

    by_case = texts(rows(admin_client, case=first))
    assert len(by_case) == 2 and all(f"case:{first}" in t for t in by_case)

    by_person = texts(rows(admin_client, actor=reviewer.actor))
    assert by_person and all(reviewer.actor in t for t in by_person)
    assert any("工作人员登录" in t for t in by_person)  # sign-ins are there too
    assert sum("查看案件" in t and "case:" in t for t in by_person) == 2

    both = texts(rows(admin_client, case=first, actor=confirmer.actor))
    assert len(both) == 1 and "赵确认" in both[0]

    # the form offers the county's staff by name and keeps the chosen filters
    form = page(admin_client.get("/staff/audit", query_string={"actor": reviewer.actor,
                                                               "case": first}))
    options = {o["value"]: o.get_text() for o in form.select("select#actor option")}
    assert "李审核" in options[reviewer.actor] and "赵确认" in options[confirmer.actor]
    assert form.select_one("select#actor option[selected]")["value"] == reviewer.actor
    assert form.select_one("input#case")["value"] == str(first)
    assert form.select_one("form.audit-filters")["method"] == "get"


def test_a_bad_filter_is_explained(app, db, admin):
    _, admin_client = admin
    response = admin_client.get("/staff/audit?case=abc")
    assert response.status_code == 422
    assert page(response).select_one(".error-summary")


def test_a_township_reviewer_may_not_read_the_log(app, db):
    _, client = signed_in(app, db, "liulin", "township_reviewer", LIULIN, "李审核")
    assert client.get("/staff/audit").status_code == 403


def test_a_county_confirmer_may_not_read_the_log(app, db):
    _, client = signed_in(app, db, "county", "county_confirmer", COUNTY, "赵确认")
    assert client.get("/staff/audit").status_code == 403


def test_another_countys_cases_and_staff_are_not_shown(app, db, case_ids, admin):
    own, other = case_ids
    _, ours = signed_in(app, db, "liulin", "township_reviewer", LIULIN, "李审核")
    stranger, theirs = signed_in(app, db, "waizhen", "township_reviewer", "888801101000", "外审核")
    ours.get(f"/staff/cases/{own}")
    assert theirs.get(f"/staff/cases/{other}").status_code == 200
    _, admin_client = admin
    shown = " ".join(texts(rows(admin_client)))
    assert f"case:{own}" in shown
    assert f"case:{other}" not in shown and stranger.actor not in shown
    assert rows(admin_client, case=other) == []
    assert rows(admin_client, actor=stranger.actor) == []
    options = [o["value"] for o in page(admin_client.get("/staff/audit")).select("#actor option")]
    assert stranger.actor not in options
    # and the other county's administrator sees theirs, not ours
    _, other_admin = signed_in(app, db, "waiadmin", "county_admin", "888801000000", "外管理")
    shown = " ".join(texts(rows(other_admin)))
    assert f"case:{other}" in shown and f"case:{own}" not in shown


def test_the_newest_200_entries_then_older_ones(app, db, admin):
    staff, admin_client = admin
    with db.conn:
        for n in range(210):
            audit.record(db, staff.actor, "test_entry", f"region:{COUNTY}", n=n)
    first = rows(admin_client)
    assert len(first) == 200
    assert "n=209" in texts(first[:1])[0]
    older = page(admin_client.get("/staff/audit")).select_one("a.audit-older")["href"]
    rest = texts(rows(admin_client, before=older.rsplit("before=", 1)[1]))
    # 10 test entries, the sign-in, the first page's read and the read of the link above
    assert any("n=0" in t for t in rest) and not any("n=209" in t for t in rest)
    assert len(rest) < 200


def _full_scan(database, county, staff_actors):
    """The county's entries by the reader's definition, from every row of the log."""
    cases = dict(database.execute("SELECT id, county_code FROM cases").fetchall())
    found = []
    for row in database.execute("SELECT * FROM audit_log ORDER BY id DESC"):
        subject = row["subject"] or ""
        if subject.startswith("case:"):
            if subject[5:].isdigit() and cases.get(int(subject[5:])) == county:
                found.append(row["id"])
        elif row["actor"] in staff_actors:
            found.append(row["id"])
    return found


def test_page_one_and_a_far_page_agree_with_a_full_scan(app, db, case_ids, admin, monkeypatch):
    """Keyset pages of 7 read in chunks of 5 with at most 12 entries read per page (so some pages
    end short and go on below): their concatenation is the full scan's list."""
    own, other = case_ids
    staff, admin_client = admin
    _, stranger = signed_in(app, db, "waizhen", "township_reviewer", "888801101000", "外审核")
    with db.conn:
        for n in range(120):
            subject = [f"case:{own}", f"case:{other}", f"region:{COUNTY}", "case:x"][n % 4]
            actor = [staff.actor, "resident:1", "staff:999", "system"][n % 3]
            audit.record(db, actor, "test_entry", subject, n=n)
    assert stranger.get(f"/staff/cases/{other}").status_code == 200
    county_staff = {f"staff:{r['id']}" for r in audit.county_staff(db, COUNTY)}
    expected = _full_scan(db, COUNTY, county_staff)
    assert [e["id"] for e in audit.county_page(db, COUNTY, limit=7).entries] == expected[:7]
    far = audit.county_page(db, COUNTY, before=expected[20], limit=7)
    assert [e["id"] for e in far.entries] == expected[21:28] and far.older == expected[27]
    # read in chunks of 5, at most 12 entries per page: some pages end short and go on below
    monkeypatch.setattr(audit, "CHUNK", 5)
    monkeypatch.setattr(audit, "SCAN_LIMIT", 12)
    pages, before = [], None
    while True:
        found = audit.county_page(db, COUNTY, before=before, limit=7)
        pages.append([e["id"] for e in found.entries])
        if found.older is None:
            break
        before = found.older
    assert [i for p in pages for i in p] == expected
    assert any(len(p) < 7 for p in pages[:-1])
    # and the administrator's first page, with its link to the next, is the same page 1
    monkeypatch.setattr("webapp.staff.audit_views.PAGE_SIZE", 7)
    first = audit.county_page(db, COUNTY, limit=7)
    response = admin_client.get("/staff/audit")
    assert len(page(response).select("tr.audit-row")) == len(first.entries)
    link = page(response).select_one("a.audit-older")["href"]
    assert link.endswith(f"before={first.older}")
