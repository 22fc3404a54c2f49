"""/dev/sms: every message the console backend holds, newest first. Only with that backend."""

from __future__ import annotations

from flask import Blueprint, render_template

from webapp.sms import outbox
from webapp.store.engine import get_db

bp = Blueprint("dev_sms", __name__, url_prefix="/dev")


@bp.get("/sms")
def messages():
    return render_template("dev/sms.html", messages=outbox.recent(get_db()))
