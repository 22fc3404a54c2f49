"""Offline: the forms install as a web app and keep working without network (README "Offline").

The browser side is static/sw.js (the service worker: keeps the app's files and the form pages
marked here with X-Offline) and static/offline.js (keeps a form sent without network on the
phone, shows what waits, sends it when the network returns, each with an Idempotency-Key made
on the phone: webapp/idempotency.py makes a resend harmless). Without JavaScript none of it
runs and the forms work online as before.

The server's part here: what each form page tells offline.js (its draft, the order of its
pages, the pages worth keeping, a digest of the letters it shows), and the letters check: a
POST to the notice or sign page that says which letters it showed (letters_sha256) is refused
with 409 when the letters built from the answers now differ, e.g. answers sent from the phone
after the letter was kept on it. Nothing is lost: the person reads the letters again, online,
and signs. The signed texts kept (告知承诺) stay exactly the ones shown.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os

from flask import Flask, Response, g, render_template, request, url_for
from jinja2 import pass_context

from webapp.flows import get_flow
from webapp.flows.base import MEMBERS, PER_MEMBER, SINGLE
from webapp.resident.drafts import own
from webapp.resident.household import has_income
from webapp.resident.signing import sign_context
from webapp.services import idempotency, notify_commit
from webapp.services.submissions import DRAFT
from webapp.store.engine import get_db

FIELD = "letters_sha256"
SERVICE_WORKER = "/static/sw.js"
# The form pages, on the resident's addresses and, acting for a resident, the assistant's
# (webapp/resident/acting.py names those endpoints staff.behalf_<view>).
PREFIXES = ("resident.", "staff.behalf_")
FORM_VIEWS = ("step", "member", "add_member", "member_income", "check", "notice", "sign")
LETTER_VIEWS = ("notice", "sign")
FRESH_VIEWS = ("check", "notice", "sign")  # built from all the answers: only as last seen online

mimetypes.add_type("application/manifest+json", ".webmanifest")


def form_view() -> tuple[str, str] | None:
    """(endpoint prefix, view name) when this request is one of the form pages."""
    endpoint = request.endpoint or ""
    for prefix in PREFIXES:
        if endpoint.startswith(prefix) and endpoint[len(prefix):] in FORM_VIEWS:
            return prefix, endpoint[len(prefix):]
    return None


def digest(letters) -> str:
    """One hash over the letters a page shows: kind, version and the hash of each full text."""
    joined = "\n".join(f"{x.kind}:{x.version}:{x.text_sha256}" for x in letters)
    return hashlib.sha256(joined.encode()).hexdigest()


def letters_now(draft, flow, view: str) -> list:
    """The letters the notice or sign page would show now, built from the saved answers."""
    if view == "notice":
        return [notify_commit.notice_letter(get_db(), draft)] if flow.commits else []
    shown = sign_context(draft, flow)
    return [*shown["letters"], *(letter for _index, _member, letter in shown["members"])]


def _shown(context) -> list:
    """The letters the page being rendered shows (forms/notice.html, forms/sign.html)."""
    if context.get("letter") is not None:
        return [context["letter"]]
    members = context.get("members") or []
    return [*(context.get("letters") or []), *(letter for _i, _m, letter in members)]


@pass_context
def offline_page(context) -> dict | None:
    """What offline.js needs to know about the form page being rendered, or None for any other
    page; also marks the response as one the service worker may keep."""
    view = form_view()
    draft, flow = context.get("draft"), context.get("flow")
    if view is None or draft is None or flow is None or draft.status != DRAFT:
        return None
    prefix, name = view

    def url(page: str, **values) -> str:
        return url_for(prefix + page, sid=draft.id, **values)

    visible = flow.visible(draft.answers)
    steps = [url("step", step_id=s.id) for s in visible]
    fresh = [url("check"), *([url("notice")] if flow.commits else []), url("sign")]
    data = {"sid": draft.id, "base": _base(steps + fresh), "order": steps + fresh,
            "check": fresh[0], "fresh": fresh, "prefetch": _ahead(url, visible, draft, name)}
    data.update(_household(url, visible, draft, flow))
    if name in LETTER_VIEWS:
        data["letters"] = digest(_shown(context))
    single = name == "step" and getattr(context.get("step"), "kind", None) == SINGLE
    data["keep"] = single  # its copy stays good until this very page is saved
    g.offline_mark = f"{draft.id} {'keep' if single else 'list'}"
    return data


def _household(url, visible, draft, flow) -> dict:
    """What offline.js needs to tell where the household's pages lead (issue 11): the list and
    the page adding one person; and, where the list asks 有没有收入, each person's income page,
    their answer and whether their income page is saved (the list goes on to the first person
    with income not yet saved, each income page to the next, the last to the step after)."""
    ids = [s.id for s in visible]
    if not flow.member_per_page or "members" not in ids:
        return {}
    data: dict = {"people": {"list": url("step", step_id="members"), "add": url("add_member")}}
    if "income" in ids:
        saved = draft.answers.get("income") or {}
        data["income"] = {"step": url("step", step_id="income"),
                          "pages": [url("member_income", index=i)
                                    for i in range(len(draft.members))],
                          "has": [has_income(draft, i) for i in range(len(draft.members))],
                          "saved": [bool(saved.get(str(i))) for i in range(len(draft.members))]}
    return data


def _base(urls: list[str]) -> str:
    """The address every page of this form starts with, e.g. /forms/12/."""
    common = os.path.commonprefix(urls)
    return common[:common.rfind("/") + 1]


def _ahead(url, visible, draft, view: str) -> list[str]:
    """The pages worth keeping on the phone: this step's and those after it, with each
    member's page (not check, notice, sign: they are kept only as last seen)."""
    here = request.view_args.get("step_id") or {"member": "members", "add_member": "members",
                                                  "member_income": "income"}.get(view)
    ids = [s.id for s in visible]
    start = ids.index(here) if here in ids else len(ids)
    pages = []
    for step in visible[start:]:
        pages.append(url("step", step_id=step.id))
        if step.kind == MEMBERS and get_flow(draft.form).member_per_page:
            # the applicant's own page is the consent step; a new member has a page of their own
            pages += [url("member", index=i) for i in range(1, len(draft.members))]
            pages.append(url("add_member"))
        elif step.kind == MEMBERS:
            pages += [url("member", index=i) for i in range(len(draft.members))]
        elif step.kind == PER_MEMBER:
            # no page for a member who said they have no income (issue 11)
            pages += [url("member_income", index=i) for i in range(len(draft.members))
                      if has_income(draft, i) != "no"]
    return pages


