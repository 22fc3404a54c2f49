"""SQL on cases: the case rows and their append-only events, objections, responsible officials,
the county settings and the loaded calendar days. Lists are paged here, with counts from
indexed queries."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain.assessment import PROPOSED_RECIPIENT
from webapp.store.engine import insert_row


@dataclass(frozen=True)
class Case:
    id: int
    submission_id: int
    machine: str
    state: str
    village_code: str
    township_code: str
    county_code: str
    opened_on: str
    accepted_on: str | None
    due_on: str | None
    due_fallback: int | None
    notice_start: str | None
    notice_end: str | None
    updated_at: str
    category: str | None = None
    monthly_amount_fen: int | None = None
    household_size: int | None = None
    assessment: str | None = None
    visit_on: str | None = None
    visit_booked_on: str | None = None
    notice_posted_on: str | None = None
    confirmed_on: str | None = None
    review_due_on: str | None = None
    reviewed_on: str | None = None
    review_result: str | None = None
    phase_out_until: str | None = None
    # Temporary aid (migrations 0023 and 0024): the urgent mark, the amount proposed and the level
    # that approves it, for how many people, what has been paid so far, and the days.
    urgent: int = 0
    aid_amount_fen: int | None = None
    aid_level: str | None = None
    aid_household_size: int | None = None
    aid_major_hardship: int = 0
    aid_why: str | None = None
    aid_participants: str | None = None
    aid_paid_fen: int = 0
    first_aid_on: str | None = None
    approved_on: str | None = None
    # Issue 12 (migration 0037): the major hardship a 一事一议 proposal rests on.
    aid_major_hardship_finding: str | None = None

    @property
    def state_label(self) -> str:
        return machine.MACHINES[self.machine].states[self.state]

    @property
    def deadline_running(self) -> bool:
        """Whether a deadline runs: the case has one and is neither finished nor settled (a
        finished case shows no 办结期限 anywhere)."""
        return bool(self.due_on) and self.state not in machine.MACHINES[self.machine].closed_states()


_CASE_FIELDS = frozenset(Case.__dataclass_fields__)


def group_filter(group: machine.Group | str, alias: str = "c") -> tuple[str, list[str]]:
    """The SQL condition (and its parameters) for cases in a named state group:
    `((c.machine = ? AND c.state IN (?, …)) OR …)`, never true for a group no machine has."""
    parts, params = [], []
    for name, states in sorted(machine.in_group(group).items()):
        marks = ", ".join("?" * len(states))
        parts.append(f"({alias}.machine = ? AND {alias}.state IN ({marks}))")
        params += [name, *sorted(states)]
    return ("(" + " OR ".join(parts) + ")" if parts else "(1 = 0)"), params


# --- Cases and their events

def get(db: Database, case_id: int) -> Case | None:
    """The case, or None."""
    row = db.execute("SELECT * FROM cases WHERE id = ?", [case_id]).fetchone()
    # Columns a later migration adds for another purpose are not part of Case.
    return Case(**{k: row[k] for k in row.keys() if k in _CASE_FIELDS}) if row else None


def insert(db: Database, row: dict) -> int:
    """A new case; its id."""
    columns = list(row)
    cursor = db.execute(f"INSERT INTO cases ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        [row[c] for c in columns])
    return cursor.lastrowid


def update_step(db: Database, case_id: int, from_state: str, new_state: str, changes: dict,
                at: str) -> None:
    """Move a case still in `from_state` to `new_state`, setting the step's columns too."""
    db.execute("UPDATE cases SET state = ?, updated_at = ?" + "".join(f", {k} = ?" for k in changes)
               + " WHERE id = ? AND state = ?",
               [new_state, at, *changes.values(), case_id, from_state])


def set_deadline(db: Database, case_id: int, due_on: str, due_fallback: bool) -> None:
    """A new deadline (an extension)."""
    db.execute("UPDATE cases SET due_on = ?, due_fallback = ? WHERE id = ?",
               [due_on, int(due_fallback), case_id])


