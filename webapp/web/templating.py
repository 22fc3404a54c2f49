"""Helpers templates use: the attributes of an input, amounts and masked numbers, and static
files' addresses with a hash of their content (so that a browser may keep them for a year)."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta, timezone

from flask import Flask, Response, current_app, request, url_for
from werkzeug.security import safe_join

from webapp.domain.case_machine import MACHINES, IllegalTransition, transition_for
from webapp.domain.id_number import mask_id_number
from webapp.domain.money import format_yuan
from webapp.flows import get_flow
from webapp.flows.choices import RELATIONS
from webapp.flows.fields import follow_ups
from webapp.services import letters
from webapp.web.i18n import _

# Files whose address must stay the same: the service worker is registered by its address, the
# manifest's address names the installed app.
UNVERSIONED = frozenset({"sw.js", "manifest.webmanifest"})
IMMUTABLE = "public, max-age=31536000, immutable"
_versions: dict[str, tuple[int, str]] = {}  # file path -> (mtime, hash of its content)


def static_version(filename: str) -> str | None:
    """A short hash of a static file's content; None for a missing file or a fixed address."""
    path = safe_join(current_app.static_folder or "", filename)
    if filename in UNVERSIONED or path is None:
        return None
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return None
    kept = _versions.get(path)
    if kept is None or kept[0] != mtime:
        with open(path, "rb") as f:
            kept = (mtime, hashlib.sha256(f.read()).hexdigest()[:10])
        _versions[path] = kept
    return kept[1]


_static_urls: dict[tuple[str, str, str | None], str] = {}  # (script root, file, hash) -> address


def static_url(filename: str) -> str:
    """url_for('static', filename=…), built once per file version: every page names the same
    few files, and building an address is dearer than looking it up."""
    key = (request.script_root, filename, static_version(filename))
    url = _static_urls.get(key)
    if url is None:
        url = _static_urls[key] = url_for("static", filename=filename)
    return url


def add_static_version(endpoint: str | None, values: dict) -> None:
    """url_for('static', filename=…) gains ?v=<hash of the file>, a new address per version."""
    if endpoint == "static" and "v" not in values:
        version = static_version(values.get("filename", ""))
        if version:
            values["v"] = version


def cache_hashed(response: Response) -> Response:
    """A static file asked for by its current hash never changes: kept a year, never revalidated.
    Without the hash, or with an old one, it is revalidated each time (Flask's default)."""
    version = request.args.get("v")
    if (request.endpoint == "static" and version and response.status_code in (200, 304)
            and version == static_version((request.view_args or {}).get("filename", ""))):
        response.headers["Cache-Control"] = IMMUTABLE
    return response


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


# Case events that are no step of a machine, as the case page names them: a deadline extended,
# a name corrected, change reports and their decisions.
EVENT_LABELS = {"extend": _("延长办理期限"), "correct_name": _("更正登记的姓名"),
                "report_change": _("报告家庭变化"), "decide_change": _("处理家庭变化报告"),
                "move_deadline": _("按载入的日历调整办理期限")}


def step_label(machine_name: str, from_state: str, action: str) -> str:
    if action in EVENT_LABELS:
        return EVENT_LABELS[action]
    try:
        return transition_for(machine_name, from_state, action).label
    except IllegalTransition:
        return action


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(get_flow=get_flow, state_label=state_label, step_label=step_label)
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["validate_url"] = validate_url
    app.jinja_env.globals["relation_label"] = relation_label
    app.jinja_env.globals["input_attrs"] = input_attrs
    app.jinja_env.globals["letter_text"] = letter_text
    app.jinja_env.globals["follow_ups"] = follow_ups
    app.jinja_env.filters["yuan"] = format_yuan
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["masked_id"] = lambda n: mask_id_number(n) if n else ""
    app.url_defaults(add_static_version)
    app.after_request(cache_hashed)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def letter_text(kind: str):
    """A letter that needs no details filled in (the separate-consent text)."""
    return letters.render(kind, {})
