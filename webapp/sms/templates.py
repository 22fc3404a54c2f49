"""SMS message templates: data in texts/sms.toml, rendered with named fields."""

from __future__ import annotations

import math
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATES_FILE = Path(__file__).resolve().parent.parent / "texts" / "sms.toml"
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


@dataclass(frozen=True)
class SmsTemplate:
    name: str
    body: str
    urgent: bool

    @property
    def fields(self) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(self.body) if f}


@cache
def all_templates() -> dict[str, SmsTemplate]:
    data = tomllib.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
    return {name: SmsTemplate(name, t["body"], bool(t.get("urgent"))) for name, t in data.items()}


def get(name: str) -> SmsTemplate:
    return all_templates()[name]


def render(name: str, params: dict, signature: str) -> str:
    """The full text a phone shows: 【signature】 then the filled template."""
    template = get(name)
    missing = template.fields - params.keys()
    if missing:
        raise KeyError(f"{name} needs {sorted(missing)}")
    return f"【{signature}】" + template.body.format_map(params)


def segments(text: str) -> int:
    """How many SMS parts a text takes: GSM-7 160/153, otherwise UCS-2 70/67."""
    single, multi = (160, 153) if set(text) <= GSM7 else (70, 67)
    length = len(text)
    return 1 if length <= single else math.ceil(length / multi)
