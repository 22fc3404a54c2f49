"""Done means (issue 4): no page open to the public contains an ID number, phone number or
address of any applicant in the demo data. Issue 9: nor, of temporary aid, what happened or the
amount asked; granted temporary aid is listed (name, people helped, amount approved: 000… 四(二))
only where the county chose so, and never on the notice."""

from __future__ import annotations

from tests.public.helpers import apply, publish, put_on_notice, sensitive_values
from tests.staff.factory import aid_answers, create_aid_case
from tests.web.flows import (
    CHENGGUAN,
    DONGGUAN,
    LIULIN,
    SPOUSE,
    YANGZHUANG,
    fill_self_declaration,
    id_number,
    page,
)
from webapp.domain.money import format_yuan
from webapp.flows import FORM_NAMES
from webapp.services import cases, county_settings, regions
from webapp.store.engine import connect

SON = {"name": "赵小军", "id_number": id_number("19900303", sequence="077"), "relation": "child",
       "serious_illness": "yes", "illness_name": "尿毒症", "labor_ability": "none",
       "work": "unemployed", "disability_kind": "intellectual", "disability_grade": "1"}


def make_demo_data(client, app) -> dict[str, str]:
    """The demo county (the `flask demo` command), and applicants in several villages at every
    stage the public pages could show: on notice, notice ended, confirmed, published, submitted,
    and a self-declaration. Returns the names that must appear."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    on_notice = apply(client, app, phone="13700137001", name="张三", township=LIULIN,
                      village=YANGZHUANG, address="3组12号", id_no=id_number("19491231", sequence="011"))
    put_on_notice(app, on_notice)
    ended = apply(client, app, phone="13700137002", name="钱二", township=LIULIN, village=YANGZHUANG,
                  address="5组3号", id_no=id_number("19550505", sequence="021"),
                  members=(SPOUSE, SON))
    put_on_notice(app, ended, started_days_ago=9)
    published = apply(client, app, phone="13700137003", name="孙四", township=CHENGGUAN,
                      village=DONGGUAN, address="东关大街88号", id_no=id_number("19620808", sequence="031"))
    publish(app, published, amount_fen=63000, size=1)
    confirmed = apply(client, app, phone="13700137004", name="周五", township=CHENGGUAN,
                      village=DONGGUAN, address="东关大街90号", id_no=id_number("19631010", sequence="041"))
    publish(app, confirmed, state="confirmed")
    apply(client, app, phone="13700137005", name="吴六", township=LIULIN, village=YANGZHUANG,
          address="2组7号", id_no=id_number("19700101", sequence="051"))
    fill_self_declaration(client, "submitted")
    return {f"/public/notices/{YANGZHUANG}": "张三", f"/public/publications/{DONGGUAN}": "孙四"}


def public_pages(app) -> list[str]:
    database = connect(app.config["DATABASE"])
    try:
        villages = [v.code for v in regions.children(database, None, "village")]
    finally:
        database.close()
    assert len(villages) == 12
    return ["/", *(f"/start/{form}" for form in FORM_NAMES), "/signin",
            *(f"/public/notices/{code}" for code in villages),
            *(f"/public/publications/{code}" for code in villages)]


def test_no_public_page_shows_an_applicants_id_number_phone_or_address(client, app):
    shown = make_demo_data(client, app)
    secrets = sensitive_values(app)
    assert {"3组12号", "13700137001", "东关大街88号", SON["id_number"], "尿毒症"} <= secrets
    anyone = app.test_client()
    urls = public_pages(app)
    # and every page the notices link to (the objection forms)
    for url in list(urls):
        if url.startswith("/public/notices/"):
            urls += [a["href"] for a in page(anyone.get(url)).select("a[href^='/public/']")
                     if a["href"] not in urls]
    assert any("/object/" in url for url in urls)
    for url in urls:
        response = anyone.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        leaked = sorted(s for s in secrets if s in body)
        assert not leaked, f"{url} shows {leaked}"
    for url, name in shown.items():
        assert name in page(anyone.get(url)).select_one(".public-table").get_text(), url


# Temporary aid in two villages: granted (approved, then paid in full) and still proposed.
AID_ASKED = 4_321_00
AID = {"granted": ("郑七", YANGZHUANG, "approved", 1_890_00, id_number("19800505", sequence="091"),
                   "13700137091", "丈夫工地受伤住院，家里断了收入"),
       "paid": ("王八", DONGGUAN, "completed", 2_520_00, id_number("19810606", sequence="092"),
                "13700137092", "夜里失火，粮食和衣被都烧了"),
       "proposed": ("冯九", YANGZHUANG, "proposed", 1_000_00, id_number("19820707", sequence="093"),
                    "13700137093", "突发脑出血送医")}


def make_aid_cases(app) -> None:
    database = connect(app.config["DATABASE"])
    try:
        for name, village, state, amount, id_no, phone, what in AID.values():
            answers = aid_answers(village=village, name=name, id_number=id_no, phone=phone,
                                  amount_asked=AID_ASKED, what_happened=what, address="三岔路口东")
            create_aid_case(database, state=state, village=village, name=name, phone=phone,
                            answers=answers, aid_amount_fen=amount, aid_household_size=2,
                            aid_level="township", approved_on=cases.today().isoformat()
                            if state != "proposed" else None)
    finally:
        database.close()


def set_aid_public(app, value: bool) -> None:
    database = connect(app.config["DATABASE"])
    try:
        county_settings.set_temporary_aid_public(database, "999901000000", value, "staff:1", "测试文件")
    finally:
        database.close()


def every_public_body(app) -> dict[str, str]:
    anyone = app.test_client()
    bodies = {}
    for url in public_pages(app):
        response = anyone.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.get_data(as_text=True)
    return bodies


def test_temporary_aid_never_shows_what_happened_the_amount_asked_ids_or_phones(client, app):
    make_demo_data(client, app)
    make_aid_cases(app)
    secrets = sensitive_values(app)
    assert {"13700137091", "丈夫工地受伤住院，家里断了收入", "三岔路口东"} <= secrets
    for public in (False, True):
        set_aid_public(app, public)
        for url, body in every_public_body(app).items():
            leaked = sorted(s for s in secrets if s in body)
            assert not leaked, f"{url} shows {leaked}"
            assert format_yuan(AID_ASKED) not in body, url
            assert "冯九" not in body, url  # proposed, not granted
            if "/public/notices/" in url or not public:
                assert "郑七" not in body and "王八" not in body, url


def test_granted_temporary_aid_is_listed_where_the_county_chose_so(client, app):
    make_demo_data(client, app)
    make_aid_cases(app)
    anyone = app.test_client()
    yangzhuang = page(anyone.get(f"/public/publications/{YANGZHUANG}"))
    assert yangzhuang.select_one(".public-aid") is None and "临时救助" not in yangzhuang.get_text()
    set_aid_public(app, True)
    rows = [[cell.get_text(strip=True) for cell in tr.select("th, td")]
            for tr in page(anyone.get(f"/public/publications/{YANGZHUANG}")).select(".public-aid tbody tr")]
    assert rows == [["郑七", "2 人", "1,890"]]
    rows = [[cell.get_text(strip=True) for cell in tr.select("th, td")]
            for tr in page(anyone.get(f"/public/publications/{DONGGUAN}")).select(".public-aid tbody tr")]
    assert rows == [["王八", "2 人", "2,520"]]
