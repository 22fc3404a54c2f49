"""SMS message templates: data in texts/sms.toml, rendered with named fields."""

from __future__ import annotations

import math
import re
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
    valid_minutes: int | None = None  # a sign-in code is worthless after this
    aliyun_code: str | None = None  # the template code registered with Alibaba Cloud

    @property
    def fields(self) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(self.body) if f}


@cache
def all_templates() -> dict[str, SmsTemplate]:
    data = tomllib.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
    return {name: SmsTemplate(name, t["body"], bool(t.get("urgent")), t.get("valid_minutes"),
                              t.get("aliyun_code")) for name, t in data.items()}


def get(name: str) -> SmsTemplate:
    return all_templates()[name]


def render(name: str, params: dict, signature: str) -> str:
    """The full text a phone shows: 【signature】 then the filled template."""
    template = get(name)
    missing = template.fields - params.keys()
    if missing:
        raise KeyError(f"{name} needs {sorted(missing)}")
    return f"【{signature}】" + template.body.format_map(params)


URL = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(cn|com|net|org|gov|io)\b", re.IGNORECASE | re.ASCII)


def has_url(text: str) -> bool:
    return URL.search(text) is not None


def segments(text: str) -> int:
    """How many SMS parts a text takes: GSM-7 160/153, otherwise UCS-2 70/67."""
    single, multi = (160, 153) if set(text) <= GSM7 else (70, 67)
    length = len(text)
    return 1 if length <= single else math.ceil(length / multi)


# Fields written by a person (a reason, what to correct, a review's result), shortened when
# a message would take more than MAX_PARTS: staff write as much as they need on the case, the
# phone gets the gist, and the case page keeps the whole text.
FREE_TEXT = ("reason", "items", "result")
MAX_PARTS = 2
ELLIPSIS = "…"


def fit(name: str, params: dict, signature: str, max_parts: int = MAX_PARTS) -> dict:
    """The params with free-text fields shortened, longest first, so the message takes at most
    `max_parts` SMS parts (unchanged if it already does, or if there is nothing to shorten)."""
    fitted = dict(params)
    while segments(render(name, fitted, signature)) > max_parts:
        longest = max((k for k in FREE_TEXT if k in fitted and len(fitted[k]) > 1),
                      key=lambda k: len(fitted[k]), default=None)
        if longest is None:
            break
        over = len(render(name, fitted, signature)) - (70 if max_parts == 1 else 67 * max_parts)
        keep = max(1, len(fitted[longest].rstrip(ELLIPSIS)) - max(over, 1) - 1)
        fitted[longest] = fitted[longest][:keep] + ELLIPSIS
    return fitted


# Typical lengths of each field, to show how many parts a real message takes.
SAMPLE_VALUES = {"code": "123456", "reference": "K7M2Q9XD", "form_name": "社会救助申请",
                 "service": "兜底服务", "date": "11月25日", "start": "11月25日", "end": "12月1日",
                 "deadline": "12月31日", "month": "12月", "amount": "420", "category": "低保",
                 "state": "已提交，等待乡镇受理", "items": "家庭成员、收入",
                 "reason": "家庭人均收入超过低保标准", "result": "继续享受低保"}


def sample_params(template: SmsTemplate) -> dict:
    return {name: SAMPLE_VALUES.get(name, "示例") for name in template.fields}


def cost_estimate(bodies: list[str], price_per_part: float) -> tuple[int, float]:
    """(SMS parts, cost) of a bulk send: providers charge per part."""
    parts = sum(segments(body) for body in bodies)
    return parts, round(parts * price_per_part, 2)
