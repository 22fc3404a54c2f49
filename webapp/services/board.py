"""The deadline board: counts of a region's cases per state, those due within the next few working
days and those overdue, and a small bar chart of them as SVG. Pure: aggregate counts in (from
webapp.services.queues.board_counts), numbers and markup out; `summary` does the same from rows
(each with machine, state and days_left), the row-by-row count the aggregates must agree with.

days_left is in the deadline's own unit: working days for applications, plain days for relapse
monitoring (RULES.md "Relapse monitoring"). "Due soon" means within 5 working days for every case,
so it reads working_days_left where a row has it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from html import escape

from webapp.domain.case_machine import MACHINES, TEMPORARY_AID
from webapp.web.i18n import _

# "Due this week": due today or within the next 5 working days (days_left 0 to 5).
DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class StateCount:
    machine: str
    state: str
    label: str
    count: int
    due_soon: int
    overdue: int


@dataclass(frozen=True)
class Board:
    today: date
    states: tuple[StateCount, ...]  # in the order of the procedure, only states with cases
    total: int
    due_soon: int
    overdue: int


def state_title(machine_name: str, label: str) -> str:
    """A state as the board names it: temporary aid's states share words with an application's
    (已提交，待受理; 不予受理), so they say which procedure they are of."""
    return _("临时救助：%s") % label if machine_name == TEMPORARY_AID.name else label


def is_closed(row: Mapping) -> bool:
    """A decided case (published, refused, in phase-out, ...) has no deadline left to miss."""
    return row["state"] in MACHINES[row["machine"]].closed_states()


def is_overdue(row: Mapping) -> bool:
    days = row.get("days_left")
    return days is not None and days < 0 and not is_closed(row)


def is_due_soon(row: Mapping) -> bool:
    days = row.get("working_days_left", row.get("days_left"))
    return days is not None and 0 <= days <= DUE_SOON_WORKING_DAYS and not is_closed(row)


def summary(rows: Iterable[Mapping], today: date) -> Board:
    """Count the rows per state (machine, state), and those due soon and overdue."""
    tally: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        counts = tally.setdefault((row["machine"], row["state"]), [0, 0, 0])
        counts[0] += 1
        counts[1] += is_due_soon(row)
        counts[2] += is_overdue(row)
    states = tuple(
        StateCount(name, state, state_title(name, label), *tally[name, state])
        for name, machine in MACHINES.items()
        for state, label in machine.states.items()
        if (name, state) in tally
    )
    return Board(today, states, sum(s.count for s in states), sum(s.due_soon for s in states),
                 sum(s.overdue for s in states))


def from_counts(counts: Mapping[tuple[str, str], int],
                due: Mapping[tuple[str, str], tuple[int, int]], today: date) -> Board:
    """The board from aggregate counts: cases per (machine, state), and (due soon, overdue) per
    (machine, state) of the open ones."""
    states = tuple(
        StateCount(name, state, state_title(name, label), counts[name, state],
                   *due.get((name, state), (0, 0)))
        for name, machine in MACHINES.items()
        for state, label in machine.states.items()
        if counts.get((name, state))
    )
    return Board(today, states, sum(s.count for s in states), sum(s.due_soon for s in states),
                 sum(s.overdue for s in states))


# The chart: one bar per line, labels on the left, the number after the bar.
WIDTH, ROW, LABEL_W, BAR_MAX, TOP = 560, 26, 170, 330, 8
COLOURS = {"overdue": "#b10e1e", "due_soon": "#b35c00", "state": "#0b5394"}


def svg(board: Board) -> str:
    """A horizontal bar chart of the board: overdue and due-soon first, highlighted, then one bar
    per state. No script, no external fonts, every label escaped."""
    bars = [(_("已超期"), board.overdue, "overdue"),
            (_("%d个工作日内到期") % DUE_SOON_WORKING_DAYS, board.due_soon, "due_soon")]
    bars += [(s.label, s.count, "state") for s in board.states]
    top = max([b[1] for b in bars] + [1])
    height = TOP * 2 + ROW * len(bars)
    title = _("案件期限看板：共 %d 件，已超期 %d 件，%d个工作日内到期 %d 件") % (
        board.total, board.overdue, DUE_SOON_WORKING_DAYS, board.due_soon)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="board-chart-title" '
             f'class="board-chart" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
             f'font-family="sans-serif" font-size="13">',
             f'<title id="board-chart-title">{escape(title)}</title>']
    for i, (label, count, kind) in enumerate(bars):
        y = TOP + i * ROW
        width = round(BAR_MAX * count / top)
        weight = ' font-weight="bold"' if kind != "state" else ""
        parts.append(f'<g class="bar bar-{kind}">'
                     f'<text x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end" fill="#1a1a1a"{weight}>'
                     f'{escape(label)}</text>'
                     f'<rect x="{LABEL_W}" y="{y + 4}" width="{width}" height="{ROW - 8}" '
                     f'fill="{COLOURS[kind]}"/>'
                     f'<text x="{LABEL_W + width + 6}" y="{y + 17}" fill="#1a1a1a"{weight}>{count}</text>'
                     f'</g>')
        if kind == "due_soon" and board.states:
            parts.append(f'<line x1="0" x2="{WIDTH}" y1="{y + ROW + 0.5}" y2="{y + ROW + 0.5}" '
                         f'stroke="#b1b4b6"/>')
    parts.append("</svg>")
    return "".join(parts)
