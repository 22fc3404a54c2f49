"""Who runs the service and how to reach them (issue 11, item 7: trust signals): the county
civil-affairs bureau (民政局) of the resident's region, the township office, the hotline (12345
unless the county names another) and the village assistant who published a number. The county
administrator fills in each office's name, phone, address and hours (/staff/county/contacts);
a region not filled in is named after itself ("清河县民政局") with the national 12345 hotline.

Every resident page shows these, so they are read once per village and process and kept for
CACHE_FOR seconds (a form page still reads only its draft: tests/web/test_request_cost.py);
a change saved here clears the process's copy at once, one made by another process (an
assistant's number set with `flask staff create --phone`) shows within CACHE_FOR."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from time import monotonic

from flask import current_app, has_app_context
from sqlite_utils import Database

from webapp.domain import contact_numbers
from webapp.services import accounts, audit, regions
from webapp.store import contacts as store
from webapp.store import staff as staff_store
from webapp.store.engine import immediate
from webapp.web.i18n import _

CACHE_FOR = 60.0  # seconds
EXTENSION = "doudi.contacts"
NATIONAL_HOTLINE = "12345"  # 政务服务便民热线, answered in every county
CHANGED = "region_contacts_changed"
LEVELS = ("county", "township")
FIELDS = ("office_name", "phone", "hotline", "address", "hours")


@dataclass(frozen=True)
class Office:
    region_code: str
    name: str
    phone: str = ""
    address: str = ""
    hours: str = ""
    filled_in: bool = False  # False: named after the region, nothing more known


@dataclass(frozen=True)
class Assistant:
    name: str
    phone: str


@dataclass(frozen=True)
class Contacts:
    """What a page's footer and the privacy notice name: the county's bureau (None where no
    county is known), the township office and the village's assistants where known."""

    county: Office | None
    hotline: str = NATIONAL_HOTLINE
    township: Office | None = None
    assistants: tuple[Assistant, ...] = ()
    village_name: str = ""


def default_name(region: regions.Region) -> str:
    """How an office not filled in is named: 清河县民政局, 柳林乡人民政府."""
    if region.level == "county":
        return _("%s民政局") % region.name
    return _("%s人民政府") % region.name


def _office(region: regions.Region, row: dict | None) -> Office:
    if not row:
        return Office(region.code, default_name(region))
    return Office(region.code, row["office_name"] or default_name(region), row["phone"],
                  row["address"], row["hours"], filled_in=True)


def read(db: Database, code: str | None) -> Contacts:
    """The contacts for a village, a township or a county (an unknown code: none named)."""
    chain, region = {}, regions.get(db, code)
    while region is not None and region.level not in chain:
        chain[region.level] = region
        region = regions.get(db, region.parent_code)
    rows = store.of_regions(db, [chain[level].code for level in LEVELS if level in chain])
    county, township, village = chain.get("county"), chain.get("township"), chain.get("village")
    county_row = rows.get(county.code) if county else None
    return Contacts(
        county=_office(county, county_row) if county else None,
        hotline=(county_row or {}).get("hotline") or NATIONAL_HOTLINE,
        township=_office(township, rows.get(township.code)) if township else None,
        assistants=tuple(Assistant(r["name"], r["public_phone"])
                         for r in staff_store.published_assistants(db, village.code))
        if village else (),
        village_name=village.name if village else "")


class _Cache:
    def __init__(self) -> None:
        self.read_at = monotonic()
        self.by_code: dict[str | None, Contacts] = {}

    def fresh(self) -> bool:
        return monotonic() - self.read_at < CACHE_FOR


def for_region(db: Database, code: str | None) -> Contacts:
    """`read`, kept per process for CACHE_FOR seconds (read afresh outside an application)."""
    if not has_app_context():
        return read(db, code)
    cache = current_app.extensions.get(EXTENSION)
    if cache is None or not cache.fresh():
        cache = current_app.extensions[EXTENSION] = _Cache()
    if code not in cache.by_code:
        cache.by_code[code] = read(db, code)
    return cache.by_code[code]


