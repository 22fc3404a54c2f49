"""Server-made audio for 「听一听」 where the phone has no Chinese voice (issue 11): an offline
Mandarin engine from Debian (espeak-ng's cmn voice) makes a WAV, lame turns it into a small
MP3 (about 3 KB a second instead of 44 KB), and the store keeps it per text version.

The text goes to the engine on its standard input, never on its command line, where any user
of the machine could read it in the process list (a letter names the resident)."""

from __future__ import annotations

import logging
import subprocess

from sqlite_utils import Database

from webapp.domain.speech import cache_key, spoken
from webapp.services.accounts import iso, now_utc
from webapp.store import speech as store

log = logging.getLogger(__name__)

CONTENT_TYPE = "audio/mpeg"
SPEAK = ["espeak-ng", "-v", "cmn", "-s", "140", "-b", "1", "--stdin", "--stdout"]
# Mono, 16 kHz, 24 kbit/s: speech stays clear, a minute of it is about 180 KB.
ENCODE = ["lame", "--quiet", "-m", "m", "--resample", "16", "-b", "24", "-", "-"]
# Part of every cache key: a change of voice, speed or encoding makes new audio.
ENGINE = " ".join(SPEAK) + " | " + " ".join(ENCODE)


class SpeechUnavailable(Exception):
    """The engine is missing, failed or took too long; the page's text is still there to read."""


def audio_of(db: Database, text: str, timeout: float) -> tuple[str, bytes]:
    """(content type, audio) of the text: the kept one, else made now and kept."""
    key = cache_key(text, ENGINE)
    kept = store.audio(db, key)
    if kept is not None:
        return kept
    made = synthesize(spoken(text), timeout, key)
    with db.atomic():
        store.keep(db, key, CONTENT_TYPE, made, iso(now_utc()))
    return CONTENT_TYPE, made


def synthesize(text: str, timeout: float, key: str = "") -> bytes:
    """MP3 of the text, within `timeout` seconds in all; logs the key, never the text."""
    wave = _run(SPEAK, text.encode("utf-8"), timeout / 2, key)
    return _run(ENCODE, wave, timeout / 2, key)


def _run(command: list[str], given: bytes, timeout: float, key: str) -> bytes:
    try:
        done = subprocess.run(command, input=given, capture_output=True, timeout=timeout,
                              check=False)
    except FileNotFoundError:
        log.error("read-aloud: %s is not installed (audio %s)", command[0], key[:12])
        raise SpeechUnavailable(command[0]) from None
    except subprocess.TimeoutExpired:
        log.warning("read-aloud: %s took over %.0f s (audio %s)", command[0], timeout, key[:12])
        raise SpeechUnavailable(command[0]) from None
    if done.returncode != 0 or not done.stdout:
        log.warning("read-aloud: %s failed with status %s (audio %s)", command[0],
                    done.returncode, key[:12])
        raise SpeechUnavailable(command[0])
    return done.stdout
