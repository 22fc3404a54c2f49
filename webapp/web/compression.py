"""Pages, styles and scripts go out compressed (brotli, else gzip) through Flask-Compress, unless
COMPRESS is off because a proxy in front compresses."""

from __future__ import annotations

import os
import threading

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

compress = Compress()
static_compress = Compress()  # the same settings, with its results kept (StaticCache)


class StaticCache:
    """Compressed static files, kept in memory by address, encoding and the file's mtime: every
    phone asks for the same stylesheet and scripts, and compressing them once is enough."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return self._kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        with self._lock:
            self._kept[key] = value


def static_key(req) -> str:
    """A static file's key: its address (with ?v=hash) and the file's mtime, so a file changed
    under a running server is compressed again."""
    path = safe_join(current_app.static_folder or "", (req.view_args or {}).get("filename", ""))
    try:
        mtime = os.stat(path).st_mtime_ns if path else 0
    except OSError:
        mtime = 0
    return f"{req.full_path}|{mtime}"


def init_app(app: Flask) -> None:
    """Register compression; call it first, so that it runs after every other after_request."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)  # smaller ones gain less than the headers
    app.config["COMPRESS_REGISTER"] = False
    compress.init_app(app)
    static_compress.init_app(app)
    static_compress.cache, static_compress.cache_key = StaticCache(), static_key
    if app.config["COMPRESS"]:
        app.after_request(_compressed)


def _compressed(response: Response) -> Response:
    """The response compressed if the client accepts it. A static file (at most some tens of
    KB) is read whole first, so that it goes out with its length; a response a view streams
    (an export) goes out untouched, chunk by chunk as it is made."""
    if response.is_streamed and request.endpoint == "static":
        _read_whole(response)
    if response.is_streamed:
        return response
    if request.endpoint == "static" and response.status_code == 200:
        return static_compress.after_request(response)
    return compress.after_request(response)


def _read_whole(response: Response) -> None:
    """Read a static file's body into memory and close the file now, not when the server closes
    the response: a connection dropped by a phone (or a server stopping) never leaves it open."""
    body = response.response
    try:
        data = b"" if response.status_code == 304 else b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    response.direct_passthrough = False
    response.response = [data]
