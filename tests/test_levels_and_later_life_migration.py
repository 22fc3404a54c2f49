"""Migration 0037 (issue 12, R2): the history of amounts is kept, row for row, when case_amounts
is widened to hold the months of a phase-out; stored policy sets read back with no schedule; the
demo's province gets Henan 2022's monitoring line (002… 乡村振兴局 一(一)1: 6,900 yuan)."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import migrated_until

from webapp.services import policy_store


def test_amounts_are_kept_and_a_phase_out_month_may_be_added(tmp_path):
    db, migrations = migrated_until(tmp_path / "old.db", "0037_levels_and_later_life")
    with db.conn:
        db.execute("INSERT INTO submissions (id, form, status) VALUES (1, 'application', 'submitted')")
        db.execute("INSERT INTO cases (id, submission_id, machine, state) "
                   "VALUES (1, 1, 'application', 'published')")
        db.execute("INSERT INTO case_amounts (id, case_id, monthly_amount_fen, effective_month, source, "
                   "recorded_at, actor) VALUES (5, 1, 34000, '2026-01', 'confirm', '2025-12-31', 'staff:4')")

    migrations.apply(db)

    assert [tuple(r) for r in db.execute("SELECT id, monthly_amount_fen, source FROM case_amounts")] == [
        (5, 34000, "confirm")]
    with db.conn:
        db.execute("INSERT INTO case_amounts (case_id, monthly_amount_fen, effective_month, source, "
                   "recorded_at, actor) VALUES (1, 17000, '2026-02', 'phase_out', '2026-01-20', 'staff:4')")
    with pytest.raises(sqlite3.IntegrityError), db.conn:
        db.execute("INSERT INTO case_amounts (case_id, monthly_amount_fen, effective_month, source, "
                   "recorded_at, actor) VALUES (1, 1, '2026-02', 'guess', '2026-01-20', 'staff:4')")
    [seeded] = policy_store.versions(db, "999901000000")
    assert seeded.parameters.phase_out_schedule == () and seeded.parameters.phase_out_income_cap == 0
    [line] = db.execute("SELECT region_code, year, income_line_fen, watch_band_fen FROM monitoring_lines")
    assert tuple(line) == ("990000000000", 2022, 6_900_00, 8_000_00)
    db.close()
