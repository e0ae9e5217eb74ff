"""Owner from settings (issue 10, item 4): mapping > the settings' rep for a folder or file > last author."""

from __future__ import annotations

from pathlib import Path

from addin.core.keys import rep_for_path
from addin.io.load import load
from addin.schema.settings import REP_FOLDERS
from tests import real_books as rb
from tests.conftest import workbook_of


def _save(path: Path, sheets: dict[str, list[list[object]]], author: str | None = None) -> Path:
    book = workbook_of(sheets)
    if author:
        book.properties.lastModifiedBy = author
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _rules(*pairs: tuple[str, str]) -> list[list[object]]:
    return [[c.zh for c in REP_FOLDERS.columns], *[list(p) for p in pairs]]


def test_rep_for_path_matches_a_folder_a_file_or_a_path_end():
    parts = ("/", "team", "华东", "张三", "客户资料.xlsx")
    assert rep_for_path(parts, [("李四", "李四"), ("张三", "张三丰")]) == "张三丰"
    assert rep_for_path(parts, [("客户*.XLSX", "王五")]) == "王五"
    assert rep_for_path(parts, [("华东/*/*.xlsx", "赵六")]) == "赵六"
    assert rep_for_path(parts, [("华南", "x")]) is None


def test_owner_from_the_settings_rep_for_the_folder_never_the_last_author(tmp_path):
    # issue 22 changed the chain: mapping, then settings, then ask; the workbook's author is never the owner
    team = tmp_path / "团队"
    _save(team / "settings.xlsx", {REP_FOLDERS.zh: _rules(("张三", "张三丰"), ("王五", "WPS_385287289"))})
    _save(team / "张三" / "客户.xlsx", {"客户": rb.CN_CUSTOMERS}, author="陈静")
    _save(team / "李四" / "客户.xlsx", {"客户": rb.CN_CUSTOMERS}, author="李四")
    own_list = [*rb.CN_CUSTOMERS, ["宁波港机", "赵六", "13700137000", "宁波", None, ""]]  # not a copy of 李四's list
    _save(team / "王五" / "客户.xlsx", {"客户": own_list}, author="newuser")
    loaded = load([team])
    owners = {t.path.parent.name: {r.owner_rep for r in t.rows} for t in loaded.tables.of("customers")}
    assert owners == {"张三": {"张三丰"}, "李四": {None}, "王五": {None}}  # no rule for 李四; a machine account is no rep
    notes = {i.value for i in loaded.issues if i.code == "value-supplied" and i.column_key == "owner_rep"}
    assert notes == {"settings:张三丰"}  # the note says which
    asks = [i for i in loaded.issues if i.code == "sheet-missing-columns"]
    assert {i.file for i in asks} == {"李四/客户.xlsx", "王五/客户.xlsx"}
    assert all("补充负责销售" in i.message_zh and REP_FOLDERS.zh in i.message_zh for i in asks)


def test_the_mapping_owner_comes_before_the_settings(tmp_path):
    from addin.schema.mapping import HEADER_MAP

    team = tmp_path / "团队"
    _save(team / "settings.xlsx", {REP_FOLDERS.zh: _rules(("张三", "张三丰"))})
    _save(team / "张三" / "客户.xlsx", {"客户": rb.CN_CUSTOMERS}, author="陈静")
    mapping = [[c.zh for c in HEADER_MAP.columns]] + [["客户.xlsx", "客户", "customers", h, "", "小王", ""] for h in rb.CN_CUSTOMERS[0]]
    for row, key in zip(mapping[1:], ("name", "key_contact", "phone", "region", "first_contact", "notes")):
        row[4] = key
    _save(team / "salesdesk_mapping.xlsx", {HEADER_MAP.zh: mapping})
    loaded = load([team])
    assert {r.owner_rep for r in loaded.tables.of("customers")[0].rows} == {"小王"}
