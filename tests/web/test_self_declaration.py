"""The short self-declaration for relapse monitoring, page by page, to its signature."""

from __future__ import annotations

import json

import pytest

from .flows import (
    CHENGGUAN,
    DECLARANT,
    HUSBAND,
    OUTLOOK,
    RISKS,
    YANGZHUANG,
    error,
    fill_self_declaration,
    member_data,
    page,
    path_of,
    post,
    saved,
    sms_bodies,
    sql,
    start,
    step_url,
    submission,
    summary,
    text,
    value,
    with_wrong_check,
)


def send(client, sid, step, data):
    return post(client, step_url(sid, step), data)


def answers(app, sid):
    return json.loads(submission(app, sid)["answers"])


# --- issue 11: at most 4 pages before the letter -------------------------------------------

def test_the_declaration_reaches_its_letter_after_four_pages(resident):
    sid = start(resident, "self_declaration")
    pages, location = [], step_url(sid, "declarant")
    answers_of = {"declarant": DECLARANT, "risks": RISKS, "members": {"action": "continue"}}
    while not path_of(location).endswith("/sign"):
        pages.append(path_of(location))
        step = path_of(location).rsplit("/", 1)[1]
        location = saved(post(resident, location, answers_of.get(step, {})))

    assert pages == [step_url(sid, "declarant"), step_url(sid, "risks"), step_url(sid, "members"),
                     f"/forms/{sid}/check"]


def test_the_consent_stands_beside_the_risks_in_words_for_this_form(resident):
    sid = fill_self_declaration(resident, "risks")

    shown = page(resident.get(step_url(sid, "risks")))

    fields = [f["name"] for f in shown.select("form input[name], form textarea[name]")
              if f["name"] != "csrf_token"]
    assert fields.index("sensitive") > max(i for i, n in enumerate(fields) if n == "risks")
    reveal = shown.select_one(".consent-reveal")
    assert "您选了“因病”或“因残”" in reveal.get_text()
    assert reveal.select_one('input[name="sensitive"]') is not None
    assert "接下来会问到家里人的健康" not in shown.get_text()  # the application's wording


def test_a_consent_box_never_ticked_records_no_decision(resident, app):
    sid = fill_self_declaration(resident, "risks")

    saved(send(resident, sid, "risks", RISKS))

    assert sql(app, "SELECT * FROM signatures WHERE submission_id = ?", sid) == []


def test_a_consent_withdrawn_is_recorded(resident, app):
    sid = fill_self_declaration(resident, "risks")
    saved(send(resident, sid, "risks", {"risks": ["illness"], "sensitive": "y"}))

    saved(send(resident, sid, "risks", RISKS))

    rows = sql(app, "SELECT decision FROM signatures WHERE submission_id = ? ORDER BY id", sid)
    assert [r["decision"] for r in rows] == ["agreed", "declined"]


# --- declarant ---------------------------------------------------------------------------

def test_empty_declarant_page_asks_for_name_id_and_village(resident):
    sid = fill_self_declaration(resident, "declarant")

    response = send(resident, sid, "declarant", {})

    assert response.status_code == 422
    assert error(response, "name") == "请填写申报人的姓名"
    assert error(response, "id_number") == "请填写申报人的身份证号码"
    assert error(response, "township") == "请选择乡镇"
    assert error(response, "village") == "请选择村"
    assert "请填写申报人的姓名" in summary(response)


def test_declarant_with_a_wrong_id_keeps_what_was_typed(resident):
    sid = fill_self_declaration(resident, "declarant")
    wrong = with_wrong_check(DECLARANT["id_number"])

    response = send(resident, sid, "declarant", {**DECLARANT, "id_number": wrong})

    assert error(response, "id_number") == "身份证号码最后一位不对，请对照身份证再核对一遍"
    assert value(response, "name") == "王芳"
    assert value(response, "id_number") == wrong
    assert value(response, "village") == YANGZHUANG


