"""`recognise score` through typer's CliRunner: exit codes, choice of the criteria set, --explain, outputs."""

from __future__ import annotations

import csv
import json
import re

import pytest
import yaml
from sheet_helpers import (
    TT22,
    TT22_COLUMNS,
    TT22_MAX,
    TT25_COLUMNS,
    TT25_XA,
    TT44_DRAFT,
    table,
    tt22_row,
    tt25_level1,
    tt25_level2,
    write_dict_sheet,
    write_xlsx,
)
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import CRITERIA_DIR

runner = CliRunner()


def flat(text: str) -> str:
    """Terminal text with Rich's wrapping and tree guides removed: words separated by single spaces."""
    text = re.sub(r"[│├└─┃┏┓┗┛┡┩╇╈┳┻┼┬┴┌┐┘]", " ", text)
    return " ".join(text.split())


def score(*args: str):
    return runner.invoke(app, ["score", *args])


@pytest.fixture
def good_sheet(tmp_path):
    rows = [tt22_row("DV-01", "Trường Tiểu học Hòa Bình"), tt22_row("DV-02", "Phòng Văn hóa", i3a="9,5")]
    return write_dict_sheet(tmp_path / "good.csv", TT22_COLUMNS, rows, delimiter=";")


@pytest.fixture
def bad_row_sheet(tmp_path):
    rows = [tt22_row("DV-01"), tt22_row("DV-02", i1b="12"), tt22_row("DV-03", i3a="0", i3c="0")]
    return write_dict_sheet(tmp_path / "bad.csv", TT22_COLUMNS, rows, delimiter=";")


# --- exit codes -----------------------------------------------------------------------------

def test_exit_0_when_every_row_is_scored(tmp_path, good_sheet):
    out = tmp_path / "r.json"
    result = score(str(good_sheet), "--criteria", TT22, "--output", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(s["id"], s["total"], s["grade"]) for s in data["subjects"]] == [("DV-01", 100, "Tốt"), ("DV-02", 84.5, "Khá")]
    assert data["errors"] == []
    text = flat(result.stdout)
    assert "DV-01" in text and "DV-02" in text and "84,5" in text


def test_exit_1_when_a_row_is_rejected(tmp_path, bad_row_sheet):
    out = tmp_path / "r.json"
    result = score(str(bad_row_sheet), "--criteria", TT22, "--output", str(out))
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(s["id"], s["total"]) for s in data["subjects"]] == [("DV-01", 100), ("DV-03", 70)]
    assert [(e["row"], e["column"], e["value"]) for e in data["errors"]] == [(3, "1.b", "12")]
    assert data["summary"]["scored"] == 2 and data["summary"]["rejected"] == 1
    text = flat(result.output)
    assert "1.b" in text and "12" in text  # the rejected row is listed on the terminal


def test_exit_2_when_no_row_can_be_scored(tmp_path):
    sheet = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [tt22_row("A", i1a="x"), tt22_row("B", i1a="")])
    result = score(str(sheet), "--criteria", TT22)
    assert result.exit_code == 2, result.output


def test_exit_2_for_a_missing_file(tmp_path):
    out = tmp_path / "r.json"
    result = score(str(tmp_path / "khong-co.csv"), "--criteria", TT22, "--output", str(out))
    assert result.exit_code == 2, result.output
    assert "khong-co.csv" in flat(result.output)
    assert not out.exists()


def test_exit_2_for_an_unknown_criteria_set(good_sheet, tmp_path):
    out = tmp_path / "r.json"
    result = score(str(good_sheet), "--criteria", "dvht-tt99-2099", "--output", str(out))
    assert result.exit_code == 2, result.output
    assert "dvht-tt99-2099" in flat(result.output)
    assert not out.exists()


def test_exit_2_for_a_sheet_with_a_missing_column(tmp_path):
    columns = [c for c in TT22_COLUMNS if c != "3.b"]
    sheet = write_dict_sheet(tmp_path / "s.csv", columns, [tt22_row("A")])
    out = tmp_path / "r.json"
    result = score(str(sheet), "--criteria", TT22, "--output", str(out))
    assert result.exit_code == 2, result.output
    assert "3.b" in flat(result.output)
    assert not out.exists()


