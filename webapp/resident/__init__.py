"""What a resident sees: home, the two forms step by step, letters, status."""

from flask import Blueprint

bp = Blueprint("resident", __name__)

from webapp.resident import correction_views, finish, household, pages, steps  # noqa: E402,F401
