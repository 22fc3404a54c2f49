"""Temporary aid (临时救助, RULES.md "Temporary assistance"): its policy parameters (the first-aid
cap and the two working-day limits; existing versions get the example values of
webapp/domain/policy.py), the county's choice to list granted aid on the village publication page,
and on the case the urgent mark, the amount decided with the level that decided it, and the
payments made under it (first aid and the stages of one approval)."""

# The example values of webapp/domain/policy.py as this migration was written.
POLICY_COLUMNS = {"temporary_aid_first_aid_cap": 1_000_00, "temporary_aid_decision_days": 10,
                  "temporary_aid_explanation_days": 5}


def migrate(db):
    for column, default in POLICY_COLUMNS.items():
        db.execute(f"ALTER TABLE policy_parameters ADD COLUMN {column} INTEGER NOT NULL DEFAULT {default}")
    db.execute("ALTER TABLE county_settings ADD COLUMN temporary_aid_public INTEGER NOT NULL DEFAULT 0")
    for column, kind in (("urgent", "INTEGER NOT NULL DEFAULT 0"), ("aid_amount_fen", "INTEGER"),
                         ("aid_level", "TEXT"), ("aid_household_size", "INTEGER"),
                         ("aid_paid_fen", "INTEGER NOT NULL DEFAULT 0"),
                         ("first_aid_on", "TEXT"), ("approved_on", "TEXT")):
        db.execute(f"ALTER TABLE cases ADD COLUMN {column} {kind}")
    db.execute("""
        CREATE TABLE case_payments (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            kind TEXT NOT NULL CHECK (kind IN ('first_aid', 'stage')),
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            method TEXT NOT NULL,
            paid_on TEXT NOT NULL,
            note TEXT,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        )
    """)
    db["case_payments"].create_index(["case_id", "id"])
