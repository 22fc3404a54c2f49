"""Where a household applies for dibao, from its members' hukou and where they live.

`002…` 民政厅 第一类 2: 低保对象认定的三个要件：户籍状况、家庭收入、家庭财产 — 一是具有当地常住户口的
居民. `000…` 四(三): 共同生活的家庭成员户籍所在地不在同一省的，可以由其中一个户籍所在地与经常居住地
一致的家庭成员向其户籍所在地提出低保申请或者低保边缘家庭认定申请；共同生活的家庭成员户籍所在地与经常
居住地均不一致的，可由任一家庭成员向其户籍所在地提出申请。有条件的地区可以有序推进持有居住证人员在
居住地提出低保申请. `000…` 四(一): 人户分离、异地申办 may extend the deadline to 45 working days.

The household lives here (the application's residence is where it is made), so "hukou here" is
"hukou where they live". Local (当地) is the county: its civil-affairs bureau confirms, its
standard applies. A member's hukou area is one of HUKOU_AREAS; "" for a member other than the
applicant means "with the applicant" (the same hukou booklet, the usual case).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.web.i18n import _

VILLAGE, COUNTY, PROVINCE, OTHER_PROVINCE, UNKNOWN = (
    "village", "county", "province", "other_province", "unknown")
HUKOU_AREAS = {
    VILLAGE: _("在这个村（社区）"),
    COUNTY: _("在本县其他村镇"),
    PROVINCE: _("在本省其他县市"),
    OTHER_PROVINCE: _("在外省"),
    UNKNOWN: _("说不清"),
}
LOCAL = frozenset({VILLAGE, COUNTY})


@dataclass(frozen=True)
class WhereToApply:
    """The decision: `here` True (apply here), False (apply at a hukou place elsewhere), None (the
    hukou must be checked first); the reason in words; `apart` where hukou and residence differ
    (人户分离), which may extend the deadline."""

    here: bool | None
    reason: str
    apart: bool = False


def areas_of(places: tuple[str, ...]) -> tuple[str, ...]:
    """Each member's hukou area, "" read as the applicant's (and the applicant's "" as here)."""
    applicant = places[0] if places and places[0] else VILLAGE
    return tuple(applicant if not p or i == 0 else p for i, p in enumerate(places or ("",)))


def decide(places: tuple[str, ...], residence_permits: tuple[bool, ...] = (),
           accepts_residence_permit: bool = False) -> WhereToApply:
    """Where the household should apply (`000…` 四(三)); `places[0]` is the applicant's."""
    areas = areas_of(places)
    unknown = [a for a in areas if a not in HUKOU_AREAS]
    if unknown:
        raise ValueError(f"hukou area must be one of {sorted(HUKOU_AREAS)}, got {unknown[0]!r}")
    apart = any(a != VILLAGE for a in areas)
    if areas[0] == VILLAGE:
        return WhereToApply(True, _("申请人户籍在本村（社区），在此申请"), apart)
    if areas[0] == COUNTY:
        return WhereToApply(
            True, _("申请人户籍在本县其他村镇（人户分离），由本县办理，期限可延长至45个工作日"), True)
    local = [i for i, a in enumerate(areas) if a in LOCAL]
    if local:
        return WhereToApply(True, _("申请人户籍不在本县；第 %d 位家庭成员户籍在本县、与居住地一致，"
                                    "应由这位成员作为申请人在此申请") % (local[0] + 1), True)
    if accepts_residence_permit and any(residence_permits):
        return WhereToApply(
            True, _("全家户籍不在本县，有成员持本地居住证：本县接受持居住证人员在居住地申请"), True)
    if UNKNOWN in areas:
        return WhereToApply(None, _("申请人户籍不在本村，户籍所在地须先核实"), True)
    elsewhere = "、".join(dict.fromkeys(HUKOU_AREAS[a].removeprefix("在") for a in areas))
    return WhereToApply(
        False, _("全家户籍都不在本县（%s）：应由任一家庭成员向其户籍所在地申请") % elsewhere, True)
