"""Who may do what, and where: staff roles, their permissions, and the regions they cover."""

from __future__ import annotations

from sqlite_utils import Database

from webapp.store import regions as region_store
from webapp.web.i18n import _

ASSISTANT = "assistant"
TOWNSHIP_REVIEWER = "township_reviewer"
COUNTY_CONFIRMER = "county_confirmer"
COUNTY_ADMIN = "county_admin"
ROLES = (ASSISTANT, TOWNSHIP_REVIEWER, COUNTY_CONFIRMER, COUNTY_ADMIN)

ROLE_LABELS = {
    ASSISTANT: _("村协理员"),
    TOWNSHIP_REVIEWER: _("乡镇审核员"),
    COUNTY_CONFIRMER: _("县级审批确认员"),
    COUNTY_ADMIN: _("县级管理员"),
}
# The level of region each role is bound to.
ROLE_LEVEL = {
    ASSISTANT: "village",
    TOWNSHIP_REVIEWER: "township",
    COUNTY_CONFIRMER: "county",
    COUNTY_ADMIN: "county",
}
# Higher works further up the procedure; for ordering and "at least" checks, never instead
# of PERMISSIONS (an administrator does not confirm cases).
ROLE_RANK = {ASSISTANT: 1, TOWNSHIP_REVIEWER: 2, COUNTY_CONFIRMER: 3, COUNTY_ADMIN: 4}

_ALL = frozenset(ROLES)
_VILLAGE_AND_TOWNSHIP = frozenset({ASSISTANT, TOWNSHIP_REVIEWER})
_TOWNSHIP = frozenset({TOWNSHIP_REVIEWER})
_CASEWORK = frozenset({TOWNSHIP_REVIEWER, COUNTY_CONFIRMER})
_CONFIRMER = frozenset({COUNTY_CONFIRMER})
_ADMIN = frozenset({COUNTY_ADMIN})

# The one permission matrix: action -> roles allowed (the region check comes on top).
# Township confirmation where a county delegates it is a per-county setting checked by the
# procedure, not a role.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view_case": _ALL,
    "accept": _TOWNSHIP,  # 受理 or refuse to accept
    "request_correction": _TOWNSHIP,
    "record_visit": _VILLAGE_AND_TOWNSHIP,  # home visit, economic investigation
    "record_check": _TOWNSHIP,  # the record-check result
    "village_shortlist": frozenset({ASSISTANT}),  # relapse monitoring
    "assign_official": _TOWNSHIP,  # relapse monitoring: the responsible official
    "preliminary_opinion": _TOWNSHIP,  # 初审
    "public_notice": _TOWNSHIP,  # 公示
    "extend_deadline": _CASEWORK,
    "confirm": _CONFIRMER,  # 审批确认 or refusal
    "publish": _CONFIRMER,  # 公布
    "export_cases": frozenset({TOWNSHIP_REVIEWER, COUNTY_CONFIRMER, COUNTY_ADMIN}),
    "manage_staff": _ADMIN,
    "edit_policy": _ADMIN,
    "load_calendar": _ADMIN,
    "read_audit": _ADMIN,
    # SMS (issue 3): tell in person what did not arrive; stop reminders for a resident who
    # cannot reply 退订; send one message to a group, with its cost shown first.
    "follow_up_sms": _ALL,
    "opt_out_for_resident": _VILLAGE_AND_TOWNSHIP,
    "bulk_send": frozenset({TOWNSHIP_REVIEWER, COUNTY_ADMIN}),
    # Issue 5: the village assistant fills either form on a resident's behalf, and has a page
    # of the households, drafts, corrections, in-person messages and visits of their village.
    "fill_on_behalf": frozenset({ASSISTANT}),
    # Issue 10, 好差评: the township answers the bad ratings of its cases; the county
    # administrator sees ratings and follow-ups per township.
    "answer_ratings": _TOWNSHIP,
    "read_ratings": _ADMIN,
    # Issue 11: how the forms are filled (counts and times, no personal data).
    "read_form_metrics": _ADMIN,
    # Issue 10: the name an ID number is bound to is corrected, with a reason, by the township
    # that reviews the case or the county's administrator (who keeps its records).
    "correct_name": frozenset({TOWNSHIP_REVIEWER, COUNTY_ADMIN}),
    # Issue 12: a monitored household's income, recorded by the village or the township, is what
    # risk removal is checked from (002… 乡村振兴局 一(三)).
    "record_monitoring_income": _VILLAGE_AND_TOWNSHIP,
}
ACTIONS = tuple(PERMISSIONS)


def can(role: str, action: str) -> bool:
    """Whether a role may take an action anywhere in its region. An unknown action is a bug."""
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action: {action}")
    return role in PERMISSIONS[action]


def roles_for(action: str) -> tuple[str, ...]:
    """The roles allowed an action, in rank order (for staff_required)."""
    return tuple(role for role in ROLES if can(role, action))


def at_least(role: str, minimum: str) -> bool:
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[minimum]


def region_chain(db: Database, code: str | None) -> list[str]:
    """The code and its ancestors, village first; [] for an unknown code."""
    chain: list[str] = []
    while code and code not in chain and len(chain) < 3:
        known, parent = region_store.parent_of(db, code)
        if not known:
            break
        chain.append(code)
        code = parent
    return chain


def covers(db: Database, staff_region: str, case_village: str | None) -> bool:
    """Whether a staff member of `staff_region` works on a case in `case_village` (a staff
    member covers every village at or below their region)."""
    return bool(staff_region) and staff_region in region_chain(db, case_village)
