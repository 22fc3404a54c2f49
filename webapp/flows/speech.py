"""What 「听一听」 reads on a question page or a letter (issue 11), built from the very objects
the page shows: the step's title and help, each question's label and hint, and its options;
a letter's exact versioned text."""

from __future__ import annotations

from webapp.domain.speech import page_text
from webapp.flows.base import Step

# The region drop-downs list every county, township and village: their names are no answer
# a person needs read out, so only the question is read.
REGION_FIELDS = frozenset(("county", "township", "village"))
NOT_READ = frozenset(("CSRFTokenField", "HiddenField"))
PROMPT = "请选择"  # the empty first option of a drop-down ("请选择", "请选择县")


def field_pieces(field) -> list[str]:
    """One question as shown: its label, its hint, then its options (empty prompts left out)."""
    if field.type in NOT_READ:
        return []
    pieces = [field.label.text, str(field.description or "")]
    if field.name not in REGION_FIELDS and hasattr(field, "choices"):
        options = [str(option.label.text) for option in field
                   if not str(option.label.text).startswith(PROMPT)]
        pieces.append("；".join(options))
    return pieces


def form_pieces(form) -> list[str]:
    return [piece for field in form for piece in field_pieces(field)]


def step_text(step: Step, form=None, *more: str) -> str:
    """A step page: its title, its help, what else it says (`more`) and its questions."""
    return page_text([step.title, step.help, *more, *(form_pieces(form) if form else [])])


def question_text(title: str, lead: str, form) -> str:
    """A page that is no step of its own (a member, a member's income)."""
    return page_text([title, lead, *form_pieces(form)])


def letter_text(letter) -> str:
    """A letter exactly as its version renders it: the title, then the text."""
    return letter.title + "\n" + letter.text
