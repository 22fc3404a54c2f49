"""A rating replied by SMS (好差评, 国办发〔2019〕51号): a digit 1–5 sent back to the number that
asked rates the phone's newest finished service, once. Called by webapp/sms/inbound.py inside
the reply's own transaction, after the reply was recorded (so a delivery repeated by the
provider never gets here twice); a second, different digit for a service already rated is
answered politely and recorded nowhere."""

from __future__ import annotations

from sqlite_utils import Database

from webapp.domain import ratings as rules
from webapp.domain.otp import mask_phone
from webapp.services import cases, ratings
from webapp.sms import outbox


def is_rating(word: str) -> bool:
    """Whether a normalised reply (webapp/sms/inbound.normalise) is one of the five digits."""
    try:
        rules.parse_level(word)
    except rules.InvalidLevel:
        return False
    return True


def handle(db: Database, phone: str, word: str, config: dict) -> str:
    """Rate the phone's newest invitation with the replied digit and answer by SMS; what
    happened: 'rated', 'already_rated' or 'nothing_to_rate'."""
    level = rules.parse_level(word)
    signature = config["SMS_SIGNATURE"]
    found = ratings.latest_for_phone(db, phone)
    if found is None:
        outbox.enqueue(db, phone, "rating_none", {}, signature=signature, kind="reply")
        return "nothing_to_rate"
    done = None
    if not found.rated:
        done = ratings.rate_in(db, found.id, level, "", channel="sms",
                               actor=f"sms:{mask_phone(phone)}",
                               followup_days=int(config["RATING_FOLLOWUP_DAYS"]))
    if done is None or not done.recorded:
        outbox.enqueue(db, phone, "rating_already",
                       {"reference": found.reference, "service": config["SERVICE_NAME"]},
                       signature=signature, kind="reply", submission_id=found.submission_id)
        return "already_rated"
    if done.due_on is not None:
        outbox.enqueue(db, phone, "rating_low_thanks",
                       {"reference": found.reference, "deadline": cases.month_day(done.due_on.isoformat())},
                       signature=signature, kind="reply", submission_id=found.submission_id)
    else:
        outbox.enqueue(db, phone, "rating_thanks", {"reference": found.reference},
                       signature=signature, kind="reply", submission_id=found.submission_id)
    return "rated"
