"""County → township → village, picked from the region table."""

from __future__ import annotations

from webapp.flows.fields import Choice, Required, StepForm
from webapp.services import regions
from webapp.web.i18n import _


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
        counties = regions.children(db, None, "county")
        if not self.county.data and len(counties) == 1:
            self.county.data = counties[0].code
        self.county.choices = _options(counties, _("请选择县"))
        self.township.choices = _options(
            regions.children(db, self.county.data, "township") if self.county.data else [],
            _("请选择乡镇"))
        self.village.choices = _options(
            regions.children(db, self.township.data, "village") if self.township.data else [],
            _("请选择村"))


def _fits(form) -> bool:
    return bool(form.village.data) and form.village.data in form.village.choices


def _options(items, prompt: str) -> dict[str, str]:
    return {"": prompt} | {r.code: r.name for r in items}
