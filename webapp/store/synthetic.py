"""Synthetic cases in bulk, for trials and benchmarks (`flask --app wsgi demo --cases N`).

The one store module that inserts into every table group's tables (residents, submissions, cases,
case_events): a bulk loader, not a workflow, so it is not an owner in OWNERS and
tests/test_store_owners.py does not hold it to one group. Nothing else may copy it.

Every row it writes is marked: `synthetic = 1` on submissions and cases, references `SYN…` (the
length and alphabet of real ones), phones 1999xxxxxxx, ID numbers of the fictional region 9999xx,
and `synthetic` as the actor of every step. No SMS is queued and no audit entry written; a trial on
synthetic cases should run with the console SMS backend, since a step a tester takes on one
texts its phone number.

The cases go through every state of both machines (the first ones take every state once, the rest
in the proportions of STATE_WEIGHTS), over every village given, along paths of their machine's
transitions, with the dates each step sets (webapp/services/cases.py) consistent with the state:
open cases are recent, decided ones spread over the last few years. The same seed, count and day
give the same rows.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache
from multiprocessing.pool import AsyncResult

from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.domain.assessment import PROPOSED_RECIPIENT
from webapp.domain.id_number import check_character
from webapp.domain.policy import HENAN_2022
from webapp.domain.reference import ALPHABET, LENGTH
from webapp.domain.working_days import WorkingCalendar

BEIJING = timezone(timedelta(hours=8))
REFERENCE_PREFIX = "SYN"
PHONE_PREFIX = "1999"
ACTOR = "synthetic"
BATCH = 20_000  # cases per transaction
REBUILD_INDEXES_AT = 50_000  # cases in one load from which the indexes are made again at the end
FORM_OF = {machine.APPLICATION.name: "application", machine.RELAPSE_MONITORING.name: "self_declaration",
           machine.TEMPORARY_AID.name: "temporary_aid"}
# Of the cases: applications, self-declarations (relapse monitoring) and temporary aid.
MACHINE_SHARES = {machine.APPLICATION.name: 0.75, machine.RELAPSE_MONITORING.name: 0.17,
                  machine.TEMPORARY_AID.name: 0.08}
# How a county's cases are spread over the states: most are decided and paid or finished; a
# state missing here (a new one) weighs 1.
STATE_WEIGHTS = {
    "submitted": 3, "not_accepted": 2, "accepted": 3, "correction_requested": 1.5, "visit_booked": 2,
    "investigated": 1.5, "records_checked": 1, "preliminary_opinion": 1, "public_notice": 1.5,
    "objection_raised": 0.3, "democratic_reviewed": 0.2, "confirmed": 1, "refused": 4,
    "published": 50, "phasing_out": 4, "ended": 20,
    "declared": 3, "home_verified": 2, "data_compared": 1.5, "village_shortlisted": 1,
    "township_reviewed": 1, "county_approved": 1, "announced": 1, "filed": 1, "plan_entered": 45,
    "not_included": 15, "risk_removed": 25,
    "first_aid_given": 0.5, "first_aid_explained": 0.3, "proposed": 1, "approved": 2, "completed": 30,
}
# Days from one step to the next, by action: (least, most); others take 1–5.
GAPS = {
    "accept": (0, 5), "refuse_acceptance": (1, 5), "resubmit": (1, 10), "record_investigation": (1, 7),
    "confirm": (7, 11), "refuse": (7, 11), "raise_objection": (0, 6), "publish": (0, 5),
    "start_phase_out": (30, 700), "stop_assistance": (30, 900), "end_phase_out": (0, 5),
    "approve_at_county": (1, 3), "enter_assistance_plan": (1, 4), "remove_risk": (180, 700),
    "give_first_aid": (0, 1), "approve": (1, 5), "record_payment": (0, 20),
}
AID_DEADLINE_DAYS = HENAN_2022.temporary_aid_decision_days  # the example values
EXPLANATION_DAYS = HENAN_2022.temporary_aid_explanation_days
FIRST_AID_FEN = 50_000
PHASE_OUT_MONTHS = 6
PHASE_OUT_DAYS = 184  # at most, for PHASE_OUT_MONTHS
DEADLINE_DAYS = 30
DETOUR_SHARE = 0.1  # cases that take a loop on the way (a correction, a rebooked visit)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国平玉兰桂红霞春梅志刚海波德福荣凤云"
CATEGORY_AMOUNTS = {"dibao": (30_000, 90_000), "tekun": (60_000, 120_000), "near_dibao": (0, 0),
                    "expenditure_hardship": (0, 0), "temporary_aid": (20_000, 50_000)}
REASONS = {"refuse_acceptance": "不属于本乡镇受理范围", "request_correction": "请补充家庭成员的收入证明",
           "raise_objection": "群众反映家中有车辆", "refuse": "家庭收入高于当地低保标准",
           "stop_assistance": "家庭收入已稳定高于当地低保标准", "record_review": "复核后继续享受",
           "not_shortlist": "经比对收入未明显下降", "reject_at_township": "风险已自行消除",
           "reject_at_county": "不符合监测条件", "remove_risk": "收入连续六个月稳定高于监测标准",
           "mark_urgent": "房屋失火，一家人无处安身", "explain_first_aid": "当天入户查看，情况属实",
           "record_investigation": "入户核实，情况属实", "return_proposal": "请核实受助人数"}
CASE_COLUMNS = (
    "id", "submission_id", "machine", "state", "village_code", "township_code", "county_code",
    "opened_on", "accepted_on", "due_on", "due_fallback", "notice_start", "notice_end", "updated_at",
    "category", "monthly_amount_fen", "household_size", "assessment", "visit_on", "visit_booked_on",
    "notice_posted_on", "confirmed_on", "review_due_on", "reviewed_on", "review_result",
    "phase_out_until", "reference", "applicant_name", "applicant_id_number", "applicant_phone",
    "submitted_at", "synthetic", "urgent", "aid_amount_fen", "aid_level", "aid_household_size",
    "aid_paid_fen", "first_aid_on", "approved_on")
EVENT_COLUMNS = ("case_id", "at", "actor", "action", "from_state", "to_state", "reason", "detail")


# One encoder for every row (json.dumps with options makes a new one per call).
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# What the preliminary opinion keeps, without the calculation a real one shows line by line.
ASSESSMENT = _json({"lines": [], "findings": {}, "parameters": {}, "parameters_version": None,
                    "synthetic": True})


@cache
def _group(name: str, group: machine.Group) -> frozenset[str]:
    """A machine's states in a group, worked out once."""
    return machine.MACHINES[name].group(group)


