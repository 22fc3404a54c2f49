"""Messages that did not reach the phone, and what staff did instead: each message's delivery
state in plain Chinese, why a number needs telling in person (需当面告知), a region's list of
failed deliveries, and the append-only record that someone told the person."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from webapp.domain.otp import mask_phone
from webapp.services import audit, regions
from webapp.sms import optout
from webapp.store import outbox as store
from webapp.store import submissions as submission_store
from webapp.store.engine import immediate
from webapp.web.i18n import _

PAGE_SIZE = 50
COUNT_UP_TO = 100  # the menu says "99+" beyond: counting a county's backlog is not its job

STATE_LABELS = {
    "queued": _("排队中"), "sent": _("已发送"), "delivered": _("已送达"),
    "undelivered": _("未送达"), "failed": _("发送失败"), "suppressed": _("未发送"),
}
FAILED_STATES = frozenset({"undelivered", "failed"})

TEMPLATE_LABELS = {
    "sign_in_code": _("登录验证码"), "consent_code": _("代办同意验证码"),
    "submission_received": _("提交成功通知"),
    "opt_out_confirmed": _("退订确认"),
    "status_reply": _("进度查询回复"), "status_none": _("查询无结果回复"),
    "draft_unfinished": _("未填完提醒"), "notice_starts": _("公示开始提醒"),
    "notice_ends": _("公示结束提醒"), "visit_tomorrow": _("入户调查提醒"),
    "report_changes": _("家庭变化报告提醒"), "review_due": _("复核提醒"),
    "phase_out_ending": _("渐退期结束提醒"), "accepted": _("受理通知"),
    "needs_correction": _("补正通知"), "correction_received": _("补正收到通知"),
    "visit_booked": _("入户调查预约通知"),
    "notice_posted": _("公示通知"), "confirmed": _("批准通知"),
    "confirmed_no_amount": _("批准通知"), "refused": _("未批准通知"),
    "phase_out": _("渐退期通知"), "periodic_review": _("复核结果通知"),
    "visit_rebooked": _("入户调查改期通知"), "assistance_stopped": _("停止救助通知"),
    "phase_out_over": _("渐退期结束通知"), "review_season": _("定期复核提示"),
    # Issue 10, reviews: a periodic review's result.
    "review_continued": _("复核续发通知"), "review_raised": _("复核增发通知"),
    "review_lowered": _("复核减发通知"), "review_no_amount": _("复核结果通知"),
    "review_continued_no_amount": _("复核续发通知"),
}
# Issue 11, staff pages: every template named in words on the undelivered page and the case page.
TEMPLATE_LABELS.update({
    "relapse_verified": _("入户核实通知"), "relapse_included": _("纳入监测通知"),
    "relapse_not_included": _("不纳入监测通知"), "relapse_risk_removed": _("风险消除通知"),
    "first_aid_given": _("先行救助通知"), "aid_approved": _("临时救助批准通知"),
    "aid_paid": _("临时救助发放通知"), "change_received": _("家庭变化收到通知"),
    "change_death_received": _("家人去世报告收到通知"), "change_no_change": _("家庭变化核实结果通知"),
    "change_review": _("提前复核通知"), "rating_invite": _("好差评邀请"),
    "rating_thanks": _("评价感谢"), "rating_low_thanks": _("差评收到回复"),
    "rating_already": _("已评价回复"), "rating_none": _("无可评价回复"),
    "rating_answer": _("差评答复"),
})
# The 查询 replies that add the next date or amount (the resident's timeline, issue 10).
TEMPLATE_LABELS.update({name: _("进度查询回复") for name in (
    "status_visit", "status_notice", "status_deadline", "status_phase_out", "status_amount",
    "status_correction")})

# What a provider's code means for the person who has to go and tell them instead.
REASONS = {
    "opted_out": _("这个号码已退订提醒短信"),
    "expired": _("过了有效期还没发出"),
    "no_receipt": _("发出72小时仍没有送达回执"),
    "unreachable": _("连不上短信服务商"),
    "no_phone": _("本人没有手机，短信发不出去"),
    "21211": _("号码无效"), "21217": _("号码无效"), "21214": _("号码无法接通"),
    "21610": _("本人回复了退订"), "21612": _("运营商无法送达这个号码"),
    "21614": _("不是手机号"), "30003": _("手机关机或不在服务区"),
    "30004": _("短信被拦截"), "30005": _("号码不存在或已停机"),
    "30006": _("号码不能接收短信"), "30007": _("被运营商过滤"),
    "30008": _("运营商没有说明原因"),
    "isv.MOBILE_NUMBER_ILLEGAL": _("号码无效"),
}
OUR_CODES = frozenset({"opted_out", "expired", "no_receipt", "unreachable", "no_phone"})  # not a provider's
OPT_OUT_SOURCES = {"sms_reply": _("本人回复短信退订"), "resident": _("本人在办理进度页面退订"),
                   "staff": _("工作人员代为退订")}


def state(row: sqlite3.Row | dict) -> str:
    """One of STATE_LABELS: where a message is, from the outbox and the latest receipt."""
    if row["status"] in ("failed", "suppressed"):
        return row["status"]
    if row["delivery_status"] == "delivered":
        return "delivered"
    if row["delivery_status"] in ("undelivered", "failed"):
        return "undelivered"
    return "sent" if row["status"] == "sent" else "queued"


def explain(code: str | None) -> str:
    """A provider's code or error text in words, with the code kept for the record."""
    if not code:
        return ""
    words = code.split()
    key = words[1].rstrip(":") if len(words) > 1 and words[0] in ("twilio", "aliyun") else code
    if key in REASONS:
        return REASONS[key] if key in OUR_CODES else f"{REASONS[key]}（{key}）"
    return _("错误码 %s") % code[:80] if " " not in code else code[:80]


