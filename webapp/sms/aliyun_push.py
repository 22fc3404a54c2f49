"""Alibaba Cloud's HTTP batch pushes of delivery reports (SmsReport) and replies (SmsUp).
Aliyun does not sign them, so the URL carries a secret token (ALIYUN_PUSH_TOKEN); with no
token configured the routes refuse everything."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, jsonify, request

from webapp import csrf
from webapp.sms.aliyun import ACK, apply_reports, apply_uplinks
from webapp.store.engine import get_db

bp = Blueprint("aliyun_push", __name__, url_prefix="/sms/aliyun")
csrf.exempt(bp)  # the secret token in the path stands in for a CSRF token


@bp.before_request
def require_token() -> None:
    expected = current_app.config.get("ALIYUN_PUSH_TOKEN") or ""
    given = (request.view_args or {}).get("token", "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        abort(403)


def _items() -> list[dict]:
    items = request.get_json(silent=True)
    if not isinstance(items, list):
        abort(400)
    return [item for item in items if isinstance(item, dict)]


@bp.post("/report/<token>")
def report(token: str):
    """Delivery reports: each moves its message forward, never back."""
    apply_reports(get_db(), _items())
    return jsonify(ACK)


@bp.post("/inbound/<token>")
def uplink(token: str):
    """Replies from phones: 退订/TD opt out of reminders, 查询/CX ask for the state."""
    apply_uplinks(get_db(), _items(), current_app.config)
    return jsonify(ACK)
