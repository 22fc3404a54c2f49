"""Village assistants fill forms on a resident's behalf (RULES.md "Who helps").

- residents: a resident the assistant registers may have no phone; they are known by name, ID
  number and village, and by the assistant who registered them.
- submissions.filled_by: the assistant filling the draft on the resident's behalf.
- signatures: who assisted, the assistant's witness line, whether the letters were read aloud
  to the signer, and the consent code a resident typed to sign.
- consent_codes: 6-digit codes sent to a resident's own phone for their consent on the
  assistant's phone (to sign, or to let the assistant pick up their own draft). Apart from
  sign-in codes, so that a consent code can never sign anybody in.
- assistance_consents: each consent a resident gave an assistant to take over their own draft.
  Append-only.
"""


def migrate(db):
    residents = db["residents"]
    residents.add_column("name", str)
    residents.add_column("id_number", str)
    residents.add_column("village_code", str)
    residents.add_column("created_by", int)  # the staff member who registered them
    residents.create_index(["village_code", "id_number"])
    db["submissions"].add_column("filled_by", int)
    db["submissions"].create_index(["filled_by", "status"])
    signatures = db["signatures"]
    signatures.add_column("assisted_by", int)  # staff id
    signatures.add_column("assistant_name", str)  # as it was when signing
    signatures.add_column("witness", str)  # the assistant's witness line, word for word
    signatures.add_column("read_aloud", int)  # 1: the assistant attests it was read aloud
    signatures.add_column("consent_code_id", int)  # the code the resident typed (method sms_code)
    db["consent_codes"].create(
        {
            "id": int, "purpose": str, "submission_id": int, "staff_id": int, "phone": str,
            "code_hash": str, "created_at": str, "expires_at": str, "wrong_tries": int,
            "used_at": str,
        },
        pk="id", defaults={"wrong_tries": 0},
        not_null={"purpose", "submission_id", "staff_id", "phone", "code_hash", "created_at",
                  "expires_at"},
        foreign_keys=[("submission_id", "submissions", "id"), ("staff_id", "staff", "id")],
    )
    db["consent_codes"].create_index(["phone", "created_at"])
    db["consent_codes"].create_index(["staff_id", "created_at"])
    db["consent_codes"].create_index(["submission_id", "purpose", "id"])
    db["assistance_consents"].create(
        {
            "id": int, "submission_id": int, "resident_id": int, "staff_id": int,
            "consent_code_id": int, "granted_at": str, "client_address": str, "user_agent": str,
        },
        pk="id", not_null={"submission_id", "resident_id", "staff_id", "consent_code_id",
                           "granted_at"},
        foreign_keys=[("submission_id", "submissions", "id"), ("resident_id", "residents", "id"),
                      ("staff_id", "staff", "id"), ("consent_code_id", "consent_codes", "id")],
    )
    db["assistance_consents"].create_index(["submission_id"])
    for event in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER assistance_consents_no_{event.lower()} BEFORE {event} "
                   "ON assistance_consents "
                   "BEGIN SELECT RAISE(ABORT, 'assistance_consents is append-only'); END")
