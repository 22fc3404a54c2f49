"""Letter texts (告知书, 承诺书, 授权书, 单独同意) as versioned data, and signing them.

A text file `texts/letters/<kind>.v<N>.txt` is one version of one letter: first line the
title, the rest a Jinja template. Once a version is in the database its text can never
change; a new wording is a new file with the next version number.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from sqlite_utils import Database

from webapp.store import submissions as store

TEXTS_DIR = Path(__file__).resolve().parents[1] / "texts" / "letters"
KINDS = ("notice_letter", "commitment", "authorization", "commitment_authorization",
         "sensitive_consent", "temporary_aid_notice", "temporary_aid_commitment",
         "declaration_sensitive_consent")
# The separate consents for sensitive data (PIPL art. 29), one text per form that asks it.
CONSENT_KINDS = ("sensitive_consent", "declaration_sensitive_consent")
_FILE = re.compile(r"^(?P<kind>[a-z_]+)\.v(?P<version>\d+)\.txt$")
_env = SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                            keep_trailing_newline=False)


class LetterTextChanged(RuntimeError):
    """A letter version already in use was edited instead of getting a new version."""


@dataclass(frozen=True)
class LetterText:
    kind: str
    version: int
    sha256: str
    source: str

    @property
    def title(self) -> str:
        return self.source.split("\n", 1)[0].strip()


@dataclass(frozen=True)
class RenderedLetter:
    kind: str
    version: int
    template_sha256: str
    title: str
    text: str
    text_sha256: str


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def all_texts(directory: Path = TEXTS_DIR) -> tuple[LetterText, ...]:
    """Every letter version shipped with the code."""
    texts = []
    for path in sorted(directory.iterdir()):
        match = _FILE.match(path.name)
        if match:
            source = path.read_text(encoding="utf-8")
            texts.append(LetterText(match["kind"], int(match["version"]), sha256(source), source))
    return tuple(texts)


def current(kind: str, directory: Path = TEXTS_DIR) -> LetterText:
    """The newest version of a letter."""
    versions = [t for t in all_texts(directory) if t.kind == kind]
    if not versions:
        raise KeyError(kind)
    return max(versions, key=lambda t: t.version)


def sync_texts(db: Database, directory: Path = TEXTS_DIR) -> None:
    """Record new versions; refuse to run if a recorded version's text was edited."""
    now = _now()
    for text in all_texts(directory):
        recorded = store.letter_text_sha(db, text.kind, text.version)
        if recorded is None:
            store.insert_letter_text(db, {"kind": text.kind, "version": text.version,
                                          "sha256": text.sha256, "body": text.source,
                                          "created_at": now})
        elif recorded != text.sha256:
            raise LetterTextChanged(
                f"{text.kind} v{text.version} was edited after use; add v{text.version + 1} instead"
            )


@cache
def _template(text: LetterText) -> Template:
    """A letter version's template, compiled once: a version's text never changes."""
    return _env.from_string(text.source.partition("\n")[2])


def render(kind: str, context: dict, directory: Path = TEXTS_DIR) -> RenderedLetter:
    """Fill the newest version of a letter with the applicant's details."""
    text = current(kind, directory)
    return _unfilled(text) if not context else _filled(text, context)


@cache
def _unfilled(text: LetterText) -> RenderedLetter:
    """A letter with no details to fill in (the separate consent), rendered once per version."""
    return _filled(text, {})


def _filled(text: LetterText, context: dict) -> RenderedLetter:
    title = text.source.partition("\n")[0]
    filled = _template(text).render(**context).strip()
    filled = re.sub(r"\n{3,}", "\n\n", filled)
    return RenderedLetter(text.kind, text.version, text.sha256, title.strip(), filled,
                          sha256(title.strip() + "\n" + filled))


def record(db: Database, submission_id: int, letter: RenderedLetter, *, signer_name: str,
           signer_role: str, method: str, client: dict, member_index: int | None = None,
           decision: str = "agreed", signature_image: str | None = None,
           assisted: dict | None = None, guardian: dict | None = None) -> int:
    """Keep who signed which exact text, how and when (and, signed on a village assistant's
    phone, `assisted`: who helped, their witness line, whether it was read aloud; signed by a
    guardian, `guardian`: for whom, as what, why). Rows can never be changed."""
    return store.insert_signature(db, {
        **(assisted or {}), **(guardian or {}),
        "submission_id": submission_id, "letter_kind": letter.kind,
        "text_version": letter.version, "template_sha256": letter.template_sha256,
        "text": letter.title + "\n" + letter.text, "text_sha256": letter.text_sha256,
        "signer_name": signer_name, "signer_role": signer_role, "member_index": member_index,
        "method": method, "decision": decision, "signature_image": signature_image,
        "signed_at": _now(), "client_address": client.get("address"),
        "user_agent": client.get("user_agent"),
    })


def signatures_for(db: Database, submission_id: int) -> list[dict]:
    return store.signatures(db, submission_id)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