@dataclass(frozen=True)
class Village:
    """Where a case is: the village and the township and county above it."""

    code: str
    township_code: str
    county_code: str


@dataclass
class _Case:
    """One synthetic case being made: its columns and the events of its path."""

    columns: dict = field(default_factory=dict)
    events: list[tuple] = field(default_factory=list)


def villages_of(db: Database, county_code: str) -> list[Village]:
    """Every village of a county, with its township."""
    rows = db.execute(
        "SELECT v.code, t.code, t.parent_code FROM regions v JOIN regions t ON t.code = v.parent_code "
        "WHERE v.level = 'village' AND t.parent_code = ? ORDER BY v.code", [county_code]).fetchall()
    return [Village(*row) for row in rows]


def load(db: Database, count: int, villages: Sequence[Village], *, seed: int = 1,
         today: date | None = None, calendar: WorkingCalendar | None = None,
         workers: int | None = None, batch: int = BATCH) -> int:
    """Insert `count` synthetic cases after those already there; return how many there are now.

    Batches of rows are made by `workers` processes (by default one per core when there is more
    than one batch) while this one inserts them, each batch in its own transaction. The ids
    follow the largest ones at the start: nothing else may add residents, submissions or cases
    while the load runs (a batch would fail on a taken id)."""
    if not villages:
        raise ValueError("no villages to put synthetic cases in")
    first = _synthetic_count(db)
    ids = tuple(db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
                for table in ("residents", "submissions", "cases"))
    plan = _Plan(tuple(villages), seed, today or datetime.now(BEIJING).date(),
                 calendar or WorkingCalendar(), first, ids)
    starts = [(start, min(batch, first + count - start)) for start in range(first, first + count, batch)]
    if workers is None:
        workers = (os.cpu_count() or 1) if len(starts) > 1 else 0
    with _fast_load(db), _indexes_rebuilt(db, count >= REBUILD_INDEXES_AT):
        if workers:
            _load_in_pool(db, plan, starts, workers)
        else:
            _set_plan(plan)
            for start in starts:
                _insert_batch(db, _make_batch(start))
    return first + count


