"""The resident forms, described as data: steps, their questions, and which letters they end with."""

from __future__ import annotations

from webapp.flows import application, self_declaration, temporary_aid
from webapp.flows.base import Flow

FLOWS = {"application": application.FLOW, "self_declaration": self_declaration.FLOW,
         "temporary_aid": temporary_aid.FLOW}


def get_flow(name: str) -> Flow:
    return FLOWS[name]


FORM_NAMES = ("application", "self_declaration", "temporary_aid")
