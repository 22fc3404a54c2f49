"""Staff steps taken straight through the case service (not the pages), for tests that need a
case further along the procedure than a factory row: a township reviewer by default, the county
confirmer where the step is theirs."""

from __future__ import annotations

from web.flows import sql

from webapp.domain.case_machine import COUNTY_CONFIRMER, TOWNSHIP_REVIEWER
from webapp.services import cases
from webapp.store.engine import connect

SERVICE = "兜底服务"
TO_NOTICE = ("record_investigation", "record_records_check", "give_preliminary_opinion",
             "start_public_notice")


def act(app, case_id: int, action: str, **kwargs):
    """Take `action` on the case as the 柳林乡 reviewer (or as `role`)."""
    staff = {"role": TOWNSHIP_REVIEWER, "actor": "staff:1", "signature": SERVICE,
             "service": SERVICE}
    db = connect(app.config["DATABASE"])
    try:
        return cases.act(db, case_id, action, **(staff | kwargs))
    finally:
        db.close()


def take_to_confirmation(app, case_id: int) -> int:
    """Accept, visit today, investigate, give the opinion, put it on notice, let the notice's
    7 days pass (moved into the past) and confirm it at the county."""
    act(app, case_id, "accept")
    act(app, case_id, "book_visit", day=cases.today())
    for action in TO_NOTICE:
        act(app, case_id, action)
    sql(app, "UPDATE cases SET notice_start = '2026-01-01', notice_end = '2026-01-07' "
             "WHERE id = ?", case_id)
    act(app, case_id, "confirm", role=COUNTY_CONFIRMER)
    return case_id
