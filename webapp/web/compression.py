"""Pages, styles and scripts go out compressed (brotli, else gzip) through Flask-Compress, unless
COMPRESS is off because a proxy in front compresses."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

compress = Compress()


def init_app(app: Flask) -> None:
    """Register compression; call it first, so that it runs after every other after_request."""
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
    if response.is_streamed and request.endpoint == "static":
        _read_whole(response)
    if response.is_streamed:
        return response
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
