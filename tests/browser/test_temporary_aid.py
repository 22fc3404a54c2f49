"""Temporary aid in Chromium on a 360×740 phone, JavaScript on and off: a migrant worker whose
hukou is in another province asks for it in a village of the demo county with a photo of the
fire report; the township gives a first amount, then the regular approval; an amount over the
township's limit cannot be approved there and goes to the county."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests import photo_files
from webapp.store.engine import connect

from .browsing import MIGRANT, apply_for_temporary_aid, read_sms

pytestmark = pytest.mark.browser

VILLAGE = "999901102202"  # 杨庄村


def case_of(live_server, reference: str) -> dict:
    db = connect(live_server.app.config["DATABASE"])
    try:
        row = db.execute("SELECT c.*, s.id AS sid FROM cases c JOIN submissions s "
                         "ON s.id = c.submission_id WHERE s.reference = ?", [reference]).fetchone()
        return dict(row)
    finally:
        db.close()


def photos_of(live_server, submission_id: int) -> list[bytes]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return [r[0] for r in db.execute("SELECT image FROM submission_photos WHERE submission_id = ?",
                                         [submission_id])]
    finally:
        db.close()


def test_a_migrant_from_another_province_asks_for_temporary_aid_with_a_photo(page, live_server):
    phone, reference = apply_for_temporary_aid(page, photo=photo_files.phone_jpeg())

    case = case_of(live_server, reference)
    assert (case["machine"], case["state"], case["village_code"]) == ("temporary_aid", "submitted",
                                                                     VILLAGE)
    assert case["applicant_name"] == MIGRANT["name"]
    [photo] = photos_of(live_server, case["sid"])
    assert not Image.open(io.BytesIO(photo)).getexif()
    assert "临时救助申请已提交" in read_sms(page.context, phone, rf"编号{reference}").string