def move_review_due(db: Database, case_id: int, review_due_on: str) -> None:
    """A review brought forward by a change report (webapp/services/change_reports.py)."""
    db.execute("UPDATE cases SET review_due_on = ? WHERE id = ?", [review_due_on, case_id])


def add_event(db: Database, case_id: int, *, at: str, actor: str, action: str, from_state: str,
              to_state: str, reason: str | None, detail: dict) -> None:
    """Append one step to the case's events."""
    db.execute("INSERT INTO case_events (case_id, at, actor, action, from_state, to_state, reason, "
               "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [case_id, at, actor, action, from_state, to_state, reason,
                json.dumps(detail, ensure_ascii=False)])


def events(db: Database, case_id: int) -> list[dict]:
    """Every event of the case, oldest first."""
    return [dict(r) for r in db.execute("SELECT * FROM case_events WHERE case_id = ? ORDER BY id",
                                        [case_id])]


# --- Public pages: only the columns RULES.md allows (see webapp/public/__init__.py)

_ON_NOTICE = ("SELECT c.id AS case_id, c.applicant_name AS name, c.household_size, c.category, "
              "c.monthly_amount_fen, c.notice_start, c.notice_end FROM cases c "
              "WHERE c.village_code = ? AND {group} AND c.category IN ({categories}) "
              "AND c.notice_start IS NOT NULL AND c.notice_end IS NOT NULL")
_RECIPIENTS = sorted(PROPOSED_RECIPIENT)


def _on_notice(where: str) -> tuple[str, list[str]]:
    """Cases on the notice: in its state, and proposed for a category (never one found not
    eligible, whatever its state says)."""
    group, params = group_filter(machine.Group.ON_PUBLIC_NOTICE)
    sql = _ON_NOTICE.format(group=group, categories=", ".join("?" * len(_RECIPIENTS)))
    return sql + where, [*params, *_RECIPIENTS]


def public_notice_rows(db: Database, village_code: str, day: date) -> list[dict]:
    """The village's cases whose public notice is open on the day, by name."""
    sql, params = _on_notice(" AND c.notice_start <= ? AND c.notice_end >= ? ORDER BY name, c.id")
    return [dict(r) for r in db.execute(sql, [village_code, *params, day.isoformat(), day.isoformat()])]


def public_notice_row(db: Database, village_code: str, case_id: int) -> dict | None:
    """One case of the village on public notice (whatever the dates), or None."""
    sql, params = _on_notice(" AND c.id = ?")
    row = db.execute(sql, [village_code, *params, case_id]).fetchone()
    return dict(row) if row else None


def publication_rows(db: Database, village_code: str, offset: int, limit: int) -> list[dict]:
    """A page of the village's published cases, by name: name, household size and amount only
    (through the (village_code, state, applicant_name, id) index of migration 0021)."""
    group, params = group_filter(machine.Group.PUBLISHED)
    return [dict(r) for r in db.execute(
        "SELECT c.applicant_name AS name, c.household_size, c.monthly_amount_fen FROM cases c "
        f"WHERE c.village_code = ? AND {group} ORDER BY c.applicant_name, c.id LIMIT ? OFFSET ?",
        [village_code, *params, limit, offset])]


def aid_publication_rows(db: Database, village_code: str, offset: int, limit: int) -> list[dict]:
    """A page of the village's granted temporary aid, by name: name, the number of people helped
    and the amount approved only (000… 四(二)); the county decides whether it is shown at all."""
    group, params = group_filter(machine.Group.AID_GRANTED)
    return [dict(r) for r in db.execute(
        "SELECT c.applicant_name AS name, c.aid_household_size AS household_size, "
        "c.aid_amount_fen AS amount_fen FROM cases c "
        f"WHERE c.village_code = ? AND {group} ORDER BY c.applicant_name, c.id LIMIT ? OFFSET ?",
        [village_code, *params, limit, offset])]


def add_objection(db: Database, case_id: int, *, at: str, text: str, contact: str | None,
                  client_address: str | None) -> None:
    """Keep an objection to a public notice."""
    db.execute("INSERT INTO objections (case_id, at, text, contact, client_address) "
               "VALUES (?, ?, ?, ?, ?)", [case_id, at, text, contact, client_address])


