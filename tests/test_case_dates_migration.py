"""Migration 0007 gives cases confirmed before it their confirmation day and first periodic
review, and notices posted before it the day they were posted (from the case's events)."""

from __future__ import annotations

from conftest import migrated_until


def test_cases_decided_before_the_migration_get_their_dates_from_their_events(tmp_path):
    db, migrations = migrated_until(tmp_path / "old.db", "0007_case_dates")
    with db.conn:
        db.execute("INSERT INTO submissions (id, form, status) VALUES (1, 'application', 'submitted'),"
                   " (2, 'application', 'submitted')")
        db.execute("INSERT INTO cases (id, submission_id, machine, state, notice_start, notice_end) "
                   "VALUES (1, 1, 'application', 'published', '2026-01-02', '2026-01-08'), "
                   "(2, 2, 'application', 'accepted', NULL, NULL)")
        for action, at in (("start_public_notice", "2026-01-01T17:00:00+00:00"),
                           ("confirm", "2026-01-12T02:00:00+00:00")):
            db.execute("INSERT INTO case_events (case_id, at, actor, action) VALUES (1, ?, 's', ?)",
                       [at, action])

    migrations.apply(db)

    published, accepted = db.execute(
        "SELECT notice_posted_on, confirmed_on, review_due_on FROM cases ORDER BY id").fetchall()
    # 17:00 UTC on 1 January is 1 a.m. on 2 January in Beijing.
    assert tuple(published) == ("2026-01-02", "2026-01-12", "2027-01-12")
    assert tuple(accepted) == (None, None, None)
    db.close()
