"""A reason written by staff can be long; the SMS carrying it takes at most two parts (issue 3:
"fits in one 70-character segment where possible, two at most") and the case keeps it whole."""

from __future__ import annotations

import pytest

from webapp.sms import outbox, templates
from webapp.store.engine import connect, migrate

SIGNATURE = "兜底服务"
LONG = "经入户调查和信息核对，家庭成员名下有两辆机动车且存款超过当地规定的标准，" * 8


def test_a_short_reason_is_left_as_written():
    params = {"reference": "K7M2Q9XD", "reason": "家庭人均收入超过低保标准"}
    assert templates.fit("refused", params, SIGNATURE) == params


@pytest.mark.parametrize("name", ["refused", "needs_correction", "assistance_stopped",
                                  "periodic_review"])
def test_a_long_reason_is_shortened_to_two_parts_and_says_so(name):
    spec = templates.get(name)
    params = {**templates.sample_params(spec),
              **{field: LONG for field in templates.FREE_TEXT if field in spec.fields}}
    fitted = templates.fit(name, params, SIGNATURE)
    body = templates.render(name, fitted, SIGNATURE)
    assert templates.segments(body) == 2  # as much of the reason as two parts hold
    shortened = [fitted[f] for f in templates.FREE_TEXT if f in spec.fields]
    assert all(text.endswith("…") and LONG.startswith(text[:-1]) for text in shortened)


def test_the_outbox_keeps_the_shortened_params_it_sends(tmp_path):
    migrate(str(tmp_path / "doudi.db"))
    db = connect(str(tmp_path / "doudi.db"))
    with db.atomic():
        outbox.enqueue(db, "13900001111", "refused", {"reference": "K7M2Q9XD", "reason": LONG},
                       signature=SIGNATURE)
    row = db.execute("SELECT body, params, segments FROM outbox").fetchone()
    assert row["segments"] == 2 and "…" in row["body"]
    assert "…" in row["params"]  # an Aliyun template gets the same shortened field
