"""好差评 results are public (国办发〔2019〕51号): anyone sees each township's ratings per level and
how its bad ratings were answered, on the county's page, reached from a village's publication;
never a comment, a name or a reference."""

from __future__ import annotations

from conftest import page
from web.flows import CHENGGUAN, DONGGUAN, LIULIN, YANGZHUANG

from tests.staff.test_ratings import rated
from webapp.store.engine import connect

COUNTY = "999901000000"
PAGE = f"/public/ratings/{COUNTY}"


def test_anyone_sees_each_townships_ratings_without_signing_in(client, db):
    for level in (1, 1, 5):
        rated(db, level, comment="乡里的王干部态度很差")
    rated(db, 2, village=DONGGUAN)

    response = client.get(PAGE)

    assert response.status_code == 200
    soup = page(response)
    liulin = soup.select_one(f"tr[data-township='{LIULIN}']")
    assert [liulin.select_one(f".{c}").get_text() for c in ("ratings-count", "level-1", "level-5",
                                                             "open")] == ["3", "2", "1", "1"]
    assert soup.select_one(f"tr[data-township='{CHENGGUAN}'] .level-2").get_text() == "1"


def test_the_public_page_has_no_comment_name_or_reference(client, db, app):
    rated(db, 5, comment="乡里的王干部态度很差")
    known = connect(app.config["DATABASE"]).execute(
        "SELECT reference, applicant_name, applicant_phone FROM cases").fetchone()

    shown = client.get(PAGE).get_data(as_text=True)

    assert "王干部" not in shown
    assert not any(value in shown for value in known)


def test_a_county_without_ratings_says_so(client):
    assert "还没有收到评价" in page(client.get(PAGE)).get_text()


def test_only_a_county_has_a_ratings_page(client):
    assert client.get(f"/public/ratings/{LIULIN}").status_code == 404
    assert client.get("/public/ratings/000000000000").status_code == 404


def test_a_villages_publication_links_to_its_countys_results(client):
    link = page(client.get(f"/public/publications/{YANGZHUANG}")).find(
        "a", href=PAGE)
    assert link is not None and "好差评" in link.get_text()
