"""What a resident's page asks of the database (issue 8, "fast resident requests"): a form page
reads its draft in one query, with what it shows; saving a step reads and writes the draft once;
no page a resident GETs writes anything.

The session's own statements (webapp/services/signin.py: its lookup, and the last-seen time it
writes at most once a minute) are counted apart: they belong to signing in, not to the page."""

from __future__ import annotations

import pytest

from .flows import (
    APPLICATION_STEPS,
    PROPERTY,
    SPOUSE,
    fill_application,
    path_of,
    saved,
    sign_data,
    step_url,
    token,
)
from .statements import install, recording

SESSION_TABLE = "resident_sessions"
SESSION_QUERIES = 2  # the session's lookup and its last-seen update


def page_statements(recorder) -> list[str]:
    """The statements of the page itself: the session's left out."""
    return [s for s in recorder.queries if SESSION_TABLE not in s]


def visit(client, recorder, url: str):
    """GET a page a second time (what a process caches is filled by the first) and record the
    second visit's statements."""
    client.get(url)
    with recording(recorder):
        response = client.get(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return recorder


@pytest.fixture
def recorder(app):
    return install(app)


@pytest.mark.parametrize("step", ["applicant", "residence", "property"])
def test_a_form_step_reads_only_its_draft(resident, recorder, step):
    sid = fill_application(resident, "check")

    visit(resident, recorder, step_url(sid, step))

    assert len(page_statements(recorder)) == 1, page_statements(recorder)
    assert len(recorder.queries) <= 1 + SESSION_QUERIES, recorder.queries


def test_saving_a_step_reads_the_draft_writes_it_once_and_counts_the_page(resident, recorder):
    sid = fill_application(resident, "check")
    csrf_token = token(resident, step_url(sid, "property"))

    with recording(recorder):
        saved(resident.post(step_url(sid, "property"), data={**PROPERTY, "csrf_token": csrf_token}))

    statements = page_statements(recorder)
    assert len(statements) == 3, statements
    # the draft read, the form metrics' first save of this page (webapp/store/form_metrics.py),
    # the draft written
    assert [s.split()[0] for s in statements] == ["SELECT", "INSERT", "UPDATE"]


@pytest.mark.parametrize("page", ["check", "notice", "sign"])
def test_the_check_notice_and_sign_pages_read_only_the_draft(resident, recorder, page):
    sid = fill_application(resident, "sign")

    visit(resident, recorder, f"/forms/{sid}/{page}")

    assert len(page_statements(recorder)) == 1, page_statements(recorder)


def resident_pages(sid: int) -> list[str]:
    """Every page of a draft application a resident can GET, and the pages around it."""
    steps = [step_url(sid, s) for s in APPLICATION_STEPS[:APPLICATION_STEPS.index("check")]]
    return ["/", "/status", "/start/application", f"/forms/{sid}", *steps,
            f"/forms/{sid}/members/new", f"/forms/{sid}/members/1", f"/forms/{sid}/income/0",
            f"/forms/{sid}/check", f"/forms/{sid}/notice", f"/forms/{sid}/sign"]


def writes_of_pages(client, recorder, urls: list[str]) -> dict[str, list[str]]:
    """The statements that change anything, by page, the session's last-seen time left out."""
    found = {}
    for url in urls:
        with recording(recorder):
            response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        writes = [s for s in recorder.writes if SESSION_TABLE not in s]
        if writes:
            found[url] = writes
    return found


def test_no_page_a_resident_gets_writes_anything(resident, recorder):
    sid = fill_application(resident, "sign")
    assert writes_of_pages(resident, recorder, resident_pages(sid)) == {}

    reference = path_of(saved(resident.post(f"/forms/{sid}/sign", data={
        **sign_data((SPOUSE,)), "csrf_token": token(resident)}))).rsplit("/", 1)[1]
    assert writes_of_pages(resident, recorder, [
        f"/submissions/{reference}", f"/forms/{sid}", f"/forms/{sid}/check", "/status", "/"]) == {}
