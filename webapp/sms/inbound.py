"""Replies from phones, where the provider carries them: 退订/TD/STOP opt out of reminders,
查询/CX answers with the state of the sender's latest submission, a digit 1–5 rates the
sender's latest finished service (好差评, webapp/sms/rating_reply.py)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.services import timeline
from webapp.services.submissions import latest_for_phone
from webapp.sms import optout, outbox, rating_reply
from webapp.store import outbox as store
from webapp.store.engine import immediate

STOP_WORDS = {"退订", "TD", "T", "STOP", "UNSUBSCRIBE", "取消"}
QUERY_WORDS = {"查询", "CX"}


def normalise(body: str) -> str:
    """'  td。' -> 'TD': full-width folded, spaces and punctuation dropped, upper-cased."""
    text = unicodedata.normalize("NFKC", body or "")
    return re.sub(r"[\s\W_]+", "", text).upper()


def action_for(body: str) -> str:
    word = normalise(body)
    if word in STOP_WORDS:
        return "opt_out"
    if word in QUERY_WORDS:
        return "status_query"
    if rating_reply.is_rating(word):
        return "rating"
    return "unknown"


def handle(db: Database, *, provider: str, provider_reference: str, phone: str, body: str,
           config: dict) -> str:
    """Record a reply and act on it once, however often the provider repeats it."""
    action = action_for(body)
    with immediate(db):
        if store.inbound_seen(db, provider, provider_reference):
            return "duplicate"
        store.add_inbound(db, {
            "provider": provider, "provider_reference": provider_reference, "phone": phone,
            "body": body[:500], "action": action,
            "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
        })
        signature = config["SMS_SIGNATURE"]
        if action == "opt_out":
            optout.opt_out(db, phone, source="sms_reply")
            outbox.enqueue(db, phone, "opt_out_confirmed", {"service": config["SERVICE_NAME"]},
                           signature=signature, kind="reply")
        elif action == "status_query":
            _reply_with_status(db, phone, config)
        elif action == "rating":
            rating_reply.handle(db, phone, normalise(body), config)
    return action


def _reply_with_status(db: Database, phone: str, config: dict) -> None:
    """Answer 查询 with the state of the case of the sender's latest submission (and the next
    date where it fits one SMS part), or the form's status before a case opens."""
    latest = latest_for_phone(db, phone)
    if latest is None:
        outbox.enqueue(db, phone, "status_none", {"service": config["SERVICE_NAME"]},
                       signature=config["SMS_SIGNATURE"], kind="reply")
        return
    template, fields = timeline.status_reply(db, latest, config["SERVICE_NAME"], config["SMS_SIGNATURE"])
    outbox.enqueue(db, phone, template, fields, signature=config["SMS_SIGNATURE"], kind="reply",
                   submission_id=latest.id)
