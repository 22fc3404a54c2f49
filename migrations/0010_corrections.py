"""Corrections (补正): each request names the steps to correct and why; the applicant's working
copy of the answers while correcting; each resubmission with every changed answer, old and new.
Requests and resubmissions are append-only; one resubmission per request."""


def migrate(db):
    db["correction_requests"].create(
        {
            "id": int, "case_id": int, "submission_id": int, "event_id": int,
            "steps": str, "explanation": str, "requested_by": str, "requested_at": str,
        },
        pk="id", foreign_keys=[("case_id", "cases", "id"), ("submission_id", "submissions", "id"),
                               ("event_id", "case_events", "id")],
    )
    db["correction_requests"].create_index(["submission_id", "id"])
    # What the applicant has changed so far, saved step by step like a draft.
    db["correction_answers"].create(
        {"request_id": int, "answers": str, "updated_at": str},
        pk="request_id", foreign_keys=[("request_id", "correction_requests", "id")],
    )
    db["correction_resubmissions"].create(
        {
            "id": int, "request_id": int, "case_id": int, "submission_id": int, "event_id": int,
            "resubmitted_by": str, "resubmitted_at": str, "changes": str,
            "answers_before": str, "answers_after": str, "signature_ids": str,
        },
        pk="id", foreign_keys=[("request_id", "correction_requests", "id"),
                               ("case_id", "cases", "id"), ("submission_id", "submissions", "id"),
                               ("event_id", "case_events", "id")],
    )
    # A double tap, or a retry after a timeout, cannot resubmit twice.
    db["correction_resubmissions"].create_index(["request_id"], unique=True)
    for table in ("correction_requests", "correction_resubmissions"):
        for event in ("UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