# --- Reminders: cases of a group with the applicant's phone

def reminder_rows(db: Database, group: machine.Group, where: str = "",
                  params: Iterable[object] = ()) -> Iterator[dict]:
    """Cases in the group matching `where` (a condition on columns of c, trusted code), with
    the applicant's phone, by id."""
    condition, group_params = group_filter(group)
    yield from (dict(r) for r in db.execute(
        "SELECT c.*, r.phone FROM cases c JOIN submissions s ON s.id = c.submission_id "
        "JOIN residents r ON r.id = s.resident_id WHERE " + condition
        + (f" AND {where}" if where else "") + " ORDER BY c.id", [*group_params, *params]))


def notices_starting(db: Database, day: str) -> Iterator[dict]:
    """Notices whose first day is `day`, posted before it."""
    return reminder_rows(db, machine.Group.ON_PUBLIC_NOTICE,
                         "c.notice_start = ? AND c.notice_posted_on < ?", [day, day])


def notices_ending(db: Database, day: str) -> Iterator[dict]:
    """Notices whose last day is `day`."""
    return reminder_rows(db, machine.Group.ON_PUBLIC_NOTICE, "c.notice_end = ?", [day])


def visits_on(db: Database, day: str, booked_before: str) -> Iterator[dict]:
    """Home visits booked for `day`, booked (or rebooked) before `booked_before`."""
    return reminder_rows(db, machine.Group.VISIT_BOOKED, "c.visit_on = ? AND c.visit_booked_on < ?",
                         [day, booked_before])


def receiving_confirmed(db: Database) -> Iterator[dict]:
    """Households receiving assistance, with their day of confirmation."""
    return reminder_rows(db, machine.Group.RECEIVING, "c.confirmed_on IS NOT NULL")


def reviews_due_between(db: Database, first: str, last: str) -> Iterator[dict]:
    """Periodic reviews falling due from `first` to `last`."""
    return reminder_rows(db, machine.Group.UNDER_REVIEW, "c.review_due_on BETWEEN ? AND ?",
                         [first, last])


def phase_outs_ending_between(db: Database, first: str, last: str) -> Iterator[dict]:
    """Phase-outs ending from `first` to `last`."""
    return reminder_rows(db, machine.Group.PHASING_OUT, "c.phase_out_until BETWEEN ? AND ?",
                         [first, last])


# --- Responsible officials (webapp/services/officials.py)

# A case's official is its newest assignment.
_LATEST = "r.id = (SELECT max(id) FROM responsible_officials WHERE case_id = r.case_id)"


def official_history(db: Database, case_id: int) -> list[dict]:
    """Every assignment of the case with the names of the official and of who named them,
    newest first."""
    return [dict(r) for r in db.execute(
        "SELECT r.*, s.name, s.role, b.name AS assigned_by_name FROM responsible_officials r "
        "JOIN staff s ON s.id = r.staff_id "
        "LEFT JOIN staff b ON 'staff:' || b.id = r.assigned_by "
        "WHERE r.case_id = ? ORDER BY r.id DESC", [case_id])]


def has_official(db: Database, case_id: int) -> bool:
    """Whether the case has a responsible official."""
    return db.execute("SELECT 1 FROM responsible_officials WHERE case_id = ? LIMIT 1",
                      [case_id]).fetchone() is not None


def official_states(db: Database) -> list[dict]:
    """Per current official of a relapse-monitoring household: the staff id and the case's
    state."""
    return [dict(r) for r in db.execute(
        "SELECT r.staff_id, c.state FROM responsible_officials r JOIN cases c ON c.id = r.case_id "
        f"WHERE c.machine = ? AND {_LATEST}", [machine.RELAPSE_MONITORING.name])]


def add_official(db: Database, row: dict) -> None:
    """Append an assignment."""
    db.execute("INSERT INTO responsible_officials (case_id, staff_id, assigned_by, assigned_at, note, "
               "replaces) VALUES (?, ?, ?, ?, ?, ?)",
               [row["case_id"], row["staff_id"], row["assigned_by"], row["assigned_at"], row["note"],
                row["replaces"]])


