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
SMS_QUIET_HOURS = "21:00-08:00"  # Beijing time; only sign-in codes go out in between
SMS_RATE_PER_SECOND = 10  # the provider account's sending rate; 0 for no limit
SMS_MAX_ATTEMPTS = 6  # then a message is marked failed, with the reason
SMS_RETRY_BASE_SECONDS = 30  # doubled after each failed attempt
SMS_RETRY_MAX_SECONDS = 3600
SMS_STALE_SECONDS = 300  # a message 'sending' this long was left by a dead worker
SMS_PRICE_PER_SEGMENT = 0.045  # yuan per SMS part, for bulk sends' cost estimates
TWILIO_ACCOUNT_SID = ""
TWILIO_AUTH_TOKEN = ""
TWILIO_MESSAGING_SERVICE_SID = ""
TWILIO_FROM = ""
TWILIO_API_BASE = ""  # only to point the library at a local stand-in
ALIYUN_ACCESS_KEY_ID = ""
ALIYUN_ACCESS_KEY_SECRET = ""
ALIYUN_ENDPOINT = "dysmsapi.aliyuncs.com"
ALIYUN_PROTOCOL = "https"  # "http" only for a local stand-in
ALIYUN_TEMPLATE_CODES = ""  # JSON object template -> code; wins over aliyun_code in sms.toml
ALIYUN_PUSH_TOKEN = ""  # secret path part of the delivery-report and reply push URLs
SESSION_IDLE_MINUTES = 30
STAFF_SESSION_IDLE_MINUTES = 30
SESSION_COOKIE_NAME = "doudi"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True
PERMANENT_SESSION_LIFETIME = timedelta(minutes=SESSION_IDLE_MINUTES)
WTF_CSRF_TIME_LIMIT = None  # the session's own idle limit bounds the token
TRUSTED_PROXIES = 0  # how many proxies in front set X-Forwarded-For
DEMO_REGIONS = True
DEFAULT_COUNTY = ""  # county code whose offices visitors of unknown village see; "": the only one
PASSWORD_HASH_COST = "full"  # argon2 parameters; "test" (cheapest) only for the test suite
SERVE_PROCESSES = 0  # web processes of `flask serve` sharing its socket; 0: one per core
SERVE_THREADS = 6  # waitress threads running pages in each web process (`flask serve`)
SERVE_CONNECTION_LIMIT = 1000  # open connections at once: phones keep theirs alive
SERVE_CHANNEL_TIMEOUT = 30  # seconds a connection may idle before waitress closes it
COMPRESS = True  # brotli or gzip for pages, styles and scripts; false when a proxy compresses
PHOTOS_PER_FORM = 5  # photos of documents a form may have (never required)
PHOTO_MAX_BYTES = 10 * 1024 * 1024  # one uploaded photo, before it is shrunk
PHOTO_MAX_PIXELS = 40_000_000  # width × height read from the header; more is refused undecoded
PHOTO_LONG_SIDE = 1600  # pixels: the copy kept is shrunk to this, and so is the phone's upload
# 好差评 (国办发〔2019〕51号): working days the township has to answer a bad rating. The number
# is the county's to set; 15 is a starting point, not a figure taken from the notice's text.
RATING_FOLLOWUP_DAYS = 15
# Read-aloud (issue 11): seconds the speech engine and the MP3 encoder have, together, to make
# one text's audio; then the resident gets a 503 and can read the page or ask again.
SPEECH_TIMEOUT_SECONDS = 20
MAX_CONTENT_LENGTH = None  # bytes of a request body; None: PHOTO_MAX_BYTES + 1 MB (webapp/app.py)


def instance_secret(instance_path: str) -> str:
    """Read or create a random secret key kept beside the embedded database."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    with open(path) as f:
        return f.read().strip()
