"""Staff accounts bound to a region, and their sessions (apart from residents')."""


def migrate(db):
    # Written out in SQL for the CHECK constraints: a role or region level the code does not
    # know must never get into the table, whatever writes to it.
    db.execute("""
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('assistant', 'township_reviewer',
                                               'county_confirmer', 'county_admin')),
            region_code TEXT NOT NULL REFERENCES regions(code),
            password_hash TEXT NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL
        )
    """)
    db["staff"].create_index(["region_code"])
    db["staff_sessions"].create(
        {
            "id": int, "token_hash": str, "staff_id": int, "created_at": str,
            "last_seen": str, "ended_at": str, "client_address": str,
        },
        pk="id", not_null={"token_hash", "staff_id", "created_at", "last_seen"},
        foreign_keys=[("staff_id", "staff", "id")],
    )
    db["staff_sessions"].create_index(["token_hash"], unique=True)
    db["staff_sessions"].create_index(["staff_id"])