def test_declarant_village_must_be_in_the_township(resident):
    sid = fill_self_declaration(resident, "declarant")

    response = send(resident, sid, "declarant", {**DECLARANT, "township": CHENGGUAN})

    assert response.status_code == 422
    assert error(response, "village")


def test_declarant_is_the_first_household_member(resident):
    sid = fill_self_declaration(resident, "members")

    response = resident.get(step_url(sid, "members"))

    assert [n.get_text() for n in page(response).select(".member-name")] == ["王芳"]


# --- risks -------------------------------------------------------------------------------

def test_no_risk_chosen_asks_for_one(resident):
    sid = fill_self_declaration(resident, "risks")

    response = send(resident, sid, "risks", {})

    assert response.status_code == 422
    assert error(response, "risks") == "请至少选一项风险"


@pytest.mark.parametrize("risk", ["illness", "disability"])
def test_health_risk_without_the_separate_consent_is_refused(resident, risk):
    sid = fill_self_declaration(resident, "risks")

    response = send(resident, sid, "risks", {"risks": [risk, "income_drop"]})

    assert response.status_code == 422
    assert error(response, "risks") == "选了“因病”或“因残”，请勾选下面的“我同意记下家里人的病情、残疾情况”"
    assert value(response, "risks") == [risk, "income_drop"]


def test_health_risk_with_the_separate_consent_is_accepted(resident):
    sid = fill_self_declaration(resident, "risks")

    response = send(resident, sid, "risks", {"risks": ["illness"], "sensitive": "y"})

    assert saved(response) == step_url(sid, "members")


def test_ticked_consent_is_shown_ticked_again(resident):
    sid = fill_self_declaration(resident, "risks")
    saved(send(resident, sid, "risks", {"risks": ["illness"], "sensitive": "y"}))

    response = resident.get(step_url(sid, "risks"))

    assert page(response).select_one('input[name="sensitive"]').has_attr("checked")
    assert value(response, "risks") == ["illness"]


def test_ticking_the_separate_consent_is_recorded(resident, app):
    sid = fill_self_declaration(resident, "risks")

    saved(send(resident, sid, "risks", {"risks": ["illness"], "sensitive": "y"}))

    [row] = sql(app, "SELECT * FROM signatures WHERE letter_kind = 'declaration_sensitive_consent'")
    assert (row["submission_id"], row["decision"], row["signer_name"]) == (sid, "agreed", "王芳")


# --- members (optional) ------------------------------------------------------------------

def test_members_can_be_skipped(resident):
    sid = fill_self_declaration(resident, "members")

    location = saved(send(resident, sid, "members", {"action": "continue"}))

    assert location == f"/forms/{sid}/check"


def test_member_without_an_id_number_is_accepted(resident):
    sid = fill_self_declaration(resident, "members")

    saved(send(resident, sid, "members", member_data({**HUSBAND, "id_number": ""})))

    names = [n.get_text() for n in page(resident.get(step_url(sid, "members")))
             .select(".member-name")]
    assert names == ["王芳", "刘强"]


def test_member_needs_a_name_and_relation(resident):
    sid = fill_self_declaration(resident, "members")

    response = send(resident, sid, "members", member_data({}))

    assert response.status_code == 422
    assert error(response, "name") == "请填写这位家庭成员的姓名"
    assert error(response, "relation") == "请选择和申请人的关系"


def test_member_form_asks_no_health_questions(resident):
    sid = fill_self_declaration(resident, "members")

    form = page(resident.get(step_url(sid, "members"))).select_one("form.add-member")

    assert form.select_one('[name="serious_illness"]') is None
    assert form.select_one('[name="id_number"]') is not None


def test_mistyped_member_id_gets_a_message(resident):
    sid = fill_self_declaration(resident, "members")
    wrong = with_wrong_check(HUSBAND["id_number"])

    response = send(resident, sid, "members", member_data({**HUSBAND, "id_number": wrong}))

    assert response.status_code == 422
    assert error(response, "id_number") == "身份证号码最后一位不对，请对照身份证再核对一遍"


# --- what the household may add on the risks page (optional) ------------------------------

