"""The household list: adding, changing and removing members; each member's income."""

from __future__ import annotations

from .flows import (
    APPLICANT_HEALTH,
    APPLICANT_ID,
    CHILD,
    SON,
    SPOUSE,
    error,
    fill_application,
    id_number,
    member_data,
    page,
    post,
    saved,
    step_url,
    summary,
    text,
    value,
    with_wrong_check,
)


def add(client, sid, member):
    return post(client, step_url(sid, "members"), member_data(member))


def names(response) -> list[str]:
    return [n.get_text() for n in page(response).select("#members .member-name")]


def members_page(client, sid):
    return client.get(step_url(sid, "members"))


# --- adding ------------------------------------------------------------------------------

def test_applicant_is_already_the_first_member(resident):
    sid = fill_application(resident, "members")

    response = members_page(resident, sid)

    assert names(response) == ["张三"]
    assert "本人" in text(response, "#members .member-relation")


def test_added_member_is_listed_with_the_relation(resident):
    sid = fill_application(resident, "members")

    location = saved(add(resident, sid, SPOUSE))

    response = resident.get(location)
    assert names(response) == ["张三", "李四"]
    assert "已登记 2 人" in text(response, "#members h2")
    assert [r.get_text() for r in page(response).select(".member-relation")] == ["本人", "配偶"]


def test_empty_member_form_asks_every_question(resident):
    sid = fill_application(resident, "members")

    response = add(resident, sid, {})

    assert response.status_code == 422
    assert error(response, "name") == "请填写这位家庭成员的姓名"
    assert error(response, "relation") == "请选择和申请人的关系"
    assert error(response, "id_number") == "请填写这位家庭成员的身份证号码"
    assert error(response, "serious_illness") == "请选择有没有大病、慢性病"
    assert error(response, "labor_ability") == "请选择能不能干活"
    assert error(response, "work") == "请选择现在做什么"
    assert names(response) == ["张三"]


def test_refused_member_keeps_what_was_typed(resident):
    sid = fill_application(resident, "members")

    response = add(resident, sid, {**SPOUSE, "disability_grade": ""})

    assert value(response, "name", "form.add-member") == "李四"
    assert value(response, "id_number", "form.add-member") == SPOUSE["id_number"]
    assert value(response, "relation", "form.add-member") == "spouse"
    assert value(response, "labor_ability", "form.add-member") == "partial"
    assert value(response, "disability_kind", "form.add-member") == "physical"


def test_member_with_the_applicants_id_is_refused_as_a_duplicate(resident):
    sid = fill_application(resident, "members")

    response = add(resident, sid, {**SPOUSE, "id_number": APPLICANT_ID.lower()})

    assert response.status_code == 422
    assert error(response, "id_number") == "这个身份证号码已经填过了，同一个人不用填两次"


