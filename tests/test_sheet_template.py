"""`recognise sheet ID --output bang-diem.xlsx`: the template that guides a board, opened with openpyxl.

Three rows above the data (Vietnamese names, what each column asks, the codes `score` reads), validations with
input messages, a total formula for points sets, a "Hướng dẫn" sheet with a worked example, A4 landscape print
with the header repeated, the header protected. Every official set and the example set is filled in by hand
with values worked out from its circular, read back by `score` with and without the rows above the codes, and
the outcome compared with the hand's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()

OFFICIAL = ["dvht-tt22-2020", "dvht-huyen-tt24-2023", "dvht-tinh-tt24-2023", "cdht-xa-tt25-2023",
            "cdht-huyen-tt25-2023", "cdht-tinh-tt25-2023"]
EXAMPLE = "gdht-448-vidu"
DRAFTS = ["cdht-xa-tt44-2014", "gdht-448-2015", "dhht-448-2015", "cdht-thon-448-2015", "dvht-co-so-448-2015"]
PASS = "đạt"

# TT 22/2020 Art. 5: the maximum of each indicator
TT22_MAX = {"1.a": 10, "1.b": 10, "1.c": 10, "2.a": 10, "2.b": 5, "2.c": 10, "2.d": 5, "3.a": 25, "3.b": 10, "3.c": 5}


@pytest.fixture(autouse=True)
def _no_registry(monkeypatch, tmp_path):
    """No registry of recognitions around: history comes from the sheet's date column only."""
    monkeypatch.delenv("RECOGNISE_REGISTRY", raising=False)
    monkeypatch.chdir(tmp_path)


