"""County → township → village, picked from the region table; the regions the forms and
letters show are read once per process (their names never change during a request) and read
again after CACHE_FOR, so a region the CLI imports reaches the forms without a restart."""

from __future__ import annotations

from time import monotonic

from flask import current_app, has_app_context
from sqlite_utils import Database

from webapp.flows.fields import Choice, Required, StepForm
from webapp.services import regions
from webapp.services.regions import Region
from webapp.web.i18n import _

CACHE_FOR = 300.0  # seconds
EXTENSION = "doudi.regions"


class RegionCache:
    """Regions read so far, by code and by parent and level."""

    def __init__(self) -> None:
        self.read_at = monotonic()
        self.by_code: dict[str, Region | None] = {}
        self.children: dict[tuple[str | None, str], list[Region]] = {}

    def fresh(self) -> bool:
        return monotonic() - self.read_at < CACHE_FOR


def _cache() -> RegionCache | None:
    """The application's cache (one per process, and one per app in the tests), None outside
    an application context."""
    if not has_app_context():
        return None
    cache = current_app.extensions.get(EXTENSION)
    if cache is None or not cache.fresh():
        cache = current_app.extensions[EXTENSION] = RegionCache()
    return cache


def children(db: Database, parent_code: str | None, level: str) -> list[Region]:
    """The regions of a level under a parent (the counties: parent None), in code order."""
    cache = _cache()
    if cache is None:
        return regions.children(db, parent_code, level)
    key = (parent_code, level)
    if key not in cache.children:
        cache.children[key] = regions.children(db, parent_code, level)
        cache.by_code.update((r.code, r) for r in cache.children[key])
    return cache.children[key]


def get(db: Database, code: str | None) -> Region | None:
    """A region by code, None when unknown."""
    cache = _cache()
    if cache is None or not code:
        return regions.get(db, code)
    if code not in cache.by_code:
        cache.by_code[code] = regions.get(db, code)
    return cache.by_code[code]


def chain(db: Database, code: str | None) -> list[Region]:
    """The region and its ancestors, the region first; [] for an unknown code."""
    found: list[Region] = []
    region = get(db, code)
    while region is not None and region not in found and len(found) < len(regions.LEVELS):
        found.append(region)
        region = get(db, region.parent_code)
    return found


def full_name(db: Database, code: str | None) -> str:
    """'清河县 柳林乡 杨庄村' for a village code, '' when unknown."""
    return " ".join(r.name for r in reversed(chain(db, code)))


def covers(db: Database, staff_region: str | None, village_code: str | None) -> bool:
    """Whether a staff member of `staff_region` works in `village_code` (every village at or
    below their region)."""
    return bool(staff_region) and any(r.code == staff_region for r in chain(db, village_code))


def village_fields() -> tuple[Choice, Choice, Choice]:
    """Fresh county, township and village fields (a form that declares them after its own
    questions shows them after those questions)."""
    return (
        Choice(_("县（市、区）"), [Required(_("请选择县"))]),
        Choice(_("乡镇（街道）"), [Required(_("请选择乡镇"))]),
        Choice(_("村（社区）"), [Required(_("请选择村"))],
               invalid_message=_("这个村不在所选的乡镇里，请重新选择")),
    )


class VillageForm(StepForm):
    """Three drop-downs; each lists the children of the one above it."""

    county, township, village = village_fields()

    def village_fits(self) -> bool:
        """The chosen village is in the chosen township: no list needs refreshing
        (so Enter in a later box, which presses the first button, still saves the page)."""
        return _fits(self)

    def load_choices(self, db) -> None:
        counties = children(db, None, "county")
        if not self.county.data and len(counties) == 1:
            self.county.data = counties[0].code
        self.county.choices = _options(counties, _("请选择县"))
        self.township.choices = _options(
            children(db, self.county.data, "township") if self.county.data else [],
            _("请选择乡镇"))
        self.village.choices = _options(
            children(db, self.township.data, "village") if self.township.data else [],
            _("请选择村"))


def _fits(form) -> bool:
    return bool(form.village.data) and form.village.data in form.village.choices


def _options(items, prompt: str) -> dict[str, str]:
    return {"": prompt} | {r.code: r.name for r in items}
