"""The county administrator reads the audit log of their county, newest first, filtered by case
and by person, a page at a time by keyset on id (webapp/services/audit.county_page). Reading it
is itself recorded."""

from __future__ import annotations

import json
import re

from flask import render_template, request
from sqlite_utils import Database

from webapp.domain import case_machine as machine
from webapp.services import audit, authz
from webapp.staff import audit_labels, bp
from webapp.staff.guard import current_staff, staff_required
from webapp.store import staff as staff_store
from webapp.store.engine import get_db
from webapp.web.i18n import _
from webapp.web.security import client

PAGE_SIZE = 200
ACTOR = re.compile(r"(staff|resident):[1-9][0-9]{0,17}|system")
CASE_ID = re.compile(r"[1-9][0-9]{0,17}")

ACTION_LABELS = {
    "viewed_case": _("查看案件"),
    "viewed_case_list": _("查看案件列表"),
    "viewed_board": _("查看期限看板"),
    "case_extended": _("延长办理期限"),
    "staff_signed_in": _("工作人员登录"),
    "staff_signed_out": _("工作人员退出"),
    "staff_sign_in_failed": _("登录失败"),
    "staff_sign_in_refused": _("登录被拒绝"),
    "staff_locked_out": _("账号锁定"),
    "staff_session_idle": _("长时间未操作退出"),
    "staff_activated": _("启用账号"),
    "staff_deactivated": _("停用账号"),
    "loaded_calendar_year": _("载入节假日日历"),
    "read_audit_log": _("查看审计日志"),
    "policy_parameters_added": _("设置政策参数"),
    "monitoring_line_added": _("设置防止返贫监测范围"),
    "monitoring_income_recorded": _("记录监测对象收入"),
    "county_setting_changed": _("修改办理设置"),
    "sms_opt_out": _("退订提醒短信"),
    "sms_opt_in": _("恢复提醒短信"),
    "sms_reminders_stopped": _("代为退订提醒短信"),
    "sms_reminders_restarted": _("代为恢复提醒短信"),
    "sms_told_in_person": _("已当面告知"),
    "sms_bulk_send": _("群发短信"),
    "viewed_undelivered_sms": _("查看未送达短信"),
    "staff_created": _("新建工作人员账号"),
    "submitted": _("提交申请"),
    "signed_in": _("居民登录"),
    "printed_household_file": _("打印一户一档"),
    "official_assigned": _("明确帮扶责任人"),
    "photo_added": _("上传照片"),
    "photo_deleted": _("删除照片"),
    "viewed_photo": _("查看申请人上传的照片"),
    "name_corrected": _("更正登记的姓名"),
}


def action_label(action: str) -> str | None:
    """The entry's action in words; a case step is named as the procedure names it."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if audit_labels.action_label(action):
        return audit_labels.action_label(action)
    if action.startswith("case_"):
        step = action[5:]
        for procedure in machine.MACHINES.values():
            for t in procedure.transitions:
                if t.action == step:
                    return t.label
    return None

def county_of(db: Database, region_code: str) -> str:
    """The county a staff member's region lies in (a county administrator's own region)."""
    chain = authz.region_chain(db, region_code)
    return chain[-1] if chain else region_code


def county_staff(db: Database, county: str) -> list[dict]:
    """Every staff account bound to the county or a region in it, by name."""
    return [{"actor": f"staff:{r['id']}", "name": r["name"],
             "role": authz.ROLE_LABELS.get(r["role"], r["role"])}
            for r in audit.county_staff(db, county)]


def _names(db: Database, rows: list[dict]) -> dict[str, str]:
    ids = sorted({int(r["actor"][6:]) for r in rows if ACTOR.fullmatch(r["actor"] or "")
                  and r["actor"].startswith("staff:")})
    return {f"staff:{i}": name for i, name in staff_store.names(db, ids).items()}


def _shown(row: dict, names: dict[str, str]) -> dict:
    try:
        detail = json.loads(row["detail"] or "{}")
    except ValueError:
        detail = {}
    if not isinstance(detail, dict):
        detail = {}
    address = detail.pop("client_address", "") or ""
    case_id = row["subject"][5:] if (row["subject"] or "").startswith("case:") else None
    return {**row, "who": names.get(row["actor"]), "address": address,
            "action_label": action_label(row["action"] or ""),
            "case_id": case_id if case_id and CASE_ID.fullmatch(case_id) else None,
            "detail": audit_labels.details(detail)}


@bp.get("/audit")
@staff_required("county_admin")
def audit_log():
    staff = current_staff()
    db = get_db()
    county = county_of(db, staff.region_code)
    errors = []
    case_text = (request.args.get("case") or "").strip()
    actor = (request.args.get("actor") or "").strip()
    before_text = (request.args.get("before") or "").strip()
    if case_text and not CASE_ID.fullmatch(case_text):
        errors.append(_("案件号应是数字，例如 12"))
    if actor and not ACTOR.fullmatch(actor):
        errors.append(_("人员应写成 staff:3 或 resident:5 这样"))
    if before_text and not CASE_ID.fullmatch(before_text):
        errors.append(_("翻页的位置不对"))
    found = audit.Page([], None)
    if not errors:
        found = audit.county_page(db, county, case_id=int(case_text) if case_text else None,
                                  actor=actor or None,
                                  before=int(before_text) if before_text else None,
                                  limit=PAGE_SIZE)
    rows = found.entries
    with db.atomic():
        audit.record(db, staff.actor, "read_audit_log", f"region:{county}",
                     filter_case=case_text[:20], filter_actor=actor[:40],
                     before=before_text[:20], count=len(rows),
                     client_address=client()["address"])
    people = county_staff(db, county)
    names = _names(db, rows)
    listed = [_shown(row, names) for row in rows]
    return render_template(
        "staff/audit.html", staff=staff, entries=listed, people=people,
        known_actor=any(p["actor"] == actor for p in people), case=case_text, actor=actor,
        before=before_text, errors=errors,
        older=found.older), (422 if errors else 200)