def test_same_member_added_twice_is_refused(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    response = add(resident, sid, SPOUSE)

    assert error(response, "id_number") == "这个身份证号码已经填过了，同一个人不用填两次"
    assert names(response) == ["张三", "李四"]


def test_member_with_a_wrong_check_digit_is_refused(resident):
    sid = fill_application(resident, "members")

    response = add(resident, sid, {**SPOUSE, "id_number": with_wrong_check(SPOUSE["id_number"])})

    assert error(response, "id_number") == "身份证号码最后一位不对，请对照身份证再核对一遍"


def test_disability_without_a_grade_asks_for_the_grade(resident):
    sid = fill_application(resident, "members")

    response = add(resident, sid, {**SPOUSE, "disability_grade": ""})

    assert response.status_code == 422
    assert error(response, "disability_grade") == "有残疾的，请选择残疾等级"


def test_serious_illness_needs_the_name_of_the_illness(resident):
    sid = fill_application(resident, "members")

    response = add(resident, sid, {**SPOUSE, "serious_illness": "yes", "illness_name": ""})

    assert error(response, "illness_name") == "请写一下是什么病"


def test_child_under_14_is_refused_without_the_separate_consent(resident):
    sid = fill_application(resident, "members", consent={"sensitive": "no"})

    response = add(resident, sid, CHILD)

    assert response.status_code == 422
    assert error(response, "id_number") == (
        "填写不满14岁孩子的信息需要您先同意敏感信息的收集（见“敏感信息单独同意”那一步）")


def test_child_under_14_is_accepted_with_the_separate_consent(resident):
    sid = fill_application(resident, "members")

    assert add(resident, sid, CHILD).status_code == 302


def test_fourteen_year_old_needs_no_separate_consent(resident):
    from .flows import years_ago

    sid = fill_application(resident, "members", consent={"sensitive": "no"})
    teenager = {**CHILD, "id_number": id_number(years_ago(14), sequence="024")}

    assert add(resident, sid, teenager).status_code == 302


def test_without_consent_health_and_disability_are_not_asked(resident):
    sid = fill_application(resident, "members", consent={"sensitive": "no"})

    form = page(members_page(resident, sid)).select_one("form.add-member")

    assert form.select_one('[name="disability_kind"]') is None
    assert form.select_one('[name="serious_illness"]') is None
    assert form.select_one('[name="labor_ability"]') is not None


def test_mistyped_member_id_without_consent_gets_a_message(resident):
    sid = fill_application(resident, "members", consent={"sensitive": "no"})

    response = add(resident, sid, {**SON, "id_number": with_wrong_check(SON["id_number"])})

    assert response.status_code == 422
    assert error(response, "id_number") == "身份证号码最后一位不对，请对照身份证再核对一遍"


# --- changing and removing ---------------------------------------------------------------

def test_member_page_shows_the_saved_answers(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    response = resident.get(f"/forms/{sid}/members/1")

    assert value(response, "name") == "李四"
    assert value(response, "disability_grade") == "2"
    assert value(response, "work") == "farming"


def test_changed_member_is_saved(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    location = saved(post(resident, f"/forms/{sid}/members/1", {**SPOUSE, "name": "李四妹",
                                                                 "work": "unemployed"}))

    assert location == step_url(sid, "members") + "#members"
    assert names(resident.get(location)) == ["张三", "李四妹"]
    assert value(resident.get(f"/forms/{sid}/members/1"), "work") == "unemployed"


def test_member_keeping_their_own_id_is_not_a_duplicate(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    assert post(resident, f"/forms/{sid}/members/1", SPOUSE).status_code == 302


def test_member_changed_to_another_members_id_is_refused(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))
    saved(add(resident, sid, SON))

    response = post(resident, f"/forms/{sid}/members/2", {**SON, "id_number": SPOUSE["id_number"]})

    assert error(response, "id_number") == "这个身份证号码已经填过了，同一个人不用填两次"


def test_applicant_page_asks_only_the_health_and_work_questions(resident):
    sid = fill_application(resident, "members")

    response = resident.get(f"/forms/{sid}/members/0")

    form = page(response).select_one("main form")
    assert form.select_one('[name="name"]') is None
    assert form.select_one('[name="id_number"]') is None
    assert form.select_one('[name="labor_ability"]') is not None


def test_removed_member_leaves_the_list(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))
    saved(add(resident, sid, SON))

    location = saved(post(resident, f"/forms/{sid}/members/1/remove"))

    assert names(resident.get(location)) == ["张三", "张小明"]


def test_removing_a_middle_member_moves_later_income_up(resident):
    incomes = ({"wages": "12000"}, {"farming": "800"}, {"wages": "30000"})
    sid = fill_application(resident, "property", members=(SPOUSE, SON), incomes=incomes)

    saved(post(resident, f"/forms/{sid}/members/1/remove"))

    response = resident.get(step_url(sid, "income"))
    lines = [li.get_text(" ", strip=True) for li in page(response).select("ul.members li")]
    assert lines[0].startswith("张三 计入收入 12,000 元/年")
    assert lines[1].startswith("张小明 计入收入 30,000 元/年")
    assert len(lines) == 2
    assert value(resident.get(f"/forms/{sid}/income/1"), "wages") == "30000"


def test_applicant_cannot_be_removed(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    response = post(resident, f"/forms/{sid}/members/0/remove")

    assert response.status_code == 400
    assert names(members_page(resident, sid)) == ["张三", "李四"]


def test_applicant_has_no_remove_button(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    actions = page(members_page(resident, sid)).select("#members .member-actions")

    assert actions[0].select_one("form") is None
    assert actions[1].select_one("form")["action"] == f"/forms/{sid}/members/1/remove"


def test_continue_refuses_while_the_applicants_health_questions_are_unanswered(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    response = post(resident, step_url(sid, "members"), {"action": "continue"})

    assert response.status_code == 422
    assert "还有家庭成员的信息没填完" in summary(response)
    assert "请补全张三的信息" in summary(response)
    assert page(response).select_one(".error-summary a")["href"] == f"/forms/{sid}/members/0"


def test_continue_goes_on_to_income_once_the_applicant_has_answered(resident):
    sid = fill_application(resident, "members")
    saved(post(resident, f"/forms/{sid}/members/0", APPLICANT_HEALTH))

    location = saved(post(resident, step_url(sid, "members"), {"action": "continue"}))

    assert location == step_url(sid, "income")


# --- income ------------------------------------------------------------------------------

def totals(response) -> dict[str, str]:
    box = page(response).select_one("dl.totals")
    return {dt.get_text(strip=True): dd.get_text(" ", strip=True)
            for dt, dd in zip(box.select("dt"), box.select("dd"), strict=True)}


def test_income_form_shows_the_kinds_that_are_not_counted(resident):
    sid = fill_application(resident, "income")

    response = resident.get(f"/forms/{sid}/income/1")

    assert text(response, "h1") == "李四的收入"
    not_counted = page(response).select("fieldset")[1]
    assert "下面这些钱不算收入" in not_counted.get_text()
    labels = [label.get_text() for label in not_counted.select("label")]
    assert labels == ["残疾人两项补贴", "高龄津贴", "抚恤金（优抚对象）", "计划生育奖励扶助金",
                      "见义勇为、教育等奖励", "城乡居民基础养老金"]


def test_household_income_deducts_employment_costs_and_leaves_out_excluded_kinds(resident):
    incomes = ({"wages": "12000", "employment_costs": "1000", "x_basic_pension": "1500"},
               {"x_disability_subsidy": "2400"})
    sid = fill_application(resident, "property", incomes=incomes)

    response = resident.get(step_url(sid, "income"))

    assert totals(response) == {"全家计入的年收入": "11,000 元", "不计入的补贴等": "3,900 元",
                                "人均月收入": "458.33 元"}


def test_each_member_shows_only_counted_income(resident):
    incomes = ({"wages": "12000", "employment_costs": "1000", "x_basic_pension": "1500"},
               {"x_disability_subsidy": "2400"})
    sid = fill_application(resident, "property", incomes=incomes)

    response = resident.get(step_url(sid, "income"))

    lines = [li.get_text(" ", strip=True) for li in page(response).select("ul.members li")]
    assert lines[0].startswith("张三 计入收入 11,000 元/年")
    assert lines[1].startswith("李四 计入收入 0 元/年")


def test_excluded_income_alone_leaves_per_capita_income_at_zero(resident):
    incomes = ({"x_old_age_allowance": "3600", "x_award": "500"}, {"x_survivor_pension": "9000"})
    sid = fill_application(resident, "property", incomes=incomes)

    shown = totals(resident.get(step_url(sid, "income")))

    assert shown["全家计入的年收入"] == "0 元"
    assert shown["人均月收入"] == "0 元"


def test_member_not_yet_filled_in_is_marked(resident):
    sid = fill_application(resident, "income")
    saved(post(resident, f"/forms/{sid}/income/0", {"wages": "1000"}))

    response = resident.get(step_url(sid, "income"))

    rows = page(response).select("ul.members li")
    assert "还没填" not in rows[0].get_text()
    assert "还没填" in rows[1].get_text()


def test_income_of_a_member_that_does_not_exist_is_not_found(resident):
    sid = fill_application(resident, "income")

    assert resident.get(f"/forms/{sid}/income/2").status_code == 404
