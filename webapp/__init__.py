"""doudi: a form server for rural social assistance (the application is built in webapp/app.py)."""

from __future__ import annotations

from pathlib import Path

from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
htmx = Htmx()

# The app factory, `webapp.create_app(config=None)`, last: the modules it imports use the objects
# above (`from webapp import csrf`).
from webapp.app import create_app  # noqa: E402

__all__ = ["ROOT", "create_app", "csrf", "htmx"]
