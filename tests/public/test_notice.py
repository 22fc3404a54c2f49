"""The village's public notice (公示) and publication (公布) pages show only what RULES.md
"Procedure and deadlines for dibao" and "Privacy and data" allow."""

from __future__ import annotations

import pytest
import segno
from bs4 import BeautifulSoup

from tests.public.helpers import apply, case_of, publish, put_on_notice, reference_of
from tests.web.flows import (
    APPLICANT_ID,
    CHENGGUAN,
    DONGGUAN,
    LIULIN,
    OTHER_PHONE,
    PHONE,
    SPOUSE,
    SPOUSE_ID,
    YANGZHUANG,
    id_number,
    page,
    submit_application,
)

NOTICE = f"/public/notices/{YANGZHUANG}"
PUBLICATION = f"/public/publications/{YANGZHUANG}"
# Words of health, disability and income that the application holds and no public page may show.
PRIVATE_WORDS = ("残疾", "肢体", "重病", "疾病", "生病", "看病", "劳动能力", "工资", "收入", "存款",
                 "12000", "8000", "3000")


@pytest.fixture
def on_notice(resident, app):
    """张三's application (杨庄村), on notice since two days ago as dibao, 759.99 yuan, 2 people."""
    case_id = case_of(app, submit_application(resident))
    put_on_notice(app, case_id)
    return case_id


def rows(response) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in tr.select("th, td")]
            for tr in page(response).select("tr.public-row")]


def test_the_notice_lists_name_household_size_category_and_amount(client, on_notice):
    response = client.get(NOTICE)
    assert response.status_code == 200
    soup = page(response)
    assert "清河县（演示） 柳林乡 杨庄村" in soup.title.get_text()
    [row] = rows(response)
    assert row[:4] == ["张三", "2 人", "低保", "759.99"]
    assert "至" in row[4]
    assert soup.select_one(".public-qr svg") is not None
    assert "如何提出异议" in soup.get_text()


def test_the_notice_shows_nothing_else_about_the_applicant(client, app, on_notice):
    body = client.get(NOTICE).get_data(as_text=True)
    for secret in (APPLICANT_ID, SPOUSE_ID, PHONE, "3组12号", reference_of(app, on_notice),
                   SPOUSE["name"], *PRIVATE_WORDS):
        assert secret not in body, secret


def test_a_case_of_another_village_is_not_on_this_villages_notice(client, app, on_notice):
    other = apply(client, app, phone=OTHER_PHONE, name="王五", township=CHENGGUAN, village=DONGGUAN,
                  address="东关5号", id_no=id_number("19600202", sequence="055"))
    put_on_notice(app, other)
    names = [r[0] for r in rows(client.get(NOTICE))]
    assert names == ["张三"]
    assert [r[0] for r in rows(client.get(f"/public/notices/{DONGGUAN}"))] == ["王五"]


def test_a_notice_that_ended_or_has_not_begun_is_not_shown(client, app, on_notice):
    put_on_notice(app, on_notice, started_days_ago=7)
    response = client.get(NOTICE)
    assert rows(response) == []
    assert "目前本村没有正在公示的社会救助申请" in page(response).get_text()
    put_on_notice(app, on_notice, started_days_ago=-1)
    assert rows(client.get(NOTICE)) == []
    put_on_notice(app, on_notice, started_days_ago=6)  # its last day
    assert [r[0] for r in rows(client.get(NOTICE))] == ["张三"]


def test_cases_not_on_notice_are_not_shown(client, app, resident):
    submit_application(resident)
    assert rows(client.get(NOTICE)) == []


def test_names_are_in_order(client, app, on_notice):
    other = apply(client, app, phone=OTHER_PHONE, name="丁一", township=LIULIN, village=YANGZHUANG,
                  address="1组1号", id_no=id_number("19600202", sequence="055"))
    put_on_notice(app, other, category="near_dibao", amount_fen=30000, size=3)
    assert [r[:4] for r in rows(client.get(NOTICE))] == [
        ["丁一", "3 人", "低保边缘家庭", "300"], ["张三", "2 人", "低保", "759.99"]]


def test_the_publication_shows_only_name_household_size_and_amount(client, app, on_notice):
    assert rows(client.get(PUBLICATION)) == []
    publish(app, on_notice)
    response = client.get(PUBLICATION)
    assert rows(response) == [["张三", "2 人", "759.99"]]
    assert [th.get_text(strip=True) for th in page(response).select("thead th")] == [
        "申请人", "家庭人口", "保障金额（元/月）"]
    body = response.get_data(as_text=True)
    for secret in (APPLICANT_ID, SPOUSE_ID, PHONE, "3组12号", reference_of(app, on_notice),
                   SPOUSE["name"], "低保", *PRIVATE_WORDS):
        assert secret not in body, secret
    assert rows(client.get(NOTICE)) == []


def test_confirmed_but_not_yet_published_is_not_on_the_publication(client, app, on_notice):
    publish(app, on_notice, state="confirmed")
    assert rows(client.get(PUBLICATION)) == []


def test_the_pages_need_no_sign_in_and_unknown_villages_are_not_found(app, on_notice):
    anyone = app.test_client()
    assert anyone.get(NOTICE).status_code == 200
    assert anyone.get(PUBLICATION).status_code == 200
    assert anyone.get("/public/notices/000000000000").status_code == 404
    assert anyone.get(f"/public/notices/{LIULIN}").status_code == 404  # a township, not a village


def test_the_qr_code_points_at_the_page_from_the_configured_address(client, app):
    app.config["PUBLIC_URL"] = "https://doudi.example.cn/"
    soup = page(client.get(NOTICE, headers={"Host": "evil.example"}))
    assert soup.select_one(".public-address").get_text() == f"https://doudi.example.cn{NOTICE}"
    assert "evil.example" not in str(soup)
    expected = segno.make(f"https://doudi.example.cn{NOTICE}", error="m")
    drawn = BeautifulSoup(expected.svg_inline(scale=4), "html.parser").select_one("path")["d"]
    assert soup.select_one(".public-qr svg path")["d"] == drawn
