"""County scale: what staff lists, search and the board read is kept on the case itself, with an
index per region level, so no list joins the answers' JSON or reads every case.

- `reference`, `applicant_name`, `applicant_id_number`, `applicant_phone`, `submitted_at`: copied
  from the submission (and its resident) when the case opens; a correction that changes the
  name or ID number updates them (webapp/store/cases.py).
- `synthetic`: 1 for the cases `flask demo --cases N` generates, never for a real submission.
- Indexes: one per region level with state and deadline (queues, board counts, due this week),
  search keys, and the audit log's subject and actor."""


def migrate(db):
    cases = db["cases"]
    for column in ("reference", "applicant_name", "applicant_id_number", "applicant_phone",
                   "submitted_at"):
        cases.add_column(column, str)
    cases.add_column("synthetic", int, not_null_default=0)
    db["submissions"].add_column("synthetic", int, not_null_default=0)
    db.execute("""
        UPDATE cases SET
            reference = s.reference,
            submitted_at = s.submitted_at,
            applicant_name = COALESCE(json_extract(s.answers, '$.applicant.name'),
                                      json_extract(s.answers, '$.declarant.name')),
            applicant_id_number = upper(COALESCE(json_extract(s.answers, '$.applicant.id_number'),
                                                 json_extract(s.answers, '$.declarant.id_number'))),
            applicant_phone = r.phone
        FROM submissions s JOIN residents r ON r.id = s.resident_id
        WHERE s.id = cases.submission_id
    """)
    db.execute("DROP INDEX IF EXISTS idx_cases_village_code")
    for level in ("village_code", "township_code", "county_code"):
        cases.create_index([level, "state", "due_on"])
        cases.create_index([level, "submitted_at"])
    cases.create_index(["reference"], unique=True)
    cases.create_index(["applicant_id_number"])
    cases.create_index(["applicant_phone"])
    cases.create_index(["applicant_name"])
    db["audit_log"].create_index(["subject", "id"])
    db["audit_log"].create_index(["actor", "id"])
