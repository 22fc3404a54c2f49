"""One person, one open case of each kind, one name per ID number.

- One open case per person and procedure (RULES.md "One application, classified
  determination", `004…` §五(一): a resident applies once and the office decides the category;
  `004…` §三(一): 一户（人）一条救助链, 避免重复救助): while a person's application,
  self-declaration or request for temporary aid is in Group.ONE_AT_A_TIME, a second one of the
  same procedure is refused and the person is sent to the open one. A household receiving dibao
  reports a change instead (RULES.md "Honest reporting", `000…` 五(五)); temporary aid is for
  each sudden hardship (`001…` 二(六)), so a new request is allowed once the last is decided.
- An ID number once used is bound to the name it was first given with: a different name for
  it is refused, and only staff correct a bound name, with a reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from webapp.domain.case_machine import MACHINES, Group, is_in


@dataclass(frozen=True)
class PersonCase:
    """One of a person's cases, as the one-at-a-time rule needs it."""

    case_id: int
    submission_id: int
    reference: str
    machine: str
    state: str

    @property
    def state_label(self) -> str:
        return MACHINES[self.machine].states[self.state]

    @property
    def decided(self) -> bool:
        """Decided and going on (receiving dibao, monitored, aid being paid): the person reports
        changes rather than applying again."""
        return is_in(Group.SETTLED, self.machine, self.state)


def open_case(machine: str, cases: Iterable[PersonCase],
              own_submission: int | None = None) -> PersonCase | None:
    """The person's case of `machine` that bars opening another (newest first), or None.
    `own_submission`: the form being filled or corrected, which never bars itself."""
    barring = [c for c in cases if c.machine == machine and c.submission_id != own_submission
               and is_in(Group.ONE_AT_A_TIME, c.machine, c.state)]
    return max(barring, key=lambda c: c.case_id, default=None)


def normalise_id_number(number: str | None) -> str | None:
    """An ID number as bindings and cases keep it: no spaces, a final x upper case; None for
    none."""
    text = "".join(unicodedata.normalize("NFKC", number or "").split()).upper()
    return text or None


def normalise_name(name: str | None) -> str:
    """A name as typed, compared: full-width letters made plain and spaces dropped
    ("张 三" is 张三)."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def name_fits(bound: str | None, typed: str | None) -> bool:
    """Whether a typed name is the one the ID number is bound to (any name fits an unbound
    number)."""
    return bound is None or normalise_name(bound) == normalise_name(typed)