def _load_in_pool(db: Database, plan: _Plan, starts: list[tuple[int, int]], workers: int) -> None:
    """Workers make the batches, in order, at most one each ahead of the inserts (bounded memory)."""
    with multiprocessing.get_context("fork").Pool(workers, _set_plan, (plan,)) as pool:
        pending: deque[AsyncResult] = deque()
        for start in starts:
            pending.append(pool.apply_async(_make_batch, (start,)))
            if len(pending) > workers:
                _insert_batch(db, pending.popleft().get())
        while pending:
            _insert_batch(db, pending.popleft().get())


@dataclass(frozen=True)
class _Plan:
    """What every batch is made from, besides its first case's number: the villages, the seed,
    the day, the calendar, the number of the load's first case and the ids before it."""

    villages: tuple[Village, ...]
    seed: int
    today: date
    calendar: WorkingCalendar
    first: int
    ids: tuple[int, int, int]  # the largest resident, submission and case ids before the load


_plan: _Plan | None = None


def _set_plan(plan: _Plan) -> None:
    """Give this process (a worker of the pool, or the loader itself) the plan to make batches by."""
    global _plan
    _plan = plan


def _synthetic_count(db: Database) -> int:
    return db.execute("SELECT COUNT(*) FROM submissions WHERE synthetic = 1").fetchone()[0]


class _fast_load:
    """For the load only: no fsync, a large page cache, sorts in memory and on two threads (the
    index builds); restored after."""

    PRAGMAS = ("synchronous", "cache_size", "temp_store", "threads")
    LOAD = {"synchronous": "OFF", "cache_size": "-262144", "temp_store": "MEMORY", "threads": "2"}

    def __init__(self, db: Database) -> None:
        self.db = db
        self.saved: dict[str, object] = {}

    def __enter__(self) -> None:
        for name in self.PRAGMAS:
            self.saved[name] = self.db.execute(f"PRAGMA {name}").fetchone()[0]
            self.db.execute(f"PRAGMA {name} = {self.LOAD[name]}")

    def __exit__(self, *exc: object) -> None:
        for name, value in self.saved.items():
            self.db.execute(f"PRAGMA {name} = {value}")


class _indexes_rebuilt:
    """For a large load: the indexes of the loaded tables dropped first and made again at the end
    (from every row at once, much faster than keeping them up to date row by row). Queries in
    between are slow, not wrong; the indexes come back even when the load fails."""

    TABLES = ("residents", "submissions", "cases", "case_events")

    def __init__(self, db: Database, wanted: bool) -> None:
        self.db = db
        self.wanted = wanted
        self.statements: list[str] = []

    def __enter__(self) -> None:
        if not self.wanted:
            return
        rows = self.db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(self.TABLES))})", self.TABLES).fetchall()
        with self.db.conn:
            for name, sql in rows:
                self.db.execute(f'DROP INDEX "{name}"')
                self.statements.append(sql)

    def __exit__(self, *exc: object) -> None:
        with self.db.conn:
            for sql in self.statements:
                self.db.execute(sql)


@dataclass
class _Rows:
    """A batch as it is inserted: the rows of each table."""

    residents: list[tuple] = field(default_factory=list)
    submissions: list[tuple] = field(default_factory=list)
    cases: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)


