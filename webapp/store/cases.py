"""SQL on cases: the case rows and their append-only events, objections, responsible officials,
the county settings and the loaded calendar days. Lists are paged here, with counts from
indexed queries."""

from __future__ import annotations

from sqlite_utils import Database

# Lists, counts and search for staff pages

# The one indexed column a region of each level is filtered by.
REGION_COLUMNS = {"village": "village_code", "township": "township_code", "county": "county_code"}
# What a list row shows: the case row itself, the form it came from and the region names.
_LISTED = """SELECT c.id, c.reference, c.applicant_name, c.submitted_at, c.machine, c.state,
       c.due_on, c.due_fallback, c.accepted_on, c.village_code, s.form,
       v.name AS village, t.name AS township
FROM cases c JOIN submissions s ON s.id = c.submission_id
LEFT JOIN regions v ON v.code = c.village_code
LEFT JOIN regions t ON t.code = c.township_code"""
# Soonest deadline first; cases without one (not yet accepted) after them, newest first.
_ORDER = "due_on IS NULL, due_on, CASE WHEN due_on IS NULL THEN -id ELSE id END"
_IN_ORDER = "ORDER BY c.due_on IS NULL, c.due_on, CASE WHEN c.due_on IS NULL THEN -c.id ELSE c.id END"


def region_column(level: str) -> str:
    """The cases column a region of this level is filtered by (never an OR over three)."""
    return REGION_COLUMNS[level]


def _pairs(states: dict[str, frozenset[str]]) -> list[tuple[str, str, bool]]:
    """(machine, state, whether the state's name is shared by another machine), sorted."""
    names = [s for group in states.values() for s in group]
    return [(m, s, names.count(s) > 1) for m in sorted(states) for s in sorted(states[m])]


def counts_by_state(db: Database, region_code: str) -> dict[tuple[str, str], int]:
    """How many cases of a region are in each (machine, state), from the trigger-kept counts."""
    rows = db.execute("SELECT machine, state, n FROM case_counts WHERE region_code = ? AND n > 0",
                      [region_code]).fetchall()
    return {(r["machine"], r["state"]): r["n"] for r in rows}


def _state_arms(level: str, region_code: str, states: dict[str, frozenset[str]],
                take: int) -> tuple[list[str], list]:
    """One index range per state and per dated/undated, each already in list order, at most
    `take` rows each: merged, they give the first `take` rows of the whole list cheaply."""
    column, arms, params = region_column(level), [], []
    for machine_name, state, shared in _pairs(states):
        where = f"{column} = ? AND state = ?" + (" AND machine = ?" if shared else "")
        for dated in ("due_on IS NOT NULL ORDER BY due_on, id", "due_on IS NULL ORDER BY id DESC"):
            arms.append(f"SELECT * FROM (SELECT id, due_on FROM cases WHERE {where} AND {dated} "
                        "LIMIT ?)")
            params += [region_code, state, *([machine_name] if shared else []), take]
    return arms, params


def queue_page(db: Database, level: str, region_code: str, states: dict[str, frozenset[str]],
               offset: int, limit: int) -> list[dict]:
    """One page of a region's cases in the given states, in list order (_ORDER)."""
    if not states:
        return []
    arms, params = _state_arms(level, region_code, states, offset + limit)
    picked = (f"SELECT id, due_on FROM ({' UNION ALL '.join(arms)}) "
              f"ORDER BY {_ORDER} LIMIT ? OFFSET ?")
    rows = db.execute(f"WITH picked(id, due_on) AS ({picked}) {_LISTED} "
                      f"WHERE c.id IN (SELECT id FROM picked) {_IN_ORDER}",
                      [*params, limit, offset]).fetchall()
    return [dict(r) for r in rows]