def official_households(db: Database, staff_id: int) -> list[dict]:
    """The relapse-monitoring cases a staff member is the official of now, soonest deadline
    first, with the reference, village and declarant's name (kept on the case)."""
    return [dict(r) for r in db.execute(
        "SELECT c.id AS case_id, c.machine, c.state, c.due_on, c.reference, v.name AS village, "
        "c.applicant_name AS name, r.assigned_at "
        "FROM responsible_officials r JOIN cases c ON c.id = r.case_id "
        "LEFT JOIN regions v ON v.code = c.village_code "
        f"WHERE r.staff_id = ? AND c.machine = ? AND {_LATEST} "
        "ORDER BY c.due_on IS NULL, c.due_on, c.id", [staff_id, machine.RELAPSE_MONITORING.name])]


# --- County settings and the loaded calendar

def township_confirms(db: Database, county_code: str | None) -> bool:
    """Whether the county has delegated confirmation to its townships."""
    row = db.execute("SELECT township_confirms FROM county_settings WHERE county_code = ?",
                     [county_code]).fetchone()
    return bool(row and row[0])


def set_township_confirms(db: Database, county_code: str, value: bool) -> None:
    """Record the county's choice."""
    db.execute("INSERT INTO county_settings (county_code, township_confirms) VALUES (?, ?) "
               "ON CONFLICT (county_code) DO UPDATE SET township_confirms = excluded.township_confirms",
               [county_code, int(value)])


def temporary_aid_public(db: Database, county_code: str | None) -> bool:
    """Whether the county lists granted temporary aid on its villages' publication pages."""
    row = db.execute("SELECT temporary_aid_public FROM county_settings WHERE county_code = ?",
                     [county_code]).fetchone()
    return bool(row and row[0])


def set_temporary_aid_public(db: Database, county_code: str, value: bool) -> None:
    """Record the county's choice."""
    db.execute("INSERT INTO county_settings (county_code, temporary_aid_public) VALUES (?, ?) "
               "ON CONFLICT (county_code) DO UPDATE SET "
               "temporary_aid_public = excluded.temporary_aid_public", [county_code, int(value)])


def calendar_days(db: Database) -> dict[date, bool]:
    """The days a county administrator loaded: day -> whether it is a working day."""
    return {date.fromisoformat(r["day"]): bool(r["working"])
            for r in db.execute("SELECT day, working FROM calendar_days")}


def replace_calendar_year(db: Database, year: int, days: dict[date, bool], actor: str, at: str) -> None:
    """One year's loaded days, instead of any loaded before."""
    db.execute("DELETE FROM calendar_days WHERE day >= ? AND day <= ?",
               [f"{year:04d}-01-01", f"{year:04d}-12-31"])
    db.conn.executemany("INSERT INTO calendar_days (day, working, loaded_by, loaded_at) VALUES (?, ?, ?, ?)",
                   [(d.isoformat(), int(w), actor, at) for d, w in sorted(days.items())])


def calendar_years(db: Database) -> list[dict]:
    """Per loaded year: its working days, days, who loaded it and when."""
    return [dict(r) for r in db.execute(
        "SELECT substr(day, 1, 4) AS year, SUM(working) AS working_days, COUNT(*) AS days, "
        "MAX(loaded_by) AS loaded_by, MAX(loaded_at) AS loaded_at FROM calendar_days "
        "GROUP BY year ORDER BY year")]
# --- appended by the messages part of issue 8 (webapp/sms/bulk.py) -------------------------

def _bulk_where(column: str, groups: dict[str, frozenset[str]] | None) -> tuple[str, list]:
    """The real cases of a region (one indexed column), in the given machines' states if any,
    whose applicant has a number."""
    assert column in ("village_code", "township_code", "county_code")
    where = (f"c.{column} = ? AND c.synthetic = 0 AND c.applicant_phone IS NOT NULL "
             "AND c.applicant_phone != ''")
    params: list = []
    if groups is not None:
        terms = []
        for machine, states in sorted(groups.items()):
            terms.append(f"(c.machine = ? AND c.state IN ({', '.join('?' * len(states))}))")
            params += [machine, *sorted(states)]
        where += f" AND ({' OR '.join(terms) or '0'})"
    return where, params


