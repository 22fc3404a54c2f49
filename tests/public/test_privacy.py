"""Issue 11: the privacy notice (个人信息保护说明) opens without signing in and says, in plain
Chinese, what is collected, why, how long it is kept, who sees it, the PIPL rights and how to
use them, and whom to contact — with the figures the code really uses."""

from __future__ import annotations

from tests.web.flows import COUNTY, fill_application, page, text
from webapp.domain import otp
from webapp.services import contacts, county_settings, held_posts


def test_the_privacy_notice_opens_without_signing_in(client):
    response = client.get("/public/privacy")

    assert response.status_code == 200
    assert page(response).h1.get_text() == "个人信息保护说明"


def test_it_covers_what_why_how_long_who_rights_and_contact(client):
    soup = page(client.get("/public/privacy"))

    headings = [h.get_text() for h in soup.select("main h2")]
    assert headings == ["谁负责保管您的信息", "收集哪些信息", "为什么收集", "谁能看到", "保存多久",
                        "您的权利", "怎么用这些权利", "联系我们"]
    shown = text(client.get("/public/privacy"))
    for article in ("第四十五条", "第四十六条", "第四十七条", "第十五条", "第二十九条", "第五十条"):
        assert article in shown


def test_the_kept_times_are_the_ones_the_code_uses(app, client):
    shown = text(client.get("/public/privacy"))

    assert f"{int(otp.CODE_LIFETIME.total_seconds() // 60)} 分钟内有效" in shown
    assert f"最多存 {int(held_posts.KEEP_FOR.total_seconds() // 3600)} 小时" in shown
    assert f"{app.config['SESSION_IDLE_MINUTES']} 分钟不操作" in shown
    assert f"最多 {app.config['PHOTOS_PER_FORM']} 张" in shown


def test_it_says_whether_the_county_lists_temporary_aid_publicly(client, db):
    assert "临时救助不公示，本县也不公布" in text(client.get("/public/privacy"))

    county_settings.set_temporary_aid_public(db, COUNTY, True, "staff:1", "县民政局通知")

    assert "本县批准的临时救助会在村里公布" in text(client.get("/public/privacy"))


def test_it_names_the_office_responsible_and_how_to_reach_it(client, db):
    contacts.save(db, COUNTY, COUNTY, {"office_name": "清河县民政局", "phone": "0000-1234500",
                                       "address": "人民路1号"}, "staff:1")

    shown = text(client.get("/public/privacy"))

    assert "清河县民政局负责这个服务" in shown
    assert "0000-1234500" in shown and "人民路1号" in shown and "12345" in shown


def test_a_signed_in_resident_sees_their_own_township_office_as_the_contact(resident):
    fill_application(resident, "members")

    shown = text(resident.get("/public/privacy"), "#contact ~ ul")

    assert "柳林乡人民政府" in shown  # the application's village is 杨庄村, in 柳林乡