def due_counts(db: Database, level: str, region_code: str, states: dict[str, frozenset[str]],
               today: str, soon: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(machine, state) -> (due between today and `soon`, due before today) for those states.
    Overdue is what is neither undated nor due from today on, so only recent cases are read:
    those not yet due and those not yet accepted, never the backlog of years."""
    column, counts, found = region_column(level), counts_by_state(db, region_code), {}
    for machine_name, state, shared in _pairs(states):
        where = f"{column} = ? AND state = ?" + (" AND machine = ?" if shared else "")
        params = [region_code, state, *([machine_name] if shared else [])]
        ahead = db.execute(f"SELECT COUNT(*), SUM(due_on <= ?) FROM cases WHERE {where} "
                           "AND due_on >= ?", [soon, *params, today]).fetchone()
        undated = db.execute(f"SELECT COUNT(*) FROM cases WHERE {where} AND due_on IS NULL",
                             params).fetchone()[0]
        overdue = counts.get((machine_name, state), 0) - ahead[0] - undated
        if ahead[1] or overdue:
            found[machine_name, state] = (ahead[1] or 0, overdue)
    return found


# Search keys -> the indexed column each is matched on.
SEARCH_COLUMNS = {"reference": "reference", "id_number": "applicant_id_number",
                  "phone": "applicant_phone", "name": "applicant_name"}
# Above every character a name can hold: `name >= x AND name < x || TOP` is the prefix range.
_TOP = "\U0010ffff"


def search_page(db: Database, level: str, region_code: str, key: str, value: str,
                offset: int, limit: int) -> list[dict]:
    """Cases of a region whose key matches: exact, or by prefix for a name; one page."""
    column, region = SEARCH_COLUMNS[key], region_column(level)
    if key == "name":
        match, params = f"c.{column} >= ? AND c.{column} < ?", [value, value + _TOP]
        order = f"ORDER BY c.{column}, c.id"
    else:
        match, params, order = f"c.{column} = ?", [value], "ORDER BY c.id DESC"
    rows = db.execute(f"{_LISTED} WHERE {match} AND c.{region} = ? {order} LIMIT ? OFFSET ?",
                      [*params, region_code, limit, offset]).fetchall()
    return [dict(r) for r in rows]


def export_batch(db: Database, level: str, region_code: str, after: tuple[str, int] | None,
                 limit: int) -> list[dict]:
    """The next `limit` cases of a region in order of submission, after the (submitted_at, id)
    of the last one read: keyset batches along the (region, submitted_at) index."""
    column = region_column(level)
    where, params = f"c.{column} = ?", [region_code]
    if after is not None:
        where += " AND (c.submitted_at, c.id) > (?, ?)"
        params += [after[0], after[1]]
    rows = db.execute(f"{_LISTED} WHERE {where} ORDER BY c.submitted_at, c.id LIMIT ?",
                      [*params, limit]).fetchall()
    return [dict(r) for r in rows]


# The village assistant's page: a region's cases as the assistant sees them (full names: their
# own village's people), newest first along the (region, submitted_at) index, a page at a time.
_ASSISTED = """SELECT c.id, c.submission_id, c.reference, c.machine, c.state, c.visit_on,
       c.applicant_name AS name, c.applicant_id_number AS id_number, c.applicant_phone AS phone,
       s.form, t.name AS filled_by_name
FROM cases c JOIN submissions s ON s.id = c.submission_id
LEFT JOIN staff t ON t.id = s.filled_by"""


def assisted_newest(db: Database, level: str, region_code: str, offset: int,
                    limit: int) -> list[dict]:
    """One page of the region's cases, newest submission first."""
    column = region_column(level)
    rows = db.execute(f"{_ASSISTED} WHERE c.{column} = ? ORDER BY c.submitted_at DESC, c.id DESC "
                      "LIMIT ? OFFSET ?", [region_code, limit, offset]).fetchall()
    return [dict(r) for r in rows]


def assisted_in_states(db: Database, level: str, region_code: str,
                       states: dict[str, frozenset[str]], limit: int) -> list[dict]:
    """The region's cases in these states (at most `limit`), newest first."""
    picked = [r["id"] for r in queue_page(db, level, region_code, states, 0, limit)]
    if not picked:
        return []
    marks = ", ".join("?" * len(picked))
    rows = db.execute(f"{_ASSISTED} WHERE c.id IN ({marks}) ORDER BY c.id DESC", picked).fetchall()
    return [dict(r) for r in rows]


def assisted_by_id(db: Database, level: str, region_code: str, ids: list[int]) -> list[dict]:
    """The region's cases with these ids, newest first."""
    if not ids:
        return []
    column, marks = region_column(level), ", ".join("?" * len(ids))
    rows = db.execute(f"{_ASSISTED} WHERE c.{column} = ? AND c.id IN ({marks}) ORDER BY c.id DESC",
                      [region_code, *ids]).fetchall()
    return [dict(r) for r in rows]


def assisted_unreachable(db: Database, level: str, region_code: str, limit: int) -> list[dict]:
    """The region's cases whose applicant has no phone or opted out of SMS, newest first: found
    from the phone side (the opted-out numbers, the empty ones) along the applicant_phone index."""
    column = region_column(level)
    ids = [r[0] for r in db.execute(
        f"SELECT id FROM (SELECT c.id FROM cases c WHERE c.applicant_phone IN "
        f"(SELECT phone FROM opt_outs UNION ALL SELECT '') AND c.{column} = ? "
        f"UNION ALL SELECT c.id FROM cases c WHERE c.applicant_phone IS NULL AND c.{column} = ?) "
        "ORDER BY id DESC LIMIT ?", [region_code, region_code, limit]).fetchall()]
    return assisted_by_id(db, level, region_code, ids)


def case_id_of_submission(db: Database, submission_id: int) -> int | None:
    """The id of a submission's case, None before it opens."""
    row = db.execute("SELECT id FROM cases WHERE submission_id = ?", [submission_id]).fetchone()
    return row[0] if row else None
