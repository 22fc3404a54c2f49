"""Staff pages: sign-in and sign-out, the first page with the queues of the staff region, and the
case list page by page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, render_template, request, url_for

from webapp.domain.case_machine import HOUSEHOLDS_PER_OFFICIAL, Group
from webapp.flows import get_flow
from webapp.services import accounts, audit, officials, queues, regions
from webapp.services import cases as case_store
from webapp.services import staff_sessions as sessions
from webapp.staff import bp, guard
from webapp.staff.forms import SignInForm
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web import staff_cookie
from webapp.web.i18n import _
from webapp.web.security import client

bp.after_request(guard.forget_stale_cookie)


def _safe_next(target: str | None) -> str:
    """Only a staff page of this site: never somewhere else after signing in."""
    if target and target.startswith("/staff/") and not urlsplit(target).netloc \
            and "\\" not in target:
        return target
    return url_for("staff.home")


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    form = SignInForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            staff = accounts.authenticate(db, form.username.data, form.password.data,
                                          client_address=client()["address"])
        except accounts.SignInRefused as refused:
            form.password.errors.append(refused.message)
            status = 429 if refused.reason == "locked" else 422
            return render_template("staff/signin.html", form=form), status
        old_token = request.cookies.get(staff_cookie.COOKIE)
        if old_token:  # a new token at every sign-in: nothing from before carries over
            sessions.end_session(db, old_token)
        response = redirect(_safe_next(request.args.get("next")))
        staff_cookie.set_cookie(response, sessions.start_session(db, staff, client()["address"]))
        g.staff_cookie_stale = False
        return response
    status = 422 if form.errors else 200
    return render_template("staff/signin.html", form=form), status


@bp.post("/signout")
def signout():
    staff, token = current_staff(), request.cookies.get(staff_cookie.COOKIE)
    db = get_db()
    if token:
        sessions.end_session(db, token)
    if staff:
        with db.atomic():
            audit.record(db, staff.actor, "staff_signed_out", staff.actor)
    flash(_("您已退出。"))
    response = redirect(url_for("staff.signin"))
    staff_cookie.clear_cookie(response)
    return response


def _page_number() -> int:
    """The ?page= asked for; anything that is not a number is the first page."""
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


def _queue_list(endpoint: str) -> dict:
    """The chosen queue (?queue= a state group or ?state= a state; open cases by default), one
    page of it, and the counts of every queue, for the home page and the case list."""
    staff = current_staff()
    db = get_db()
    chosen = request.args.get("state") or request.args.get("queue") or Group.OPEN.value
    try:
        listed = queues.queue(db, staff.region_code, chosen, _page_number(),
                              on=case_store.today(), cal=case_store.calendar(db))
    except queues.UnknownQueue:
        abort(404)
    groups, per_state = queues.queue_counts(db, staff.region_code)
    with db.atomic():
        audit.record(db, staff.actor, "viewed_case_list", f"region:{staff.region_code}",
                     count=len(listed.rows), queue=chosen, page=listed.number,
                     client_address=client()["address"])
    return {"staff": staff, "listed": listed, "chosen": chosen, "groups": groups,
            "per_state": per_state, "queue_labels": QUEUE_LABELS, "list_endpoint": endpoint,
            "region": regions.full_name(db, staff.region_code), "get_flow": get_flow}


# The queues a staff member picks from, as the home page names them.
QUEUE_LABELS = {Group.OPEN: _("在办"), Group.WAITING_FOR_APPLICANT: _("等待申请人补正"),
                Group.SETTLED: _("救助中、监测中"), Group.FINISHED: _("已办结"),
                queues.AID_QUEUE: _("临时救助")}


@bp.get("/")
@staff_required()
def home():
    shown = _queue_list("staff.home")
    db = get_db()
    # 临时救助 first: urgent cases are a matter of days (RULES.md "Temporary assistance").
    aid = queues.aid_queue(db, shown["staff"].region_code, on=case_store.today(),
                           cal=case_store.calendar(db))
    # The monitored households this person is the responsible official of (帮扶责任人).
    mine = officials.households(db, shown["staff"].id, case_store.today(), case_store.calendar(db))
    return render_template("staff/home.html", households=mine, aid_queue=aid,
                           households_at_risk=sum(h["at_risk"] for h in mine),
                           households_limit=HOUSEHOLDS_PER_OFFICIAL, **shown)


@bp.get("/cases")
@staff_required()
def case_list():
    """The case list, page by page (?page=), of one queue (?queue= or ?state=)."""
    return render_template("staff/case_list.html", **_queue_list("staff.case_list"))


SEARCH_KEYS = {"reference": _("编号"), "id_number": _("身份证号"), "phone": _("手机号"),
               "name": _("姓名")}


@bp.get("/search")
@staff_required()
def search():
    """Cases of the staff member's region by reference, ID number, phone or name (?q=, ?page=)."""
    staff = current_staff()
    db = get_db()
    text = request.args.get("q", "").strip()[:40]
    key, found = queues.search(db, staff.region_code, text, _page_number(),
                               on=case_store.today(), cal=case_store.calendar(db))
    if key is not None:
        with db.atomic():
            audit.record(db, staff.actor, "searched_cases", f"region:{staff.region_code}",
                         key=key, q=text, count=len(found.rows), page=found.number,
                         client_address=client()["address"])
    return render_template("staff/search.html", staff=staff, q=text, key=key, found=found,
                           key_label=SEARCH_KEYS.get(key or ""), get_flow=get_flow,
                           region=regions.full_name(db, staff.region_code))
