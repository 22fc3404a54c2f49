"""Form metrics (issue 11, item 10): each page's first save is counted with the time spent on it,
in the transaction that saves the page, and the county administrator reads per form and step how
many started, got that far, stopped there, finished, and the median time. A draft is told apart
from another only by a hash of its id and start time: no answer, name or number is kept."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from webapp.domain import form_metrics as rules
from webapp.flows.base import Flow
from webapp.store import form_metrics as store
from webapp.web.i18n import _

# The pages after a form's own steps, as the metrics page names them.
CHECK, NOTICE = "check", "notice"
PAGE_LABELS = {CHECK: _("核对填写的内容"), NOTICE: _("告知书"), rules.SUBMITTED: _("签名提交")}


def draft_key(draft_id: int, created_at: str) -> str:
    return hashlib.sha256(f"doudi-form-metrics:{draft_id}:{created_at}".encode()).hexdigest()[:24]


def started(db: Database, draft_id: int, form: str, created_at: str) -> None:
    store.add(db, draft_key(draft_id, created_at), form, rules.STARTED, created_at, 0)


def page_saved(db: Database, draft, step: str, now: str) -> None:
    """`draft` as loaded (its updated_at is the previous save, or its start)."""
    store.add(db, draft_key(draft.id, draft.created_at), draft.form, step, now,
              rules.seconds_on_page(draft.updated_at, now))


def submitted(db: Database, draft, now: str) -> None:
    page_saved(db, draft, rules.SUBMITTED, now)


@dataclass(frozen=True)
class Funnel:
    """A form's drafts in the window: started, submitted, and each page's line."""

    form: str
    title: str
    started: int
    submitted: int
    lines: list[rules.StepLine]


def pages_of(flow: Flow) -> list[tuple[str, str]]:
    """(step, label) of every page a draft of the form saves, in order."""
    pages = [(s.id, str(s.title)) for s in flow.steps] + [(CHECK, str(PAGE_LABELS[CHECK]))]
    if flow.commits:
        pages.append((NOTICE, str(PAGE_LABELS[NOTICE])))
    return [*pages, (rules.SUBMITTED, str(PAGE_LABELS[rules.SUBMITTED]))]


def funnel(db: Database, flow: Flow, today: date) -> Funnel:
    since = rules.window_start(today)
    reached = store.reached(db, flow.name, since)
    stopped = store.abandoned(db, flow.name, since, rules.abandoned_before(today), rules.SUBMITTED)
    lines = [rules.StepLine(step, label, reached.get(step, 0), stopped.get(step, 0),
                            store.median_seconds(db, flow.name, step, since, reached.get(step, 0)))
             for step, label in pages_of(flow)]
    return Funnel(flow.name, str(flow.title), reached.get(rules.STARTED, 0) or 0,
                  reached.get(rules.SUBMITTED, 0), lines)
