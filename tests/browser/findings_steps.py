"""The findings forms of the dibao steps (webapp/staff/finding_forms.py) filled in the least a
reviewer may fill, for the walks whose subject is elsewhere: the housing at the home visit (the
members as declared), every record marked not checked, the property within limits and a son able to support
the applicant."""

from __future__ import annotations

from playwright.sync_api import Page

from webapp.domain.findings import RECORD_KINDS

HOME_VISIT, RECORDS_CHECK, OPINION = "记录入户调查和经济状况调查", "记录信息核对结果", "提出初审意见"


def fill_findings(page: Page, step: str) -> None:
    """Fill the step's findings form, if it has one."""
    if step == HOME_VISIT:
        page.locator("#visit-housing-0").check()
    elif step == RECORDS_CHECK:
        for kind in RECORD_KINDS:
            page.locator(f"#records-records-{kind}-checked-1").check()
    elif step == OPINION:  # as the old unticked "no supporter" box said: a son who supports
        page.locator("#category-property_within_limits-0").check()
        page.locator("#category-members-0-supporters-0-relation").fill("儿子")
