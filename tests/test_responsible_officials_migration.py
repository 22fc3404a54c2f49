"""Migration 0011 gives self-declarations opened before it the deadline that runs now (RULES.md
"Relapse monitoring": 15 days to county approval, then 10 days to the assistance plan)."""

from __future__ import annotations

from conftest import migrated_until


def test_open_self_declarations_get_their_running_deadline(tmp_path):
    db, migrations = migrated_until(tmp_path / "old.db", "0011_responsible_officials")
    with db.conn:
        db.execute("INSERT INTO submissions (id, form, status) VALUES (1, 'self_declaration', "
                   "'submitted'), (2, 'self_declaration', 'submitted'), (3, 'self_declaration', "
                   "'submitted'), (4, 'application', 'submitted')")
        db.execute("INSERT INTO cases (id, submission_id, machine, state, opened_on) VALUES "
                   "(1, 1, 'relapse_monitoring', 'home_verified', '2026-01-02'), "
                   "(2, 2, 'relapse_monitoring', 'filed', '2026-01-02'), "
                   "(3, 3, 'relapse_monitoring', 'not_included', '2026-01-02'), "
                   "(4, 4, 'application', 'submitted', '2026-01-02')")
        # 17:00 UTC on 9 January is 1 a.m. on 10 January in Beijing.
        db.execute("INSERT INTO case_events (case_id, at, actor, action) "
                   "VALUES (2, '2026-01-09T17:00:00+00:00', 's', 'approve_at_county')")

    migrations.apply(db)

    due = [r[0] for r in db.execute("SELECT due_on FROM cases ORDER BY id")]
    assert due == ["2026-01-17", "2026-01-20", None, None]
    assert db["responsible_officials"].count == 0
    db.close()