def _make_batch(start_and_size: tuple[int, int]) -> _Rows:
    """The rows of cases start … start+size-1, the same for the same plan wherever and in
    whichever batch they are made."""
    start, size = start_and_size
    assert _plan is not None
    villages, rows = _plan.villages, _Rows()
    rng = random.Random()
    for k in range(start, start + size):
        rng.seed(_plan.seed * 1_000_000_007 + k)  # each case its own: batches may be cut anywhere
        made = _make_case(rng, k, villages[k % len(villages)], _plan.today, _plan.calendar)
        offset = k - _plan.first + 1
        resident_id, submission_id, case_id = (base + offset for base in _plan.ids)
        c = made.columns
        rows.residents.append((resident_id, c["applicant_phone"], c["submitted_at"]))
        rows.submissions.append((submission_id, resident_id, FORM_OF[c["machine"]], c["reference"],
                                 c.pop("answers"), c["submitted_at"], c["submitted_at"], c["submitted_at"]))
        c.update(id=case_id, submission_id=submission_id, synthetic=1)
        rows.cases.append(tuple(c.get(name) for name in CASE_COLUMNS))
        rows.events.extend((case_id, *event) for event in made.events)
    return rows


def _insert_batch(db: Database, rows: _Rows) -> None:
    """One transaction: the residents, submissions, cases and events of a batch."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("INSERT INTO residents (id, phone, created_at) VALUES (?, ?, ?)", rows.residents)
        conn.executemany(
            "INSERT INTO submissions (id, resident_id, form, status, reference, answers, created_at, "
            "updated_at, submitted_at, synthetic) VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, ?, 1)",
            rows.submissions)
        conn.executemany(f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) "
                         f"VALUES ({', '.join('?' * len(CASE_COLUMNS))})", rows.cases)
        conn.executemany(f"INSERT INTO case_events ({', '.join(EVENT_COLUMNS)}) "
                         f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})", rows.events)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


# --- one case -----------------------------------------------------------------------------------

def _make_case(rng: random.Random, k: int, village: Village, today: date,
               calendar: WorkingCalendar) -> _Case:
    m, state = _machine_and_state(rng, k)
    path = _with_detour(rng, m, rng.choice(_paths(m.name)[state]))
    gaps = [_gap(rng, t.action) for t in path]
    person = _person(rng, k, village, m)
    opened = _opening_day(rng, m, state, path, gaps, today)
    while True:  # a step that must wait (the visit, the notice's end) may push the last past today
        made, last = _walk(rng, m, path, gaps, opened, person, village, today, calendar)
        if last <= today:
            return made
        opened -= last - today


def _walk(rng: random.Random, m: machine.Machine, path: Sequence[machine.Transition],
          gaps: Sequence[int], opened: date, person: dict, village: Village, today: date,
          calendar: WorkingCalendar) -> tuple[_Case, date]:
    """The case filed on `opened` and taken along the path; and the day of its last step."""
    made = _Case()
    made.columns.update(person, machine=m.name, state=m.initial, village_code=village.code,
                        township_code=village.township_code, county_code=village.county_code,
                        opened_on=opened.isoformat(), submitted_at=_at(rng, opened, 8, 16),
                        urgent=0, aid_paid_fen=0)
    if m is machine.RELAPSE_MONITORING:
        made.columns.update(due_on=machine.relapse_approval_due(opened).due.isoformat(), due_fallback=0)
    day = opened
    for t, gap in zip(path, gaps, strict=True):
        day = _step(rng, made, t, day + timedelta(days=gap), calendar)
    if made.columns["state"] in _group(m.name, machine.Group.UNDER_REVIEW) and day <= today:
        day = _reviews(rng, made, day, today)
    made.columns["updated_at"] = _at(rng, day, 9, 17)
    return made, day


ALL_STATES = [(machine.MACHINES[name], s) for name in MACHINE_SHARES for s in machine.MACHINES[name].states]


def _machine_and_state(rng: random.Random, k: int) -> tuple[machine.Machine, str]:
    """Every state of every machine once among the first cases, then by STATE_WEIGHTS."""
    if k < len(ALL_STATES):
        return ALL_STATES[k]
    m = machine.MACHINES[rng.choices(list(MACHINE_SHARES), list(MACHINE_SHARES.values()))[0]]
    states = list(m.states)
    return m, rng.choices(states, [STATE_WEIGHTS.get(s, 1) for s in states])[0]


_PATHS: dict[str, dict[str, list[tuple[machine.Transition, ...]]]] = {}


def _paths(name: str) -> dict[str, list[tuple[machine.Transition, ...]]]:
    """State -> every path of transitions from the initial state to it that visits no state twice."""
    if name not in _PATHS:
        m = machine.MACHINES[name]
        found: dict[str, list[tuple[machine.Transition, ...]]] = {s: [] for s in m.states}

        def walk(state: str, path: tuple[machine.Transition, ...], seen: frozenset[str]) -> None:
            found[state].append(path)
            for t in m.transitions:
                if t.state == state and t.next_state not in seen:
                    walk(t.next_state, (*path, t), seen | {t.next_state})

        walk(m.initial, (), frozenset({m.initial}))
        _PATHS[name] = found
    return _PATHS[name]


def _with_detour(rng: random.Random, m: machine.Machine,
                 path: tuple[machine.Transition, ...]) -> tuple[machine.Transition, ...]:
    """Now and then a loop on the way: out of a state and back (a correction), or a step that
    stays (a rebooked visit); never the review, which _reviews adds by the calendar."""
    if len(path) < 2 or rng.random() >= DETOUR_SHARE:
        return path
    at = rng.randrange(1, len(path))
    state = path[at - 1].next_state
    loops = [(t,) for t in m.transitions if t.state == state == t.next_state and not t.needs_reason]
    loops += [(out, back) for out in m.transitions if out.state == state
              for back in m.transitions if back.state == out.next_state and back.next_state == state
              and out.next_state != state]
    return (*path[:at], *rng.choice(loops), *path[at:]) if loops else path


def _gap(rng: random.Random, action: str) -> int:
    least, most = GAPS.get(action, (1, 5))
    return _between(rng, least, most)


def _opening_day(rng: random.Random, m: machine.Machine, state: str,
                 path: Sequence[machine.Transition], gaps: Sequence[int], today: date) -> date:
    """Open cases were filed lately; decided ones over the last few years. The phase-out and the
    end of a phase-out take their six months into account."""
    span = sum(gaps) + sum(PHASE_OUT_DAYS for t in path if t.action == "end_phase_out")
    if state in _group(m.name, machine.Group.OPEN):
        slack = _between(rng, 0, 8)
    elif state in _group(m.name, machine.Group.PHASING_OUT):
        slack = _between(rng, 0, 170)
    else:
        slack = _between(rng, 0, 3 * 365)
    return today - timedelta(days=span + slack)


def _step(rng: random.Random, made: _Case, t: machine.Transition, day: date,
          calendar: WorkingCalendar) -> date:
    """Take one step on `day` (or the day it must fall on): the case columns it sets, its event."""
    c = made.columns
    changes: dict = {}
    if c["machine"] == machine.TEMPORARY_AID.name:
        changes = _aid_step(c, t, day, calendar)
    elif t.action == "accept" and not c.get("accepted_on"):
        deadline = calendar.add_working_days(day, DEADLINE_DAYS)
        changes = {"accepted_on": day.isoformat(), "due_on": deadline.due.isoformat(),
                   "due_fallback": int(deadline.fallback_used)}
    elif t.action in ("book_visit", "rebook_visit"):
        visit = day + timedelta(days=_between(rng, 1, 7))
        changes = {"visit_on": visit.isoformat(), "visit_booked_on": day.isoformat()}
    elif t.action == "record_investigation" and c.get("visit_on"):
        day = max(day, date.fromisoformat(c["visit_on"]))
    elif t.action == "give_preliminary_opinion":
        changes = _opinion(rng, c)
    elif t.action == "start_public_notice":
        period = machine.notice_period(day)
        changes = {"notice_start": period.start.isoformat(), "notice_end": period.end.isoformat(),
                   "notice_posted_on": day.isoformat()}
        if c.get("category") not in PROPOSED_RECIPIENT:  # only a proposal to grant goes on notice
            changes.update(category="dibao", monthly_amount_fen=CATEGORY_AMOUNTS["dibao"][0])
    elif t.action == "refuse" and t.state == "preliminary_opinion":
        changes = {"category": "not_eligible", "monthly_amount_fen": 0}  # refused without notice
    elif t.action == "raise_objection":
        day = min(day, date.fromisoformat(c["notice_end"]))
    elif t.action in ("confirm", "refuse"):
        day = max(day, date.fromisoformat(c["notice_end"]) + timedelta(days=1))
        if t.action == "confirm":
            changes = {"confirmed_on": day.isoformat(), "review_due_on": machine.review_due(day).isoformat()}
    elif t.action == "start_phase_out":
        changes = {"phase_out_until": machine.phase_out_until(day, PHASE_OUT_MONTHS).isoformat()}
    elif t.action == "end_phase_out":
        day = max(day, date.fromisoformat(c["phase_out_until"]))
    elif t.action == "approve_at_county":
        changes = {"due_on": machine.relapse_plan_due(day).due.isoformat(), "due_fallback": 0}
    elif t.action in ("enter_assistance_plan", "not_shortlist", "reject_at_township", "reject_at_county"):
        changes = {"due_on": None}
    c.update(changes, state=t.next_state)
    made.events.append((_at(rng, day, 9, 17), "public" if t.action == "raise_objection" else ACTOR,
                        t.action, t.state, t.next_state, REASONS.get(t.action) if t.needs_reason else None,
                        _json(changes) if changes else "{}"))
    return day


def _aid_step(c: dict, t: machine.Transition, day: date, calendar: WorkingCalendar) -> dict:
    """The case columns a step of temporary aid sets (webapp/services/temporary_aid.py). The
    payments themselves are not loaded: the case's totals say what was paid."""
    def due(days: int) -> dict:
        deadline = calendar.add_working_days(day, days)
        return {"due_on": deadline.due.isoformat(), "due_fallback": int(deadline.fallback_used)}

    if t.action == "accept":
        return {"accepted_on": day.isoformat(), **due(AID_DEADLINE_DAYS)}
    if t.action == "mark_urgent":
        return {"urgent": 1}
    if t.action == "give_first_aid":
        return {"urgent": 1, "first_aid_on": day.isoformat(), "aid_paid_fen": FIRST_AID_FEN,
                "accepted_on": c.get("accepted_on") or day.isoformat(), **due(EXPLANATION_DAYS)}
    if t.action == "explain_first_aid":
        accepted = date.fromisoformat(c["accepted_on"])
        deadline = calendar.add_working_days(accepted, AID_DEADLINE_DAYS)
        return {"due_on": deadline.due.isoformat(), "due_fallback": int(deadline.fallback_used)}
    if t.action == "propose_aid":
        amount = c["household_size"] * 1_500_00
        return {"aid_amount_fen": amount, "aid_household_size": c["household_size"],
                "aid_level": "township"}
    if t.action == "approve":
        return {"approved_on": day.isoformat(), "due_on": None}
    if t.action in ("record_payment", "complete_aid"):
        return {"aid_paid_fen": c["aid_amount_fen"]}
    if t.next_state in ("refused", "not_accepted"):
        return {"due_on": None}
    return {}


