"""Issue 11, trust signals: the county administrator fills in the name, phone, hotline, address
and hours of the county's civil-affairs bureau and of each township office (/staff/county/
contacts), for their own county only, each change audited; residents' pages show them."""

from __future__ import annotations

import json

import pytest
from conftest import csrf, page

from tests.staff.conftest import PASSWORD, make_staff, staff_sign_in
from tests.web.flows import COUNTY, LIULIN, YANGZHUANG
from webapp.services import contacts, regions
from webapp.staff.cli import staff_group
from webapp.store import staff as staff_store

OTHER_COUNTY = [regions.Region("888801000000", "外县（测试）", "county", None),
                regions.Region("888801101000", "外镇", "township", "888801000000")]
LIULIN_URL = f"/staff/county/contacts/{LIULIN}"
LIULIN_OFFICE = {"office_name": "柳林乡社会事务办", "phone": "0000-5550001",
                 "address": "柳林乡政府院内", "hours": "工作日 8:30–17:30"}


@pytest.fixture
def admin(app, db):
    make_staff(db, username="admin", role="county_admin", region=COUNTY, name="县管理员")
    client = app.test_client()
    staff_sign_in(client, "admin")
    return client


def save(client, url: str, data: dict):
    return client.post(url, data={"csrf_token": csrf(client.get(url)), **data})


def test_the_county_page_links_to_the_contacts(admin):
    assert page(admin.get("/staff/county")).select_one("a[href='/staff/county/contacts']")


def test_the_list_shows_the_county_and_every_township_with_what_is_filled_in(admin, db):
    contacts.save(db, COUNTY, LIULIN, LIULIN_OFFICE, "staff:1")

    rows = page(admin.get("/staff/county/contacts")).select("table.region-contacts tbody tr")

    assert len(rows) == 1 + len(regions.children(db, COUNTY, "township"))
    assert "清河县（演示）民政局" in rows[0].get_text() and "还没填" in rows[0].get_text()
    liulin = next(r for r in rows if "柳林乡" in r.get_text())
    assert "0000-5550001" in liulin.get_text() and "柳林乡政府院内" in liulin.get_text()


def test_the_administrator_fills_in_a_township_office_and_it_is_audited(admin, db):
    response = save(admin, LIULIN_URL, LIULIN_OFFICE)

    assert response.status_code == 302
    assert contacts.filled_in(db, [LIULIN])[LIULIN] == {**LIULIN_OFFICE, "hotline": ""}
    entry = db.execute("SELECT actor, subject, detail FROM audit_log WHERE action = ? "
                       "ORDER BY id DESC", [contacts.CHANGED]).fetchone()
    assert entry["subject"] == f"region:{LIULIN}" and entry["actor"].startswith("staff:")
    assert json.loads(entry["detail"])["phone"] == "0000-5550001"


def test_saving_the_same_contacts_again_changes_and_audits_nothing(admin, db):
    save(admin, LIULIN_URL, LIULIN_OFFICE)
    save(admin, LIULIN_URL, LIULIN_OFFICE)

    assert db.execute("SELECT count(*) FROM audit_log WHERE action = ?",
                      [contacts.CHANGED]).fetchone()[0] == 1


def test_the_county_has_a_hotline_a_township_has_not(admin):
    assert page(admin.get(f"/staff/county/contacts/{COUNTY}")).find("input", {"name": "hotline"})
    assert not page(admin.get(LIULIN_URL)).find("input", {"name": "hotline"})


def test_the_county_names_its_own_hotline(admin, db):
    save(admin, f"/staff/county/contacts/{COUNTY}", {"office_name": "清河县民政局",
                                                    "hotline": "0000-12345"})

    assert contacts.read(db, LIULIN).hotline == "0000-12345"
    assert contacts.read(db, LIULIN).county.name == "清河县民政局"


def test_a_number_that_cannot_be_dialled_is_refused_with_what_was_typed_kept(admin, db):
    response = save(admin, LIULIN_URL, {**LIULIN_OFFICE, "phone": "找王主任"})

    assert response.status_code == 422
    soup = page(response)
    assert "电话号码只能有数字" in soup.select_one(".error-summary").get_text()
    assert soup.find("input", {"name": "phone"})["value"] == "找王主任"
    assert soup.find("input", {"name": "address"})["value"] == "柳林乡政府院内"
    assert contacts.filled_in(db, [LIULIN]) == {}


