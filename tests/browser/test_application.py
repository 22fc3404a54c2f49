"""The aid application filled in end to end on a phone, with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from .browsing import apply_for_aid, read_sms

pytestmark = pytest.mark.browser


def test_resident_applies_for_aid(page):
    phone, reference = apply_for_aid(page)

    # The same reference comes by SMS, sent by the worker.
    sms = read_sms(page.context, phone, rf"编号{reference}", sent=True)
    assert "社会救助申请" in sms.string

    # Submitted is final: the status page offers nothing more to fill in.
    expect(page.get_by_role("link", name="接着填写")).to_have_count(0)
