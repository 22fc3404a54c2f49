"""Issue 11, item 8: each form's start page tells how long the form takes and what to have at
hand, both computed from the flow definition (webapp/flows/estimate.py), so the figure follows
the form when questions are added or removed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from wtforms import StringField, TextAreaField

from tests.web.flows import text
from webapp.flows import FLOWS, get_flow
from webapp.flows import estimate as estimates
from webapp.flows.base import Step
from webapp.flows.fields import IdNumberField, Required, StepForm, YuanField


class MoreQuestions(StepForm):
    where = StringField("在哪里", [Required("请填写")])
    why = TextAreaField("为什么", [Required("请填写")])
    who = IdNumberField("谁", [Required("请填写")])


class OneAmount(StepForm):
    rent = YuanField("每个月房租多少钱（元）")


def with_step(flow, step: Step):
    return replace(flow, steps=flow.steps + (step,))


@pytest.mark.parametrize("form", sorted(FLOWS))
def test_each_start_page_shows_the_estimate_of_its_own_flow(client, form):
    estimate = estimates.estimate(get_flow(form))

    shown = text(client.get(f"/start/{form}"), ".time-estimate")

    assert f"大约 {estimate.low} 到 {estimate.high} 分钟" in shown
    assert f"多 {estimate.member_low} 到 {estimate.member_high} 分钟" in shown


def test_the_application_start_page_no_longer_promises_a_fixed_quarter_of_an_hour(client):
    assert "大约需要 15 分钟" not in text(client.get("/start/application"))


def test_two_flows_of_different_length_get_different_estimates():
    short = estimates.estimate(get_flow("self_declaration"))
    long = estimates.estimate(get_flow("application"))

    assert short.high < long.low


def test_adding_questions_to_a_form_makes_its_estimate_longer():
    flow = get_flow("self_declaration")
    longer = with_step(flow, Step("more", "再问几句", MoreQuestions))

    before, after = estimates.estimate(flow), estimates.estimate(longer)

    assert after.low > before.low and after.high > before.high
    assert len(estimates.shape(longer).pages) == len(estimates.shape(flow).pages) + 1


def test_removing_a_page_makes_the_estimate_shorter():
    flow = get_flow("application")
    shorter = replace(flow, steps=tuple(s for s in flow.steps if s.id != "property"))

    assert estimates.estimate(shorter).high < estimates.estimate(flow).high


def test_a_page_shown_only_on_some_answers_counts_in_the_high_estimate_only():
    flow = get_flow("self_declaration")
    sometimes = with_step(flow, Step("more", "再问几句", MoreQuestions,
                                     condition=lambda answers: False))

    assert estimates.estimate(sometimes).low == estimates.estimate(flow).low
    assert estimates.estimate(sometimes).high > estimates.estimate(flow).high


def test_a_longer_member_form_adds_more_time_per_member():
    flow = get_flow("application")
    richer = replace(flow, member_form=type("Member", (flow.member_form, MoreQuestions), {}))

    assert estimates.estimate(richer).member_low > estimates.estimate(flow).member_low


def test_fields_are_read_with_their_kind_and_whether_they_must_be_answered():
    fields = {f.name: f for f in estimates.form_fields(MoreQuestions)}

    assert {n: (f.kind, f.required) for n, f in fields.items()} == {
        "where": ("text", True), "why": ("long_text", True), "who": ("id_number", True)}
    assert estimates.form_fields(OneAmount)[0].required is False


def test_the_application_asks_to_have_every_members_id_at_hand(client):
    things = " ".join(estimates.at_hand(get_flow("application"), 5))

    assert "全家人的身份证或户口簿" in things
    assert "收入" in things
    assert "存折" not in things and "银行卡" not in things  # no form asks for a bank account


def test_temporary_aid_says_the_id_card_is_not_needed():
    things = " ".join(estimates.at_hand(get_flow("temporary_aid"), 5))

    assert "手头没有也能填" in things
    assert "全家人" not in things


def test_what_to_have_at_hand_follows_the_questions_asked():
    flow = get_flow("self_declaration")
    no_amounts = replace(flow, steps=(flow.step("declarant"),))  # no amount asked
    rent = with_step(no_amounts, Step("rent", "房租", OneAmount))

    assert not any("大概的数" in t for t in estimates.at_hand(no_amounts, 5))
    assert any("每个月房租多少钱" in t and "（元）" not in t for t in estimates.at_hand(rent, 5))
    assert not any("拍照" in t for t in estimates.at_hand(flow, 0))


def test_the_start_page_lists_what_to_have_at_hand(client):
    shown = text(client.get("/start/self_declaration"), ".at-hand")

    assert "本人的身份证" in shown
    assert "能收短信的手机" in shown
