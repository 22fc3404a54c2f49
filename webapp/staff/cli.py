"""flask staff: create staff accounts."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.services import accounts
from webapp.services.authz import ROLES
from webapp.store.engine import get_db


@click.group("staff")
def staff_group():
    """Staff accounts: each with a role bound to a village, township or county."""


@staff_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="The person's name, as shown on their pages.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--region", required=True,
              help="Region code: a village for an assistant, a township for a township "
                   "reviewer, a county for county staff.")
@click.option("--phone", default="",
              help="A village assistant's number, shown to the residents of their village as "
                   "their assistant's contact (only if they chose to publish it).")
@with_appcontext
def create_command(username: str, name: str, role: str, region: str, phone: str):
    """Create a staff account; the password is asked twice and never shown."""
    db = get_db()
    try:  # check what can be checked before asking for a password
        accounts.check_region(db, role, region)
        accounts.check_public_phone(role, phone)
    except accounts.StaffAccountError as error:
        raise click.ClickException(str(error)) from None
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        staff = accounts.create_staff(db, username, name, role, region, password,
                                      public_phone=phone)
    except accounts.StaffAccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"created staff {staff.id}: {staff.username} ({staff.role}, {staff.region_code})")
