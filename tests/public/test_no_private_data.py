"""Done means (issue 4): no page open to the public contains an ID number, phone number or
address of any applicant in the demo data."""

from __future__ import annotations

from tests.public.helpers import apply, publish, put_on_notice, sensitive_values
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
from webapp.flows import FORM_NAMES
from webapp.services import regions
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
