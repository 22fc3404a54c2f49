"""Issue 11, item 7: every resident and public page says who runs the service and how to reach
them — the county civil-affairs bureau of the resident's region, the township office, the
12345 hotline, the privacy notice — and, where the resident's village is known, the village
assistant who published a number (webapp/public/trust.py, templates/components/_trust_footer.html)."""

from __future__ import annotations

import shutil

import pytest
from conftest import TEST_CONFIG, sign_in

from tests.staff.conftest import make_staff, staff_sign_in
from tests.web.flows import (
    COUNTY,
    DONGGUAN,
    LIULIN,
    RESIDENCE,
    YANGZHUANG,
    fill_application,
    id_number,
    page,
    step_url,
    submit_application,
)
from webapp.app import create_app
from webapp.services import accounts, contacts, on_behalf, regions
from webapp.store.engine import connect

GRANNY_ID = id_number("19480203", sequence="064")
OTHER_COUNTY = [regions.Region("888801000000", "外县（测试）", "county", None)]
VISITOR_PAGES = ("/", "/start/application", "/start/self_declaration", "/start/temporary_aid",
                 "/signin", f"/public/notices/{YANGZHUANG}", f"/public/publications/{DONGGUAN}",
                 f"/public/ratings/{COUNTY}", "/public/privacy")


def footer(response):
    assert response.status_code == 200, response.status_code
    return page(response).select_one("footer.trust")


def footer_text(response) -> str:
    found = footer(response)
    assert found is not None, "no footer"
    return found.get_text(" ", strip=True)


def assistant(db, username="yangzhuang", village=YANGZHUANG, name="王协理", phone="13900001111", **kwargs):
    return make_staff(db, username=username, role="assistant", region=village, name=name,
                      public_phone=phone, **kwargs)


@pytest.mark.parametrize("url", VISITOR_PAGES)
def test_every_page_a_visitor_opens_names_the_county_bureau_and_the_hotline(client, url):
    shown = footer_text(client.get(url))

    assert "清河县（演示）民政局" in shown
    assert "12345" in shown
    assert page(client.get(url)).select_one("footer.trust a[href='tel:12345']") is not None


@pytest.mark.parametrize("url", VISITOR_PAGES)
def test_every_page_links_to_the_privacy_notice(client, url):
    assert footer(client.get(url)).select_one("a[href='/public/privacy']") is not None


def test_every_page_of_a_residents_form_links_to_the_privacy_notice(resident):
    sid = fill_application(resident, "sign")
    pages = ["/", "/status", f"/forms/{sid}/check", f"/forms/{sid}/notice", f"/forms/{sid}/sign",
             f"/forms/{sid}/members/new", f"/forms/{sid}/income/0", step_url(sid, "applicant"),
             step_url(sid, "members"), step_url(sid, "income")]

    for url in pages:
        assert footer(resident.get(url)).select_one("a[href='/public/privacy']"), url


def test_the_demo_county_shows_the_offices_flask_demo_filled_in(app, client):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0

    home = footer_text(client.get("/"))
    village = footer_text(client.get(f"/public/notices/{YANGZHUANG}"))

    assert "清河县民政局（演示）" in home and "0000-1234500" in home
    assert "柳林乡人民政府社会事务办（演示）" in village and "0000-1234502" in village
    assert "城关镇" not in village


def test_a_public_village_page_names_its_township_office(client):
    assert "柳林乡人民政府" in footer_text(client.get(f"/public/notices/{YANGZHUANG}"))
    assert "城关镇人民政府" in footer_text(client.get(f"/public/publications/{DONGGUAN}"))


def test_a_resident_sees_the_assistant_of_their_village_who_published_a_number(db, resident):
    assistant(db)
    sid = fill_application(resident, "members")

    for url in ("/", "/status", step_url(sid, "property"), f"/forms/{sid}/members/new"):
        shown = footer_text(resident.get(url))
        assert "杨庄村社会救助协理员：王协理" in shown, url
        assert "13900001111" in shown
        assert "柳林乡人民政府" in shown
    assert page(resident.get("/status")).select_one(
        "footer .trust-assistant a[href='tel:13900001111']") is not None


def test_a_resident_of_a_village_whose_assistant_published_no_number_sees_no_assistant(db, resident):
    assistant(db, username="quiet", phone="")  # 杨庄村's own, who chose not to publish
    assistant(db, username="dongguan", village=DONGGUAN, name="东协理", phone="13900002222")
    fill_application(resident, "members")

    shown = footer(resident.get("/status"))

    assert shown.select(".trust-assistant") == []
    assert "13900002222" not in shown.get_text()
    assert "柳林乡人民政府" in shown.get_text()


