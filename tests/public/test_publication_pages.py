"""A village's publication list is paged: years of published households never make one page of
thousands of rows (RULES.md "Procedure and deadlines for dibao", 000… 四(二): publish name,
household size and amount)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.staff.factory import create_aid_case, create_case
from tests.web.flows import YANGZHUANG
from webapp.public import PUBLICATION_PAGE_SIZE
from webapp.services import county_settings

PUBLICATION = f"/public/publications/{YANGZHUANG}"


def names_on(client, url: str) -> tuple[list[str], BeautifulSoup]:
    soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return [th.get_text(strip=True) for th in soup.select("th.public-name")], soup


def test_the_publication_list_comes_a_page_at_a_time_in_the_order_of_the_names(client, db):
    names = [f"村民{n:03d}" for n in range(PUBLICATION_PAGE_SIZE + 5)]
    for name in reversed(names):
        create_case(db, state="published", name=name)
    create_case(db, state="public_notice", name="公示中")  # not yet published: never listed

    first, soup = names_on(client, PUBLICATION)
    assert first == names[:PUBLICATION_PAGE_SIZE]
    next_link = soup.select_one("a.pager-next")["href"]
    second, soup = names_on(client, next_link)
    assert second == names[PUBLICATION_PAGE_SIZE:]
    assert soup.select_one("a.pager-next") is None and soup.select_one("a.pager-previous")


def test_a_page_past_the_end_or_not_a_number_is_no_error(client, db):
    create_case(db, state="published", name="村民甲")
    assert names_on(client, PUBLICATION + "?page=999")[0] == []
    assert names_on(client, PUBLICATION + "?page=abc")[0] == ["村民甲"]


def test_granted_temporary_aid_pages_apart_from_the_other_list(client, db):
    """Where the county lists temporary aid, its list has its own page number (aid_page)."""
    county_settings.set_temporary_aid_public(db, "999901000000", True, "staff:1", "测试文件")
    names = [f"受助{n:03d}" for n in range(PUBLICATION_PAGE_SIZE + 1)]
    for name in names:
        create_aid_case(db, state="approved", name=name, aid_amount_fen=1_000_00,
                        aid_household_size=1, commit=False)
    db.conn.commit()
    create_case(db, state="published", name="村民甲")
    soup = BeautifulSoup(client.get(PUBLICATION).get_data(as_text=True), "html.parser")
    listed = [th.get_text(strip=True) for th in soup.select("th.public-aid-name")]
    assert listed == names[:PUBLICATION_PAGE_SIZE]
    next_link = soup.select_one(".public-aid ~ nav.pager a.pager-next")["href"]
    assert "aid_page=2" in next_link
    soup = BeautifulSoup(client.get(next_link).get_data(as_text=True), "html.parser")
    assert [th.get_text(strip=True) for th in soup.select("th.public-aid-name")] == names[-1:]
    assert [th.get_text(strip=True) for th in soup.select("th.public-name")] == ["村民甲"]
