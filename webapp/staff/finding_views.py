"""The findings forms on the case page: which step carries which form, what it starts from (the
finding recorded before, else the application's answers and the booked visit), and reading a
posted form into the finding the step records (webapp/staff/case_views.py act). The rules are
webapp/domain/findings.py; the forms webapp/staff/finding_forms.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from wtforms import Form

from webapp.domain import findings as rules
from webapp.domain.case_machine import IllegalTransition, actions_from
from webapp.services import cases
from webapp.services import findings as service
from webapp.staff import finding_forms as forms
from webapp.store import submissions as submission_store


class Invalid(IllegalTransition):
    """A findings form with a field in error: the bound form (its errors on it) and the field."""

    def __init__(self, message: str, field: str, form: Form):
        super().__init__(message)
        self.field, self.form = field, form


@dataclass(frozen=True)
class Shown:
    """A step's findings form as the case page renders it, with the members' names."""

    kind: str
    form: Form
    names: list[str]


def _members(db: Database, case: cases.Case) -> list[dict]:
    return [m for m in submission_store.answers_of(db, case.submission_id).get("members") or []
            if isinstance(m, dict)]


def read(db: Database, case: cases.Case, action: str, formdata, role: str) -> service.Finding | None:
    """The finding a step's POST carries (None for a step without one, or one this role may not
    take from the case's state: the procedure refuses it in its own words); Invalid when a field
    is wrong."""
    kind = service.kind_of(case.machine, action)
    confirms = cases.township_confirms(db, case.county_code)
    offered = [t.action for t in actions_from(case.machine, case.state, role=role,
                                              township_confirms=confirms)]
    if kind is None or action not in offered:
        return None
    form = forms.form_for(kind, len(_members(db, case)), formdata)
    if not form.validate():
        field, message = forms.first_error(form) or ("", "")
        raise Invalid(message, field, form)
    return kind, form.to_data()


def refused(db: Database, case: cases.Case, action: str, formdata, refusal: IllegalTransition) -> Form | None:
    """The bound form of a step refused by a domain rule, that rule's message on its field."""
    kind = service.kind_of(case.machine, action)
    if kind is None:
        return None
    form = forms.form_for(kind, len(_members(db, case)), formdata)
    form.validate()
    path = getattr(refusal, "field", None)
    if path:
        forms.attach(form, forms.field_id(kind, path), refusal.message)
    return form


def shown(db: Database, case: cases.Case, actions: list[str], staff_name: str,
          failed_action: str = "", failed_form: Form | None = None) -> dict[str, Shown]:
    """The findings form of each step offered now, by action."""
    members = _members(db, case)
    names = [str(m.get("name") or "") for m in members]
    recorded = service.latest(db, case.id)
    found = {}
    for action in actions:
        kind = service.kind_of(case.machine, action)
        if kind is None:
            continue
        if action == failed_action and failed_form is not None:
            form = failed_form
        else:
            form = forms.form_for(kind, len(members), data=start(kind, recorded.get(kind), case,
                                                                   members, staff_name))
        found[action] = Shown(kind, form, names)
    return found


def start(kind: str, before: dict | None, case: cases.Case, members: list[dict], staff_name: str) -> dict:
    """What a form starts from: the finding recorded before (after a new investigation the
    township records it again), else what is already known."""
    if kind == rules.CATEGORY:
        return _category_start(before, len(members))
    if before is not None:
        return before
    if kind == rules.HOME_VISIT:
        return {"visited_on": case.visit_on or cases.today().isoformat(), "visitors": staff_name,
                "present": str(members[0].get("name") or "") if members else "",
                "members": [_as_declared(m) for m in members]}
    if kind == rules.DEMOCRATIC_REVIEW:
        return {"held_on": cases.today().isoformat()}
    return {}


def _as_declared(m: dict) -> dict:
    """A member as the application declares them, for the visit to confirm or correct."""
    illness = str(m.get("illness_name") or "") if m.get("serious_illness") == "yes" else ""
    return {"labor_ability": m.get("labor_ability") or "", "illness": illness,
            "disability_kind": m.get("disability_kind") or "",
            "disability_grade": str(m.get("disability_grade") or "") if m.get("disability_kind") else "",
            "lives": "together", "care_level": ""}


def _category_start(before: dict | None, members: int) -> dict:
    if before is None:
        return {"members": [{} for _ in range(members)]}
    yes_no = rules.YES if before.get("property_within_limits") else rules.NO
    rows = []
    for m in before.get("members") or []:
        supporters = [{**s, "age": "" if s.get("age") is None else str(s["age"])}
                      for s in m.get("supporters") or []]
        rows.append({**m, "supporters": supporters})
    return {**before, "property_within_limits": yes_no, "members": rows}
