"""The resident forms, described as data: steps, their questions, and which letters they end with."""

from __future__ import annotations

from webapp.flows.base import Flow


def get_flow(name: str) -> Flow:
    from webapp.flows import application, self_declaration

    flows = {"application": application.FLOW, "self_declaration": self_declaration.FLOW}
    return flows[name]


FORM_NAMES = ("application", "self_declaration")
