"""doudi: a form server for rural social assistance."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response, request
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

from webapp.store import engine as db

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
htmx = Htmx()
compress = Compress()


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, database, blueprints, commands."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    _configure(app, config)
    _compression(app)  # registered first, so it runs after every other after_request
    csrf.init_app(app)
    htmx.init_app(app)
    db.init_app(app)
    _register(app)
    return app


def _configure(app: Flask, config: dict | None) -> None:
    from webapp import settings

    app.config.from_object(settings)
    app.config.from_prefixed_env("DOUDI")
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("DATABASE"):
        app.config["DATABASE"] = os.path.join(app.instance_path, "doudi.db")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.instance_secret(app.instance_path)


def _compression(app: Flask) -> None:
    """Pages, styles and scripts go out compressed (brotli, else gzip), unless COMPRESS is off
    because a proxy in front compresses."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)  # smaller ones gain less than the headers
    app.config["COMPRESS_REGISTER"] = False
    compress.init_app(app)
    if app.config["COMPRESS"]:
        app.after_request(_compressed)


def _compressed(response: Response) -> Response:
    """The response compressed if the client accepts it. A static file (at most some tens of
    KB) is read whole first, so that it goes out with its length; a response a view streams
    (an export) goes out untouched, chunk by chunk as it is made."""
    if response.is_streamed and request.endpoint == "static" and response.status_code == 200:
        response.direct_passthrough = False
        response.make_sequence()
    if response.is_streamed:
        return response
    return compress.after_request(response)


def _register(app: Flask) -> None:
    from webapp import cli
    from webapp.auth import bp as auth_bp
    from webapp.public import bp as public_bp
    from webapp.resident import bp as resident_bp
    from webapp.sms import dev, webhooks
    from webapp.staff import bp as staff_bp
    from webapp.web import errors, i18n, offline, security, templating

    i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    offline.init_app(app)  # installable app, Idempotency-Key, letters check
    app.register_blueprint(auth_bp)
    app.register_blueprint(resident_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(public_bp)
    webhooks.init_app(app)  # whatever the backend: receipts still come after a switch
    if app.config["SMS_BACKEND"] == "console":
        app.register_blueprint(dev.bp)
        if not (app.debug or app.testing):
            app.logger.warning("SMS backend is 'console': every message, sign-in codes included, "
                               "is shown at /dev/sms. Set DOUDI_SMS_BACKEND for real use.")
    cli.init_app(app)
