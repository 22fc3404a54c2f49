"""好差评: rating each finished service, and following up the bad ratings.

国办发〔2019〕51号 (国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见) asks that
every user can rate each service once it is done, on five levels (非常满意, 满意, 基本满意, 不满意,
非常不满意), that bad ratings are followed up, put right and answered to the user, and that the
results are made public. Which steps of a case are "finished services" is decided here from the
machines (webapp/domain/case_machine.py), so a new step is rated, or not, without a list to
keep up to date.
"""

from __future__ import annotations

from webapp.domain.case_machine import MACHINES, SILENT, Machine
from webapp.web.i18n import _

# The five levels of 国办发〔2019〕51号, as the SMS reply digits name them: 1 is the best.
LEVELS: dict[int, str] = {
    1: _("非常满意"),
    2: _("满意"),
    3: _("基本满意"),
    4: _("不满意"),
    5: _("非常不满意"),
}
# The two lowest levels are the 差评 that open a follow-up the township must answer.
LOW_LEVELS = frozenset({4, 5})
COMMENT_LIMIT = 200
ANSWER_LIMIT = 300

# The kinds of finished service a resident is asked to rate.
DECISION, FIRST_AID, CORRECTION = "decision", "first_aid", "correction"
SERVICE_LABELS = {DECISION: _("办理结果"), FIRST_AID: _("先行救助"), CORRECTION: _("补正材料的受理")}
# Temporary aid's urgent payment is a service of its own although the case goes on (001… 二(六)
# 小金额先行救助); a correction resubmitted is received by the township (补正).
SERVICE_ACTIONS = {"give_first_aid": FIRST_AID, "resubmit": CORRECTION}


class InvalidLevel(ValueError):
    """Not one of the five levels."""


def parse_level(text: str) -> int:
    """A level from a form or an SMS reply ("1"…"5", already folded to half-width)."""
    text = (text or "").strip()
    if len(text) == 1 and text.isdigit() and int(text) in LEVELS:
        return int(text)
    raise InvalidLevel(text[:10])


def is_low(level: int) -> bool:
    """Whether a rating is a 差评 that opens a follow-up."""
    return level in LOW_LEVELS


def _m(machine: Machine | str) -> Machine:
    return machine if isinstance(machine, Machine) else MACHINES[machine]


def decided_states(machine: Machine | str) -> frozenset[str]:
    """The states in which the case's result is decided: the closed ones (final or settled), and
    those from which only silent steps lead on to them (a confirmation not yet published, a
    county approval not yet announced and filed): the applicant has been told the result."""
    m = _m(machine)
    decided = set(m.closed_states())
    changed = True
    while changed:
        changed = False
        for state in set(m.states) - decided:
            steps = [t for t in m.transitions if t.state == state]
            if steps and all(t.sms == SILENT and t.next_state in decided for t in steps):
                decided.add(state)
                changed = True
    return frozenset(decided)


def service_of(machine: Machine | str, state: str, action: str) -> str | None:
    """The kind of finished service taking `action` from `state` completes, or None.

    A decision is a step the applicant is told of (it names an SMS) that moves the case into a
    decided state: refusing to accept, confirming or refusing, phasing out or stopping
    assistance, approving or refusing temporary aid, the county's approval or refusal of a
    self-declaration, the removal of a risk. Steps inside a decided state (a payment, a review)
    are not asked about again."""
    m = _m(machine)
    step = m.find(state, action)
    if step is None:
        return None
    if action in SERVICE_ACTIONS:
        return SERVICE_ACTIONS[action]
    if step.sms == SILENT or step.next_state == state:
        return None
    return DECISION if step.next_state in decided_states(m) else None
