"""Short references that a resident can read out over the phone or copy from a letter."""

import secrets
import unicodedata

# No 0/O, 1/I/L: characters that look alike on paper or on a phone screen.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8

_SEPARATORS = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


def new_reference() -> str:
    """A fresh random reference of 8 characters."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_reference(text: str) -> str | None:
    """The reference as stored, or None when the text cannot be one."""
    cleaned = "".join(unicodedata.normalize("NFKC", text or "").split())
    cleaned = cleaned.translate(_SEPARATORS).upper()
    if len(cleaned) != LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned
