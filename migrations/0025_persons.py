"""Persons: each ID number bound to the name it was first given with (issue 10, "one open
application per person"). Filled from then on by every submission (the applicant and the
household members whose ID numbers the answers carry); here from the cases already open, the
first case of each ID number winning. One INSERT … SELECT along the cases' primary key, so a
county of a million cases is bound in seconds. Synthetic cases (`flask demo`) bind nothing.

The one-at-a-time lookup reads cases by applicant_id_number, which migration 0014 indexed."""


def migrate(db):
    db.execute("""
        CREATE TABLE persons (
            id_number TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            bound_at TEXT NOT NULL,
            bound_by TEXT NOT NULL,
            corrected_at TEXT,
            corrected_by TEXT
        ) WITHOUT ROWID
    """)
    db.execute("""
        INSERT OR IGNORE INTO persons (id_number, name, bound_at, bound_by)
        SELECT applicant_id_number, applicant_name, COALESCE(submitted_at, opened_on),
               'submission:' || submission_id
        FROM cases
        WHERE applicant_id_number IS NOT NULL AND applicant_id_number != ''
          AND applicant_name IS NOT NULL AND applicant_name != '' AND synthetic = 0
        ORDER BY id
    """)
