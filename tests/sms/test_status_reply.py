"""查询/CX names the state of the case of the sender's latest submission, not the form's status,
and where it fits in one SMS part the one date that comes next: the visit, the notice's last
day, the running deadline, the phase-out's end, or the monthly amount."""

from __future__ import annotations

import pytest

from tests.staff.factory import create_case
from webapp.services.cases import month_day
from webapp.sms import inbound, templates
from webapp.store.engine import connect

PHONE = "13300133000"
RENDER_FIELDS = {"form_name": "临时救助申请", "reference": "TJ4N3883", "state": "已先行救助，待补充说明",
                 "date": "2027年12月31日", "amount": "1260.50", "service": "兜底服务"}


def ask(app, reference: str = "SMq") -> dict:
    db = connect(app.config["DATABASE"])
    try:
        assert inbound.handle(db, provider="twilio", provider_reference=reference, phone=PHONE,
                              body="查询", config=app.config) == "status_query"
        return dict(db.execute("SELECT * FROM outbox WHERE phone = ? AND kind = 'reply' "
                               "ORDER BY id DESC LIMIT 1", [PHONE]).fetchone())
    finally:
        db.close()


def case(db, state: str, **columns) -> str:
    create_case(db, state=state, resident=True, phone=PHONE, reference="TJ4N3883", **columns)
    return "TJ4N3883"


def test_a_submitted_application_is_answered_with_its_cases_state(app, db):
    case(db, "submitted")
    reply = ask(app)
    assert reply["template"] == "status_reply"
    assert "社会救助申请（编号TJ4N3883）：已提交，待受理。" in reply["body"]
    assert "等待乡镇受理" not in reply["body"]


@pytest.mark.parametrize("state, columns, template, words", [
    ("accepted", {"due_on": "2026-12-31"}, "status_deadline", "已受理，{d}前办完。"),
    ("visit_booked", {"visit_on": "2026-12-20", "due_on": "2026-12-31"}, "status_visit",
     "已预约入户调查，{d}上门了解情况。"),
    ("public_notice", {"notice_start": "2026-12-01", "notice_end": "2026-12-07", "due_on": "2026-12-31"},
     "status_notice", "公示中，到{d}结束。"),
    ("phasing_out", {"phase_out_until": "2027-03-01", "due_on": "2026-01-10"}, "status_phase_out",
     "渐退期，救助发放到{d}。"),
])
def test_the_reply_names_the_next_date(app, db, state, columns, template, words):
    case(db, state, **columns)
    day = {"status_deadline": "due_on", "status_visit": "visit_on", "status_notice": "notice_end",
           "status_phase_out": "phase_out_until"}[template]
    reply = ask(app)
    assert reply["template"] == template
    assert words.format(d=month_day(columns[day])) in reply["body"]
    assert templates.segments(reply["body"]) == 1


def test_a_household_receiving_assistance_hears_its_monthly_amount(app, db):
    case(db, "published", due_on="2026-01-10", monthly_amount_fen=42_000)
    reply = ask(app)
    assert reply["template"] == "status_amount"
    assert "已公布，每月420元。" in reply["body"]


def test_a_correction_asked_for_says_to_sign_in_and_resubmit(app, db):
    case(db, "correction_requested", due_on="2026-12-31")
    reply = ask(app)
    assert reply["template"] == "status_correction"
    assert f"待申请人补正，请登录{app.config['SERVICE_NAME']}修改后重新提交。" in reply["body"]


@pytest.mark.parametrize("state", ["refused", "ended", "not_accepted"])
def test_a_finished_case_is_answered_with_its_state_and_no_deadline(app, db, state):
    case(db, state, due_on="2026-12-31")
    reply = ask(app)
    assert reply["template"] == "status_reply"
    assert "前办完" not in reply["body"] and "12月31日" not in reply["body"]


def test_a_self_declaration_counts_its_own_steps(app, db):
    case(db, "declared", due_on="2026-12-15")
    reply = ask(app)
    assert "自主申报（编号TJ4N3883）：农户已申报，" in reply["body"]
    assert "受理" not in reply["body"]


@pytest.mark.parametrize("name", ["status_visit", "status_notice", "status_deadline",
                                  "status_phase_out", "status_amount", "status_correction"])
def test_each_status_reply_fits_one_part_with_the_longest_values(name):
    fields = {k: RENDER_FIELDS[k] for k in templates.get(name).fields}
    assert templates.segments(templates.render(name, fields, "兜底服务")) == 1
