"""SQL on residents, their sessions and sign-in codes."""

from __future__ import annotations

# --- residents registered by a village assistant (webapp/services/on_behalf.py) ---------------

def registered_by_phone(db, phone: str):
    """The resident with this phone: id and ID number."""
    return db.execute("SELECT id, id_number FROM residents WHERE phone = ?", [phone]).fetchone()


def registered_in_village(db, village_code: str, id_number: str):
    """The resident registered in a village with this ID number: id and phone."""
    return db.execute("SELECT id, phone FROM residents WHERE village_code = ? AND id_number = ?",
                      [village_code, id_number]).fetchone()


def give_phone(db, resident_id: int, phone: str) -> None:
    db.execute("UPDATE residents SET phone = ? WHERE id = ?", [phone, resident_id])


def register(db, columns: dict) -> int:
    """A resident registered by an assistant; the new id."""
    return db["residents"].insert(columns).last_pk


def registered_phone(db, resident_id: int) -> str | None:
    row = db.execute("SELECT phone FROM residents WHERE id = ?", [resident_id]).fetchone()
    return row[0] if row and row[0] else None


def settle_in_village(db, resident_id: int, village_code: str) -> None:
    """A resident with no village yet belongs to this one (the assistant's they consented to)."""
    db.execute("UPDATE residents SET village_code = ? WHERE id = ? AND village_code IS NULL",
               [village_code, resident_id])


def sign_in_codes_to_phone(db, phone: str, since: str) -> list[str]:
    """When sign-in codes went to a phone since a moment (the consent codes' limits count them)."""
    return [r[0] for r in db.execute("SELECT created_at FROM sign_in_codes WHERE phone = ? "
                                     "AND created_at > ?", [phone, since])]
