"""Reading the phase-out step's fields (issue 12; 000… 一(三)): why income rose, the household's
per-capita monthly income now, and whether it is a disabled household. A problem is a
PhaseOutRefused naming its field, never a 500."""

from __future__ import annotations

from collections.abc import Mapping

from webapp.domain import phase_out
from webapp.domain.money import InvalidAmount, parse_yuan
from webapp.web.i18n import _

ACTION = "start_phase_out"
FIELDS = ("phase_out_reason", "phase_out_income", "phase_out_disabled")
# The reasons the form offers; only employment leads to a phase-out (000… 一(三)).
REASONS = {phase_out.EMPLOYMENT: _("家庭成员就业（务工、经营）后，人均收入超过了低保标准"),
           "other": _("其他原因（如赡养费增加、得到赔偿）")}


def read(action: str, form: Mapping[str, str]) -> phase_out.Grounds | None:
    """The grounds of a phase-out as typed; None for any other step."""
    if action != ACTION:
        return None
    reason = (form.get("phase_out_reason") or "").strip()
    if reason not in REASONS:
        raise phase_out.PhaseOutRefused(_("请选择收入为什么超过了低保标准"), "phase_out_reason")
    try:
        income = parse_yuan(form.get("phase_out_income") or "")
    except InvalidAmount as wrong:
        raise phase_out.PhaseOutRefused(wrong.message, "phase_out_income") from None
    return phase_out.Grounds(reason, income, form.get("phase_out_disabled") == "yes")