def check_letters() -> Response | None:
    """Refuse (409) a notice or sign POST whose letters are no longer the ones built from the
    answers. Only for posts that say what they showed (offline.js adds it) or that come from
    the phone's keeping (an Idempotency-Key): a page sent at once was just built."""
    view = form_view()
    if request.method != "POST" or view is None or view[1] not in LETTER_VIEWS:
        return None
    shown = request.form.get(FIELD)
    if shown is None and idempotency.HEADER not in request.headers:
        return None
    if idempotency.person() is None:
        return None  # the page itself sends them to sign in
    draft = own(request.view_args["sid"])
    if draft.status != DRAFT:
        return None  # the page says it was submitted
    flow = get_flow(draft.form)
    if shown == digest(letters_now(draft, flow, view[1])):
        return None
    again = url_for(view[0] + ("notice" if flow.commits else "sign"), sid=draft.id)
    response = Response(render_template("offline/letters_changed.html", again=again), 409)
    response.headers["X-Offline-Refused"] = "letters"
    response.headers["X-Offline-Again"] = again
    return response


def headers(response: Response) -> Response:
    """The service worker may control the whole site; form pages say they may be kept."""
    if request.path == SERVICE_WORKER:
        response.headers["Service-Worker-Allowed"] = "/"
        response.headers["Cache-Control"] = "no-cache"
    mark = g.pop("offline_mark", None)
    if request.endpoint == "resident.home":
        mark = "home"
    if mark and request.method == "GET" and response.status_code == 200:
        response.headers["X-Offline"] = mark
    return response


def init_app(app: Flask) -> None:
    idempotency.init_app(app)
    app.before_request(check_letters)  # after the key's check: a kept response comes first
    app.after_request(headers)
    app.jinja_env.globals["offline_page"] = offline_page
