"""Every step of every procedure decides what the applicant hears: it names its SMS template
(webapp/texts/sms.toml) or says it sends none."""

from __future__ import annotations

import dataclasses

import pytest

from webapp.domain.case_machine import MACHINES, SILENT, Transition, _t
from webapp.sms import templates

STEPS = [(m.name, t) for m in MACHINES.values() for t in m.transitions]


@pytest.mark.parametrize(("machine", "step"), STEPS,
                         ids=[f"{name}:{t.state}:{t.action}" for name, t in STEPS])
def test_every_step_names_an_sms_template_that_exists_or_is_silent(machine, step):
    assert step.sms == SILENT or step.sms in templates.all_templates(), (
        f"{machine}: {step.action} from {step.state} names no known SMS template: {step.sms!r}")


def test_a_step_cannot_be_written_without_deciding_its_sms():
    with pytest.raises(TypeError):
        _t("a", "go", "b", (), "去")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Transition("a", "go", "b", frozenset(), "去")  # type: ignore[call-arg]
    sms = next(f for f in dataclasses.fields(Transition) if f.name == "sms")
    assert sms.default is dataclasses.MISSING and sms.default_factory is dataclasses.MISSING


def test_the_decisions_reach_the_applicant_where_the_rules_say():
    """A few rows checked by name: acceptance and the decision are told, the office's own
    working steps are not."""
    sms = {(name, t.state, t.action): t.sms for name, t in STEPS}
    assert sms["application", "submitted", "accept"] == "accepted"
    assert sms["application", "public_notice", "confirm"] == "confirmed"
    assert sms["application", "visit_booked", "record_investigation"] == SILENT
    assert sms["relapse_monitoring", "township_reviewed", "approve_at_county"] == "relapse_included"
    assert sms["relapse_monitoring", "announced", "file_record"] == SILENT
