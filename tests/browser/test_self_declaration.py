"""The self-declaration filled in end to end on a phone, with JavaScript on and off: four pages
before the letter (issue 11: 申报人, 遇到的风险 with the consent revealed by 因病, 家庭成员 skipped,
核对), then 承诺和授权."""

import pytest

from .browsing import declare, read_sms

pytestmark = pytest.mark.browser


def test_resident_declares_a_risk(page):
    seen = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    phone, reference = declare(page)

    before_letter = []
    for url in seen:
        path = url.split("?")[0].split("#")[0]
        if "/forms/" in path and (not before_letter or before_letter[-1] != path):
            before_letter.append(path)
    sign = next(i for i, p in enumerate(before_letter) if p.endswith("/sign"))
    assert len(before_letter[:sign]) <= 4, before_letter

    sms = read_sms(page.context, phone, rf"编号{reference}", sent=True)
    assert "自主申报" in sms.string