def test_without_the_csrf_token_nothing_is_saved(admin, db):
    response = admin.post(LIULIN_URL, data=LIULIN_OFFICE)

    assert response.status_code in (400, 422)
    assert contacts.filled_in(db, [LIULIN]) == {}


def test_another_countys_office_is_not_there_for_the_administrator(admin, db):
    regions.import_regions(db, OTHER_COUNTY)

    assert admin.get("/staff/county/contacts/888801101000").status_code == 404
    assert save(admin, LIULIN_URL, LIULIN_OFFICE).status_code == 302
    token = csrf(admin.get(LIULIN_URL))
    assert admin.post("/staff/county/contacts/888801101000",
                      data={"csrf_token": token, **LIULIN_OFFICE}).status_code == 404
    assert contacts.filled_in(db, ["888801101000"]) == {}


def test_a_village_has_no_office_to_fill_in(admin):
    assert admin.get("/staff/county/contacts/999901102202").status_code == 404


def test_the_service_refuses_a_region_outside_the_county(db):
    regions.import_regions(db, OTHER_COUNTY)

    with pytest.raises(contacts.ContactsRefused):
        contacts.save(db, COUNTY, "888801101000", LIULIN_OFFICE, "staff:1")


# --- a village assistant's published number (flask staff create --phone) -------------------

def create(app, *args):
    return app.test_cli_runner().invoke(staff_group, ["create", *args],
                                        input=f"{PASSWORD}\n{PASSWORD}\n")


def test_an_assistant_created_with_a_phone_publishes_it_to_their_village(app, db):
    result = create(app, "wangli", "--name", "王丽", "--role", "assistant", "--region", YANGZHUANG,
                    "--phone", "139 0000 1111")

    assert result.exit_code == 0, result.output
    assert [tuple(r) for r in staff_store.published_assistants(db, YANGZHUANG)] == \
        [("王丽", "13900001111")]
    assert contacts.read(db, YANGZHUANG).assistants == (contacts.Assistant("王丽", "13900001111"),)


def test_an_assistant_created_without_a_phone_publishes_none(app, db):
    assert create(app, "wangli", "--name", "王丽", "--role", "assistant",
                  "--region", YANGZHUANG).exit_code == 0

    assert contacts.read(db, YANGZHUANG).assistants == ()


def test_a_phone_for_another_role_is_refused_before_the_password_is_asked(app, db):
    result = create(app, "liulin", "--name", "李审核", "--role", "township_reviewer",
                    "--region", LIULIN, "--phone", "13900001111")

    assert result.exit_code != 0
    assert "只有村协理员" in result.output and "Password" not in result.output


# --- the assistant chooses on their own page ---------------------------------------------

@pytest.fixture
def helper(app, db):
    make_staff(db, username="wangli", role="assistant", region=YANGZHUANG, name="王丽")
    client = app.test_client()
    staff_sign_in(client, "wangli")
    return client


def test_the_assistant_page_links_to_the_published_number(helper):
    assert page(helper.get("/staff/assistant")).select_one("a[href='/staff/assistant/phone']")


def test_an_assistant_publishes_their_number_and_residents_see_it_at_once(helper, client, db):
    client.get(f"/public/notices/{YANGZHUANG}")  # the village's contacts kept by the process

    assert save(helper, "/staff/assistant/phone", {"phone": "139-0000-1111"}).status_code == 302

    footer = page(client.get(f"/public/notices/{YANGZHUANG}")).select_one("footer.trust")
    assert "王丽" in footer.get_text() and "139-0000-1111" in footer.get_text()
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE action LIKE "
                                        "'assistant_phone_%'")]
    assert actions == ["assistant_phone_published"]


def test_an_assistant_withdraws_their_number(helper, client, db):
    save(helper, "/staff/assistant/phone", {"phone": "13900001111"})

    save(helper, "/staff/assistant/phone", {"phone": ""})

    footer = page(client.get(f"/public/notices/{YANGZHUANG}")).select_one("footer.trust")
    assert footer.select(".trust-assistant") == [] and "13900001111" not in footer.get_text()
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = "
                      "'assistant_phone_withdrawn'").fetchone()[0] == 1


def test_a_number_that_cannot_be_dialled_is_refused_and_kept_for_correcting(helper, db):
    response = save(helper, "/staff/assistant/phone", {"phone": "村委会找我"})

    assert response.status_code == 422
    assert page(response).find("input", {"name": "phone"})["value"] == "村委会找我"
    assert contacts.read(db, YANGZHUANG).assistants == ()
