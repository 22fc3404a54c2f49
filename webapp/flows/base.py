"""Steps and flows: what a form asks, in what order, which parts repeat."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
    minutes: int = 10
    member_form: type | None = None
    letters: tuple[str, ...] = field(default=())

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
