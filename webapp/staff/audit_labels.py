"""The audit log in words for the county administrator: every action the code records, the
details' names, and the details whose values are internal keys (a role, a queue, an SMS
template). The raw entry stays in the log; the page shows the words, the key only as a tooltip."""

from __future__ import annotations

from webapp.domain import change_reports as change_rules
from webapp.domain import ratings as rating_rules
from webapp.domain.case_machine import EXTENSION_REASONS, MACHINES, Group
from webapp.services.authz import ROLE_LABELS
from webapp.services.household_file import DECISION_LABELS, METHOD_LABELS
from webapp.services.submissions import FORM_NAMES
from webapp.sms.bulk import AUDIENCES
from webapp.sms.followup import template_label
from webapp.web.i18n import _

# Actions recorded besides those audit_views.ACTION_LABELS names (issue 11: none left as a key).
ACTIONS = {
    "rated_service": _("申请人评价服务"), "answered_rating": _("答复差评"),
    "resident_registered": _("协理员登记村民"), "draft_started_on_behalf": _("协理员代填开始"),
    "draft_taken_over_with_consent": _("经本人同意接着代填"), "draft_started": _("开始填写"),
    "submitted_on_behalf": _("协理员代为提交"), "sensitive_consent": _("敏感个人信息单独同意"),
    "change_reported": _("报告家庭变化"), "change_acknowledged": _("知悉家庭变化报告"),
    "change_decided": _("处理家庭变化报告"), "viewed_change_reports": _("查看家庭变化报告列表"),
    "viewed_change_report": _("查看家庭变化报告"), "viewed_assistant_page": _("查看协理员工作台"),
    "searched_cases": _("查找案件"), "exported_cases": _("导出期限看板的案件"),
    "assistant_phone_published": _("协理员公开联系电话"),
    "assistant_phone_withdrawn": _("协理员不再公开联系电话"),
    "region_contacts_changed": _("修改办事机构联系方式"),
}
DETAILS = {
    "count": _("条数"), "report_id": _("报告号"), "form": _("事项"), "staff": _("工作人员"),
    "resident": _("居民"), "region": _("区域"), "photo": _("照片"), "page": _("页"),
    "view": _("列表"), "username": _("用户名"), "replaces": _("取代"), "reference": _("编号"),
    "reason": _("理由"), "q": _("查找内容"), "key": _("按"), "decision": _("决定"),
    "before": _("翻页位置"), "basis": _("依据"), "working_days": _("工作日"),
    "valid_to": _("有效至"), "valid_from": _("有效自"), "until": _("到"),
    "township_confirms": _("乡镇审核确认"), "thumbnail": _("缩略图"),
    "temporary_aid_public": _("临时救助公开"), "template": _("短信"), "submission_id": _("申请号"),
    "size": _("大小"), "signature": _("签名"), "segments": _("计费条数"), "role": _("角色"),
    "rehashed": _("重新加密"), "recipients": _("收信人数"), "queue": _("队列"),
    "previous_filler": _("之前代填的人"), "outbox_id": _("短信号"), "official": _("帮扶责任人"),
    "mimetype": _("文件类型"), "listed": _("列出"), "level": _("评价"), "kind": _("变化"),
    "invitation": _("评价邀请"), "idle": _("未操作"), "headers": _("请求头"),
    "has_phone": _("有手机"), "found": _("找到"), "followup": _("回访"),
    "filter_case": _("筛选案件"), "filter_actor": _("筛选人员"), "filename": _("文件名"),
    "failures": _("失败次数"), "closed": _("已办结"), "channel": _("渠道"), "cases": _("案件"),
    "audience": _("对象"), "method": _("方式"), "state": _("状态"), "action": _("办理"),
    "format": _("格式"),
}
SEARCH_KEYS = {"reference": _("编号"), "id_number": _("身份证号"), "phone": _("手机号"),
               "name": _("姓名")}
QUEUES = {Group.OPEN: _("在办"), Group.WAITING_FOR_APPLICANT: _("等待申请人补正"),
          Group.SETTLED: _("救助中、监测中"), Group.FINISHED: _("已办结"), "temporary_aid": _("临时救助")}
CHANNELS = {"web": _("网页"), "sms": _("短信")}
CHANGE_VIEWS = {"open": _("待处理"), "decided": _("已处理"), "reviews": _("提前复核")}
STATES = {state: label for m in MACHINES.values() for state, label in m.states.items()}
VALUES: dict[str, dict] = {
    "reason": dict(EXTENSION_REASONS), "role": ROLE_LABELS, "kind": change_rules.SHORT,
    "decision": {**change_rules.DECISIONS, **DECISION_LABELS}, "form": FORM_NAMES,
    "queue": QUEUES, "key": SEARCH_KEYS, "view": CHANGE_VIEWS, "audience": AUDIENCES,
    "channel": CHANNELS, "method": METHOD_LABELS, "state": STATES,
    "level": {str(k): v for k, v in rating_rules.LEVELS.items()},
}
YES_NO = {"True": _("是"), "False": _("否"), "true": _("是"), "false": _("否")}


def action_label(action: str) -> str | None:
    return ACTIONS.get(action)


def value_label(key: str, value: object) -> str:
    """A detail's value in words where it is a key of one of the label tables."""
    text = str(value)
    if key == "template":
        return template_label(text)
    return VALUES.get(key, {}).get(text) or YES_NO.get(text) or text


def details(detail: dict) -> list[dict]:
    """Each detail as {label, value, raw}: words to read, the raw entry for a tooltip."""
    return [{"label": DETAILS.get(k, _("其他")), "value": value_label(k, v), "raw": f"{k}={v}"}
            for k, v in sorted(detail.items())]
