"""Asking the applicant to correct named answers (webapp/domain/corrections.py): RULES.md "One
application, classified determination" — what to correct is told once, naming every step."""

import pytest

from webapp.domain.corrections import (
    NONE,
    Change,
    NoStepsNamed,
    compare,
    editable_steps,
    items_text,
    named_steps,
)

OFFERED = ("applicant", "residence", "consent", "members", "income", "property")


def test_named_steps_keep_the_forms_order_each_once():
    assert named_steps(["property", "members", "property"], OFFERED) == ("members", "property")


@pytest.mark.parametrize("chosen", [[], ["check"], ["", "sign"]])
def test_naming_no_step_of_the_form_is_refused_on_the_steps_field(chosen):
    with pytest.raises(NoStepsNamed) as refused:
        named_steps(chosen, OFFERED)

    assert refused.value.field == "steps"
    assert "至少勾选一项" in refused.value.message


def test_steps_not_in_the_form_are_ignored_beside_real_ones():
    assert named_steps(["income", "nope"], OFFERED) == ("income",)


def test_only_the_named_steps_are_editable():
    assert editable_steps(["property"], OFFERED) == {"property"}


def test_the_members_step_opens_their_incomes():
    assert editable_steps(["members"], OFFERED) == {"members", "income"}


def test_a_dependent_step_the_form_lacks_is_not_opened():
    assert editable_steps(["members"], ("declarant", "members")) == {"members"}


def test_the_sms_names_the_steps_by_title():
    assert items_text(["家庭成员", "收入"]) == "家庭成员、收入"


def test_compare_finds_changed_added_and_removed_answers():
    before = [("财产", [("存款", "3,000元"), ("汽车", "0")]), ("家庭成员", [("李四", "配偶")])]
    after = [("财产", [("存款", "5,000元"), ("汽车", "0")]), ("家庭成员", [("李思", "配偶")])]

    assert compare(before, after) == [
        Change("财产", "存款", "3,000元", "5,000元"),
        Change("家庭成员", "李思", NONE, "配偶"),
        Change("家庭成员", "李四", "配偶", NONE),
    ]


def test_compare_keeps_two_answers_with_the_same_label_apart():
    before = [("家庭成员", [("张伟", "儿子"), ("张伟", "孙子")])]
    after = [("家庭成员", [("张伟", "儿子"), ("张伟", "孙女")])]

    assert compare(before, after) == [Change("家庭成员", "张伟", "孙子", "孙女")]


def test_nothing_changed_is_no_change():
    same = [("财产", [("存款", "3,000元")])]

    assert compare(same, same) == []
