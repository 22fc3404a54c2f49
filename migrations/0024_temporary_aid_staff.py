"""Temporary aid, the staff side: on the case the major-hardship flag of the proposal, the reason
its approval level was chosen (Approval.why, as the proposal said it) and who took part in a
一事一议 decision; and the index of the 临时救助 queue per region level — only temporary-aid rows
(a partial index), by state, urgent first, then by deadline."""

LEVELS = ("village_code", "township_code", "county_code")


def migrate(db):
    db.execute("ALTER TABLE cases ADD COLUMN aid_major_hardship INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE cases ADD COLUMN aid_why TEXT")
    db.execute("ALTER TABLE cases ADD COLUMN aid_participants TEXT")
    for level in LEVELS:
        db.execute(f"CREATE INDEX idx_cases_aid_{level} ON cases ({level}, state, urgent, due_on) "
                   "WHERE machine = 'temporary_aid'")