def reason(row: sqlite3.Row | dict) -> str:
    """Why a message is where it is ('' when there is nothing to explain)."""
    where = state(row)
    if where == "undelivered":
        return explain(row["delivery_error"]) or _("运营商回执：未送达")
    if where in ("failed", "suppressed"):
        return explain(row["error"])
    if where == "queued" and row["error"]:
        return _("上次没有发出（%s），稍后再试") % explain(row["error"])
    return ""


def template_label(name: str) -> str:
    return TEMPLATE_LABELS.get(name, name)


@dataclass(frozen=True)
class FollowUp:
    """Someone told the person in person what the message would have said."""

    staff_name: str
    handled_at: str
    note: str | None


@dataclass(frozen=True)
class Message:
    id: int
    template: str
    label: str
    body: str
    kind: str
    created_at: str
    sent_at: str | None
    state: str
    state_label: str
    reason: str
    attempts: int
    followup: FollowUp | None

    @property
    def failed(self) -> bool:
        return self.state in FAILED_STATES

    @property
    def needs_follow_up(self) -> bool:
        return self.failed and self.followup is None


def _followups(db: Database, outbox_ids: list[int]) -> dict[int, FollowUp]:
    rows = store.followups_of(db, outbox_ids)
    return {r["outbox_id"]: FollowUp(r["name"], r["handled_at"], r["note"]) for r in rows}


def _message(row: sqlite3.Row | dict, followups: dict[int, FollowUp]) -> Message:
    where = state(row)
    return Message(row["id"], row["template"], template_label(row["template"]), row["body"],
                   row["kind"], row["created_at"], row["sent_at"], where, STATE_LABELS[where],
                   reason(row), row["attempts"] or 0, followups.get(row["id"]))


def for_submission(db: Database, submission_id: int) -> list[Message]:
    """Every message sent about a submission, oldest first."""
    rows = store.for_submission(db, submission_id, shown_only=True)
    followups = _followups(db, [r["id"] for r in rows])
    return [_message(row, followups) for row in rows]


@dataclass(frozen=True)
class InPersonReason:
    text: str
    at: str | None  # when it happened (UTC, ISO)