def bulk_counts(db, column: str, region_code: str,
                groups: dict[str, frozenset[str]] | None) -> tuple[int, int]:
    """How many distinct applicant numbers a bulk send to the region reaches, and how many of
    them opted out of reminders: one aggregate query over the region's index."""
    where, params = _bulk_where(column, groups)
    row = db.execute("SELECT COUNT(DISTINCT c.applicant_phone), COUNT(DISTINCT o.phone) FROM cases c "
                     f"LEFT JOIN opt_outs o ON o.phone = c.applicant_phone WHERE {where}",
                     [region_code, *params]).fetchone()
    return row[0], row[1]


def bulk_phones(db, column: str, region_code: str, groups: dict[str, frozenset[str]] | None,
                batch: int = 500):
    """Each applicant number of the region's cases once, with its latest submission, by number,
    yielded in lists of `batch` from one cursor (never all in memory)."""
    where, params = _bulk_where(column, groups)
    cursor = db.execute("SELECT c.applicant_phone, MAX(c.submission_id) FROM cases c "
                        f"WHERE {where} GROUP BY c.applicant_phone ORDER BY c.applicant_phone",
                        [region_code, *params])
    while rows := cursor.fetchmany(batch):
        yield [(row[0], row[1]) for row in rows]


def county_codes(db, case_ids: list[int]) -> dict[int, str | None]:
    """Each of these cases' county code (the audit reader's county filter), by primary key."""
    if not case_ids:
        return {}
    marks = ", ".join("?" * len(case_ids))
    return {row[0]: row[1] for row in db.execute(
        f"SELECT id, county_code FROM cases WHERE id IN ({marks})", case_ids)}
# --- for corrections (webapp/services/corrections.py) -----------------------------------------

def last_event_id(db, case_id: int) -> int | None:
    """The id of a case's newest event."""
    return db.execute("SELECT MAX(id) FROM case_events WHERE case_id = ?", [case_id]).fetchone()[0]


def move_to_village(db, case_id: int, village_code: str) -> None:
    """A correction moved the applicant to another village of the same township."""
    db.execute("UPDATE cases SET village_code = ? WHERE id = ?", [village_code, case_id])


def copy_applicant(db, case_id: int, name: str | None, id_number: str | None) -> None:
    """Keep the case's copies of the applicant's name and ID number (upper case) in step with
    corrected answers; call in the correction's transaction."""
    db.execute("UPDATE cases SET applicant_name = ?, applicant_id_number = ? WHERE id = ?",
               [name, (id_number or "").upper() or None, case_id])

# Lists, counts and search for staff pages

