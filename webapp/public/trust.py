"""Trust signals on every page (issue 11, items 7 and 8): the footer naming the office that runs
the service and how to reach it (templates/components/_trust_footer.html), the privacy notice
(/public/privacy, open to anyone) and, on each form's start page, the honest time estimate and
what to have at hand (templates/resident/_time_estimate.html).

Whose contacts a page shows, first that applies: the form the page is about (its village
answer, or the village its resident was registered in), the village or county a public page is
about, the signed-in resident's village (their account's, else their newest form's), and for
everyone else the default county (the DEFAULT_COUNTY setting, else the only county)."""

from __future__ import annotations

import sqlite3

from flask import current_app, render_template, request

from webapp.auth.views import current_resident
from webapp.domain import contact_numbers, otp
from webapp.flows import FLOWS, get_flow
from webapp.flows import estimate as estimates
from webapp.flows.base import Flow
from webapp.public import bp
from webapp.services import contacts, county_settings, held_posts
from webapp.store import residents as resident_store
from webapp.store.engine import get_db

# Where each form keeps the village it places a case in ('$.residence.village' …).
VILLAGE_ANSWERS = sorted({f"$.{flow.village_step}.village" for flow in FLOWS.values()})


def draft_village(draft) -> str | None:
    """The village a draft or submission is about, or the one its resident was registered in."""
    answers = getattr(draft, "answers", None) or {}
    flow = FLOWS.get(getattr(draft, "form", ""))
    village = (answers.get(flow.village_step) or {}).get("village") if flow else None
    return village or getattr(draft, "resident_village", None)


def page_region(draft=None) -> str | None:
    """The region whose contacts this page shows (see the module's docstring)."""
    village = draft_village(draft) if draft is not None else None
    if village:
        return village
    args = request.view_args or {}
    if args.get("village_code") or args.get("county_code"):
        return args.get("village_code") or args.get("county_code")
    resident_id = current_resident() if request.blueprint != "staff" else None
    if resident_id is not None:
        village = resident_store.village_of(get_db(), resident_id, VILLAGE_ANSWERS)
        if village:
            return village
    return contacts.default_county(get_db(), current_app.config["DEFAULT_COUNTY"])


@bp.app_template_global()
def trust_contacts(draft=None) -> contacts.Contacts:
    """The footer's contacts for this page. The footer must never break the page it ends (an
    error page shown because the database is busy, say): then it names only the hotline."""
    try:
        return contacts.for_region(get_db(), page_region(draft))
    except sqlite3.Error:
        current_app.logger.warning("page footer: contacts not read", exc_info=True)
        return contacts.Contacts(county=None)


@bp.app_template_global()
def trust_footer_shown() -> bool:
    """Every resident and public page; of the staff pages only those a village assistant fills
    in with a resident beside them (the resident reads and signs there)."""
    return request.blueprint != "staff" or (request.endpoint or "").startswith("staff.behalf")


@bp.app_template_filter("dial")
def dial(number: str) -> str:
    return contact_numbers.dial(number)


@bp.app_template_global()
def time_estimate(flow: Flow):
    return estimates.estimate(flow)


@bp.app_template_global()
def things_at_hand(flow: Flow) -> list[str]:
    return estimates.at_hand(flow, int(current_app.config["PHOTOS_PER_FORM"]))


@bp.get("/privacy")
def privacy():
    """The privacy notice (个人信息保护说明): what is collected, why, how long it is kept, who
    sees it, the rights the PIPL gives and how to use them, whom to contact."""
    config = current_app.config
    shown = trust_contacts()
    county = shown.county.region_code if shown.county else None
    return render_template(
        "public/privacy.html", contacts=shown, forms=[get_flow(n) for n in FLOWS],
        aid_public=county is not None and county_settings.temporary_aid_public(get_db(), county),
        code_minutes=int(otp.CODE_LIFETIME.total_seconds() // 60),
        idle_minutes=int(config["SESSION_IDLE_MINUTES"]),
        held_hours=int(held_posts.KEEP_FOR.total_seconds() // 3600),
        photos_per_form=int(config["PHOTOS_PER_FORM"]))
