"""The aid application page by page: what each page refuses, and what it keeps."""

from __future__ import annotations

import json

import pytest

from .flows import (
    APPLICANT,
    APPLICANT_HEALTH,
    APPLICANT_ID,
    CHENGGUAN,
    COUNTY,
    DONGGUAN,
    PHONE,
    PROPERTY,
    RESIDENCE,
    SITUATION,
    SPOUSE,
    YANGZHUANG,
    error,
    fill_application,
    id_number,
    page,
    plain_income,
    post,
    saved,
    step_url,
    submission,
    summary,
    text,
    value,
    with_wrong_check,
)


def answers(app, sid):
    return json.loads(submission(app, sid)["answers"])


def send(client, sid, step, data):
    return post(client, step_url(sid, step), data)


# --- applicant ---------------------------------------------------------------------------

def test_applicant_without_a_name_is_asked_for_one(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant", {**APPLICANT, "name": ""})

    assert response.status_code == 422
    assert error(response, "name") == "请填写申请人的姓名"
    assert "请填写申请人的姓名" in summary(response)


def test_applicant_without_an_id_number_is_asked_for_one(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant", {**APPLICANT, "id_number": " "})

    assert response.status_code == 422
    assert error(response, "id_number") == "请填写申请人的身份证号码"


def test_applicant_name_longer_than_30_characters_is_refused(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant", {**APPLICANT, "name": "张" * 31})

    assert error(response, "name") == "最多填 30 个字，您填了 31 个字"


def test_contact_phone_that_is_not_a_mobile_number_is_refused(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant", {**APPLICANT, "phone": "0371-1234567"})

    assert response.status_code == 422
    assert error(response, "phone") == "请填写11位手机号码，例如 13800138000"


def test_contact_phone_starts_as_the_signed_in_number(resident):
    sid = fill_application(resident, "applicant")

    assert value(resident.get(step_url(sid, "applicant")), "phone") == PHONE


def test_contact_phone_typed_with_country_code_is_saved_as_eleven_digits(resident, app):
    sid = fill_application(resident, "applicant")

    send(resident, sid, "applicant", {**APPLICANT, "phone": "+86 139-0013-9000"})

    assert answers(app, sid)["applicant"]["phone"] == "13900139000"


def test_everything_typed_stays_in_the_boxes_after_an_error(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant",
                    {"name": "张三", "id_number": "11010519491231002", "phone": "1380013"})

    assert value(response, "name") == "张三"
    assert value(response, "id_number") == "11010519491231002"
    assert value(response, "phone") == "1380013"


def test_refused_page_saves_nothing(resident, app):
    sid = fill_application(resident, "applicant")

    send(resident, sid, "applicant", {**APPLICANT, "id_number": "123"})

    assert "applicant" not in answers(app, sid)


def test_saved_applicant_page_moves_on_to_where_they_live(resident):
    sid = fill_application(resident, "applicant")

    location = saved(send(resident, sid, "applicant", APPLICANT))

    assert location == step_url(sid, "residence")


def test_back_link_goes_to_the_previous_page(resident):
    sid = fill_application(resident, "residence")

    response = resident.get(step_url(sid, "residence"))

    assert page(response).select_one("a.back")["href"] == step_url(sid, "applicant")


def test_back_link_of_a_question_opened_from_check_goes_back_to_check(resident):
    sid = fill_application(resident, "check")

    response = resident.get(step_url(sid, "spending", **{"return": "check"}))

    assert page(response).select_one("a.back")["href"] == f"/forms/{sid}/check"


def test_saved_answers_are_shown_when_the_page_is_opened_again(resident):
    sid = fill_application(resident, "residence")

    response = resident.get(step_url(sid, "applicant"))

    assert value(response, "name") == "张三"
    assert value(response, "id_number") == APPLICANT_ID


# --- ID numbers --------------------------------------------------------------------------

def test_valid_id_number_is_accepted(resident, app):
    sid = fill_application(resident, "applicant")
    number = id_number("19620714", sequence="035")

    saved(send(resident, sid, "applicant", {**APPLICANT, "id_number": number}))

    assert answers(app, sid)["applicant"]["id_number"] == number


def test_id_number_with_a_wrong_check_digit_is_refused(resident):
    sid = fill_application(resident, "applicant")
    number = with_wrong_check(id_number("19620714", sequence="035"))

    response = send(resident, sid, "applicant", {**APPLICANT, "id_number": number})

    assert response.status_code == 422
    assert error(response, "id_number") == "身份证号码最后一位不对，请对照身份证再核对一遍"


def test_id_number_with_an_impossible_birth_date_is_refused(resident):
    sid = fill_application(resident, "applicant")
    number = id_number("19990230", sequence="035")  # 30 February, check digit right

    response = send(resident, sid, "applicant", {**APPLICANT, "id_number": number})

    assert response.status_code == 422
    assert error(response, "id_number") == "身份证号码里的出生日期不对，请核对"


def test_id_number_born_in_the_future_is_refused(resident):
    sid = fill_application(resident, "applicant")
    number = id_number("20990101", sequence="035")

    response = send(resident, sid, "applicant", {**APPLICANT, "id_number": number})

    assert error(response, "id_number") == "身份证号码里的出生日期不对，请核对"


def test_id_number_with_lower_case_x_is_accepted_and_shown_upper_case(resident, app):
    sid = fill_application(resident, "applicant")
    assert APPLICANT_ID.endswith("X")

    saved(send(resident, sid, "applicant", {**APPLICANT, "id_number": APPLICANT_ID.lower()}))

    assert value(resident.get(step_url(sid, "applicant")), "id_number") == APPLICANT_ID
    assert answers(app, sid)["applicant"]["id_number"] == APPLICANT_ID


def test_id_number_typed_with_spaces_and_full_width_digits_is_accepted(resident, app):
    sid = fill_application(resident, "applicant")
    full_width = APPLICANT_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ"))
    typed = f"{full_width[:6]} {full_width[6:14]} {full_width[14:]}"

    saved(send(resident, sid, "applicant", {**APPLICANT, "id_number": typed}))

    assert answers(app, sid)["applicant"]["id_number"] == APPLICANT_ID


def test_old_15_digit_id_number_is_refused_with_the_15_digit_message(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant", {**APPLICANT, "id_number": "110105491231002"})

    assert response.status_code == 422
    assert error(response, "id_number") == "这是旧的15位身份证号码，请填写现在使用的18位号码"
    assert "15位" in error(response, "id_number")


def test_id_number_of_the_wrong_length_says_how_many_were_typed(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant", {**APPLICANT, "id_number": APPLICANT_ID[:16]})

    assert error(response, "id_number") == "身份证号码应为18位，您填了16位"


def test_id_number_with_letters_inside_is_refused(resident):
    sid = fill_application(resident, "applicant")

    response = send(resident, sid, "applicant", {**APPLICANT, "id_number": "11010519491231O02X"})

    assert error(response, "id_number") == "身份证号码前17位只能是数字，请核对"


# --- where they live ---------------------------------------------------------------------

def test_only_county_is_chosen_for_them(resident):
    sid = fill_application(resident, "residence")

    response = resident.get(step_url(sid, "residence"))

    assert value(response, "county") == COUNTY


def test_township_and_village_must_be_chosen(resident):
    sid = fill_application(resident, "residence")

    response = send(resident, sid, "residence", {"county": COUNTY, "hukou_same": "yes"})

    assert response.status_code == 422
    assert error(response, "township") == "请选择乡镇"
    assert error(response, "village") == "请选择村"


def test_village_not_in_the_chosen_township_is_not_saved(resident, app):
    sid = fill_application(resident, "residence")

    response = send(resident, sid, "residence", {**RESIDENCE, "township": CHENGGUAN,
                                                 "village": YANGZHUANG})

    assert response.status_code == 422
    assert error(response, "village")
    assert "residence" not in answers(app, sid)


def test_village_not_in_the_chosen_township_says_so(resident):
    sid = fill_application(resident, "residence")

    response = send(resident, sid, "residence", {**RESIDENCE, "township": CHENGGUAN,
                                                 "village": YANGZHUANG})

    assert error(response, "village") == "这个村不在所选的乡镇里，请重新选择"


def test_refresh_lists_the_villages_of_the_chosen_township(resident):
    sid = fill_application(resident, "residence")

    response = send(resident, sid, "residence", {"action": "refresh", "county": COUNTY,
                                                 "township": CHENGGUAN})

    villages = [o.get_text() for o in page(response).select("#village option") if o["value"]]
    assert villages == ["东关村", "西关村", "南街社区"]


def test_refresh_keeps_typed_values_without_errors(resident, app):
    sid = fill_application(resident, "residence")

    response = send(resident, sid, "residence", {
        "action": "refresh", "county": COUNTY, "township": CHENGGUAN, "address": "3组12号",
        "hukou_same": "no", "hukou_place": "河南省周口市"})

    assert response.status_code == 200
    assert not page(response).select(".error, .error-summary")
    assert value(response, "township") == CHENGGUAN
    assert value(response, "address") == "3组12号"
    assert value(response, "hukou_same") == "no"
    assert value(response, "hukou_place") == "河南省周口市"
    assert "residence" not in answers(app, sid)


def test_village_of_the_refreshed_township_can_be_saved(resident, app):
    sid = fill_application(resident, "residence")

    saved(send(resident, sid, "residence", {**RESIDENCE, "township": CHENGGUAN,
                                            "village": DONGGUAN}))

    assert answers(app, sid)["residence"]["village"] == DONGGUAN


def test_hukou_question_must_be_answered(resident):
    sid = fill_application(resident, "residence")

    response = send(resident, sid, "residence", {**RESIDENCE, "hukou_same": ""})

    assert error(response, "hukou_same") == "请选择户口是否在这个村"


def test_hukou_elsewhere_needs_the_place(resident):
    sid = fill_application(resident, "residence")

    response = send(resident, sid, "residence", {**RESIDENCE, "hukou_same": "no"})

    assert response.status_code == 422
    assert error(response, "hukou_place") == "户口不在这个村的，请填写户口所在地"
    assert value(response, "address") == "3组12号"


def test_hukou_in_the_village_needs_no_place(resident):
    sid = fill_application(resident, "residence")

    assert send(resident, sid, "residence", RESIDENCE).status_code == 302


# --- separate consent --------------------------------------------------------------------

def test_consent_page_shows_the_separate_consent_text(resident):
    sid = fill_application(resident, "consent")

    response = resident.get(step_url(sid, "consent"))

    assert "敏感个人信息单独同意" in text(response, ".letter")
    assert "您以后可以随时撤回同意" in text(response, ".letter")


def test_consent_must_be_given_or_refused(resident):
    sid = fill_application(resident, "consent")

    response = send(resident, sid, "consent", {})

    assert response.status_code == 422
    assert error(response, "sensitive") == "请选择同意或不同意"


def test_refusing_consent_still_moves_on(resident):
    sid = fill_application(resident, "consent")

    assert saved(send(resident, sid, "consent", {"sensitive": "no", "labor_ability": "full",
                                                 "work": "farming"})) == step_url(sid, "members")


def test_the_applicants_own_situation_is_asked_with_the_consent(resident, app):
    """Issue 11 item 5: the applicant's details complete in the first steps."""
    sid = fill_application(resident, "consent")

    saved(send(resident, sid, "consent", {"sensitive": "yes", **APPLICANT_HEALTH,
                                          "serious_illness": "yes", "illness_name": "高血压"}))

    first = answers(app, sid)["members"][0]
    assert (first["illness_name"], first["work"]) == ("高血压", "farming")


def test_without_consent_no_health_answer_of_the_applicant_is_kept(resident, app):
    sid = fill_application(resident, "consent")

    saved(send(resident, sid, "consent", {"sensitive": "no", **APPLICANT_HEALTH,
                                          "serious_illness": "yes", "illness_name": "高血压"}))

    assert "serious_illness" not in answers(app, sid)["consent"]
    assert "illness_name" not in answers(app, sid)["members"][0]


# --- income of one member ----------------------------------------------------------------

def income(client, sid, data, index=0):
    return post(client, f"/forms/{sid}/income/{index}", {**plain_income({}), **data})


def test_employment_costs_above_wages_are_refused(resident):
    sid = fill_application(resident, "income")

    response = income(resident, sid, {"has_work": "yes", "work": "3000",
                                      "employment_costs": "5000"})

    assert response.status_code == 422
    assert error(response, "employment_costs") == "必要花费不能超过工资"
    assert value(response, "employment_costs") == "5000"


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "请填写数字金额，例如 1200"),
    ("-5", "金额不能是负数"),
    ("12.345", "最多填到分，例如 12.50"),
    ("200000000", "金额太大，请核对"),
])
def test_bad_amount_is_refused_with_a_message_and_kept_in_the_box(resident, typed, message):
    sid = fill_application(resident, "income")

    response = income(resident, sid, {"has_work": "yes", "work": typed})

    assert response.status_code == 422
    assert error(response, "work") == message
    assert value(response, "work") == typed


def test_a_yes_without_an_amount_asks_for_one(resident):
    sid = fill_application(resident, "income")

    response = income(resident, sid, {"has_farming": "yes", "farming": ""})

    assert error(response, "farming") == "请填写大概多少元，例如 3千"


@pytest.mark.parametrize(("typed", "shown"), [("1,200.50元", "1200.5"), ("3千", "3千"),
                                              ("1.2万", "1.2万")])
def test_amount_as_people_say_it_is_read(resident, app, typed, shown):
    sid = fill_application(resident, "income")
    saved(income(resident, sid, {"has_farming": "yes", "farming": typed}))

    fen = {"1,200.50元": 120050, "3千": 300000, "1.2万": 1200000}[typed]
    assert answers(app, sid)["income"]["0"]["farming"] == fen
    assert value(resident.get(f"/forms/{sid}/income/0"), "farming") in (shown, str(fen // 100))


def test_the_official_kind_is_derived_from_the_plain_source(resident, app):
    """001… 二(八): the basic pension is not counted; 002… 误区一: nor 高龄津贴; a retirement
    wage is transfer income."""
    sid = fill_application(resident, "income")

    saved(income(resident, sid, {"has_work": "yes", "work": "1.2万", "has_pension": "yes",
                                 "pension_kind": "retirement", "pension": "6000",
                                 "has_subsidy": "yes", "old_age_allowance": "600",
                                 "has_relatives": "yes", "relatives": "2千"}))

    stored = answers(app, sid)["income"]["0"]
    assert (stored["wages"], stored["transfers"], stored["support"]) == (1200000, 600000, 200000)
    assert stored["excluded"]["old_age_allowance"] == 60000


def test_excluded_income_is_left_out_with_a_sentence_why(resident):
    sid = fill_application(resident, "income")
    saved(income(resident, sid, {"has_pension": "yes", "pension_kind": "resident_pension",
                                 "pension": "1800"}))

    response = resident.get(step_url(sid, "income"))

    assert "城乡居民基础养老金不算收入" in text(response)


def test_a_subsidy_needs_one_amount(resident):
    sid = fill_application(resident, "income")

    response = income(resident, sid, {"has_subsidy": "yes"})

    assert error(response, "other_subsidy") == "领补贴的，请至少填一项补贴的金额"


def test_saved_income_of_the_last_earner_goes_on_to_property(resident):
    sid = fill_application(resident, "income")

    assert saved(income(resident, sid, {"has_work": "yes", "work": "1000"})) \
        == step_url(sid, "property")


def test_income_page_refuses_to_continue_until_every_earner_is_filled_in(resident):
    sid = fill_application(resident, "income")

    response = post(resident, step_url(sid, "income"))

    assert response.status_code == 422
    assert "还有人的收入没填" in summary(response)


# --- property ----------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "请填一个整数，例如 0、1、2"),
    ("1.5", "请填一个整数，例如 0、1、2"),
    ("-1", "请填一个整数，例如 0、1、2"),
    ("25", "这个数太大了，请核对（最多 20）"),
])
def test_house_count_must_be_a_small_whole_number(resident, typed, message):
    sid = fill_application(resident, "property")

    response = send(resident, sid, "property", {**PROPERTY, "houses": typed})

    assert response.status_code == 422
    assert error(response, "houses") == message
    assert value(response, "houses") == typed


def test_circled_digit_for_a_house_count_gets_the_chinese_message(resident):
    sid = fill_application(resident, "property")

    response = send(resident, sid, "property", {**PROPERTY, "houses": "①"})

    assert error(response, "houses") == "请填一个整数，例如 0、1、2"


@pytest.mark.parametrize(("name", "message"), [("houses", "请填写房子数量，没有填 0"),
                                               ("vehicles", "请填写汽车数量，没有填 0")])
def test_blank_count_is_asked_for_not_taken_as_none(resident, app, name, message):
    sid = fill_application(resident, "property")

    response = send(resident, sid, "property", {**PROPERTY, name: ""})

    assert response.status_code == 422
    assert error(response, name) == message
    assert "property" not in answers(app, sid)


def test_zero_typed_for_a_count_is_accepted(resident, app):
    sid = fill_application(resident, "property")

    saved(send(resident, sid, "property", {**PROPERTY, "houses": "０", "vehicles": "0"}))

    assert (answers(app, sid)["property"]["houses"], answers(app, sid)["property"]["vehicles"]) \
        == (0, 0)


def test_business_must_be_answered(resident):
    sid = fill_application(resident, "property")

    response = send(resident, sid, "property", {**PROPERTY, "business": ""})

    assert error(response, "business") == "请选择有或没有"


def test_business_needs_a_few_words_about_it(resident):
    sid = fill_application(resident, "property")

    response = send(resident, sid, "property", {**PROPERTY, "business": "yes"})

    assert response.status_code == 422
    assert error(response, "business_note") == "请简单写一下做什么生意"
    assert value(response, "deposits") == "3000"


def test_deposits_that_are_not_an_amount_are_refused(resident):
    sid = fill_application(resident, "property")

    response = send(resident, sid, "property", {**PROPERTY, "deposits": "三千"})

    assert error(response, "deposits") == "请填写数字金额，例如 1200"
    assert value(response, "deposits") == "三千"


# --- spending ----------------------------------------------------------------------------

def test_spending_that_is_not_an_amount_is_refused(resident):
    sid = fill_application(resident, "spending")

    response = send(resident, sid, "spending", {"medical": "abc", "education": "-5"})

    assert response.status_code == 422
    assert error(response, "medical") == "请填写数字金额，例如 1200"
    assert error(response, "education") == "金额不能是负数"


def test_blank_spending_is_saved_as_nothing_spent(resident, app):
    sid = fill_application(resident, "spending")

    saved(send(resident, sid, "spending", {"medical": "", "education": ""}))

    assert answers(app, sid)["spending"] == {"medical": 0, "education": 0}


# --- situation ---------------------------------------------------------------------------

def test_situation_needs_what_happened_and_some_help(resident):
    sid = fill_application(resident, "situation")

    response = send(resident, sid, "situation", {"what_happened": "  "})

    assert response.status_code == 422
    assert error(response, "what_happened") == "请简单说说家里遇到的困难"
    assert error(response, "help") == "请至少选一项"


def test_situation_longer_than_500_characters_is_refused_and_kept(resident):
    sid = fill_application(resident, "situation")
    story = "家" * 501

    response = send(resident, sid, "situation", {**SITUATION, "what_happened": story})

    assert error(response, "what_happened") == "最多填 500 个字，您填了 501 个字"
    assert value(response, "what_happened").strip() == story
    assert value(response, "help") == ["living", "medical"]


def test_unknown_kind_of_help_is_refused(resident):
    sid = fill_application(resident, "situation")

    response = send(resident, sid, "situation", {**SITUATION, "help": ["money"]})

    assert error(response, "help") == "请从列表里选"


def test_last_page_goes_to_check_your_answers(resident):
    sid = fill_application(resident, "situation")

    assert saved(send(resident, sid, "situation", SITUATION)) == f"/forms/{sid}/check"


# --- checking one field as soon as it is left --------------------------------------------

def test_inline_check_returns_only_that_field_with_its_message(resident):
    sid = fill_application(resident, "applicant")

    response = post(resident, step_url(sid, "applicant", validate="id_number"),
                    {"name": "", "id_number": "123", "phone": ""})

    soup = page(response)
    [field] = soup.find_all("div", class_="field")
    assert field["id"] == "field-id_number"
    assert field.select_one(".error").get_text() == "身份证号码应为18位，您填了3位"
    assert soup.find("html") is None and soup.find("form") is None
    assert "请填写申请人的姓名" not in response.get_data(as_text=True)


def test_inline_check_of_a_good_value_shows_no_message(resident):
    sid = fill_application(resident, "applicant")

    response = post(resident, step_url(sid, "applicant", validate="id_number"),
                    {"id_number": APPLICANT_ID})

    assert response.status_code == 200
    assert page(response).select_one("#field-id_number .error") is None


def test_inline_check_saves_nothing(resident, app):
    sid = fill_application(resident, "residence")
    before = answers(app, sid)

    post(resident, step_url(sid, "applicant", validate="name"), {**APPLICANT, "name": "李四"})

    assert answers(app, sid) == before
    assert value(resident.get(step_url(sid, "applicant")), "name") == "张三"


def test_inline_check_of_an_amount_on_the_income_page(resident):
    sid = fill_application(resident, "income")

    response = post(resident, f"/forms/{sid}/income/0?validate=work", {"has_work": "yes",
                                                                        "work": "-5"})

    assert page(response).select_one("#field-work .error").get_text() == "金额不能是负数"


def test_inline_check_of_an_unknown_field_is_a_bad_request(resident):
    sid = fill_application(resident, "applicant")

    response = post(resident, step_url(sid, "applicant", validate="password"), APPLICANT)

    assert response.status_code == 400


# --- check your answers ------------------------------------------------------------------

def rows(response) -> list[tuple[str, str]]:
    return [(r.select_one("dt").get_text(strip=True), r.select_one("dd").get_text(strip=True))
            for r in page(response).select(".summary .row")]


def test_check_page_lists_every_answer(resident):
    sid = fill_application(resident, "check")

    listed = rows(resident.get(f"/forms/{sid}/check"))

    # Issue 11 item 5: the owner sees their own ID number in full; answers are labelled.
    assert listed == [
        ("申请人姓名", "张三"), ("申请人身份证号码", APPLICANT_ID), ("联系电话", PHONE),
        ("县（市、区）", "清河县（演示）"), ("乡镇（街道）", "柳林乡"), ("村（社区）", "杨庄村"),
        ("详细住址", "3组12号"), ("户口在这个村吗？", "是"),
        ("您是否同意？", "同意"), ("您有没有残疾？", "没有残疾"), ("您有没有大病、慢性病？", "否"),
        ("您能不能干活？", "能正常干活"), ("您现在做什么？", "在家务农"),
        ("张三", f"身份证号码：{APPLICANT_ID}；有没有残疾：没有残疾；有没有大病、慢性病：否；"
                 "能不能干活：能正常干活；现在做什么：在家务农；有没有收入：有"),
        ("李四", "和申请人的关系：配偶；身份证号码：110***********0012；有没有残疾：肢体残疾，二级；"
                 "有没有大病、慢性病：否；能不能干活：只能干一些轻活；现在做什么：在家务农；"
                 "有没有收入：没有"),
        ("张三", "计入收入 11,000元/年。城乡居民基础养老金不算收入（国家规定“十四五”期间不计入低保"
                 "家庭收入）。"), ("李四", "没有收入"),
        ("全家人均月收入", "458.33元"),
        ("家里有几处房子？", "1"), ("有几辆汽车？", "0"), ("全家存款合计（元）", "3,000元"),
        ("家里有没有开店、办厂或公司？", "没有"),
        ("看病花了多少钱（元）", "8,000元"), ("孩子上学花了多少钱（元）", "0元"),
        ("家里遇到了什么困难？", SITUATION["what_happened"]),
        ("希望在哪些方面得到帮助？（可以选多项）", "日常生活、看病"),
    ]


def change_link(response, label: str) -> str:
    for row in page(response).select(".summary .row"):
        if row.select_one("dt").get_text(strip=True) == label:
            return row.select_one(".change a")["href"]
    raise AssertionError(f"no row {label}")


def test_change_link_opens_the_question_and_remembers_to_come_back(resident):
    sid = fill_application(resident, "check")

    link = change_link(resident.get(f"/forms/{sid}/check"), "详细住址")

    assert link == step_url(sid, "residence", **{"return": "check"}) + "#field-address"
    response = resident.get(link.split("#")[0])
    assert value(response, "address") == "3组12号"
    assert page(response).select_one("main form")["action"] == link.split("#")[0]


def test_every_change_link_on_check_comes_back_to_check(resident):
    sid = fill_application(resident, "check")

    links = [a["href"] for a in page(resident.get(f"/forms/{sid}/check")).select(".change a")]

    assert [link for link in links if "return=check" not in link] == []


def test_saving_a_changed_answer_goes_back_to_check(resident):
    sid = fill_application(resident, "check")
    link = change_link(resident.get(f"/forms/{sid}/check"), "详细住址").split("#")[0]

    location = saved(post(resident, link, {**RESIDENCE, "address": "5组3号"}))

    assert location == f"/forms/{sid}/check"
    assert ("详细住址", "5组3号") in rows(resident.get(location))


def test_changing_a_member_from_check_lists_the_change(resident):
    sid = fill_application(resident, "check")
    link = change_link(resident.get(f"/forms/{sid}/check"), "李四")
    assert link == f"/forms/{sid}/members/1?return=check"

    saved(post(resident, link, {**SPOUSE, "serious_illness": "yes", "illness_name": "尿毒症"}))

    listed = rows(resident.get(f"/forms/{sid}/check"))
    assert ("李四", "和申请人的关系：配偶；身份证号码：110***********0012；有没有残疾：肢体残疾，二级；"
                    "有没有大病、慢性病：是，尿毒症；能不能干活：只能干一些轻活；现在做什么：在家务农；"
                    "有没有收入：没有") in listed


def test_check_page_sends_to_an_unanswered_page_first(resident):
    sid = fill_application(resident, "situation")
    resident.get(f"/forms/{sid}/check")

    location = saved(post(resident, f"/forms/{sid}/check"))

    assert location == step_url(sid, "situation")
    assert "还有没填完的地方" in text(resident.get(location), ".notice")


def test_application_check_page_leads_to_the_notice_letter(resident):
    sid = fill_application(resident, "check")

    assert saved(post(resident, f"/forms/{sid}/check")) == f"/forms/{sid}/notice"