def test_exit_2_for_an_unsupported_output(good_sheet, tmp_path):
    result = score(str(good_sheet), "--criteria", TT22, "--output", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2, result.output


def test_exit_2_for_a_draft_set_lists_what_is_missing(tmp_path):
    header = ["ma", "ten", *[str(n) for n in range(1, 16)]]
    sheet = write_dict_sheet(tmp_path / "s.csv", header, [{"ma": "X", "ten": "Xã A", **{str(n): "5" for n in range(1, 16)}}])
    out = tmp_path / "r.json"
    result = score(str(sheet), "--criteria", TT44_DRAFT, "--output", str(out))
    assert result.exit_code == 2, result.output
    assert not out.exists()
    text = flat(result.output)
    draft = yaml.safe_load((CRITERIA_DIR / f"{TT44_DRAFT}.yaml").read_text(encoding="utf-8"))
    assert draft["status"] == "draft" and draft["missing"]
    for item in draft["missing"]:
        assert " ".join(item["what"].split()) in text


def test_year_outside_the_set_is_refused(good_sheet):
    result = score(str(good_sheet), "--criteria", TT22, "--year", "2025")
    assert result.exit_code == 2, result.output


# --- choosing the set by title and year -------------------------------------------------------

def test_title_and_year_pick_tt22(tmp_path, good_sheet):
    out = tmp_path / "r.json"
    result = score(str(good_sheet), "--title", "Đơn vị học tập", "--year", "2023", "--output", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["criteria"]["id"] == "dvht-tt22-2020"
    assert data["subjects"][0]["grade"] == "Tốt"


def test_title_without_diacritics(tmp_path, good_sheet):
    out = tmp_path / "r.json"
    result = score(str(good_sheet), "--title", "don vi hoc tap", "--year", "2021", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["criteria"]["id"] == "dvht-tt22-2020"


def test_title_without_year_is_refused(good_sheet):
    result = score(str(good_sheet), "--title", "Đơn vị học tập")
    assert result.exit_code == 2, result.output


def test_title_commune_2024_picks_tt25(tmp_path):
    sheet = write_dict_sheet(tmp_path / "s.csv", TT25_COLUMNS, [tt25_level1("X-01")])
    out = tmp_path / "r.json"
    result = score(str(sheet), "--title", "Cộng đồng học tập cấp xã", "--year", "2024", "--output", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["criteria"]["id"] == TT25_XA
    assert data["subjects"][0]["level"] == 1


# --- --explain ------------------------------------------------------------------------------

def test_explain_prints_every_indicator_and_its_reason(good_sheet):
    result = score(str(good_sheet), "--criteria", TT22, "--explain", "DV-02")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    # DV-02: every indicator at its maximum but 3.a = 9,5 of 25
    expected = {code: (top, top) for code, top in TT22_MAX.items()}
    expected["3.a"] = ("9,5", 25)
    for code, (points, top) in expected.items():
        pattern = re.escape(code) + r"\b[^├└]{0,40}?Hội đồng chấm " + re.escape(f"{points}/{top} điểm")
        assert re.search(pattern, text), (code, text)
    assert "Điều 5 khoản 3 điểm a" in text
    assert "84,5" in text
    assert "thiếu 0,5 điểm để đạt loại tốt" in text.casefold()


def test_explain_levels_subject(tmp_path):
    sheet = write_dict_sheet(tmp_path / "s.csv", TT25_COLUMNS,
                             [tt25_level2("X-01"), tt25_level1("X-02", i5_1="59,9")])
    result = score(str(sheet), "--criteria", TT25_XA, "--explain", "X-02")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    for code in ["1.1", "2.3", "3.2", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2"]:
        assert code in text
    assert "5.1: 59,9% < 60%" in text


def test_explain_of_a_code_not_on_the_sheet_is_a_usage_error_and_nothing_is_written(tmp_path, good_sheet):
    out = tmp_path / "r.json"
    result = score(str(good_sheet), "--criteria", TT22, "--explain", "KHONG-CO", "--output", str(out))
    assert result.exit_code == 2, result.output
    assert "không có đối tượng mã “KHONG-CO”" in flat(result.stderr)
    assert not out.exists() and result.stdout == ""


def test_explain_suggests_the_code_written_differently(good_sheet):
    result = score(str(good_sheet), "--criteria", TT22, "--explain", "dv-01")
    assert result.exit_code == 2, result.output
    assert "Có phải: DV-01?" in flat(result.stderr)


def test_explain_of_a_rejected_row_names_the_row_and_keeps_exit_1(tmp_path, bad_row_sheet):
    result = score(str(bad_row_sheet), "--criteria", TT22, "--explain", "DV-02")
    assert result.exit_code == 1, result.output
    assert "Không chấm “DV-02”: dòng 3 bị loại vì lỗi" in flat(result.stdout)


# --- output formats -------------------------------------------------------------------------

def test_csv_and_xlsx_outputs_are_readable(tmp_path, bad_row_sheet):
    out_csv, out_xlsx, out_json = tmp_path / "r.csv", tmp_path / "r.xlsx", tmp_path / "r.json"
    result = score(str(bad_row_sheet), "--criteria", TT22, "--output", str(out_csv), "--output", str(out_xlsx),
                   "--output", str(out_json))
    assert result.exit_code == 1, result.output

    text = out_csv.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0][:2] == ["ma", "ten"]
    by_ma = {r[0]: r for r in rows[1:] if r and r[0]}
    assert "100" in by_ma["DV-01"] and "Tốt" in by_ma["DV-01"]
    assert "70" in by_ma["DV-03"] and "Khá" in by_ma["DV-03"]
    assert any("12" in cell and "1.b" in cell for r in rows[1:] for cell in r)

    from openpyxl import load_workbook

    book = load_workbook(out_xlsx, read_only=True)
    try:
        values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        all_cells = [c for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    finally:
        book.close()
    header = next(r for r in values if r and r[0] == "ma")
    body = {r[0]: r for r in values[values.index(header) + 1:] if r and r[0]}
    assert {"DV-01", "DV-03"} <= set(body)
    assert 100 in body["DV-01"] and "Tốt" in body["DV-01"]
    assert 70 in body["DV-03"] and "Khá" in body["DV-03"]
    assert "12" in all_cells or 12 in all_cells  # the rejected value is kept

    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["summary"]["scored"] == 2


def test_xlsx_sheet_in_xlsx_out(tmp_path):
    header = TT22_COLUMNS
    rows = table(header, [tt22_row("DV-01"), tt22_row("DV-02", i2b="2,5")])
    sheet = write_xlsx(tmp_path / "s.xlsx", header, rows)
    out = tmp_path / "r.json"
    result = score(str(sheet), "--criteria", TT22, "--output", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["total"] for s in data["subjects"]] == [100, 97.5]


def test_output_in_a_missing_directory_is_refused(tmp_path, good_sheet):
    result = score(str(good_sheet), "--criteria", TT22, "--output", str(tmp_path / "khong" / "r.json"))
    assert result.exit_code == 2, result.output