# The one indexed column a region of each level is filtered by.
REGION_COLUMNS = {"village": "village_code", "township": "township_code", "county": "county_code"}
# What a list row shows: the case row itself, the form it came from and the region names.
_LISTED = """SELECT c.id, c.reference, c.applicant_name, c.submitted_at, c.machine, c.state,
       c.due_on, c.due_fallback, c.accepted_on, c.village_code, c.urgent, s.form,
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


def _state_arms(level: str, region_code: str, states: dict[str, frozenset[str]], take: int,
                start: tuple[str, int] | None = None) -> tuple[list[str], list]:
    """One index range per state and per dated/undated, each already in list order, at most
    `take` rows each: merged, they give the first `take` rows of the whole list cheaply. With a
    start (due_on, id), the dated ranges begin at that row; with a start due day '', the list
    begins among the undated cases (the dated ranges are left out)."""
    column, arms, params = region_column(level), [], []
    dated = "due_on IS NOT NULL"
    if start is not None and start[0]:
        dated = "due_on >= ? AND (due_on > ? OR id >= ?)"
    for machine_name, state, shared in _pairs(states):
        where = f"{column} = ? AND state = ?" + (" AND machine = ?" if shared else "")
        mine = [region_code, state, *([machine_name] if shared else [])]
        if start is None or start[0]:
            arms.append(f"SELECT * FROM (SELECT id, due_on FROM cases WHERE {where} AND {dated} "
                        "ORDER BY due_on, id LIMIT ?)")
            params += [*mine, *([start[0], start[0], start[1]] if start else []), take]
        arms.append(f"SELECT * FROM (SELECT id, due_on FROM cases WHERE {where} AND due_on IS NULL "
                    "ORDER BY id DESC LIMIT ?)")
        params += [*mine, take]
    return arms, params


_DUE_KEY = "region_code = ? AND machine = ? AND state = ?"


def _count_arms(region_code: str, states: dict[str, frozenset[str]], where: str) -> tuple[str, list]:
    """The trigger-kept counts per due day of a region's cases in these states, one key range
    per state, as a union of (due_on, n)."""
    arms, params = [], []
    for machine_name in sorted(states):
        for state in sorted(states[machine_name]):
            arms.append(f"SELECT due_on, n FROM case_due_counts WHERE {_DUE_KEY} AND {where}")
            params += [region_code, machine_name, state]
    return " UNION ALL ".join(arms), params


def _seek(db: Database, level: str, region_code: str, states: dict[str, frozenset[str]],
          offset: int) -> tuple[tuple[str, int], int]:
    """Where the list's row number `offset` is: ((due_on, id) of that row, 0) among the dated
    cases, else (('', 0), its place among the undated). Found by summing the counts per due day
    in list order (as many rows as due days), then reading that one day's cases."""
    union, params = _count_arms(region_code, states, "due_on > '' AND n > 0")
    before = 0
    for day, n in db.execute(f"SELECT due_on, SUM(n) FROM ({union}) GROUP BY due_on ORDER BY due_on",
                             params):
        if before + n > offset:
            return (day, _nth_of_day(db, level, region_code, states, day, offset - before)), 0
        before += n
    return ("", 0), offset - before


def _nth_of_day(db: Database, level: str, region_code: str, states: dict[str, frozenset[str]],
                day: str, nth: int) -> int:
    """The id of the nth case (from 0, in id order) of a region in these states due on `day`."""
    column, arms, params = region_column(level), [], []
    for machine_name, state, shared in _pairs(states):
        where = f"{column} = ? AND state = ?" + (" AND machine = ?" if shared else "")
        arms.append(f"SELECT * FROM (SELECT id FROM cases WHERE {where} AND due_on = ? "
                    "ORDER BY id LIMIT ?)")
        params += [region_code, state, *([machine_name] if shared else []), day, nth + 1]
    return db.execute(f"SELECT id FROM ({' UNION ALL '.join(arms)}) ORDER BY id LIMIT 1 OFFSET ?",
                      [*params, nth]).fetchone()[0]


def queue_page(db: Database, level: str, region_code: str, states: dict[str, frozenset[str]],
               offset: int, limit: int) -> list[dict]:
    """One page of a region's cases in the given states, in list order (_ORDER). A far page
    starts where _seek finds its first row, so it reads about a page of index entries, not
    every row before it (only a page among the undated skips the undated before it)."""
    if not states:
        return []
    start, skip = _seek(db, level, region_code, states, offset) if offset else (None, 0)
    arms, params = _state_arms(level, region_code, states, skip + limit, start)
    picked = (f"SELECT id, due_on FROM ({' UNION ALL '.join(arms)}) "
              f"ORDER BY {_ORDER} LIMIT ? OFFSET ?")
    rows = db.execute(f"WITH picked(id, due_on) AS ({picked}) {_LISTED} "
                      f"WHERE c.id IN (SELECT id FROM picked) {_IN_ORDER}",
                      [*params, limit, skip]).fetchall()
    return [dict(r) for r in rows]


