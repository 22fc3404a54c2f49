"""What the flash after a step says: what was done, to which case, and the date it set —
「已受理 F33RV32，办结期限 1月15日」, 「已开始公示 F33RV32，公示到 12月10日」 — so a clerk working
through a queue sees the step landed on the case she meant."""

from __future__ import annotations

from datetime import date

from webapp.domain import case_machine as machine
from webapp.domain.steps_now import month_day
from webapp.services import cases
from webapp.store import submissions as submission_store
from webapp.store.engine import get_db
from webapp.web.i18n import _

# Where 「已」 before the step's label reads badly, what was done instead.
DONE = {
    "refuse_acceptance": _("已决定不予受理"),
    "refuse": _("已决定%(label)s"),
    "end_phase_out": _("渐退期满，已停止救助"),
    "verify_at_home": _("已完成入户核实"),
    "compare_data": _("已完成信息比对"),
    "shortlist": _("已完成村级初选"),
    "not_shortlist": _("已记录村级初选未通过"),
    "review_at_township": _("已完成乡镇审核"),
    "reject_at_township": _("已记录乡镇审核不通过"),
    "approve_at_county": _("已完成县级审批"),
    "reject_at_county": _("已记录县级审批不通过"),
    "announce": _("已公告结果"),
    "remove_risk": _("已确认风险消除"),
}
# The date a step set on the case, said after the reference.
DATED = {
    "accept": ("due_on", _("办结期限 %s")),
    "book_visit": ("visit_on", _("入户调查 %s")),
    "rebook_visit": ("visit_on", _("入户调查改到 %s")),
    "start_public_notice": ("notice_end", _("公示到 %s")),
    "start_phase_out": ("phase_out_until", _("渐退期到 %s")),
    "approve_at_county": ("due_on", _("帮扶计划 %s 前录入")),
}


def reference_of(case: cases.Case) -> str:
    return submission_store.heading_of(get_db(), case.submission_id)["reference"]


def done(case: cases.Case, action: str, label: str) -> str:
    """「已<step> <reference>」 with the date the step set, for the case as it is after the step."""
    phrase = DONE.get(action, _("已%(label)s")) % {"label": label}
    text = f"{phrase} {reference_of(case)}"
    column, wording = DATED.get(action, ("", ""))
    value = getattr(case, column, None) if column else None
    if value:
        text += "，" + wording % month_day(date.fromisoformat(value), cases.today())
    return text


def step_done(case_id: int, before: cases.Case, action: str) -> str:
    """The confirmation of a step of the machine just taken on the case."""
    after = cases.get(get_db(), case_id) or before
    step = machine.MACHINES[before.machine].find(before.state, action)
    return done(after, action, step.label if step else action)


def extended(case: cases.Case) -> str:
    """The confirmation of a deadline extended to 45 working days."""
    text = _("已延长办理期限 %s") % reference_of(case)
    if case.due_on:
        text += "，" + _("办结期限延到 %s") % month_day(date.fromisoformat(case.due_on), cases.today())
    return text
