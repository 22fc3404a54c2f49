"""Read-aloud (听一听, issue 11): the words a page reads out, as speech engines should say them,
and the key a text version's audio is kept under."""

from __future__ import annotations

import hashlib
import re

ENDINGS = tuple("。？！：；，、…")
# A masked ID number's hidden digits ("110105********123X"): an engine would read each star
# ("asterisk" eight times in espeak-ng's Mandarin voice); said once, as what they mean.
_STARS = re.compile(r"\*+")
# Seven digits or more are a number to spell (a phone, an ID), and so are the shown digits of a
# masked number: "13800138000" read as one number would be 一百三十八亿…; amounts and house
# numbers stay numbers.
_SPELT_DIGITS = re.compile(r"\d{7,}|\d+(?=\*)|(?<=\*)\d+")
_SPACES = re.compile(r"[ \t]+")


def sentence(piece: str) -> str:
    """One line of a page, ending in a stop so an engine pauses after it."""
    piece = piece.strip()
    return piece if not piece or piece.endswith(ENDINGS) else piece + "。"


def page_text(pieces: list[str]) -> str:
    """A page's words to read: its own title, help, questions and options, one per line, in the
    order shown (empty pieces left out)."""
    return "\n".join(sentence(p) for p in pieces if p and p.strip())


def spoken(text: str) -> str:
    """The text as an engine should say it: hidden digits said as hidden, long numbers spelt
    digit by digit. Browser speech and the server's audio both say this."""
    text = _SPELT_DIGITS.sub(lambda m: " ".join(m.group(0)), text)
    text = _STARS.sub("（中间几位不显示）", text)
    return _SPACES.sub(" ", text)


def digest(text: str) -> str:
    """A short fingerprint of a text version, part of its audio's address: a changed text has
    a new address, so an old audio is never played for it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def cache_key(text: str, engine: str) -> str:
    """The key the audio of a text, made by one engine setting, is kept under."""
    return hashlib.sha256((engine + "\n" + spoken(text)).encode("utf-8")).hexdigest()