def in_person_reasons(db: Database, phone: str) -> list[InPersonReason]:
    """Why SMS cannot be relied on for this number: it opted out of reminders, or the latest
    message to it with a known outcome did not arrive (a later delivered one shows the number
    works again). Empty when SMS can be relied on."""
    reasons = []
    opted = store.opt_out_of(db, phone)
    if opted is not None:
        how = OPT_OUT_SOURCES.get(opted["source"].split(":")[0], opted["source"])
        reasons.append(InPersonReason(_("已退订提醒短信（%s），提醒不再发送") % how,
                                      opted["opted_out_at"]))
    last = store.last_known_outcome(db, phone)
    if last is not None and state(last) in FAILED_STATES:
        reasons.append(InPersonReason(
            _("最近一条短信（%(label)s）%(state)s：%(reason)s") % {
                "label": template_label(last["template"]), "state": STATE_LABELS[state(last)],
                "reason": reason(last) or STATE_LABELS[state(last)]},
            last["delivery_at"] or last["sent_at"] or last["created_at"]))
    return reasons


# --- the region's list of failed deliveries -------------------------------------------------

@dataclass(frozen=True)
class Pending:
    """A failed message nobody has acted on yet, with what is needed to go and tell them."""

    message: Message
    case_id: int
    reference: str
    village: str
    phone: str  # masked


def pending(db: Database, region_code: str, *, before: int | None = None,
            limit: int = PAGE_SIZE) -> list[Pending]:
    """One page of the failed or undelivered messages about cases in a region not yet told in
    person, newest first; the next page starts below the last one's message id (`before`)."""
    column = regions.case_column(db, region_code)
    if column is None:
        return []
    rows = store.pending(db, column, region_code, before=before, limit=limit)
    return [Pending(_message(row, {}), row["case_id"], row["case_reference"], row["village"] or "",
                    mask_phone(row["phone"]) if row["phone"] else _("没有手机"))
            for row in rows]


def count_pending(db: Database, region_code: str) -> int:
    """How many wait in the region, counted up to COUNT_UP_TO (shown as "99+" beyond 99)."""
    column = regions.case_column(db, region_code)
    return store.count_pending(db, column, region_code, COUNT_UP_TO) if column else 0


class NotListed(LookupError):
    """No failed message with this id about a case in the staff member's region."""


def record_told(db: Database, outbox_id: int, region_code: str, *, staff_id: int, actor: str,
                note: str = "") -> tuple[int, bool]:
    """Record that the person was told in person what a failed message said. Returns the case
    id and whether this was new (a second record for the same message is ignored)."""
    column = regions.case_column(db, region_code)
    with immediate(db):
        case_id = store.failed_case_of(db, outbox_id, column, region_code) if column else None
        if case_id is None:
            raise NotListed(outbox_id)
        inserted = store.add_followup(db, outbox_id, case_id, staff_id, actor, note or None,
                                      datetime.now(UTC).isoformat(timespec="seconds"))
        if inserted:
            audit.record(db, actor, "sms_told_in_person", f"case:{case_id}", outbox_id=outbox_id)
    return case_id, inserted


# --- reminders stopped or restarted by staff for the applicant -------------------------------

def applicant_phone(db: Database, submission_id: int) -> str | None:
    """The number the case's messages go to (the resident who submitted)."""
    return submission_store.resident_phone(db, submission_id)


def set_reminders(db: Database, case_id: int, submission_id: int, *, stop: bool, staff_id: int,
                  actor: str) -> None:
    """Stop (or restart) reminder SMS to a case's applicant on their behalf, since mainland
    numbers often cannot reply 退订; recorded as done by this staff member."""
    phone = applicant_phone(db, submission_id)
    if phone is None:
        raise LookupError(case_id)
    with db.atomic():
        if stop:
            optout.opt_out(db, phone, source=f"staff:{staff_id}")
        else:
            optout.opt_in(db, phone, source=f"staff:{staff_id}")
        audit.record(db, actor, "sms_reminders_stopped" if stop else "sms_reminders_restarted",
                     f"case:{case_id}")
