"""Case counts per region, state and due day, kept by triggers, so the deadline board's "due soon"
and "overdue" and a queue's far pages cost what the number of due days costs, not the number of
cases: overdue is a state's count less those due from today on and those without a deadline (a
few rows each), and page N of a queue starts at the due day found by summing these rows in list
order (no OFFSET over the cases before it).

`case_due_counts` has one row per (region, machine, state, due day) at every level, like
`case_counts` (migration 0019); a case without a deadline counts under the due day '' (a key
column that is never NULL, so the upsert finds its row). Rows that fall to 0 stay."""

LEVELS = ("village_code", "township_code", "county_code")


def _add(prefix: str, sign: str) -> str:
    """The statements that add (+1) or remove (-1) the case `prefix` (NEW or OLD) at each level."""
    return " ".join(
        f"INSERT INTO case_due_counts (region_code, machine, state, due_on, n) "
        f"SELECT {prefix}.{level}, {prefix}.machine, {prefix}.state, "
        f"COALESCE({prefix}.due_on, ''), {sign}1 "
        f"WHERE {prefix}.{level} IS NOT NULL "
        f"ON CONFLICT (region_code, machine, state, due_on) DO UPDATE SET n = n {sign} 1;"
        for level in LEVELS)


def migrate(db):
    db.execute("""CREATE TABLE case_due_counts (
        region_code TEXT NOT NULL, machine TEXT NOT NULL, state TEXT NOT NULL,
        due_on TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (region_code, machine, state, due_on)) WITHOUT ROWID""")
    for level in LEVELS:
        db.execute(f"""INSERT INTO case_due_counts (region_code, machine, state, due_on, n)
            SELECT {level}, machine, state, COALESCE(due_on, ''), COUNT(*) FROM cases
            WHERE {level} IS NOT NULL GROUP BY {level}, machine, state, COALESCE(due_on, '')
            ON CONFLICT (region_code, machine, state, due_on) DO UPDATE SET n = n + excluded.n""")
    db.execute(f"CREATE TRIGGER case_due_counts_insert AFTER INSERT ON cases BEGIN {_add('NEW', '+')} END")
    db.execute(f"CREATE TRIGGER case_due_counts_delete AFTER DELETE ON cases BEGIN {_add('OLD', '-')} END")
    db.execute("CREATE TRIGGER case_due_counts_update AFTER UPDATE OF machine, state, due_on, "
               "village_code, township_code, county_code ON cases BEGIN "
               f"{_add('OLD', '-')} {_add('NEW', '+')} END")
