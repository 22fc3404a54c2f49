"""Helpers templates use: the attributes of an input, amounts and masked numbers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import Flask

from webapp.domain.case_machine import MACHINES, IllegalTransition, transition_for
from webapp.domain.id_number import mask_id_number
from webapp.domain.money import format_yuan
from webapp.flows import get_flow
from webapp.flows.choices import RELATIONS
from webapp.services import letters


def input_attrs(field, check: str | None = None, extra: dict | None = None) -> dict:
    """ARIA links to the hint and message; htmx checks the field when it is left."""
    described = [f"{kind}-{field.id}" for kind, present in
                 (("hint", field.description), ("error", field.errors)) if present]
    attrs = {"aria-describedby": " ".join(described) or False,
             "aria-invalid": "true" if field.errors else False}
    if check:
        attrs.update({"hx-post": check, "hx-trigger": "change", "hx-target": f"#field-{field.name}",
                      "hx-select": f"#field-{field.name}",
                      "hx-swap": "outerHTML",
                      # queue, never drop: each field left is checked, and sending the page
                      # waits for the checks already on their way
                      "hx-sync": "closest form:queue all"})
    attrs.update(extra or {})
    return attrs


def local_time(iso: str | None) -> str:
    """A stored UTC time as Beijing time, e.g. 2026-11-23 18:05."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone(timezone(timedelta(hours=8)))
    return moment.strftime("%Y-%m-%d %H:%M")


def validate_url(url: str, name: str) -> str:
    """The page's own address, asking to check one field."""
    return url + ("&" if "?" in url else "?") + "validate=" + name


def relation_label(code: str | None) -> str:
    return RELATIONS.get(code or "", "")


def state_label(machine_name: str, state: str) -> str:
    return MACHINES[machine_name].states.get(state, state)


def step_label(machine_name: str, from_state: str, action: str) -> str:
    try:
        return transition_for(machine_name, from_state, action).label
    except IllegalTransition:
        return action


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(get_flow=get_flow, state_label=state_label, step_label=step_label)
    app.jinja_env.globals["validate_url"] = validate_url
    app.jinja_env.globals["relation_label"] = relation_label
    app.jinja_env.globals["input_attrs"] = input_attrs
    app.jinja_env.globals["letter_text"] = letter_text
    app.jinja_env.filters["yuan"] = format_yuan
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["masked_id"] = lambda n: mask_id_number(n) if n else ""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def letter_text(kind: str):
    """A letter that needs no details filled in (the separate-consent text)."""
    return letters.render(kind, {})
