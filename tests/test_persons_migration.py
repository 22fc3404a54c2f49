"""Migration 0025 binds each ID number of the cases opened before it to the name of its first
case (issue 10: one name per ID number), in one statement."""

from __future__ import annotations

import time

from conftest import migrated_until

ID_A, ID_B, ID_C = "11010519491231002X", "110105195001010019", "110105197805060135"


def test_existing_cases_bind_their_id_numbers_first_seen_winning(tmp_path):
    db, migrations = migrated_until(tmp_path / "old.db", "0025_persons")
    with db.conn:
        db.execute("INSERT INTO submissions (id, form, status) VALUES (1, 'application', "
                   "'submitted'), (2, 'temporary_aid', 'submitted'), (3, 'application', "
                   "'submitted'), (4, 'application', 'submitted'), (5, 'application', 'submitted')")
        db.execute("INSERT INTO cases (id, submission_id, machine, state, opened_on, "
                   "applicant_name, applicant_id_number, submitted_at, synthetic) VALUES "
                   "(1, 1, 'application', 'ended', '2025-01-02', '张三', ?, "
                   "'2025-01-02T08:00:00+00:00', 0), "
                   "(2, 2, 'temporary_aid', 'submitted', '2026-01-02', '张四', ?, NULL, 0), "
                   "(3, 3, 'application', 'submitted', '2026-01-03', '李四', ?, NULL, 0), "
                   "(4, 4, 'application', 'submitted', '2026-01-04', NULL, NULL, NULL, 0), "
                   "(5, 5, 'application', 'submitted', '2026-01-05', '合成', ?, NULL, 1)",
                   [ID_A, ID_A, ID_B, ID_C])

    migrations.apply(db)

    rows = [tuple(r) for r in db.execute("SELECT id_number, name, bound_at, bound_by FROM persons "
                                         "ORDER BY id_number")]
    assert rows == [(ID_A, "张三", "2025-01-02T08:00:00+00:00", "submission:1"),
                    (ID_B, "李四", "2026-01-03", "submission:3")]
    db.close()


def test_the_backfill_reads_the_cases_once(tmp_path):
    """A county of cases is bound in one pass: 100,000 cases well within seconds."""
    db, migrations = migrated_until(tmp_path / "big.db", "0025_persons")
    count = 100_000
    with db.conn:
        db.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
                       INSERT INTO submissions (id, form, status) SELECT i, 'application', 'submitted'
                       FROM n""")
        db.execute("""INSERT INTO cases (id, submission_id, machine, state, opened_on, applicant_name,
                          applicant_id_number, reference)
                      SELECT id, id, 'application', 'published', '2026-01-01', '村民' || (id % 1000),
                             printf('110105%012d', id / 2), printf('R%07d', id) FROM submissions""")
    started = time.perf_counter()

    migrations.apply(db)

    assert time.perf_counter() - started < 10
    assert db.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == count // 2 + 1
    db.close()
