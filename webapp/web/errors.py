"""One place that turns failures into pages a resident can act on."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from webapp.domain.photos import too_large_message
from webapp.web.i18n import _

MESSAGES = {
    400: _("请求的内容有误，请返回上一页再试一次。"),
    403: _("您没有权限查看这个页面。"),
    404: _("找不到这个页面。请从首页重新进入。"),
    405: _("这个页面不能这样打开。请从首页重新进入。"),
    413: _("提交的内容太大了。"),
    429: _("操作太频繁，请稍后再试。"),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        message = _("页面停留太久已过期，为保护您的信息需要重新打开。您填的内容已保存到上一步。")
        return render_template("error.html", message=message, status=400), 400

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        # Refused before it was read (MAX_CONTENT_LENGTH): the only large thing anyone sends is
        # a photo; what was saved before is all still there, on the page it came from.
        message = too_large_message(current_app.config["PHOTO_MAX_BYTES"])
        return render_template("error.html", message=message, status=413, back=_same_site_referrer()), 413

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = MESSAGES.get(error.code or 500, _("出错了，请稍后再试。"))
        return render_template("error.html", message=message, status=error.code), error.code


def _same_site_referrer() -> str | None:
    """The page the refused form was on, when it is one of ours (its path only)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")
