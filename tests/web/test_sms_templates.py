"""SMS templates (webapp/texts/sms.toml): every one renders, has no link, fits two parts."""

from __future__ import annotations

import json
import re

import pytest

from webapp.services.submissions import FORM_NAMES
from webapp.sms import templates

from .flows import page, sql, submit_application

# The longest value each field takes in real use.
REALISTIC = {
    "code": "048213",
    "form_name": max(FORM_NAMES.values(), key=len),
    "reference": "TJ4N3883",
    "service": "兜底服务",
    "date": "12月31日",
    "start": "12月24日",
    "end": "12月31日",
    "deadline": "12月31日",
    "month": "12月",
    "amount": "1260.50",
    "category": "支出型困难家庭",
    "state": "已提交，等待乡镇受理",
    "items": "家庭成员、收入、财产",
    "reason": "家庭人均收入超过当地低保标准",
    "result": "停发，进入渐退期",
    "method": "实物（如食品、衣被）",
    "total": "11340",
}
SIGNATURE = "兜底服务"
NAMES = sorted(templates.all_templates())
URL = re.compile(r"https?:|://|www\.|\.(cn|com|net|org|gov)\b", re.IGNORECASE)


def params_for(template) -> dict:
    return {field: REALISTIC[field] for field in template.fields}


def test_there_are_templates_to_check():
    assert {"sign_in_code", "submission_received"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_field_a_template_names_has_a_realistic_value_here(name):
    assert templates.get(name).fields <= REALISTIC.keys()


@pytest.mark.parametrize("name", NAMES)
def test_template_renders_with_exactly_its_named_fields(name):
    template = templates.get(name)

    body = templates.render(name, params_for(template), SIGNATURE)

    assert body.startswith(f"【{SIGNATURE}】")
    assert "{" not in body and "}" not in body
    assert all(REALISTIC[field] in body for field in template.fields)


@pytest.mark.parametrize("name", NAMES)
def test_template_refuses_to_render_with_a_field_missing(name):
    template = templates.get(name)
    for missing in template.fields:
        params = {f: v for f, v in params_for(template).items() if f != missing}
        with pytest.raises(KeyError, match=missing):
            templates.render(name, params, SIGNATURE)


@pytest.mark.parametrize("name", NAMES)
def test_template_has_no_link(name):
    body = templates.render(name, params_for(templates.get(name)), SIGNATURE)

    assert not URL.search(body)


@pytest.mark.parametrize("name", NAMES)
def test_template_fits_in_two_parts_with_realistic_values(name):
    body = templates.render(name, params_for(templates.get(name)), SIGNATURE)

    assert templates.segments(body) <= 2


def test_sign_in_code_fits_in_one_part():
    body = templates.render("sign_in_code", {"code": "048213"}, SIGNATURE)

    assert templates.segments(body) == 1


@pytest.mark.parametrize(("length", "parts"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3),
                                               (201, 3), (202, 4)])
def test_chinese_text_takes_70_characters_or_67_per_part(length, parts):
    assert templates.segments("救" * length) == parts


@pytest.mark.parametrize(("length", "parts"), [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3)])
def test_plain_latin_text_takes_160_characters_or_153_per_part(length, parts):
    assert templates.segments("a" * length) == parts


def test_one_chinese_character_makes_the_whole_text_unicode():
    assert templates.segments("a" * 70 + "救") == 2


def test_messages_the_app_sends_carry_exactly_the_fields_of_their_template(resident, app):
    submit_application(resident)

    rows = sql(app, "SELECT template, params, body, segments FROM outbox ORDER BY id")

    assert [r["template"] for r in rows] == ["sign_in_code", "submission_received"]
    for row in rows:
        assert set(json.loads(row["params"])) == templates.get(row["template"]).fields
        assert row["segments"] == templates.segments(row["body"]) <= 2


def test_dev_sms_page_shows_how_many_parts_a_message_takes(client, app):
    from .flows import post

    post(client, "/signin", {"phone": "13800138000"})

    meta = page(client.get("/dev/sms")).select_one(".sms-meta").get_text()

    assert "1 条" in meta
