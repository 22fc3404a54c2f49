"""The application: configuration, database, blueprints and commands put together."""

from __future__ import annotations

import os

from flask import Flask

from webapp import ROOT, cli, csrf, htmx, settings
from webapp.auth import bp as auth_bp
from webapp.public import bp as public_bp
from webapp.resident import bp as resident_bp
from webapp.services import letters, regions
from webapp.sms import dev, webhooks
from webapp.staff import bp as staff_bp
from webapp.store import engine as db
from webapp.web import compression, errors, i18n, offline, security, templating

# Beyond a photo at its limit: the rest of its form and multipart's own bytes.
BODY_MARGIN = 1024 * 1024


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, database, blueprints, commands."""
    app = Flask(
        "webapp",  # the package's name: app.logger is "webapp", the parent of every module's logger
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    _configure(app, config)
    compression.init_app(app)  # first, so it runs after every other after_request
    csrf.init_app(app)
    htmx.init_app(app)
    db.init_app(app)
    _start_up(app)
    _register(app)
    return app


def _configure(app: Flask, config: dict | None) -> None:
    app.config.from_object(settings)
    app.config.from_prefixed_env("DOUDI")
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("DATABASE"):
        app.config["DATABASE"] = os.path.join(app.instance_path, "doudi.db")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.instance_secret(app.instance_path)
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        # Room for one photo at its limit with the form around it; a larger body is refused
        # (413, webapp/web/errors.py) before it is read.
        app.config["MAX_CONTENT_LENGTH"] = app.config["PHOTO_MAX_BYTES"] + BODY_MARGIN


def _start_up(app: Flask) -> None:
    """Bring the letter texts up to date and, when DEMO_REGIONS is set, add the demo regions."""
    with app.app_context():
        database = db.get_db()
        letters.sync_texts(database)
        if app.config.get("DEMO_REGIONS"):
            regions.ensure_demo(database)
        db.release_db()


def _register(app: Flask) -> None:
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