def template(tmp_path: Path, set_id: str, name: str | None = None) -> Path:
    out = tmp_path / (name or f"{set_id}.xlsx")
    result = runner.invoke(app, ["sheet", set_id, "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def sheet_of(path: Path, name: str = "Bảng điểm"):
    return load_workbook(path)[name]


def codes(ws, row: int = 3) -> list[str]:
    return [c.value for c in ws[row] if c.value is not None]


def validation_at(ws, cell: str):
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, (cell, found)
    return found[0]


def column_of(ws, code: str) -> str:
    return next(c.column_letter for c in ws[3] if c.value == code)


def fill(template_path: Path, rows: list[dict], out: Path, drop: int = 0) -> Path:
    """Type rows into the template from row 4, as a board would (numbers as numbers, dates as dates), then
    delete `drop` rows from the top (1: the label row; 2: the label and requirement rows)."""
    book = load_workbook(template_path)
    ws = book["Bảng điểm"]
    header = [c.value for c in ws[3]]
    for r, values in enumerate(rows):
        for code, value in values.items():
            ws.cell(4 + r, header.index(code) + 1, value)
    if drop:
        ws.delete_rows(1, drop)
    book.save(out)
    return out


def score(sheet: Path, set_id: str, tmp_path: Path, *extra: str) -> dict:
    out = tmp_path / f"ket-qua-{sheet.stem}.json"
    result = runner.invoke(app, ["score", str(sheet), "--criteria", set_id, "--output", str(out), *extra])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


# --- rows worked out by hand from the circulars -------------------------------------------

def _passes(*keys: str) -> dict:
    return dict.fromkeys(keys, PASS)


HAND = {
    # TT 22/2020 Art. 5, 6.3.b: 8+9+7+10+5+8+4+20+10+3 = 84 points, 70 ≤ 84 < 85: Khá, recognised
    "dvht-tt22-2020": ([{"ma": "DV-01", "ten": "Trường Tiểu học Hòa Bình", "1.a": 8, "1.b": 9, "1.c": 7, "2.a": 10,
                         "2.b": 5, "2.c": 8, "2.d": 4, "3.a": 20, "3.b": 10, "3.c": 3}],
                       (), [("DV-01", 84, "Khá", None, True)]),
    # TT 24/2023 district (Art. 7; 5.3): a public lower secondary school, every Art. 7 indicator met (95% bars,
    # proficiency 75% ≥ 70%, digital level 2; no learners as Art. 2.8 counts them: 3.1b empty; 3.5 vocational
    # only: empty), level-1 decision 10/01/2023: 23 whole months to 31/12/2024 ≥ 12, level 2
    "dvht-huyen-tt24-2023": ([{"ma": "DV-02", "ten": "Trường THCS Hòa Bình",
                               "loai_don_vi": "Trường tiểu học, trung học cơ sở công lập",
                               "ngay_cong_nhan_muc_do_1": datetime(2023, 1, 10),
                               **_passes("1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "3.3"),
                               "2.1": 96, "2.2": 95, "2.3": 97, "2.4a": 60, "2.4b": 75, "2.5": 95, "3.1a": 96, "3.4": 2}],
                             ("--year", "2024"), [("DV-02", None, None, 2, True)]),
    # TT 24/2023 province (Art. 12, 13): a public university, Art. 12 met (92% ≥ 90%, certificates 55% ≥ 50%,
    # learners 96% ≥ 95%, digital 3.5 level 1), Art. 13 not (92% < 95%, proficiency 60% < 70%): level 1
    "dvht-tinh-tt24-2023": ([{"ma": "DV-03", "ten": "Trường Đại học Hòa Bình",
                              "loai_don_vi": "Cơ sở giáo dục đại học công lập",
                              **_passes("1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "3.3"),
                              "2.1": 92, "2.2": 92, "2.3": 92, "2.4a": 55, "2.4b": 60, "2.5": 92, "3.1a": 92,
                              "3.1b": 96, "3.5": 1}],
                            ("--year", "2024"), [("DV-03", None, None, 1, True)]),
    # TT 25/2023 commune (Art. 6, 7): a disadvantaged commune exactly at its level-1 bars (Art. 6.5.b: 40% and
    # 10%; 4.2–4.4 at levels 2, 2, 1; 5.1 60%), 5.1 60% < 80% for level 2: level 1
    "cdht-xa-tt25-2023": ([{"ma": "XA-01", "ten": "Xã Hòa Bình", "vung_kho_khan": "có",
                            **_passes("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1"),
                            "4.2": 2, "4.3": 2, "4.4": 1, "5.1": 60, "5.2a": 40, "5.2b": 10}],
                          ("--year", "2024"), [("XA-01", None, None, 1, True)]),
    # TT 25/2023 district (Art. 11, 12): communes at level 1 95% ≥ 90%, at level 2 85% < 90%: level 1
    "cdht-huyen-tt25-2023": ([{"ma": "HUYEN-01", "ten": "Huyện Hòa Bình",
                               **_passes("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.2",
                                         "4.3"),
                               "4.1a": 95, "4.1b": 85}],
                             ("--year", "2024"), [("HUYEN-01", None, None, 1, True)]),
    # TT 25/2023 province (Art. 16, 17; Art. 15): districts at level 2 92% ≥ 90%, level-1 decision 01/03/2023:
    # 21 whole months to 31/12/2024: level 2
    "cdht-tinh-tt25-2023": ([{"ma": "TINH-01", "ten": "Tỉnh Hòa Bình", "ngay_cong_nhan_muc_do_1": datetime(2023, 3, 1),
                              **_passes("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3",
                                        "3.4", "3.5", "4.2", "4.3"),
                              "4.1a": 95, "4.1b": 92}],
                            ("--year", "2024"), [("TINH-01", None, None, 2, True)]),
    # the example set: 10+10+10 + 8+8+8 + 5+10 (3.2 met: 10 points) + 7+6 = 82 ≥ 80, no criterion at 0: Đạt
    "gdht-448-vidu": ([{"ma": "HGD-01", "ten": "Hộ ông Nguyễn Văn An", "1.1": 10, "1.2": 10, "1.3": 10, "2.1": 8,
                        "2.2": 8, "2.3": 8, "3.1": 5, "3.2": PASS, "4.1": 7, "4.2": 6}],
                      (), [("HGD-01", 82, "Đạt", None, True)]),
}


def outcome(results: dict) -> list[tuple]:
    return [(s["id"], s["total"], s["grade"], s["level"], s["recognised"]) for s in results["subjects"]]


@pytest.mark.parametrize("set_id", [*OFFICIAL, EXAMPLE])
@pytest.mark.parametrize("drop", [0, 1, 2], ids=["ba-dong-tieu-de", "bo-dong-ten-cot", "chi-dong-ma-cot"])
def test_a_filled_template_is_scored_as_worked_out_by_hand(tmp_path, set_id, drop):
    rows, extra, expected = HAND[set_id]
    filled = fill(template(tmp_path, set_id), rows, tmp_path / f"da-dien-{drop}.xlsx", drop=drop)
    results = score(filled, set_id, tmp_path, *extra)
    assert results["errors"] == []
    assert outcome(results) == expected
    assert results["subjects"][0]["row"] == 4 - drop  # the row number as Excel shows it
    if set_id == EXAMPLE:
        assert all(s.get("notice") == "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" for s in results["subjects"])


def test_the_total_column_as_a_spreadsheet_leaves_it_is_not_scored(tmp_path):
    """Once saved by Excel or Calc the formula cells hold their values: the total is not an indicator."""
    rows, _, expected = HAND["dvht-tt22-2020"]
    filled = fill(template(tmp_path, "dvht-tt22-2020"), [{**rows[0], "Tổng điểm": 84}], tmp_path / "tong.xlsx")
    results = score(filled, "dvht-tt22-2020", tmp_path)
    assert outcome(results) == expected and results["errors"] == []


# --- the worked example of the guide ------------------------------------------------------

# what each set's example row gives, worked out by hand from the row the guide shows
EXAMPLE_OUTCOME = {
    # every indicator at its maximum but 3.c at 2,5 of 5: 100 − 2,5 = 97,5 ≥ 85: Tốt (Art. 6.3.a)
    "dvht-tt22-2020": (97.5, "Tốt", None),
    # 1.1–3.1 at 10, 3.2 met (10), 4.1 at 10, 4.2 at 5: 95 ≥ 80: Đạt
    "gdht-448-vidu": (95, "Đạt", None),
    # every level-2 bar, decision 15/02/2024: 22 whole months to 31/12/2025: level 2
    "dvht-huyen-tt24-2023": (None, None, 2), "dvht-tinh-tt24-2023": (None, None, 2),
    "cdht-xa-tt25-2023": (None, None, 2), "cdht-huyen-tt25-2023": (None, None, 2),
    "cdht-tinh-tt25-2023": (None, None, 2),
}


def guide_example(path: Path) -> dict[str, str]:
    """The example row of the guide sheet: the row under the one that repeats the codes of row 3."""
    book = load_workbook(path)
    header = codes(book["Bảng điểm"])
    guide = book["Hướng dẫn"]
    for row in guide.iter_rows():
        if [c.value for c in row[:len(header)]] == header:
            values = [guide.cell(row[0].row + 1, i + 1).value or "" for i in range(len(header))]
            return dict(zip(header, values, strict=True))
    raise AssertionError("no example row in the guide")


@pytest.mark.parametrize("set_id", [*OFFICIAL, EXAMPLE])
def test_the_guide_example_row_scores_as_the_guide_says(tmp_path, set_id):
    path = template(tmp_path, set_id)
    example = guide_example(path)
    total, grade, level = EXAMPLE_OUTCOME[set_id]
    typed = {k: v for k, v in example.items() if v and k != "Tổng điểm"}
    filled = fill(path, [typed], tmp_path / "vi-du.xlsx")
    extra = ("--year", "2025") if level is not None else ()
    results = score(filled, set_id, tmp_path, *extra)
    assert results["errors"] == []
    [subject] = results["subjects"]
    assert (subject["total"], subject["grade"], subject["level"], subject["recognised"]) == (total, grade, level, True)
    text = "\n".join(str(c.value) for row in load_workbook(path)["Hướng dẫn"].iter_rows() for c in row if c.value)
    if total is not None:
        assert f"Tổng điểm của dòng ví dụ: {str(total).replace('.', ',')}" in text
        assert example["Tổng điểm"] == str(total).replace(".", ",")
    else:
        assert "15/02/2024" in text and "--year 2025" in text and "được công nhận mức độ 2" in text


# --- what the sheet shows --------------------------------------------------------------------

def test_three_header_rows_the_codes_last(tmp_path):
    ws = sheet_of(template(tmp_path, "dvht-tt22-2020"))
    assert codes(ws) == ["ma", "ten", "dia_ban", "ghi_chu", *TT22_MAX, "Tổng điểm"]
    labels = codes(ws, 1)
    assert labels[:4] == ["Mã đơn vị", "Tên đơn vị", "Địa bàn", "Ghi chú"]
    assert labels[4].startswith("Đơn vị có chủ trương hoặc kế hoạch")  # TT 22/2020 Art. 5.1.a
    needs = dict(zip(codes(ws), codes(ws, 2), strict=True))
    assert {code: needs[code] for code in TT22_MAX} == {code: f"tối đa {top} điểm" for code, top in TT22_MAX.items()}
    assert needs["Tổng điểm"].startswith("tối đa 100 điểm")
    for cell in (*ws[1], *ws[3]):
        assert cell.font.b and cell.protection.locked
    assert all(c.alignment.wrap_text for c in ws[1])
    assert ws.freeze_panes == "C4"
    assert ws.column_dimensions["A"].width == 14 and ws.column_dimensions["B"].width == 30
    assert all(ws.column_dimensions[c.column_letter].width >= 12 for c in ws[3])


def test_levels_thresholds_under_each_indicator_per_kind_of_unit(tmp_path):
    ws = sheet_of(template(tmp_path, "dvht-huyen-tt24-2023"))
    needs = dict(zip(codes(ws), ws[2], strict=False))
    # TT 24/2023 Art. 6.2.a, 7.2.a
    assert needs["2.1"].value == "mức độ 1: ≥ 90%; mức độ 2: ≥ 95%"
    assert needs["1.1"].value == "mức độ 1, 2: đạt"
    # Art. 6.2.d / 7.2.d: certificates (level 1) and proficiency (level 2), not for economic organisations
    assert needs["2.4a"].value == "Tổ chức kinh tế: để trống; còn lại: mức độ 1 ≥ 50%"
    assert needs["2.4b"].value == "Tổ chức kinh tế: để trống; còn lại: mức độ 2 ≥ 70%"
    # Art. 6.3.a / 7.3.a: learners 95% / 97%, only where the unit has learners (Art. 2.8), named in the note
    assert "mức độ 1 ≥ 95%, mức độ 2 ≥ 97%" in needs["3.1b"].value
    note = needs["3.1b"].comment.text
    assert "Trung tâm giáo dục nghề nghiệp công lập" in note and "mức độ 1: ≥ 95%; mức độ 2: ≥ 97%" in note
    assert "Trường tiểu học, trung học cơ sở công lập" in note.split("để trống")[0]  # no learners: left empty
    # Art. 6.3.d / 7.3.d: the digital level of schools only
    assert "mức độ 1 ≥ mức 1, mức độ 2 ≥ mức 2" in needs["3.4"].value
    assert "12 tháng" in needs["ngay_cong_nhan_muc_do_1"].value


def test_commune_thresholds_follow_the_disadvantaged_area(tmp_path):
    ws = sheet_of(template(tmp_path, "cdht-xa-tt25-2023"))
    needs = dict(zip(codes(ws), codes(ws, 2), strict=True))
    # TT 25/2023 Art. 6.5.b, 7.5.b
    assert needs["5.2a"] == "Xã thuộc vùng khó khăn: mức độ 1 ≥ 40%, mức độ 2 ≥ 50%; còn lại: mức độ 1 ≥ 50%, mức độ 2 ≥ 60%"
    assert needs["5.2b"] == "Xã thuộc vùng khó khăn: mức độ 1 ≥ 10%, mức độ 2 ≥ 12%; còn lại: mức độ 1 ≥ 12%, mức độ 2 ≥ 15%"
    assert needs["4.2"] == "mức độ 1: ≥ mức 2; mức độ 2: ≥ mức 3"
    assert needs["vung_kho_khan"] == "không bắt buộc; để trống là “không”"


def test_validations_with_input_messages(tmp_path):
    ws = sheet_of(template(tmp_path, "dvht-huyen-tt24-2023"))
    at = {code: column_of(ws, code) for code in codes(ws)}
    for code in ("1.1", "1.3", "3.2", "3.5"):
        dv = validation_at(ws, f"{at[code]}4")
        assert (dv.type, dv.formula1) == ("list", '"đạt,không đạt"')
    for code in ("2.1", "2.4a", "2.4b", "3.1a", "3.1b"):
        dv = validation_at(ws, f"{at[code]}4")
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "100")
        assert "phần trăm" in dv.prompt
    dv = validation_at(ws, f"{at['3.4']}4")
    assert (dv.type, dv.formula1) == ("list", '"0,1,2"')  # the digital level, 0–2 (Decision 4725/QĐ-BGDĐT)
    dv = validation_at(ws, f"{at['ngay_cong_nhan_muc_do_1']}4")
    assert dv.type == "date" and ws.column_dimensions[at["ngay_cong_nhan_muc_do_1"]].number_format == "dd/mm/yyyy"
    dv = validation_at(ws, f"{at['ma']}4")
    assert dv.type == "custom" and dv.formula1 == "COUNTIF($A$4:$A$2003,A4)=1"  # no code used twice
    assert ws.column_dimensions["A"].number_format == "@"  # codes such as 001 keep their zeros
    for code in codes(ws):
        dv = validation_at(ws, f"{at[code]}2003")
        assert dv.showInputMessage and dv.prompt and dv.promptTitle and len(dv.promptTitle) <= 32
        assert len(dv.prompt) <= 255
        assert f"{at[code]}3" not in dv.sqref  # the header is not validated as data


def test_the_kind_of_unit_is_chosen_from_the_list_the_reader_accepts(tmp_path):
    book = load_workbook(template(tmp_path, "dvht-huyen-tt24-2023"))
    ws = book["Bảng điểm"]
    dv = validation_at(ws, f"{column_of(ws, 'loai_don_vi')}4")
    assert dv.type == "list" and dv.formula1 == "DS_loai_don_vi"
    sheet, cells = next(book.defined_names["DS_loai_don_vi"].destinations)
    offered = [c.value for row in book[sheet][cells] for c in row]
    assert len(offered) == 11 and offered[0] == "Cơ quan, đơn vị sự nghiệp công lập"
    assert "Trung tâm giáo dục nghề nghiệp công lập" in offered and "Tổ chức kinh tế" in offered


def test_points_validations_and_the_total_formula(tmp_path):
    ws = sheet_of(template(tmp_path, "dvht-tt22-2020"))
    for code, top in TT22_MAX.items():
        dv = validation_at(ws, f"{column_of(ws, code)}4")
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", str(top))
        assert f"từ 0 đến {top}" in dv.prompt
    assert column_of(ws, "Tổng điểm") == "O"  # after every indicator column
    assert ws["O4"].value == '=IF(COUNTA(E4:N4)<10,"",ROUND(SUM(E4,F4,G4,H4,I4,J4,K4,L4,M4,N4),10))'
    assert ws["O2003"].value.startswith("=IF(COUNTA(E2003:N2003)<10")
    assert ws["O4"].protection.locked and not ws.column_dimensions["E"].protection.locked
    example = sheet_of(template(tmp_path, EXAMPLE))
    assert 'IF(L4="đạt",10,0)' in example["O4"].value  # 3.2 met: 10 points, else 0


def test_print_setup_and_protection(tmp_path):
    book = load_workbook(template(tmp_path, "cdht-xa-tt25-2023"))
    ws = book["Bảng điểm"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$3" and ws.print_title_cols == "$A:$B"
    assert ws.protection.sheet and ws.protection.password is None
    assert not ws.protection.insertRows and not ws.protection.formatColumns  # allowed while protected
    for letter in (c.column_letter for c in ws[3]):
        assert not ws.column_dimensions[letter].protection.locked  # data cells
    assert all(c.protection.locked for c in (*ws[1], *ws[2], *ws[3]))
    guide = book["Hướng dẫn"]
    assert guide.protection.sheet and guide.page_setup.orientation == "landscape"


def test_the_guide_sheet_explains_every_column(tmp_path):
    book = load_workbook(template(tmp_path, "dvht-huyen-tt24-2023"))
    assert book.sheetnames == ["Bảng điểm", "Hướng dẫn"]  # the table first: score reads the first sheet
    guide = book["Hướng dẫn"]
    rows = [[c.value for c in row] for row in guide.iter_rows()]
    text = "\n".join(str(v) for row in rows for v in row if v)
    assert rows[0][0] == "HƯỚNG DẪN ĐIỀN BẢNG ĐIỂM"
    described = {row[1]: row for row in rows if row[0] and len(str(row[0])) <= 2 and row[1]}
    assert set(codes(book["Bảng điểm"])) <= set(described)
    assert described["2.1"][5] == "mức độ 1: ≥ 90%; mức độ 2: ≥ 95%"
    assert "Bỏ bảo vệ trang tính" in text and "không có mật khẩu" in text
    assert "recognise score bang-diem.xlsx --criteria dvht-huyen-tt24-2023 --year NĂM" in text
    assert "csgd_nghe_nghiep" in text  # the choices with their codes


def test_the_example_set_says_it_is_an_illustration(tmp_path):
    book = load_workbook(template(tmp_path, EXAMPLE))
    notice = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
    assert book["Hướng dẫn"]["A2"].value == notice
    assert book["Bảng điểm"].oddHeader.right.text == notice


@pytest.mark.parametrize("set_id", DRAFTS)
def test_draft_sets_get_a_template_too(tmp_path, set_id):
    ws = sheet_of(template(tmp_path, set_id))
    assert codes(ws)[:2] == ["ma", "ten"]
    if set_id in ("cdht-xa-tt44-2014", "cdht-thon-448-2015"):  # no maxima yet: only a lower limit
        dv = validation_at(ws, "E4")
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
        assert ws["E2"].value == "chưa có điểm tối đa (bộ dự thảo)"


@pytest.mark.parametrize("set_id", [*OFFICIAL, EXAMPLE, *DRAFTS])
def test_same_command_same_bytes(tmp_path, set_id):
    first = template(tmp_path, set_id, "a.xlsx").read_bytes()
    assert template(tmp_path, set_id, "b.xlsx").read_bytes() == first


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có trên máy này")
def test_libreoffice_opens_the_template(tmp_path):
    path = template(tmp_path, "dvht-huyen-tt24-2023")
    done = subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path / "lo"), str(path)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "lo" / f"{path.stem}.csv").read_text(encoding="utf-8", errors="replace")
    assert "loai_don_vi" in text and "ngay_cong_nhan_muc_do_1" in text
