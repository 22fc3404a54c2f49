"""Migration 0027 starts the history of amounts: each confirmed application already there gets its
current amount as the confirmation's row, paid from the month after its confirmation."""

from __future__ import annotations

from conftest import migrated_until


def test_confirmed_cases_get_their_current_amount_as_the_first_row(tmp_path):
    db, migrations = migrated_until(tmp_path / "old.db", "0027_case_amounts")
    with db.conn:
        db.execute("INSERT INTO submissions (id, form, status) VALUES (1, 'application', 'submitted'),"
                   " (2, 'application', 'submitted'), (3, 'application', 'submitted')")
        db.execute("INSERT INTO cases (id, submission_id, machine, state, category, "
                   "monthly_amount_fen, household_size, confirmed_on) VALUES "
                   "(1, 1, 'application', 'published', 'dibao', 34000, 2, '2026-12-31'), "
                   "(2, 2, 'application', 'accepted', NULL, NULL, NULL, NULL), "
                   "(3, 3, 'application', 'published', 'near_dibao', NULL, 3, '2026-03-05')")
        db.execute("INSERT INTO case_events (id, case_id, at, actor, action) VALUES "
                   "(7, 1, '2026-12-31T02:00:00+00:00', 'staff:4', 'confirm')")

    migrations.apply(db)

    rows = [tuple(r) for r in db.execute(
        "SELECT case_id, monthly_amount_fen, category, household_size, effective_month, source, "
        "event_id, recorded_at, actor FROM case_amounts ORDER BY case_id")]
    assert rows == [
        (1, 34000, "dibao", 2, "2027-01", "confirm", 7, "2026-12-31T02:00:00+00:00", "staff:4"),
        (3, 0, "near_dibao", 3, "2026-04", "confirm", None, "2026-03-05", "migration")]
    db.close()
