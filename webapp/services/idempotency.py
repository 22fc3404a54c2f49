"""Idempotency-Key: a POST that carries one is done once per person and key; sent again, it gets
the first response back and changes nothing (the IETF draft "The Idempotency-Key HTTP Header
Field"). The phone makes the key (static/offline.js), so a form kept while offline and sent
when the network returns, or sent again after an answer was lost, never adds a second household
member or a second submission.

Keys belong to the signed-in person (a resident, or the staff member on /staff addresses): the
same key from someone else is a different key. A key is kept 7 days. A request sent again while
the first is still being handled gets 409 and Retry-After; a key used for a different request
gets 422. A first request that fails on the server (5xx) releases its key, so a resend is done.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask, Response, g, render_template, request
from sqlite_utils import Database

from webapp.auth.views import current_resident
from webapp.store import submissions as store
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.staff_cookie import current_staff

HEADER = "Idempotency-Key"
KEY = re.compile(r"[A-Za-z0-9_-]{16,128}")
KEEP_FOR = timedelta(days=7)
IN_PROGRESS_FOR = timedelta(minutes=1)  # then a first request is taken as lost (its process died)
MAX_BODY = 256 * 1024


class InProgress(Exception):
    """The first request with this key is still being handled."""


class KeyReused(Exception):
    """The key was used before for a different request."""


@dataclass(frozen=True)
class Kept:
    """The response given to the first request with a key."""

    status: int
    location: str | None
    content_type: str | None
    body: bytes


def _now() -> datetime:
    return datetime.now(UTC)


def begin(db: Database, owner: str, key: str, request_hash: str, method: str, path: str,
          now: datetime | None = None) -> Kept | None:
    """Claim the key for this request (None: go on and handle it), or the response kept for it.
    Raises InProgress or KeyReused."""
    now = now or _now()
    with db.conn:
        store.forget_keys(db, (now - KEEP_FOR).isoformat())
        row = store.idempotency_key(db, owner, key)
        if row is None:
            if not store.claim_key(db, owner, key, request_hash, method, path, now.isoformat()):
                raise InProgress(key)  # the same key, sent twice at once, came first
            return None
        if row["request_hash"] != request_hash:
            raise KeyReused(key)
        if row["status"] is None:
            if datetime.fromisoformat(row["created_at"]) > now - IN_PROGRESS_FOR:
                raise InProgress(key)
            store.reclaim_key(db, row["id"], now.isoformat())
            return None
        store.count_replay(db, row["id"])
        return Kept(row["status"], row["location"], row["content_type"], row["body"] or b"")


def finish(db: Database, owner: str, key: str, kept: Kept) -> None:
    """Keep the response given to the first request with the key."""
    with db.conn:
        store.keep_response(db, owner, key, kept.status, kept.location, kept.content_type,
                            kept.body, _now().isoformat())


def release(db: Database, owner: str, key: str) -> None:
    """Forget a key whose first request failed, so that sending it again does it."""
    with db.conn:
        store.release_key(db, owner, key)


def request_hash() -> str:
    """What makes a request the same request: method, address and the fields sent (the CSRF
    token aside, which a resend carries afresh)."""
    fields = sorted((k, v) for k, v in request.form.items(multi=True) if k != "csrf_token")
    digest = hashlib.sha256(f"{request.method} {request.full_path}".encode())
    for name, value in fields:
        digest.update(b"\0" + name.encode() + b"\0" + value.encode())
    return digest.hexdigest()


def person() -> str | None:
    """Whose keys these are: the staff member on /staff addresses, else the signed-in resident."""
    if request.path.startswith("/staff/"):
        staff = current_staff()
        return f"staff:{staff.id}" if staff else None
    resident = current_resident()
    return f"resident:{resident}" if resident else None


def _replay(kept: Kept) -> Response:
    response = Response(kept.body, status=kept.status, content_type=kept.content_type)
    if kept.location:
        response.headers["Location"] = kept.location
    response.headers["Idempotency-Replayed"] = "true"
    return response


def _refusal(message: str, status: int) -> Response:
    response = Response(render_template("error.html", message=message, status=status), status)
    if status == 409:
        response.headers["Retry-After"] = "2"
    return response


def before() -> Response | None:
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None:
        return None
    if not KEY.fullmatch(key):
        return _refusal(_("请求的内容有误，请返回上一页再试一次。"), 400)
    owner = person()
    if owner is None:  # signed out: the page sends them to sign in, nothing is done
        return None
    try:
        kept = begin(get_db(), owner, key, request_hash(), request.method,
                     request.full_path.rstrip("?"))
    except InProgress:
        return _refusal(_("正在处理刚才发送的内容，请稍等。"), 409)
    except KeyReused:
        return _refusal(_("请求的内容有误，请返回上一页再试一次。"), 422)
    if kept is not None:
        return _replay(kept)
    g.idempotency = (owner, key)
    return None


def after(response: Response) -> Response:
    claimed = g.pop("idempotency", None)
    if claimed is None:
        return response
    if response.status_code >= 500:
        release(get_db(), *claimed)
        return response
    body = b""
    if not response.direct_passthrough and response.is_sequence \
            and not 300 <= response.status_code < 400:
        body = response.get_data()
        body = body if len(body) <= MAX_BODY else b""
    finish(get_db(), *claimed, Kept(response.status_code, response.headers.get("Location"),
                                    response.headers.get("Content-Type"), body))
    return response


def teardown(_exc: BaseException | None) -> None:
    claimed = g.pop("idempotency", None)
    if claimed is not None:  # the request died before it had a response
        release(get_db(), *claimed)


def init_app(app: Flask) -> None:
    # Registered after CSRFProtect: a request refused for its token claims no key.
    app.before_request(before)
    app.after_request(after)
    app.teardown_request(teardown)