def forget() -> None:
    """Drop this process's copy (after a change), so the next page reads the new contacts."""
    if has_app_context():
        current_app.extensions.pop(EXTENSION, None)


def default_county(db: Database, setting: str) -> str | None:
    """The county named to a visitor whose village is unknown: the DEFAULT_COUNTY setting, else
    the one county the server knows (None when it knows several)."""
    if setting:
        return setting
    counties = regions.children(db, None, "county")
    return counties[0].code if len(counties) == 1 else None


# --- the county administrator's form -----------------------------------------------------

class ContactsRefused(ValueError):
    """Contacts that cannot be saved; the message says why, in Chinese."""


def editable(db: Database, county_code: str) -> list[regions.Region]:
    """The regions whose contacts a county's administrator fills in: the county, its townships."""
    county = regions.get(db, county_code)
    return ([county] if county else []) + regions.children(db, county_code, "township")


def filled_in(db: Database, codes: list[str]) -> dict[str, dict]:
    """What is filled in for these regions, by code (a region not filled in: absent)."""
    return store.of_regions(db, codes)


def save(db: Database, county_code: str, region_code: str, values: dict, actor: str) -> bool:
    """Keep a region's contacts, audited; the region must be the county or one of its
    townships. False when nothing changed."""
    if region_code not in {r.code for r in editable(db, county_code)}:
        raise ContactsRefused(_("只能填写本县和本县乡镇的联系方式。"))
    cleaned = {name: (values.get(name) or "").strip() for name in FIELDS}
    for name in ("phone", "hotline"):
        try:
            cleaned[name] = contact_numbers.normalise(cleaned[name])
        except contact_numbers.InvalidNumber:
            raise ContactsRefused(_("电话号码只能有数字和“-”，例如 0311-12345678 或 12345。")) from None
    with immediate(db):
        if store.of_regions(db, [region_code]).get(region_code) == cleaned:
            return False
        store.save(db, region_code, cleaned, datetime.now(UTC).isoformat(timespec="seconds"),
                   actor)
        audit.record(db, actor, CHANGED, f"region:{region_code}", **cleaned)
    forget()
    return True


# --- a village assistant's published number -----------------------------------------------

def published_phone(db: Database, staff_id: int) -> str:
    """The number this staff member publishes to their village ('' for none)."""
    row = staff_store.get(db, staff_id)
    return (row["public_phone"] or "") if row else ""


def publish_phone(db: Database, staff: accounts.Staff, phone: str) -> bool:
    """A village assistant publishes a number to the residents of their village, or stops
    ('' ); audited. Raises accounts.StaffAccountError for a number that cannot be dialled or a
    role other than the assistant's. False when nothing changed."""
    phone = accounts.check_public_phone(staff.role, phone)
    with immediate(db):
        if published_phone(db, staff.id) == phone:
            return False
        staff_store.update(db, staff.id, {"public_phone": phone})
        audit.record(db, staff.actor, "assistant_phone_published" if phone
                     else "assistant_phone_withdrawn", staff.actor, village=staff.region_code)
    forget()
    return True


DEMO = {  # `flask demo`: made-up numbers (the 0000 area code does not exist)
    "999901000000": {"office_name": "清河县民政局（演示）", "phone": "0000-1234500",
                     "hotline": NATIONAL_HOTLINE, "address": "清河县人民路1号（演示）",
                     "hours": "工作日 8:30–12:00，14:30–17:30"},
    "999901101000": {"office_name": "城关镇人民政府社会事务办（演示）", "phone": "0000-1234501"},
    "999901102000": {"office_name": "柳林乡人民政府社会事务办（演示）", "phone": "0000-1234502"},
    "999901103000": {"office_name": "白马镇人民政府社会事务办（演示）", "phone": "0000-1234503"},
    "999901104000": {"office_name": "红山乡人民政府社会事务办（演示）", "phone": "0000-1234504"},
}


def ensure_demo(db: Database) -> None:
    """Fill in the demo county's offices where nothing is filled in yet."""
    for code, values in DEMO.items():
        if regions.get(db, code) is not None and not store.of_regions(db, [code]):
            save(db, "999901000000", code, values, "system")