def due_counts(db: Database, region_code: str, states: dict[str, frozenset[str]],
               today: str, soon: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(machine, state) -> (due between today and `soon`, due before today) for those states,
    from the trigger-kept counts per due day. Overdue is what is neither undated nor due from
    today on, so only the rows of the days ahead and the undated row are read: a few per state,
    however many cases the region has."""
    counts, found = counts_by_state(db, region_code), {}
    for machine_name in sorted(states):
        for state in sorted(states[machine_name]):
            key = [region_code, machine_name, state]
            ahead, soon_n, undated = db.execute(
                "SELECT SUM(n), SUM(CASE WHEN due_on <= ? THEN n ELSE 0 END), "
                f"(SELECT n FROM case_due_counts WHERE {_DUE_KEY} AND due_on = '') "
                f"FROM case_due_counts WHERE {_DUE_KEY} AND due_on >= ?",
                [soon, *key, *key, today]).fetchone()
            overdue = counts.get((machine_name, state), 0) - (ahead or 0) - (undated or 0)
            if soon_n or overdue:
                found[machine_name, state] = (soon_n or 0, overdue)
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
# The name is the one the ID number is bound to (webapp/services/persons.py), so two cases
# of one ID number never show two names.
_ASSISTED = """SELECT c.id, c.submission_id, c.reference, c.machine, c.state, c.visit_on,
       COALESCE(p.name, c.applicant_name) AS name, c.applicant_id_number AS id_number,
       c.applicant_phone AS phone, s.form, t.name AS filled_by_name
FROM cases c JOIN submissions s ON s.id = c.submission_id
LEFT JOIN persons p ON p.id_number = c.applicant_id_number
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


# --- Temporary aid: the payments made under a case (first aid and the stages of one approval),
# and the region's 临时救助 queue along the partial indexes of migration 0024.

def add_payment(db: Database, row: dict) -> None:
    """Append one payment of a case."""
    db.execute("INSERT INTO case_payments (case_id, kind, amount_fen, method, paid_on, note, actor, at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [row["case_id"], row["kind"], row["amount_fen"], row["method"], row["paid_on"],
                row["note"], row["actor"], row["at"]])


def payments(db: Database, case_id: int) -> list[dict]:
    """Every payment of the case, oldest first."""
    return [dict(r) for r in db.execute("SELECT * FROM case_payments WHERE case_id = ? ORDER BY id",
                                        [case_id])]


def latest_payment(db: Database, case_id: int) -> dict | None:
    """The case's newest payment, or None."""
    row = db.execute("SELECT * FROM case_payments WHERE case_id = ? ORDER BY id DESC LIMIT 1",
                     [case_id]).fetchone()
    return dict(row) if row else None


# Urgent first, then the soonest deadline; not yet accepted (no deadline) after those, oldest first.
_AID_ORDER = "ORDER BY c.urgent DESC, c.due_on IS NULL, c.due_on, c.id"


def aid_queue_page(db: Database, level: str, region_code: str, offset: int, limit: int) -> list[dict]:
    """One page of the region's open temporary-aid cases, urgent first, then by deadline. The
    partial index holds only temporary-aid rows, and of those the open states are read: the page
    costs the region's open temporary aid, never its other cases."""
    states = sorted(machine.TEMPORARY_AID.group(machine.Group.OPEN))
    where = (f"c.{region_column(level)} = ? AND c.machine = ? "
             f"AND c.state IN ({', '.join('?' * len(states))})")
    rows = db.execute(f"{_LISTED} WHERE {where} {_AID_ORDER} LIMIT ? OFFSET ?",
                      [region_code, machine.TEMPORARY_AID.name, *states, limit, offset]).fetchall()
    return [dict(r) for r in rows]


# --- The history of a case's monthly amount (migration 0027)

def add_amount(db: Database, row: dict) -> None:
    """Append one amount to the case's history."""
    insert_row(db, "INSERT INTO case_amounts", row)


def amounts(db: Database, case_id: int, limit: int = 50) -> list[dict]:
    """The case's latest `limit` amounts, in the order they were recorded (a case gets one at
    confirmation and one a review, so the page shows them all in practice)."""
    rows = db.execute("SELECT * FROM case_amounts WHERE case_id = ? ORDER BY id DESC LIMIT ?",
                      [case_id, limit]).fetchall()
    return [dict(r) for r in reversed(rows)]