def test_income_spending_and_description_can_be_left_blank(resident, app):
    sid = fill_self_declaration(resident, "risks")

    location = saved(send(resident, sid, "risks", RISKS))

    assert location == step_url(sid, "members")
    given = answers(app, sid)["risks"]
    assert (given["income"], given["rigid_spending"], given["description"] or "") == (0, 0, "")


def test_an_amount_that_is_not_a_number_is_refused(resident):
    sid = fill_self_declaration(resident, "risks")

    response = send(resident, sid, "risks", {**RISKS, **OUTLOOK, "income": "两万"})

    assert response.status_code == 422
    assert error(response, "income") == "请填写数字金额，例如 1200"
    assert value(response, "income") == "两万"
    assert value(response, "description") .strip() == OUTLOOK["description"]


def test_a_description_longer_than_300_characters_is_refused(resident):
    sid = fill_self_declaration(resident, "risks")

    response = send(resident, sid, "risks", {**RISKS, **OUTLOOK, "description": "难" * 301})

    assert error(response, "description") == "最多填 300 个字，您填了 301 个字"


# --- check, sign, submit -----------------------------------------------------------------

def test_check_page_lists_the_declaration(resident):
    sid = fill_self_declaration(resident, "check", members=(HUSBAND,))

    shown = text(resident.get(f"/forms/{sid}/check"))

    for words in ("申报人姓名 王芳", "村（社区） 杨庄村", "收入大幅减少、务工就业不稳定",
                  "刘强 和申请人的关系：配偶", "全家今年大概能收入多少钱（元） 20,000元",
                  OUTLOOK["description"]):
        assert words in shown


def test_check_page_goes_straight_to_signing(resident):
    sid = fill_self_declaration(resident, "check")

    assert saved(post(resident, f"/forms/{sid}/check")) == f"/forms/{sid}/sign"


def test_there_is_no_notice_letter_to_read(resident):
    sid = fill_self_declaration(resident, "sign")

    assert resident.get(f"/forms/{sid}/notice").headers["Location"] == f"/forms/{sid}/sign"


def test_sign_page_shows_the_commitment_with_the_village(resident):
    sid = fill_self_declaration(resident, "sign")

    letter = text(resident.get(f"/forms/{sid}/sign"), ".letter")

    assert "防止返贫监测承诺授权书" in letter
    assert "家住清河县（演示） 柳林乡 杨庄村" in letter
    assert DECLARANT["id_number"] not in letter
    assert DECLARANT["id_number"][-4:] in letter


def test_signing_without_the_tick_is_refused(resident):
    sid = fill_self_declaration(resident, "sign")

    response = post(resident, f"/forms/{sid}/sign", {})

    assert response.status_code == 422
    assert error(response, "commit") == "请勾选同意承诺授权书，才能提交"


def test_signed_declaration_is_submitted_with_one_letter(resident, app):
    sid = fill_self_declaration(resident, "submitted")

    rows = sql(app, "SELECT letter_kind, decision FROM signatures WHERE submission_id = ? "
                    "AND letter_kind != 'sensitive_consent'", sid)
    assert [tuple(r) for r in rows] == [("commitment_authorization", "agreed")]
    assert submission(app, sid)["status"] == "submitted"


def test_confirmation_sms_names_the_self_declaration(resident, app):
    sid = fill_self_declaration(resident, "sign")
    location = saved(post(resident, f"/forms/{sid}/sign", {"commit": "yes"}))

    reference = path_of(location).rsplit("/", 1)[1]
    [body] = sms_bodies(resident, app, "submission_received")
    assert body == (f"【兜底服务】您的自主申报已提交，编号{reference}。"
                    "每办完一步都会短信通知您，也可登录兜底服务查进度。")


def test_confirmation_page_says_the_village_will_visit(resident):
    sid = fill_self_declaration(resident, "sign")
    location = saved(post(resident, f"/forms/{sid}/sign", {"commit": "yes"}))

    assert "村里会上门核实您家的情况" in text(resident.get(location))