def test_an_assistant_no_longer_active_is_not_shown(db, resident):
    gone = assistant(db)
    accounts.set_active(db, gone.id, False, "staff:0")
    fill_application(resident, "members")

    assert footer(resident.get("/status")).select(".trust-assistant") == []


def test_a_submitted_application_shows_the_contacts_of_its_village(db, resident):
    assistant(db)
    reference = submit_application(resident)

    shown = footer_text(resident.get(f"/submissions/{reference}"))

    assert "王协理" in shown and "柳林乡人民政府" in shown


def test_a_resident_registered_by_an_assistant_sees_their_village_from_the_account(app, db):
    helper = assistant(db, village=DONGGUAN, name="东协理", phone="0000-7654321")
    on_behalf.register_resident(db, helper, "赵大娘", GRANNY_ID, "13700137009")
    client = app.test_client()
    sign_in(client, app, "13700137009")

    shown = footer_text(client.get("/status"))
    assert "东关村社会救助协理员：东协理" in shown and "0000-7654321" in shown
    assert "城关镇人民政府" in shown


def test_only_an_assistant_may_publish_a_number(db):
    with pytest.raises(accounts.StaffAccountError, match="只有村协理员"):
        make_staff(db, username="township", role="township_reviewer", region=LIULIN,
                   public_phone="13900003333")
    with pytest.raises(accounts.StaffAccountError, match="电话号码"):
        assistant(db, phone="打我电话")


def test_the_county_administrator_edits_the_contacts_and_the_footer_follows_at_once(app, db, client):
    client.get(f"/public/notices/{YANGZHUANG}")  # the old contacts are now kept by the process
    make_staff(db, username="admin", role="county_admin", region=COUNTY, name="管理员")
    staff = app.test_client()
    staff_sign_in(staff, "admin")
    url = f"/staff/county/contacts/{LIULIN}"
    token = page(staff.get(url)).find("input", {"name": "csrf_token"})["value"]

    response = staff.post(url, data={"csrf_token": token, "office_name": "柳林乡社会事务办",
                                     "phone": "0000-5550001", "address": "柳林乡政府院内",
                                     "hours": "工作日上午"})

    assert response.status_code == 302
    shown = footer_text(client.get(f"/public/notices/{YANGZHUANG}"))
    assert "柳林乡社会事务办" in shown and "0000-5550001" in shown and "柳林乡政府院内" in shown


def test_staff_pages_have_no_resident_footer_but_a_form_filled_for_a_resident_does(app, db):
    helper = assistant(db)
    staff = app.test_client()
    staff_sign_in(staff, "yangzhuang")

    assert footer(staff.get("/staff/")) is None
    assert footer(staff.get("/staff/signin")) is None
    resident_id = on_behalf.register_resident(db, helper, "赵大娘", GRANNY_ID, None)
    draft_id, _resumed = on_behalf.start_for(db, helper, resident_id, "application", "applicant",
                                             {"name": "赵大娘", "id_number": GRANNY_ID, "phone": ""})
    staff.post(f"/staff/for/{draft_id}/step/residence", data={
        "csrf_token": page(staff.get(f"/staff/for/{draft_id}/step/residence")).find(
            "input", {"name": "csrf_token"})["value"], **RESIDENCE})

    shown = footer_text(staff.get(f"/staff/for/{draft_id}/step/residence"))
    assert "王协理" in shown and "柳林乡人民政府" in shown


def test_with_several_counties_and_no_default_a_visitor_is_shown_only_the_hotline(app, db, client):
    regions.import_regions(db, OTHER_COUNTY)

    shown = footer_text(client.get("/"))

    assert "民政局" not in shown
    assert "12345" in shown


def test_the_default_county_setting_names_the_county_to_visitors(tmp_path, template_database):
    database = tmp_path / "doudi.db"
    shutil.copyfile(template_database, database)
    other = connect(str(database))
    regions.import_regions(other, OTHER_COUNTY)
    other.close()
    app = create_app({**TEST_CONFIG, "DATABASE": str(database), "DEFAULT_COUNTY": COUNTY})

    assert "清河县（演示）民政局" in footer_text(app.test_client().get("/"))


def test_a_hotline_the_county_names_replaces_12345(app, db, client):
    contacts.save(db, COUNTY, COUNTY, {"hotline": "0000-12345"}, "staff:1")

    shown = footer(client.get(f"/public/notices/{YANGZHUANG}"))

    assert shown.select_one("a[href='tel:000012345']") is not None
    assert "12345" not in shown.select_one(".trust-hotline").get_text().replace("0000-12345", "")
