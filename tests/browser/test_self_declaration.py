"""The self-declaration filled in end to end on a phone, with JavaScript on and off."""

import pytest

from .browsing import declare, read_sms

pytestmark = pytest.mark.browser


def test_resident_declares_a_risk(page):
    phone, reference = declare(page)

    sms = read_sms(page.context, phone, rf"编号{reference}", sent=True)
    assert "自主申报" in sms.string
