"""Defaults; every value can be overridden by a DOUDI_* environment variable."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta

DATABASE = ""  # empty: instance/doudi.db
SECRET_KEY = ""  # empty: a random key kept in instance/secret_key
SMS_BACKEND = "console"
SMS_SIGNATURE = "兜底服务"  # the registered signature shown as 【…】
SERVICE_NAME = "兜底服务"
PUBLIC_URL = "http://localhost:5000"
WORKER_POLL_SECONDS = 1.0
SESSION_IDLE_MINUTES = 30
SESSION_COOKIE_NAME = "doudi"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True
PERMANENT_SESSION_LIFETIME = timedelta(minutes=SESSION_IDLE_MINUTES)
WTF_CSRF_TIME_LIMIT = None  # the session's own idle limit bounds the token
TRUSTED_PROXIES = 0  # how many proxies in front set X-Forwarded-For
DEMO_REGIONS = True


def instance_secret(instance_path: str) -> str:
    """Read or create a random secret key kept beside the embedded database."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    with open(path) as f:
        return f.read().strip()
