"""What staff see: sign-in, and the cases of their own region."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from webapp.staff import audit_views, board_views, calendar_views, case_views, views  # noqa: E402,F401
