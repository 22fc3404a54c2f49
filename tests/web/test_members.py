"""The household list: adding, changing and removing members; each member's income."""

from __future__ import annotations

import json

from .flows import (
    APPLICANT_ID,
    CHILD,
    SON,
    SPOUSE,
    error,
    fill_application,
    id_number,
    page,
    plain_income,
    post,
    saved,
    sql,
    step_url,
    summary,
    text,
    value,
    with_wrong_check,
)


def answers_of(app, sid) -> dict:
    return json.loads(sql(app, "SELECT answers FROM submissions WHERE id = ?", sid)[0][0])


def add(client, sid, member):
    """One person per page (issue 11 item 5): 「添加一位家人」 opens /members/new."""
    return post(client, f"/forms/{sid}/members/new", member)


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
    assert names(members_page(resident, sid)) == ["张三"]


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
    assert names(members_page(resident, sid)) == ["张三", "李四"]


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

    form = page(resident.get(f"/forms/{sid}/members/new")).select_one("form.add-member")

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
    """Issue 11 item 5: the applicant's own situation is asked with the consent, in the first
    steps; the old member page of the applicant leads there."""
    sid = fill_application(resident, "members")

    assert saved(resident.get(f"/forms/{sid}/members/0")) == step_url(sid, "consent")
    form = page(resident.get(step_url(sid, "consent"))).select_one("main form")
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
    assert value(resident.get(f"/forms/{sid}/income/1"), "work") == "30000"


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

    assert actions[0].select_one("button") is None
    remove = actions[1].select_one("button")["form"]
    assert page(members_page(resident, sid)).select_one(f"form#{remove}")["action"] \
        == f"/forms/{sid}/members/1/remove"


def test_continue_refuses_while_someone_is_not_asked_about_income(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))

    response = post(resident, step_url(sid, "members"), {"action": "continue", "income-0": "yes"})

    assert response.status_code == 422
    assert "请说一下每个人有没有收入" in summary(response)
    assert "李四有没有收入？" in summary(response)


def test_a_child_has_no_income_by_default(resident):
    """Issue 11 item 4: children and students are 没有 by default."""
    sid = fill_application(resident, "members")
    saved(add(resident, sid, CHILD))

    response = members_page(resident, sid)

    assert page(response).select_one("#income-1-no").has_attr("checked")
    assert not page(response).select_one("#income-0-no").has_attr("checked")


def test_continue_opens_only_the_income_page_of_a_member_with_income(resident):
    sid = fill_application(resident, "members")
    saved(add(resident, sid, SPOUSE))
    saved(add(resident, sid, CHILD))

    location = saved(post(resident, step_url(sid, "members"),
                          {"action": "continue", "income-0": "no", "income-1": "yes"}))

    assert location == f"/forms/{sid}/income/1"


def test_continue_with_no_income_at_all_skips_the_income_step(resident):
    sid = fill_application(resident, "members")

    location = saved(post(resident, step_url(sid, "members"),
                          {"action": "continue", "income-0": "no"}))

    assert location == step_url(sid, "property")


def test_continue_refuses_while_the_applicants_own_questions_are_unanswered(resident, app):
    sid = fill_application(resident, "members")
    # a draft saved before the applicant's questions moved to the consent page
    draft = answers_of(app, sid)
    draft["members"][0] = {k: draft["members"][0][k] for k in ("name", "id_number", "relation")}
    draft["consent"] = {"sensitive": "yes"}
    sql(app, "UPDATE submissions SET answers = ? WHERE id = ?", json.dumps(draft), sid)

    response = post(resident, step_url(sid, "members"), {"action": "continue", "income-0": "no"})

    assert response.status_code == 422
    assert "请补全张三的信息" in summary(response)


# --- income ------------------------------------------------------------------------------

def totals(response) -> dict[str, str]:
    box = page(response).select_one("dl.totals")
    return {dt.get_text(strip=True): dd.get_text(" ", strip=True)
            for dt, dd in zip(box.select("dt"), box.select("dd"), strict=True)}


def test_income_form_asks_by_plain_source_never_by_official_kind(resident):
    """Issue 11 item 4: plain questions by source, each with a yes/no first."""
    sid = fill_application(resident, "income")

    response = resident.get(f"/forms/{sid}/income/0")

    assert text(response, "h1") == "张三的收入"
    legends = [legend.get_text() for legend in page(response).select("main legend")]
    assert legends[:2] == ["种地、养殖有收入吗？", "打工、上班有工资吗？"]
    assert "亲戚、子女给钱吗？" in legends
    assert "工资性收入" not in text(response) and "转移净收入" not in text(response)


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
    sid = fill_application(resident, "income", incomes=({"wages": "1000"}, {"farming": "800"}))
    saved(post(resident, f"/forms/{sid}/income/0", plain_income({"wages": "1000"})))

    response = resident.get(step_url(sid, "income"))

    rows = page(response).select("ul.members li")
    assert "还没填" not in rows[0].get_text()
    assert "还没填" in rows[1].get_text()


def test_income_of_a_member_that_does_not_exist_is_not_found(resident):
    sid = fill_application(resident, "income")

    assert resident.get(f"/forms/{sid}/income/2").status_code == 404
