"""Staff pages: sign-in and sign-out, and the first page with the cases of the staff region."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, request, url_for

from webapp.domain.case_machine import HOUSEHOLDS_PER_OFFICIAL
from webapp.flows import get_flow
from webapp.services import audit, officials, regions
from webapp.services import cases as case_store
from webapp.staff import accounts, bp, cases, guard, sessions
from webapp.staff.forms import SignInForm
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
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
        old_token = request.cookies.get(guard.COOKIE)
        if old_token:  # a new token at every sign-in: nothing from before carries over
            sessions.end_session(db, old_token)
        response = redirect(_safe_next(request.args.get("next")))
        guard.set_cookie(response, sessions.start_session(db, staff, client()["address"]))
        g.staff_cookie_stale = False
        return response
    status = 422 if form.errors else 200
    return render_template("staff/signin.html", form=form), status


@bp.post("/signout")
def signout():
    staff, token = current_staff(), request.cookies.get(guard.COOKIE)
    db = get_db()
    if token:
        sessions.end_session(db, token)
    if staff:
        with db.atomic():
            audit.record(db, staff.actor, "staff_signed_out", staff.actor)
    flash(_("您已退出。"))
    response = redirect(url_for("staff.signin"))
    guard.clear_cookie(response)
    return response


@bp.get("/")
@staff_required()
def home():
    staff = current_staff()
    db = get_db()
    rows = cases.submitted_in_region(db, staff.region_code)
    queues = Counter((row.machine, row.state) for row in rows)  # one work queue per state
    chosen = request.args.get("state")
    if chosen:
        rows = [row for row in rows if row.state == chosen]
    with db.atomic():
        audit.record(db, staff.actor, "viewed_case_list", f"region:{staff.region_code}",
                     count=len(rows), client_address=client()["address"])
    # The monitored households this person is the responsible official of (帮扶责任人).
    mine = officials.households(db, staff.id, case_store.today(), case_store.calendar(db))
    return render_template("staff/home.html", staff=staff, cases=rows, queues=sorted(queues.items()),
                           chosen=chosen, region=regions.full_name(db, staff.region_code),
                           get_flow=get_flow, households=mine,
                           households_at_risk=sum(h["at_risk"] for h in mine),
                           households_limit=HOUSEHOLDS_PER_OFFICIAL)
