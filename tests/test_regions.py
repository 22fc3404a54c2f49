"""Regions: the demo county ships as data; a real list is imported from CSV by a command."""

from __future__ import annotations

import pytest

from webapp.services import regions
from webapp.store.engine import connect


def write_csv(tmp_path, text: str):
    path = tmp_path / "regions.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_a_fresh_install_has_the_demo_county_to_pick_from(client):
    html = client.get("/start/application").get_data(as_text=True)
    assert "社会救助申请" in html
    db = connect(client.application.config["DATABASE"])
    assert [r.name for r in regions.children(db, None, "county")] == ["清河县（演示）"]
    assert "杨庄村" in regions.full_name(db, "999901102202")


def test_import_command_adds_a_county_with_its_townships_and_villages(app, tmp_path):
    path = write_csv(tmp_path, "code,name,level,parent_code\n"
                               "410100000000,中原县,county,\n"
                               "410101001000,桥头镇,township,410100000000\n"
                               "410101001201,河湾村,village,410101001000\n")
    result = app.test_cli_runner().invoke(args=["regions", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 3" in result.output
    db = connect(app.config["DATABASE"])
    assert regions.full_name(db, "410101001201") == "中原县 桥头镇 河湾村"


def test_import_refuses_a_village_whose_township_does_not_exist(app, tmp_path):
    path = write_csv(tmp_path, "code,name,level,parent_code\n410101009201,孤村,village,410101009000\n")
    result = app.test_cli_runner().invoke(args=["regions", "import", str(path)])
    assert result.exit_code != 0
    assert "不存在" in result.output
    db = connect(app.config["DATABASE"])
    assert regions.get(db, "410101009201") is None


def test_import_names_the_line_with_a_bad_level(tmp_path):
    path = write_csv(tmp_path, "code,name,level,parent_code\n1,甲,county,\n2,乙,hamlet,1\n")
    with pytest.raises(regions.RegionImportError, match="第 3 行"):
        regions.read_csv(path)


def test_import_refuses_a_file_without_the_expected_columns(tmp_path):
    path = write_csv(tmp_path, "id,title\n1,甲\n")
    with pytest.raises(regions.RegionImportError, match="缺少列"):
        regions.read_csv(path)


def test_migrate_command_reports_the_database_is_up_to_date(app):
    result = app.test_cli_runner().invoke(args=["migrate"])
    assert result.exit_code == 0
    assert "up to date" in result.output
