"""Issue 12 (R2): policy parameters across levels and the rules of a case's later life.

- policy_parameters gains the phase-out schedule (渐退, `000…` 一(三); `003…` 二(二)3): the
  percentages of the last amount paid month by month, a disabled household's schedule, and the
  income cap as a multiple of the standard ('0' for none). Province and city sets need no new
  column: their region codes are the national ones (webapp/domain/policy_levels.py).
- cases gains the major-hardship finding a 一事一议 proposal rests on (`002…` 民政厅 第三类 2).
- case_amounts may hold the months of a phase-out (source 'phase_out'): rebuilt with the wider
  CHECK, rows and ids kept.
- monitoring_lines: the yearly relapse-monitoring lines per region (`002…` 乡村振兴局 一(一)1:
  6,900 yuan in Henan 2022, the watch band 8,000, the exception floor 4,500), versions never
  changed; the demo's province gets Henan 2022 as example values.
- monitoring_incomes: per-capita income figures recorded on a monitored case, with its labour
  force, from which risk removal is checked (一(三)).
"""

from datetime import UTC, datetime

DEMO_PROVINCE = "990000000000"  # above 清河县（演示）, 999901000000


def migrate(db):
    policy = db["policy_parameters"]
    policy.add_column("phase_out_schedule", str, not_null_default="")
    policy.add_column("phase_out_schedule_disabled", str, not_null_default="")
    policy.add_column("phase_out_income_cap", str, not_null_default="0")
    db["cases"].add_column("aid_major_hardship_finding", str)
    _widen_case_amounts(db)
    db.execute("""CREATE TABLE monitoring_lines (
        id INTEGER PRIMARY KEY,
        region_code TEXT NOT NULL,
        year INTEGER NOT NULL,
        income_line_fen INTEGER NOT NULL CHECK (income_line_fen > 0),
        watch_band_fen INTEGER NOT NULL CHECK (watch_band_fen >= income_line_fen),
        exception_floor_fen INTEGER NOT NULL CHECK (exception_floor_fen < income_line_fen),
        source TEXT NOT NULL,
        entered_by TEXT NOT NULL,
        entered_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_monitoring_lines_region ON monitoring_lines (region_code, year, id)")
    db.execute("""CREATE TABLE monitoring_incomes (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        recorded_on TEXT NOT NULL,
        income_per_capita_fen INTEGER NOT NULL CHECK (income_per_capita_fen >= 0),
        labour_force INTEGER NOT NULL CHECK (labour_force >= 0),
        note TEXT,
        actor TEXT NOT NULL,
        at TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_monitoring_incomes_case ON monitoring_incomes (case_id, recorded_on, id)")
    db.execute("INSERT INTO monitoring_lines (region_code, year, income_line_fen, watch_band_fen, "
               "exception_floor_fen, source, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [DEMO_PROVINCE, 2022, 6_900_00, 8_000_00, 4_500_00,
                "河南省 2022 年防止返贫监测范围（示例值，演示用）", "system",
                datetime.now(UTC).isoformat(timespec="seconds")])
    for event in ("UPDATE", "DELETE"):
        for table in ("monitoring_lines", "monitoring_incomes"):
            db.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def _widen_case_amounts(db):
    db.execute("""CREATE TABLE case_amounts_new (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        monthly_amount_fen INTEGER NOT NULL,
        category TEXT,
        household_size INTEGER,
        effective_month TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('confirm', 'review', 'phase_out')),
        result TEXT,
        calculation TEXT,
        event_id INTEGER REFERENCES case_events(id),
        recorded_at TEXT NOT NULL,
        actor TEXT NOT NULL)""")
    db.execute("INSERT INTO case_amounts_new SELECT id, case_id, monthly_amount_fen, category, "
               "household_size, effective_month, source, result, calculation, event_id, "
               "recorded_at, actor FROM case_amounts ORDER BY id")
    db.execute("DROP TABLE case_amounts")
    db.execute("ALTER TABLE case_amounts_new RENAME TO case_amounts")
    db.execute("CREATE INDEX idx_case_amounts_case ON case_amounts (case_id, id)")
