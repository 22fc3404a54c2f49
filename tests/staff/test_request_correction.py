"""The township reviewer asks the applicant to correct named steps (补正, issue 4): at least one
step, ticked from the form's own steps, with an explanation; the request is kept with who asked
and when, and the SMS names the steps in words, with no link.

RULES.md "One application, classified determination": everything the applicant must supply is
told once, in writing (一次性告知), so one request names every step to correct."""

from __future__ import annotations

import json

import pytest
from conftest import page

from tests.staff.conftest import field_error
from tests.staff.test_case_page import signed_in, step
from tests.web.flows import LIULIN, sql, submit_application
from webapp.flows import get_flow
from webapp.sms import templates

EXPLANATION = "打工收入和村里了解的不一样，请核对"


@pytest.fixture
def case_id(resident, app):
    submit_application(resident)
    return sql(app, "SELECT id FROM cases")[0][0]


@pytest.fixture
def township(app, db, case_id):
    """The 柳林乡 reviewer, with the application accepted."""
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)
    assert step(client, case_id, "accept").status_code == 302
    return client


def state(app) -> str:
    return sql(app, "SELECT state FROM cases")[0][0]


def test_the_form_offers_every_step_of_the_form_by_its_chinese_title(township, case_id):
    form = page(township.get(f"/staff/cases/{case_id}")).select_one(
        'form[action$="/request_correction"]')

    boxes = form.select('input[type=checkbox][name="steps"]')
    offered = [(box["value"], form.select_one(f'label[for="{box["id"]}"]').get_text())
               for box in boxes]
    assert offered == [(s.id, s.title) for s in get_flow("application").steps]
    assert form.select_one("textarea[name=reason]") is not None


def test_no_step_named_is_refused_next_to_the_boxes_and_keeps_the_explanation(township, app,
                                                                             case_id):
    response = step(township, case_id, "request_correction", reason=EXPLANATION)

    assert response.status_code == 422
    assert field_error(response, "steps") == "请至少勾选一项需要申请人补正的内容"
    assert page(response).select_one("#reason-request_correction").get_text() == EXPLANATION
    assert page(response).select_one('.error-summary a[href="#steps"]')
    assert state(app) == "accepted"
    assert sql(app, "SELECT COUNT(*) FROM outbox WHERE template = 'needs_correction'")[0][0] == 0
    assert sql(app, "SELECT COUNT(*) FROM correction_requests")[0][0] == 0


def test_steps_that_are_not_the_forms_count_as_none(township, app, case_id):
    response = step(township, case_id, "request_correction", reason=EXPLANATION,
                    steps=["check", "sign"])

    assert response.status_code == 422
    assert state(app) == "accepted"


def test_no_explanation_is_refused_next_to_it_and_keeps_the_ticks(township, app, case_id):
    response = step(township, case_id, "request_correction", steps=["income", "property"])

    assert response.status_code == 422
    assert "需要写明理由" in page(response).select_one(
        "#field-reason-request_correction .error").get_text()
    ticked = [box["value"] for box in page(response).select('input[name="steps"][checked]')]
    assert ticked == ["income", "property"]
    assert state(app) == "accepted"


def test_the_request_is_kept_with_its_steps_explanation_who_and_when(township, app, case_id):
    response = step(township, case_id, "request_correction", reason=EXPLANATION,
                    steps=["property", "income"])

    assert response.status_code == 302
    assert state(app) == "correction_requested"
    row = sql(app, "SELECT * FROM correction_requests")[0]
    assert json.loads(row["steps"]) == ["income", "property"]  # in the form's order
    assert row["explanation"] == EXPLANATION
    assert row["requested_by"].startswith("staff:") and row["requested_at"]
    event = sql(app, "SELECT action, reason FROM case_events WHERE id = ?", row["event_id"])[0]
    assert tuple(event) == ("request_correction", EXPLANATION)


def test_the_sms_names_the_steps_in_words_in_one_part_with_no_link(township, app, case_id):
    step(township, case_id, "request_correction", reason=EXPLANATION, steps=["members", "income"])

    body, segments = sql(app, "SELECT body, segments FROM outbox "
                              "WHERE template = 'needs_correction'")[0]
    assert "需要补正：家里一起生活的人、收入。" in body  # the steps by their titles
    assert EXPLANATION not in body  # the explanation is read after signing in
    assert not templates.has_url(body)
    assert segments == 1


def test_the_sms_naming_every_step_still_fits_two_parts(township, app, case_id):
    every = [s.id for s in get_flow("application").steps]

    step(township, case_id, "request_correction", reason=EXPLANATION, steps=every)

    body, segments = sql(app, "SELECT body, segments FROM outbox "
                              "WHERE template = 'needs_correction'")[0]
    assert all(s.title in body for s in get_flow("application").steps)
    assert segments == 2


def test_the_case_record_names_the_steps_asked_for(township, case_id):
    step(township, case_id, "request_correction", reason=EXPLANATION, steps=["income"])

    events = page(township.get(f"/staff/cases/{case_id}")).select(".staff-cases")[-1].get_text()

    assert "请申请人补正" in events and EXPLANATION in events and "需要补正：收入" in events


def test_only_the_township_reviewer_asks(app, db, township, case_id):
    county = signed_in(app, db, "county", "county_confirmer", "999901000000")

    response = step(county, case_id, "request_correction", reason=EXPLANATION, steps=["income"])

    assert response.status_code == 422
    assert state(app) == "accepted"


def test_no_correction_before_the_application_is_accepted(app, db, case_id):
    client = signed_in(app, db, "liulin", "township_reviewer", LIULIN)

    response = step(client, case_id, "request_correction", reason=EXPLANATION, steps=["income"])

    assert response.status_code == 422
    assert state(app) == "submitted"
    assert sql(app, "SELECT COUNT(*) FROM correction_requests")[0][0] == 0
