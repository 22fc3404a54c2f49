"""Care levels of a tekun person (照料护理): `002…` 民政厅 第二类 3 — 全护理、半护理和全自理,
each with its care standard (a policy parameter). The township finds the level at the home
visit; the keys are shared by the findings (webapp/services/findings.py) and the amount rule
(webapp/domain/assessment.py)."""

from __future__ import annotations

from webapp.domain.policy import PolicyParameters
from webapp.web.i18n import _

SELF_CARE, PARTIAL_CARE, FULL_CARE = "self_care", "partial_care", "full_care"
CARE_LEVELS = {SELF_CARE: _("全自理"), PARTIAL_CARE: _("半护理"), FULL_CARE: _("全护理")}


def care_standard(params: PolicyParameters, level: str) -> int:
    """The monthly care standard of a care level (002… 民政厅 第二类 3), in fen; 0 for a person
    whose level is not yet assessed ("")."""
    if level not in CARE_LEVELS and level != "":
        raise ValueError(f"care level must be one of {sorted(CARE_LEVELS)} or '', got {level!r}")
    return {
        FULL_CARE: params.tekun_care_full_monthly,
        PARTIAL_CARE: params.tekun_care_partial_monthly,
        SELF_CARE: params.tekun_care_self_monthly,
    }.get(level, 0)
