"""群发短信: a county administrator (or a township reviewer, for their township) picks a template,
a region and a group, sees the text, the number of SMS parts and the cost, then confirms."""

from __future__ import annotations

import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from webapp.services import authz, regions
from webapp.services.authz import roles_for
from webapp.sms import bulk, followup, templates
from webapp.staff import bp
from webapp.staff.guard import current_staff, staff_required
from webapp.store.engine import get_db
from webapp.web.i18n import _


def _region_choices() -> list[dict]:
    """The regions the signed-in staff member may send to, each with a readable name."""
    db = get_db()
    choices = bulk.choosable_regions(db, current_staff().region_code)
    names = {r["code"]: r["name"] for r in choices}
    for region in choices:
        parent = names.get(region["parent_code"]) if region["level"] == "village" else None
        region["label"] = f"{parent} · {region['name']}" if parent else region["name"]
    return choices


def _all_templates() -> list[dict]:
    """Every template with a sample of its text, its length and its SMS parts."""
    signature = current_app.config["SMS_SIGNATURE"]
    found = []
    for template in templates.all_templates().values():
        sample = templates.render(template.name, templates.sample_params(template), signature)
        found.append({"name": template.name, "body": sample, "characters": len(sample),
                      "segments": templates.segments(sample)})
    return found


def _quiet_hours() -> str:
    """The quiet-hours window as configured, '' when there is none."""
    text = str(current_app.config.get("SMS_QUIET_HOURS") or "").strip()
    return "" if text.lower() in ("", "off") else text


def _page(chosen: dict, preview: bulk.Preview | None = None, error: str | None = None,
          status: int = 200):
    staff = current_staff()
    db = get_db()
    return render_template(
        "staff/bulk_send.html", staff=staff, chosen=chosen, preview=preview, error=error,
        bulk_templates=bulk.bulk_templates(current_app.config), regions=_region_choices(),
        audiences=bulk.AUDIENCES, labels=followup.TEMPLATE_LABELS,
        history=bulk.history(db, staff.region_code),
        all_templates=_all_templates(), batch=uuid.uuid4().hex,
        quiet_hours=_quiet_hours(),
        region_name=regions.full_name(db, chosen.get("region")) if preview else ""), status


def _chosen(source) -> dict:
    return {key: (source.get(key) or "").strip()[:64] for key in ("template", "region", "audience")}


def _check_region(code: str) -> None:
    """Only the staff member's own region or one within it; any other is not there for them."""
    if not authz.covers(get_db(), current_staff().region_code, code):
        abort(404)


@bp.get("/messages/bulk")
@staff_required(*roles_for("bulk_send"))
def bulk_send():
    chosen = _chosen(request.args)
    if not any(chosen.values()):
        return _page(chosen)
    if not chosen["region"]:
        return _page(chosen, error=_("请选择发到哪个地区。"), status=422)
    _check_region(chosen["region"])
    try:
        planned = bulk.preview(get_db(), current_app.config, chosen["template"], chosen["region"],
                               chosen["audience"])
    except bulk.BulkError as refused:
        return _page(chosen, error=refused.message, status=422)
    return _page(chosen, planned)


@bp.post("/messages/bulk")
@staff_required(*roles_for("bulk_send"))
def bulk_confirm():
    chosen = _chosen(request.form)
    if not chosen["region"]:
        return _page(chosen, error=_("请选择发到哪个地区。"), status=422)
    _check_region(chosen["region"])
    staff = current_staff()
    expected = request.form.get("expected", "")
    config = current_app.config
    try:
        if not expected.isdigit():
            raise bulk.BulkError(_("页面已过期，请重新预览后再确认发送。"))
        planned, new = bulk.send(get_db(), config, template=chosen["template"],
                                 region_code=chosen["region"], audience=chosen["audience"],
                                 batch=request.form.get("batch", ""), expected=int(expected[:9]),
                                 staff_id=staff.id, actor=staff.actor)
    except bulk.RecipientsChanged as changed:
        planned = bulk.preview(get_db(), config, chosen["template"], chosen["region"],
                               chosen["audience"])
        return _page(chosen, planned, error=changed.message, status=409)
    except bulk.BulkError as refused:
        return _page(chosen, error=refused.message, status=422)
    if new:
        flash(_("已排队发送 %(n)d 条短信，共 %(parts)d 条计费短信，约 %(cost).2f 元。"
                "夜间免打扰时段不发送，到时段结束后再发出。")
              % {"n": planned.recipients, "parts": planned.segments, "cost": planned.cost})
    else:
        flash(_("这批短信已经发送过，没有重复发送。"))
    return redirect(url_for("staff.bulk_send"))
