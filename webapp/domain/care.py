"""Care levels of a tekun person (照料护理): `002…` 民政厅 第二类 3 — 全护理、半护理和全自理,
each with its care standard (a policy parameter). The township finds the level at the home
visit; the keys are shared by the findings (webapp/services/findings.py) and the amount rule
(webapp/domain/assessment.py)."""

from __future__ import annotations

from webapp.web.i18n import _

SELF_CARE, PARTIAL_CARE, FULL_CARE = "self_care", "partial_care", "full_care"
CARE_LEVELS = {SELF_CARE: _("全自理"), PARTIAL_CARE: _("半护理"), FULL_CARE: _("全护理")}