def _opinion(rng: random.Random, c: dict) -> dict:
    """The preliminary opinion's category and amount (a household of `household_size`)."""
    category = rng.choices(list(CATEGORY_AMOUNTS), [70, 8, 10, 6, 6])[0]
    least, most = CATEGORY_AMOUNTS[category]
    amount = _between(rng, least // 100, most // 100) * 100 if most else 0
    return {"category": category, "monthly_amount_fen": amount, "household_size": c["household_size"],
            "assessment": ASSESSMENT}


def _reviews(rng: random.Random, made: _Case, day: date, today: date) -> date:
    """A receiving case's yearly reviews up to today, after its last step on `day`; one in ten
    is overdue for the next. The day of the last review, or `day`."""
    c = made.columns
    # A review that fell due before the last step (a phase-out begun late) is taken after it.
    due = max(date.fromisoformat(c["review_due_on"]), day)
    while due <= today and rng.random() > 0.1:
        reviewed = due + timedelta(days=_between(rng, 0, 20))
        if reviewed > today:
            break
        changes = {"reviewed_on": reviewed.isoformat(), "review_result": REASONS["record_review"],
                   "review_due_on": machine.review_due(reviewed).isoformat()}
        c.update(changes)
        made.events.append((_at(rng, reviewed, 9, 17), ACTOR, "record_review", c["state"], c["state"],
                            REASONS["record_review"], _json(changes)))
        day, due = reviewed, machine.review_due(reviewed)
    return day


# --- the person and the answers -----------------------------------------------------------------

def _person(rng: random.Random, k: int, village: Village, m: machine.Machine) -> dict:
    """The applicant or declarant, the household, and the answers of the form."""
    surname = rng.choice(SURNAMES)
    name = surname + "".join(rng.choices(GIVEN, k=_between(rng, 1, 2)))
    applicant_id = synthetic_id_number(k, 0)
    members = [{"name": name, "id_number": applicant_id, "relation": "self"}]
    relations = rng.sample(["spouse", "child", "parent", "grandchild"], _between(rng, 0, 3))
    for j, relation in enumerate(relations):
        members.append({"name": surname + rng.choice(GIVEN), "relation": relation,
                        "id_number": synthetic_id_number(k, j + 1)})
    phone = f"{PHONE_PREFIX}{k:07d}"
    if m is machine.APPLICATION:
        for member in members:
            member.update(serious_illness="no", labor_ability="full", work="farming", disability_kind="")
        answers = {"applicant": {"name": name, "id_number": applicant_id, "phone": phone},
                   "residence": {"county": village.county_code, "township": village.township_code,
                                 "village": village.code,
                                 "address": f"{_between(rng, 1, 9)}组{_between(rng, 1, 60)}号",
                                 "hukou_same": "yes"},
                   "members": members}
    elif m is machine.TEMPORARY_AID:
        answers = {"person": {"name": name, "id_number": applicant_id, "phone": phone},
                   "place": {"county": village.county_code, "township": village.township_code,
                             "village": village.code, "hukou": rng.choice(["here", "province", "elsewhere"])},
                   "event": {"kind": rng.choice(["fire_or_disaster", "accident", "income_loss", "other"]),
                             "since": "2026-01-15", "what_happened": "突发困难", "sensitive": "no"},
                   "household": {"size": len(members), "needs": ["food"], "amount_asked": None},
                   "members": members}
    else:
        answers = {"declarant": {"name": name, "id_number": applicant_id, "county": village.county_code,
                                 "township": village.township_code, "village": village.code},
                   "risks": {"risks": [rng.choice(["income_drop", "unstable_work", "expense_rise"])]},
                   "members": members}
    return {"reference": synthetic_reference(k), "applicant_name": name, "applicant_id_number": applicant_id,
            "applicant_phone": phone, "household_size": len(members),
            "answers": _json(answers)}


def synthetic_reference(k: int) -> str:
    """The k-th synthetic reference: SYN and k in the references' own alphabet, 8 characters."""
    digits = []
    for _position in range(LENGTH - len(REFERENCE_PREFIX)):
        k, digit = divmod(k, len(ALPHABET))
        digits.append(ALPHABET[digit])
    if k:
        raise ValueError("no synthetic references left")
    return REFERENCE_PREFIX + "".join(reversed(digits))


BIRTH_DAYS = 24_000  # born over about 65 years, from 1945 on
FIRST_BIRTH = date(1945, 1, 1)


def synthetic_id_number(k: int, member: int) -> str:
    """A valid 18-digit ID number of the fictional region 9999xx, one per case and member."""
    n = k * 4 + member
    born = FIRST_BIRTH + timedelta(days=n * 7919 % BIRTH_DAYS)
    first_17 = f"9999{n // BIRTH_DAYS // 1000 % 100:02d}{born:%Y%m%d}{n // BIRTH_DAYS % 1000:03d}"
    return first_17 + check_character(first_17)


def _at(rng: random.Random, day: date, from_hour: int, to_hour: int) -> str:
    """A moment of that Beijing day between the hours (before 16:00), in UTC like the rest of the
    database: the same date, 8 hours earlier."""
    hour = _between(rng, from_hour, to_hour - 1) - 8
    seconds = int(rng.random() * 3600)
    return f"{day.isoformat()}T{hour:02d}:{seconds // 60:02d}:{seconds % 60:02d}+00:00"


def _between(rng: random.Random, least: int, most: int) -> int:
    """A whole number from least to most, both included (random.randint, faster)."""
    return least + int(rng.random() * (most - least + 1))


def every_case(db: Database) -> Iterator[dict]:
    """The synthetic cases (for tests of the loader)."""
    yield from db.query("SELECT * FROM cases WHERE synthetic = 1 ORDER BY id")
