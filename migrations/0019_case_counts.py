"""Case counts per region and state, kept by triggers, so the staff home's queues and the
deadline board count a county's million cases by reading a few rows instead of every index
entry (counting 1 M index entries takes about 75 ms in SQLite; reading these rows, well under 1).

`case_counts` has one row per (region, machine, state) at every level: a case counts once for
its village, once for its township and once for its county. The triggers keep it right whoever
writes `cases` (a step, a correction, `flask demo --cases N`); rows that fall to 0 stay.

Also an index on submissions (status, updated_at): the village assistant's drafts are read along
it instead of scanning every submission ever made."""

LEVELS = ("village_code", "township_code", "county_code")


def _add(prefix: str, sign: str) -> str:
    """The statements that add (+1) or remove (-1) the case `prefix` (NEW or OLD) at each level."""
    return " ".join(
        f"INSERT INTO case_counts (region_code, machine, state, n) "
        f"SELECT {prefix}.{level}, {prefix}.machine, {prefix}.state, {sign}1 "
        f"WHERE {prefix}.{level} IS NOT NULL "
        f"ON CONFLICT (region_code, machine, state) DO UPDATE SET n = n {sign} 1;"
        for level in LEVELS)


def migrate(db):
    db.execute("""CREATE TABLE case_counts (
        region_code TEXT NOT NULL, machine TEXT NOT NULL, state TEXT NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (region_code, machine, state))""")
    for level in LEVELS:
        db.execute(f"""INSERT INTO case_counts (region_code, machine, state, n)
            SELECT {level}, machine, state, COUNT(*) FROM cases WHERE {level} IS NOT NULL
            GROUP BY {level}, machine, state
            ON CONFLICT (region_code, machine, state) DO UPDATE SET n = n + excluded.n""")
    db.execute(f"CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN {_add('NEW', '+')} END")
    db.execute(f"CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN {_add('OLD', '-')} END")
    db.execute("CREATE TRIGGER case_counts_update AFTER UPDATE OF machine, state, village_code, "
               "township_code, county_code ON cases BEGIN "
               f"{_add('OLD', '-')} {_add('NEW', '+')} END")
    db["submissions"].create_index(["status", "updated_at"])
