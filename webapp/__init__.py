"""doudi: a form server for rural social assistance (the application is built in webapp/app.py)."""

from __future__ import annotations

from pathlib import Path

from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
htmx = Htmx()
