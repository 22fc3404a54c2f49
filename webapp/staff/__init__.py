"""What staff see: sign-in, and the cases of their own region."""

from flask import Blueprint

from webapp.services import accounts

bp = Blueprint("staff", __name__, url_prefix="/staff")

from webapp.staff import (  # noqa: E402,F401
    aid_views,
    assistant_views,
    audit_views,
    board_views,
    bulk_views,
    calendar_views,
    case_views,
    change_views,
    contacts_views,
    county_views,
    file_views,
    message_views,
    metrics_views,
    monitoring_views,
    name_views,
    official_views,
    phone_views,
    photo_views,
    policy_views,
    rating_views,
    review_views,
    views,
)


@bp.record
def _password_hash_cost(state) -> None:
    """The argon2 cost the app's PASSWORD_HASH_COST setting names."""
    accounts.use_hash_cost(state.app.config["PASSWORD_HASH_COST"])
