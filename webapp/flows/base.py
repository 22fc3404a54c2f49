"""Steps and flows: what a form asks, in what order, which parts repeat."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SINGLE, MEMBERS, PER_MEMBER = "single", "members", "per_member"


@dataclass(frozen=True)
class Step:
    """One page of questions. `kind` MEMBERS is the household list, PER_MEMBER one page per member."""

    id: str
    title: str
    form: type | None = None
    kind: str = SINGLE
    condition: Callable[[dict], bool] | None = None
    help: str = ""

    def shown(self, answers: dict) -> bool:
        return self.condition is None or self.condition(answers)


@dataclass(frozen=True)
class Flow:
    name: str
    title: str
    steps: tuple[Step, ...]
    intro: tuple[str, ...] = ()
    member_form: type | None = None
    # The case machine (webapp/domain/case_machine.py) a submission of this form follows.
    machine: str = ""
    # The step holding the person the form is about (name, ID number), and the step whose
    # `village` answer places the case (where the household lives, or where an emergency
    # happened).
    person_step: str = ""
    village_step: str = ""
    # (step, field) of the separate consent for sensitive data (PIPL art. 29), or None.
    consent: tuple[str, str] | None = None
    # The letter kind of that consent, in words written for this form, and whether the form asks
    # it as a choice (同意 / 不同意, each answer recorded) or as a box ticked only when a risk
    # needs it (recorded when given or withdrawn; a box never ticked is no decision).
    consent_letter: str = "sensitive_consent"
    consent_is_a_choice: bool = True
    # 告知承诺 (RULES.md "The 告知承诺 flow"): the notice letter read before signing, the
    # commitment signed after it and the authorisation every adult member signs; a form
    # without a notice letter signs only `commitment_letter` (a commitment-authorisation).
    notice_letter: str | None = None
    commitment_letter: str = ""
    authorization_letter: str | None = None
    # Every member listed must be finished before the letters are built.
    complete_members: bool = False
    # A member is added on a page of their own (「添加一位家人」), not below the list.
    member_per_page: bool = False

    @property
    def letters(self) -> tuple[str, ...]:
        """The letter kinds this form ends with, in the order they are read."""
        return tuple(k for k in (self.notice_letter, self.commitment_letter,
                                 self.authorization_letter) if k)

    @property
    def commits(self) -> bool:
        """Whether the form ends with a notice letter, a commitment and authorisations."""
        return self.notice_letter is not None

    def visible(self, answers: dict) -> list[Step]:
        return [s for s in self.steps if s.shown(answers)]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def position(self, step_id: str, answers: dict) -> tuple[int, int]:
        """(number of this step, counting from 1; number of steps shown)."""
        visible = [s.id for s in self.visible(answers)]
        return visible.index(step_id) + 1, len(visible)

    def after(self, step_id: str, answers: dict) -> str | None:
        visible = [s.id for s in self.visible(answers)]
        index = visible.index(step_id)
        return visible[index + 1] if index + 1 < len(visible) else None

    def before(self, step_id: str, answers: dict) -> str | None:
        visible = [s.id for s in self.visible(answers)]
        index = visible.index(step_id)
        return visible[index - 1] if index > 0 else None
