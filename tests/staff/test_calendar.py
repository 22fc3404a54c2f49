"""A county administrator loads a year the calendar package lacks; deadlines then follow it
instead of the Monday-Friday fallback (RULES.md "Procedure and deadlines for dibao")."""

from __future__ import annotations

import io
from datetime import date, timedelta

from conftest import csrf, page

from tests.staff.conftest import make_staff, staff_sign_in
from webapp.services import cases
from webapp.store.engine import connect


def year_csv(year: int, holidays: set[date]) -> bytes:
    lines = ["date,working"]
    day = date(year, 1, 1)
    while day.year == year:
        working = day.weekday() < 5 and day not in holidays
        lines.append(f"{day.isoformat()},{int(working)}")
        day += timedelta(days=1)
    return "\n".join(lines).encode()


def admin_client(app, db):
    make_staff(db, username="admin", role="county_admin", region="999901000000")
    client = app.test_client()
    staff_sign_in(client, "admin")
    return client


def upload(client, data: bytes, name: str = "2027.csv"):
    token = csrf(client.get("/staff/calendar"))
    return client.post("/staff/calendar", data={"csrf_token": token,
                                                "upload": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_a_loaded_year_replaces_the_fallback(app, db):
    client = admin_client(app, db)
    spring_festival = {date(2027, 2, 8) + timedelta(days=i) for i in range(5)}
    assert upload(client, year_csv(2027, spring_festival)).status_code == 302
    calendar = cases.calendar(connect(app.config["DATABASE"]))
    assert calendar.is_working_day(date(2027, 2, 8)) == (False, False)  # loaded, not guessed
    assert calendar.is_working_day(date(2027, 2, 15)) == (True, False)
    assert "2027" in page(client.get("/staff/calendar")).select_one(".loaded-years").get_text()


def test_a_file_missing_days_is_refused_with_the_reason(app, db):
    client = admin_client(app, db)
    response = upload(client, b"date,working\n2027-01-01,0\n")
    assert response.status_code == 422
    assert page(response).select_one("#field-upload .error").get_text()
    assert connect(app.config["DATABASE"]).execute("SELECT COUNT(*) FROM calendar_days").fetchone()[0] == 0


def test_only_the_county_administrator_loads_calendars(app, db):
    make_staff(db, username="reviewer", role="township_reviewer", region="999901102000")
    client = app.test_client()
    staff_sign_in(client, "reviewer")
    assert client.get("/staff/calendar").status_code == 403
