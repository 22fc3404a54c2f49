"""flask staff create: the password asked twice, never echoed; the region checked first."""

from __future__ import annotations

import pytest
from web.flows import LIULIN, YANGZHUANG, sql

from webapp.services import accounts
from webapp.staff.cli import staff_group

from .conftest import PASSWORD


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def create(runner, *args, password_input=f"{PASSWORD}\n{PASSWORD}\n"):
    return runner.invoke(staff_group, ["create", *args], input=password_input)


def test_create_asks_the_password_twice_and_makes_the_account(runner, app, db):
    result = create(runner, "wangli", "--name", "王丽", "--role", "assistant",
                    "--region", YANGZHUANG)

    assert result.exit_code == 0, result.output
    assert result.output.count("Password") == 1
    assert "Repeat for confirmation" in result.output
    assert PASSWORD not in result.output
    [row] = sql(app, "SELECT username, name, role, region_code FROM staff")
    assert tuple(row) == ("wangli", "王丽", "assistant", YANGZHUANG)
    assert accounts.authenticate(db, "wangli", PASSWORD).name == "王丽"


def test_two_different_passwords_make_no_account(runner, app):
    result = create(runner, "wangli", "--name", "王丽", "--role", "assistant",
                    "--region", YANGZHUANG, password_input=f"{PASSWORD}\nsomething else\n")

    assert result.exit_code != 0
    assert "do not match" in result.output
    assert sql(app, "SELECT COUNT(*) FROM staff")[0][0] == 0


def test_a_region_of_the_wrong_level_is_refused_before_the_password(runner, app):
    result = create(runner, "wangli", "--name", "王丽", "--role", "assistant", "--region", LIULIN,
                    password_input="")

    assert result.exit_code == 1
    assert "村协理员必须属于一个村（社区）" in result.output
    assert "Password" not in result.output


def test_a_short_password_is_refused_with_a_message(runner, app):
    result = create(runner, "wangli", "--name", "王丽", "--role", "assistant",
                    "--region", YANGZHUANG, password_input="short\nshort\n")

    assert result.exit_code == 1
    assert "密码至少要10位。" in result.output
    assert sql(app, "SELECT COUNT(*) FROM staff")[0][0] == 0


def test_an_unknown_role_is_refused(runner):
    result = create(runner, "wangli", "--name", "王丽", "--role", "mayor", "--region", YANGZHUANG)

    assert result.exit_code == 2
    assert "mayor" in result.output
