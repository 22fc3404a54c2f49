"""What a resident sees: home, the two forms step by step, letters, status."""

from flask import Blueprint

bp = Blueprint("resident", __name__)

from webapp.resident import (  # noqa: E402,F401
    change_views,
    correction_views,
    display_mode,
    finish,
    household,
    pages,
    photo_views,
    rating_views,
    speech_views,
    steps,
)