# --- The resident's timeline (webapp/services/timeline.py): a submission's case, the cases of a
# page of submissions, and the newest events of each along the (case_id, id) index.

def by_submission(db: Database, submission_id: int) -> Case | None:
    """A submission's case, None before it opens (the unique submission_id index)."""
    row = db.execute("SELECT * FROM cases WHERE submission_id = ?", [submission_id]).fetchone()
    return Case(**{k: row[k] for k in row.keys() if k in _CASE_FIELDS}) if row else None


def of_submissions(db: Database, submission_ids: list[int]) -> dict[int, Case]:
    """Submission id -> its case, for the submissions that have one."""
    if not submission_ids:
        return {}
    marks = ", ".join("?" * len(submission_ids))
    rows = db.execute(f"SELECT * FROM cases WHERE submission_id IN ({marks})", submission_ids)
    return {row["submission_id"]: Case(**{k: row[k] for k in row.keys() if k in _CASE_FIELDS})
            for row in rows}


def latest_events(db: Database, case_ids: list[int], per_case: int) -> list[dict]:
    """The newest `per_case` events of each case, oldest first per case, each with `total`, how
    many events its case has."""
    if not case_ids:
        return []
    marks = ", ".join("?" * len(case_ids))
    return [dict(r) for r in db.execute(
        "SELECT * FROM (SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.case_id ORDER BY e.id DESC) "
        "AS newest, COUNT(*) OVER (PARTITION BY e.case_id) AS total FROM case_events e "
        f"WHERE e.case_id IN ({marks})) WHERE newest <= ? ORDER BY case_id, id",
        [*case_ids, per_case])]


# --- One person (webapp/services/persons.py): a person's cases by ID number, along the
# applicant_id_number index of migration 0014.

def cases_of_person(db: Database, id_number: str, limit: int = 50) -> list[dict]:
    """The newest cases whose applicant has this ID number: id, submission, reference, machine
    and state."""
    return [dict(r) for r in db.execute(
        "SELECT id, submission_id, reference, machine, state FROM cases "
        "WHERE applicant_id_number = ? ORDER BY id DESC LIMIT ?", [id_number, limit])]


def rename_applicant(db: Database, id_number: str, name: str) -> int:
    """Staff corrected the name bound to an ID number: every case of it shows the new one; how
    many cases changed."""
    return db.execute("UPDATE cases SET applicant_name = ? WHERE applicant_id_number = ?",
                      [name, id_number]).rowcount


def applicant_id_number_of(db: Database, case_id: int) -> str | None:
    """The ID number of the case's applicant, None if it has none (or there is no such case)."""
    row = db.execute("SELECT applicant_id_number FROM cases WHERE id = ?", [case_id]).fetchone()
    return row[0] if row else None


def deadlines_through(db: Database, first: str, last: str, batch: int = 500) -> Iterator[dict]:
    """Open cases whose working-day deadline may be counted through the days first … last:
    accepted on or before `last`, due on or after `first`; read in id order, a batch at a time."""
    arms, params = [], []
    for procedure in machine.MACHINES.values():
        if machine.counts_calendar_days(procedure):
            continue
        states = sorted(procedure.group(machine.Group.OPEN))
        arms.append(f"(machine = ? AND state IN ({', '.join('?' * len(states))}))")
        params += [procedure.name, *states]
    where = (f"id > ? AND due_on >= ? AND accepted_on IS NOT NULL AND accepted_on <= ? "
             f"AND ({' OR '.join(arms)})")
    after = 0
    while True:
        rows = [dict(r) for r in db.execute(
            f"SELECT id, machine, state, accepted_on, due_on, due_fallback FROM cases "
            f"WHERE {where} ORDER BY id LIMIT ?", [after, first, last, *params, batch])]
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1]["id"]


def last_event_at(db: Database, case_id: int, action: str) -> str | None:
    """When the case's latest event of this action was recorded (UTC, ISO), or None."""
    row = db.execute("SELECT at FROM case_events WHERE case_id = ? AND action = ? "
                     "ORDER BY id DESC LIMIT 1", [case_id, action]).fetchone()
    return row[0] if row else None
