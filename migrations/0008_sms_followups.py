"""SMS follow-ups: each message that did not reach a phone and was then told in person, and
each bulk send with its cost estimate. Both append-only."""


def migrate(db):
    db["sms_followups"].create(
        {"id": int, "outbox_id": int, "case_id": int, "staff_id": int, "actor": str,
         "note": str, "handled_at": str},
        pk="id", not_null={"outbox_id", "case_id", "staff_id", "actor", "handled_at"},
        foreign_keys=[("outbox_id", "outbox", "id"), ("case_id", "cases", "id"),
                      ("staff_id", "staff", "id")],
    )
    # One record per message: a second "told in person" for the same message is ignored.
    db["sms_followups"].create_index(["outbox_id"], unique=True)
    db["sms_bulk_sends"].create(
        {"id": int, "batch": str, "staff_id": int, "actor": str, "template": str,
         "region_code": str, "audience": str, "recipients": int, "opted_out": int,
         "segments": int, "price_per_segment": float, "cost": float, "created_at": str},
        pk="id", not_null={"batch", "staff_id", "actor", "template", "region_code", "audience",
                           "created_at"},
        foreign_keys=[("staff_id", "staff", "id"), ("region_code", "regions", "code")],
    )
    db["sms_bulk_sends"].create_index(["batch"], unique=True)
    db["sms_bulk_sends"].create_index(["region_code", "id"])
    # The messages of a case are looked up by its submission.
    db["outbox"].create_index(["submission_id"])
    for table in ("sms_followups", "sms_bulk_sends"):
        for event in ("UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
