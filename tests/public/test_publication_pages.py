"""A village's publication list is paged: years of published households never make one page of
thousands of rows (RULES.md "Procedure and deadlines for dibao", 000… 四(二): publish name,
household size and amount)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.staff.factory import create_case
from tests.web.flows import YANGZHUANG
from webapp.public import PUBLICATION_PAGE_SIZE

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
