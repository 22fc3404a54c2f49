"""The anchor of bench/phones.py: a bare Flask page under the same server as the app.

The same `serve` command (webapp/cli.py: the same web processes, waitress threads, connection
limit and timeouts, read from the same DOUDI_* settings) but no SMS worker, and an app that
answers every page of the walk with a fixed page of the home page's size and its stylesheet,
compressed by Flask-Compress with the browser's Accept-Encoding: no database, no session, no
template. Started by bench/phones.py as `flask --app bench.anchor_app serve --no-worker`.
"""

from __future__ import annotations

from flask import Flask, Response
from flask_compress import Compress

from webapp import settings
from webapp.cli import serve_command

CSS_URL = "/static/anchor.css?v=1"
PAGE = ("<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>兜底服务</title>"
        f'<link rel="stylesheet" href="{CSS_URL}"></head><body><main>'
        + "<p>申请社会救助：在手机上填写，村里的协理员也可以帮您填。</p>" * 40
        + "</main></body></html>")
CSS = "body{font:16px/1.5 sans-serif;margin:0 auto;max-width:40em}" * 280

app = Flask(__name__)
app.config.from_object(settings)
app.config.from_prefixed_env("DOUDI")
Compress(app)
app.cli.add_command(serve_command)


@app.get("/")
@app.get("/start/<form>")
@app.get("/signin")
def page(form: str = "") -> str:
    return PAGE


@app.get("/static/anchor.css")
def stylesheet() -> Response:
    return Response(CSS, mimetype="text/css")
