"""Per-county settings of the procedure: whether the county has delegated confirmation to its
townships (RULES.md "Procedure and deadlines for dibao": 20 working days instead of 30 where the
township holds the authority to confirm), and whether granted temporary aid is listed on its
villages' publication pages (webapp/public). Every change is kept in the audit log."""

from __future__ import annotations

import json

from sqlite_utils import Database

from webapp.services import audit
from webapp.store import audit as audit_store
from webapp.store import cases as store
from webapp.store.engine import immediate

CHANGED = "county_setting_changed"


def township_confirms(db: Database, county_code: str | None) -> bool:
    return store.township_confirms(db, county_code)


def set_township_confirms(db: Database, county_code: str, value: bool, actor: str,
                          basis: str) -> bool:
    """Record the county's choice and the document it rests on; False if nothing changed."""
    with immediate(db):
        if township_confirms(db, county_code) == value:
            return False
        store.set_township_confirms(db, county_code, value)
        audit.record(db, actor, CHANGED, f"county:{county_code}", township_confirms=value,
                     basis=basis)
    return True


def temporary_aid_public(db: Database, county_code: str | None) -> bool:
    return store.temporary_aid_public(db, county_code)


def set_temporary_aid_public(db: Database, county_code: str, value: bool, actor: str,
                             basis: str) -> bool:
    """Record whether granted temporary aid is listed publicly, and the document the choice
    rests on; False if nothing changed."""
    with immediate(db):
        if temporary_aid_public(db, county_code) == value:
            return False
        store.set_temporary_aid_public(db, county_code, value)
        audit.record(db, actor, CHANGED, f"county:{county_code}", temporary_aid_public=value,
                     basis=basis)
    return True


def history(db: Database, county_code: str) -> list[dict]:
    """Every change of the county's settings, newest first."""
    rows = audit_store.entries(db, CHANGED, f"county:{county_code}")
    return [{"at": r["at"], "actor": r["actor"], **json.loads(r["detail"])} for r in rows]
