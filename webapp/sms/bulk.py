"""Bulk sends: one registered template with no per-case fields to everyone of a group in a
region. The text, its SMS parts and the cost are shown before anything is queued; the messages
go out as reminders (held in quiet hours, never to a number that opted out), each with a key
made of the send and the number, so a double submit sends once.

The recipients are the applicant numbers copied onto the region's cases (one indexed region
column, webapp/store/cases.bulk_phones), read and queued BATCH_SIZE at a time; the synthetic
cases of `flask demo` are never sent to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlite_utils import Database

from webapp.domain.case_machine import Group, in_group
from webapp.services import audit, regions
from webapp.sms import outbox, templates
from webapp.store import cases as case_store
from webapp.store import outbox as store
from webapp.store.engine import immediate
from webapp.web.i18n import _

# Templates a bulk send may use: each reads right for every household of the group.
BULK_TEMPLATES = ("report_changes", "review_season")
# The only fields a bulk send can fill: the same for every recipient.
BULK_FIELDS = frozenset({"service"})
AUDIENCES = {
    "recipients": _("正在享受救助的家庭（已公布、渐退期）"),
    "applicants": _("所有提交过申请或申报的人"),
}
# Who each audience is: the states of the cases it takes (None: every case of the region).
AUDIENCE_GROUPS = {"recipients": Group.RECEIVING, "applicants": None}
BATCH_SIZE = 500  # recipients read, checked for opt-outs and queued at a time
DEFAULT_PRICE = 0.045  # yuan per SMS part, when SMS_PRICE_PER_SEGMENT is not set
BATCH = re.compile(r"[0-9a-f]{32}")


class BulkError(ValueError):
    """A bulk send that cannot be made as asked; the message says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RecipientsChanged(BulkError):
    """The group changed between the preview and the confirmation: preview again."""


@dataclass(frozen=True)
class BulkTemplate:
    name: str
    body: str  # as a phone shows it
    characters: int
    segments: int


def bulk_templates(config: dict) -> list[BulkTemplate]:
    """The templates a bulk send may use, each rendered with its length and parts."""
    found = []
    for name in BULK_TEMPLATES:
        template = templates.all_templates().get(name)
        if template is None or template.urgent or not template.fields <= BULK_FIELDS:
            continue
        body = render(name, config)
        found.append(BulkTemplate(name, body, len(body), templates.segments(body)))
    return found


def render(name: str, config: dict) -> str:
    return templates.render(name, {"service": config["SERVICE_NAME"]} if
                            "service" in templates.get(name).fields else {},
                            config["SMS_SIGNATURE"])


def price(config: dict) -> float:
    return float(config.get("SMS_PRICE_PER_SEGMENT") or DEFAULT_PRICE)


def choosable_regions(db: Database, region_code: str) -> list[dict]:
    """The staff member's region and every region below it, each with its level."""
    return regions.within(db, region_code)


def _audience(db: Database, region_code: str, audience: str) -> tuple[str | None, dict | None]:
    """The case column the region is compared with, and the audience's states by machine."""
    group = AUDIENCE_GROUPS[audience]
    return regions.case_column(db, region_code), in_group(group) if group else None


def _batches(db: Database, region_code: str, audience: str):
    """The numbers to send to, in batches of (number, latest submission), without those that
    opted out of reminders."""
    column, groups = _audience(db, region_code, audience)
    if column is None:
        return
    for batch in case_store.bulk_phones(db, column, region_code, groups, BATCH_SIZE):
        opted = store.opted_out_among(db, (phone for phone, _sid in batch))
        yield [(phone, sid) for phone, sid in batch if phone not in opted]


@dataclass(frozen=True)
class Preview:
    template: str
    region_code: str
    audience: str
    body: str
    characters: int
    segments_each: int
    recipients: int  # numbers it goes to
    opted_out: int  # numbers of the group left out: they opted out of reminders
    segments: int  # parts billed in all
    price: float
    cost: float  # yuan


def _plan(db: Database, config: dict, template: str, region_code: str, audience: str) -> Preview:
    if template not in {t.name for t in bulk_templates(config)}:
        raise BulkError(_("请选择一条可以群发的短信模板。"))
    if audience not in AUDIENCES:
        raise BulkError(_("请选择发给哪些人。"))
    column, groups = _audience(db, region_code, audience)
    everyone, opted = case_store.bulk_counts(db, column, region_code, groups) if column else (0, 0)
    body = render(template, config)
    parts = templates.segments(body) * (everyone - opted)
    # In decimal, so 3 parts at 0.045 cost 0.14 yuan, not binary floating point's 0.13.
    cost = float((Decimal(str(price(config))) * parts).quantize(Decimal("0.01"), ROUND_HALF_UP))
    return Preview(template, region_code, audience, body, len(body), templates.segments(body),
                   everyone - opted, opted, parts, price(config), cost)


def preview(db: Database, config: dict, template: str, region_code: str,
            audience: str) -> Preview:
    """What a bulk send would send, to how many, at what cost; nothing is queued."""
    return _plan(db, config, template, region_code, audience)


def send(db: Database, config: dict, *, template: str, region_code: str, audience: str,
         batch: str, expected: int, staff_id: int, actor: str) -> tuple[Preview, bool]:
    """Queue the messages of a previewed send and record it. `batch` comes from the preview
    page: a second submit of the same page queues nothing (returns False). `expected` is the
    number of recipients the preview showed; if the group changed since, nothing is sent."""
    if not BATCH.fullmatch(batch or ""):
        raise BulkError(_("页面已过期，请重新预览后再确认发送。"))
    with immediate(db):
        if store.bulk_send_exists(db, batch):
            return preview(db, config, template, region_code, audience), False
        planned = _plan(db, config, template, region_code, audience)
        if planned.recipients != expected:
            raise RecipientsChanged(_("收件人数有变化（预览时%(was)d个，现在%(now)d个），请核对后再确认。")
                                    % {"was": expected, "now": planned.recipients})
        params = {"service": config["SERVICE_NAME"]} \
            if "service" in templates.get(template).fields else {}
        for phones in _batches(db, region_code, audience):
            for phone, submission_id in phones:
                outbox.enqueue(db, phone, template, params, signature=config["SMS_SIGNATURE"],
                               kind="reminder", submission_id=submission_id,
                               idempotency_key=f"bulk:{batch}:{phone}")
        store.add_bulk_send(db, {
            "batch": batch, "staff_id": staff_id, "actor": actor, "template": template,
            "region_code": region_code, "audience": audience, "recipients": planned.recipients,
            "opted_out": planned.opted_out, "segments": planned.segments,
            "price_per_segment": planned.price, "cost": planned.cost,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds")})
        audit.record(db, actor, "sms_bulk_send", f"region:{region_code}", template=template,
                     audience=audience, recipients=planned.recipients, segments=planned.segments)
    return planned, True


def history(db: Database, region_code: str, limit: int = 50) -> list[dict]:
    """Past bulk sends to the region or any region within it, newest first."""
    codes = [r["code"] for r in choosable_regions(db, region_code)]
    return store.bulk_history(db, codes, limit)
