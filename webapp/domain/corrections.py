"""Asking the applicant to correct named answers (补正), as rules with no Flask.

The township reviewer names which steps of the form must be corrected (at least one); the
applicant may then edit just those steps, and what changed is kept as old -> new. RULES.md
"One application, classified determination": what the applicant must supply is told once, in
writing (一次性告知), so the request names every step to correct at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from webapp.domain.case_machine import IllegalTransition
from webapp.web.i18n import _

# A step whose answers hang off another's: each household member has an income page, so a
# resident asked to correct the members (adding one) must be able to fill the new one's income.
DEPENDENT_STEPS: Mapping[str, tuple[str, ...]] = {"members": ("income",)}
EXPLANATION_LIMIT = 500
# How an answer that was not there (a member added or removed) reads in a change.
NONE = _("（无）")


class NoStepsNamed(IllegalTransition):
    """A request to correct that names no step of the form; `field` is the form field."""

    field = "steps"


def named_steps(chosen: Iterable[str], offered: Sequence[str]) -> tuple[str, ...]:
    """The steps a reviewer ticked, in the form's order, each once; NoStepsNamed if none of
    them is a step of the form."""
    picked = set(chosen)
    steps = tuple(step for step in offered if step in picked)
    if not steps:
        raise NoStepsNamed(_("请至少勾选一项需要申请人补正的内容"))
    return steps


def editable_steps(named: Iterable[str], offered: Sequence[str]) -> frozenset[str]:
    """The steps the applicant may open: the named ones and the steps that depend on them."""
    steps = set(named)
    for step in list(steps):
        steps.update(DEPENDENT_STEPS.get(step, ()))
    return frozenset(steps) & frozenset(offered)


def items_text(titles: Sequence[str]) -> str:
    """What to correct as the SMS says it: the steps' titles, e.g. 家庭成员、收入."""
    return "、".join(titles)


@dataclass(frozen=True)
class Change:
    """One answer as it was and as it is now, both in words."""

    step: str
    label: str
    old: str
    new: str


Rows = Sequence[tuple[str, str]]


def _keyed(rows: Rows) -> dict[tuple[str, int], str]:
    """Rows keyed by label and by how many rows of that label came before (two members of
    the same name stay apart)."""
    seen: dict[str, int] = {}
    keyed = {}
    for label, value in rows:
        count = seen.get(label, 0)
        seen[label] = count + 1
        keyed[label, count] = value
    return keyed


def compare(before: Sequence[tuple[str, Rows]], after: Sequence[tuple[str, Rows]]) -> list[Change]:
    """The answers that differ between two readings of the same form: (step title, rows of
    (label, value)) each; a row only on one side is an answer added or removed."""
    old_steps, new_steps = dict(before), dict(after)
    titles = [title for title, _rows in after] + [t for t, _r in before if t not in new_steps]
    changes = []
    for title in titles:
        old, new = _keyed(old_steps.get(title, ())), _keyed(new_steps.get(title, ()))
        keys = list(new) + [key for key in old if key not in new]
        for key in keys:
            was, now = old.get(key, NONE), new.get(key, NONE)
            if was != now:
                changes.append(Change(title, key[0], was, now))
    return changes
