"""SMS delivery: provider, receipts, message kinds and validity, opt-outs, inbound messages,
reminder keys."""


def migrate(db):
    outbox = db["outbox"]
    outbox.add_column("provider", str)
    outbox.add_column("kind", str)  # code | notification | reminder | reply
    outbox.add_column("expires_at", str)  # a sign-in code is not sent after this
    outbox.add_column("claimed_at", str)
    outbox.add_column("delivery_status", str)  # the provider's latest receipt
    outbox.add_column("delivery_error", str)
    outbox.add_column("delivery_at", str)
    outbox.add_column("idempotency_key", str)
    outbox.create_index(["idempotency_key"], unique=True)
    outbox.create_index(["provider", "provider_reference"])
    outbox.create_index(["phone", "id"])
    db.execute("UPDATE outbox SET kind = CASE template WHEN 'sign_in_code' THEN 'code' "
               "ELSE 'notification' END, provider = 'console' WHERE provider IS NULL")
    db["sms_receipts"].create(
        {"id": int, "provider": str, "provider_reference": str, "status": str,
         "error_code": str, "received_at": str, "outbox_id": int, "applied": int},
        pk="id",
    )
    db["sms_receipts"].create_index(["provider", "provider_reference"])
    db["opt_outs"].create(
        {"phone": str, "opted_out_at": str, "source": str}, pk="phone",
    )
    db["inbound_sms"].create(
        {"id": int, "provider": str, "provider_reference": str, "phone": str, "body": str,
         "received_at": str, "action": str},
        pk="id",
    )
    db["inbound_sms"].create_index(["provider", "provider_reference"], unique=True)
