"""Sheets as clerks keep them, scored through `recognise score` exactly as a board would run it.

Each sheet is built here the way a district office keeps its summary: title rows above the table, a
two-row header with merged group cells, an STT column, a row numbering the columns, the board's own
"Tổng điểm", "Xếp loại" or "Mức độ" (one of them wrong), a "Tổng cộng" row, signatures under the table,
several worksheets; saved as .xlsx, .xls (Excel 97–2003), tab-separated UTF-16 text ("Unicode Text"),
Windows-1258 CSV. The expected results are worked out by hand from the circulars below, not by the engine.

TT 22/2020 (dvht-tt22-2020, in force for 2023): maxima 1.a–1.c 10 each, 2.a 10, 2.b 5, 2.c 10, 2.d 5,
3.a 25, 3.b 10, 3.c 5 (Art. 5); Tốt from 85, Khá 70 to under 85, Trung bình 50 to under 70, Chưa đạt
under 50 (Art. 6.3). TT 25/2023 commune (cdht-xa-tt25-2023): level 1 and level 2 requirements of
Art. 6–7, level 2 only 12 months after the level-1 decision (Art. 5).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sheet_helpers import TT22, TT22_CODES, TT25_CODES, TT25_XA, tt25_level1, tt25_level2
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()

TITLES = [["ỦY BAN NHÂN DÂN HUYỆN ỨNG HÒA", "", "", "", "", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
          ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "", "", "", "", "", "", "", "Độc lập - Tự do - Hạnh phúc"],
          [],
          ["BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI “ĐƠN VỊ HỌC TẬP” NĂM 2023"],
          []]
# row 6: groups and cells merged down over row 7; row 7: the indicator codes; row 8: the columns numbered
UPPER = ["STT", "Mã đơn vị", "Tên đơn vị", "Tiêu chí 1", "", "", "Tiêu chí 2", "", "", "", "Tiêu chí 3", "", "",
         "Tổng điểm", "Xếp loại", "Ghi chú"]
LOWER = ["", "", "", *TT22_CODES, "", "", ""]
NUMBERING = [f"({i})" for i in range(1, 17)]
MERGED_DOWN = (1, 2, 3, 14, 15, 16)  # columns A–C and N–P span rows 6–7
GROUPS = ((4, 6), (7, 10), (11, 13))  # Tiêu chí 1 over D–F, 2 over G–J, 3 over K–M

# (code, name, points 1.a … 3.c, the board's total, the board's grade); worked out by hand:
#   DV-01 10+10+10 | 10+5+10+5 | 25+10+5 = 100 → Tốt
#   DV-02  8+7+9   | 10+5+8+4  | 20+10+4 = 24 + 27 + 34 = 85 → Tốt (the board added 84 and wrote Khá)
#   DV-03  7+5+6   |  8+4+7+3  | 15+8+2  = 18 + 22 + 25 = 65 → Trung bình
#   DV-04 7,5+8+8  |  9+4+9+4  | 20+8+3  = 23,5 + 26 + 31 = 80,5 → Khá
#   DV-05  5+5+4   |  5+2+5+2  | 10+5+1  = 14 + 14 + 16 = 44 → Chưa đạt
UNITS = [
    ("DV-01", "Trường Tiểu học Hòa Bình", [10, 10, 10, 10, 5, 10, 5, 25, 10, 5], 100, "Tốt"),
    ("DV-02", "Trường THCS Liên Hà", [8, 7, 9, 10, 5, 8, 4, 20, 10, 4], 84, "Khá"),
    ("DV-03", "Phòng Văn hóa và Thông tin", [7, 5, 6, 8, 4, 7, 3, 15, 8, 2], 65, "Trung bình"),
    ("DV-04", "Trạm Y tế xã Hòa Xá", [7.5, 8, 8, 9, 4, 9, 4, 20, 8, 3], 80.5, "Khá"),
    ("DV-05", "Hợp tác xã Nông nghiệp Đông Lỗ", [5, 5, 4, 5, 2, 5, 2, 10, 5, 1], 44, "Chưa đạt"),
]
DECIDED = {"DV-01": (100, "Tốt"), "DV-02": (85, "Tốt"), "DV-03": (65, "Trung bình"), "DV-04": (Decimal("80.5"), "Khá"),
           "DV-05": (44, "Chưa đạt")}
BOARD_DIFFERENCES = [  # the board's one wrong row, as the output must list it
    {"row": 10, "id": "DV-02", "name": "Trường THCS Liên Hà", "column": "tong_diem", "board": "84", "decided": 85},
    {"row": 10, "id": "DV-02", "name": "Trường THCS Liên Hà", "column": "xep_loai", "board": "Khá", "decided": "Tốt"},
]
TOTAL_ROW = ["Tổng cộng", "", "", "", "", "", "", "", "", "", "", "", "", 373]
SIGNATURES = [[],
              ["", "Người lập biểu", "", "", "", "", "", "", "", "", "", "TRƯỞNG PHÒNG"],
              ["", "(Ký, ghi rõ họ tên)", "", "", "", "", "", "", "", "", "", "(Ký tên, đóng dấu)"],
              [], [],
              ["", "Nguyễn Thị Lan", "", "", "", "", "", "", "", "", "", "Trần Văn Bình"]]


def data_rows(units=UNITS) -> list[list]:
    return [[i, code, name, *points, total, grade, ""] for i, (code, name, points, total, grade) in enumerate(units, 1)]


def report_rows() -> list[list]:
    """The whole sheet, row by row from row 1, as the clerk typed it."""
    return [*TITLES, UPPER, LOWER, NUMBERING, *data_rows(), TOTAL_ROW, *SIGNATURES]


def write_report_xlsx(path: Path, extra_sheets: tuple[str, ...] = (), table_sheet: str = "Tổng hợp") -> Path:
    book = Workbook()
    book.remove(book.active)
    for name in extra_sheets:
        ws = book.create_sheet(name)
        ws.append(["HƯỚNG DẪN" if "dẫn" in name else "ỦY BAN NHÂN DÂN HUYỆN ỨNG HÒA"])
        ws.append(["Mỗi dòng một đơn vị; điểm từng chỉ số theo Thông tư số 22/2020/TT-BGDĐT."])
    ws = book.create_sheet(table_sheet, 1 if extra_sheets else 0)
    for row in report_rows():
        ws.append(row)
    ws.merge_cells("A4:P4")
    for col in MERGED_DOWN:
        ws.merge_cells(start_row=6, start_column=col, end_row=7, end_column=col)
    for first, last in GROUPS:
        ws.merge_cells(start_row=6, start_column=first, end_row=6, end_column=last)
    ws.merge_cells("A14:C14")
    book.save(path)
    return path


def write_report_xls(path: Path) -> Path:
    """The same report as an Excel 97–2003 workbook (BIFF8, written by xlwt), merged cells included."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Bìa").write(0, 0, "ỦY BAN NHÂN DÂN HUYỆN ỨNG HÒA")
    ws = book.add_sheet("Tổng hợp")
    merged = {(5, c - 1): (5, 6, c - 1, c - 1) for c in MERGED_DOWN}
    merged |= {(5, first - 1): (5, 5, first - 1, last - 1) for first, last in GROUPS}
    merged[(3, 0)] = (3, 3, 0, 15)
    merged[(13, 0)] = (13, 13, 0, 2)
    covered = {(r, c) for (r1, r2, c1, c2) in merged.values() for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, row in enumerate(report_rows()):
        for c, value in enumerate(row):
            if (r, c) in merged:
                r1, r2, c1, c2 = merged[(r, c)]
                ws.write_merge(r1, r2, c1, c2, value)
            elif (r, c) not in covered and value != "":
                ws.write(r, c, value)
    book.save(str(path))
    return path


def score(*args: str):
    return runner.invoke(app, ["score", *map(str, args)])


def results(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def check_tt22_report(data: dict) -> None:
    got = {s["id"]: (s["total"], s["grade"]) for s in data["subjects"]}
    assert got == DECIDED
    assert [s["row"] for s in data["subjects"]] == [9, 10, 11, 12, 13]
    assert data["errors"] == []
    assert data["differences"] == BOARD_DIFFERENCES
    assert data["summary"]["scored"] == 5 and data["summary"]["recognised"] == 4 and data["summary"]["rejected"] == 0
    sheet = data["sheet"]
    assert sheet["header_rows"] == [6, 7]
    notes = "\n".join(sheet["notes"])
    assert "bỏ qua dòng 1–2, 4 phía trên bảng (tiêu đề)" in notes
    assert "“Tiêu chí 1”" in notes and "bỏ qua cột A (số thứ tự)" in notes
    assert "bỏ qua dòng 8 (dòng đánh số cột)" in notes
    assert "bỏ qua dòng 14 (dòng cộng): “Tổng cộng · 373”" in notes
    assert "bỏ qua dòng 16–17, 20 dưới bảng (ghi chú, chữ ký" in notes and "“Người lập biểu · TRƯỞNG PHÒNG”" in notes


# --- XLSX, XLS ----------------------------------------------------------------------------------

def test_clerks_xlsx_report_is_scored_exactly_and_the_wrong_board_total_reported(tmp_path):
    sheet = write_report_xlsx(tmp_path / "tong-hop.xlsx")
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    check_tt22_report(results(out))
    said = " ".join(result.output.replace("│", " ").split())
    assert "Bảng điểm ghi khác kết quả chấm (2)" in said
    assert "10 DV-02 Trường THCS Liên Hà Tổng điểm 84 85" in said and "Xếp loại Khá Tốt" in said
    assert "Bảng điểm tự ghi khác kết quả chấm ở 2 ô" in said
    assert "Bảng điểm: bỏ qua dòng 16–17, 20 dưới bảng" in said


def test_clerks_xls_report_is_scored_exactly(tmp_path):
    sheet = write_report_xls(tmp_path / "tong-hop.xls")
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    data = results(out)
    check_tt22_report(data)
    assert data["sheet"]["worksheet"] == "Tổng hợp"
    assert "đọc trang tính “Tổng hợp”; bỏ qua trang tính: “Bìa”" in data["sheet"]["notes"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có trên máy này")
def test_xls_saved_by_libreoffice_is_scored_exactly(tmp_path):
    source = write_report_xlsx(tmp_path / "tong-hop.xlsx")
    converted = tmp_path / "xls"
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(converted), str(source)],
                   check=True, capture_output=True, timeout=180)
    out = tmp_path / "r.json"
    result = score(converted / "tong-hop.xls", "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    check_tt22_report(results(out))


def test_the_worksheet_holding_the_table_is_chosen_and_the_others_named(tmp_path):
    sheet = write_report_xlsx(tmp_path / "so.xlsx", extra_sheets=("Bìa", "Hướng dẫn"))
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    data = results(out)
    check_tt22_report(data)
    assert data["sheet"]["worksheet"] == "Tổng hợp"
    assert "đọc trang tính “Tổng hợp”; bỏ qua trang tính: “Bìa”, “Hướng dẫn”" in data["sheet"]["notes"]


def test_a_worksheet_named_wrongly_is_refused_with_the_name_meant(tmp_path):
    sheet = write_report_xlsx(tmp_path / "so.xlsx", extra_sheets=("Bìa",))
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--sheet", "Tong hop", "--output", out)
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "không có trang tính “Tong hop”; có: Bìa, Tổng hợp (có phải “Tổng hợp” không?)" in said
    assert not out.exists()


def test_the_named_worksheet_is_read(tmp_path):
    sheet = write_report_xlsx(tmp_path / "so.xlsx", extra_sheets=("Bìa",))
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--sheet", "Tổng hợp", "--output", out)
    assert result.exit_code == 0, result.output
    check_tt22_report(results(out))


# --- text files -----------------------------------------------------------------------------------

def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters with breve, circumflex, horn precomposed, tone marks
    as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out += (base + "".join(p for p in parts if p in tones)).encode("cp1258")
    return out


def report_text(delimiter: str) -> str:
    lines = []
    for row in report_rows():
        cells = [str(c).replace(".", ",") if isinstance(c, float) else str(c) for c in row]
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def test_windows_1258_csv_report_is_scored_exactly(tmp_path):
    sheet = tmp_path / "tong-hop.csv"
    sheet.write_bytes(to_cp1258(report_text(";")))
    assert b"\xcc" in sheet.read_bytes() or b"\xec" in sheet.read_bytes()  # tone marks stored apart, as 1258 does
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    data = results(out)
    check_tt22_report(data)
    assert "tệp văn bản mã Windows-1258" in data["sheet"]["notes"]
    assert data["subjects"][2]["name"] == "Phòng Văn hóa và Thông tin"


def test_tab_separated_utf16_unicode_text_is_scored_exactly(tmp_path):
    """Excel's "Unicode Text": UTF-16 with its BOM, cells separated by tabs."""
    sheet = tmp_path / "tong-hop.txt"
    sheet.write_bytes(report_text("\t").encode("utf-16"))
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    data = results(out)
    check_tt22_report(data)
    assert {"tệp văn bản mã UTF-16", "các cột ngăn bằng dấu tab"} <= set(data["sheet"]["notes"])


def test_tab_separated_utf8_is_scored_exactly(tmp_path):
    sheet = tmp_path / "tong-hop.tsv"
    sheet.write_text(report_text("\t"), encoding="utf-8")
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    check_tt22_report(results(out))


def test_comma_both_separator_and_decimal_mark_is_one_sentence(tmp_path):
    """`7,5` unquoted in a comma-separated file: one diagnosis, nothing scored, nothing written."""
    header = ",".join(["ma", "ten", *TT22_CODES])
    good = ",".join(["DV-01", "Trường Tiểu học Hòa Bình", "10", "10", "10", "10", "5", "10", "5", "25", "10", "5"])
    split = ",".join(["DV-04", "Trạm Y tế", "7,5", "8", "8", "9", "4", "9", "4", "20", "8", "3"])
    sheet = tmp_path / "bang-diem.csv"
    sheet.write_text("\r\n".join([header, good, split, good.replace("DV-01", "DV-06")]) + "\r\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--output", out)
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert said.count("Lỗi") == 1 and "dòng 3" in said
    assert ("dấu phẩy vừa ngăn cột vừa là dấu thập phân: dòng 3 có 13 ô cho 12 cột tiêu đề (số “7,5” bị tách thành "
            "hai ô “7” và “5”)") in said
    assert "lưu lại tệp CSV với dấu chấm phẩy (;) ngăn cột" in said
    assert not out.exists()


def test_decimal_comma_quoted_in_a_comma_file_is_read(tmp_path):
    header = ",".join(["ma", "ten", *TT22_CODES])
    row = ",".join(["DV-04", "Trạm Y tế", '"7,5"', "8", "8", "9", "4", "9", "4", "20", "8", "3"])
    sheet = tmp_path / "bang-diem.csv"
    sheet.write_text(header + "\r\n" + row + "\r\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--output", out)
    assert result.exit_code == 0, result.output
    assert results(out)["subjects"][0]["total"] == Decimal("80.5")


# --- a levels set: the board's "Mức độ" ------------------------------------------------------------

def tt25_sheet_rows() -> list[list[str]]:
    """Three communes, year 2024 (TT 25/2023 Art. 6–7):
    XA-01 meets level 2, level 1 decided 15/01/2023: 23 whole months to 31/12/2024 ≥ 12 → level 2;
    XA-02 exactly at every level-1 threshold → level 1 (the board wrote Mức độ 2);
    XA-03 5.1 at 59% < 60% (Art. 6.5.a) → no level (the board wrote Không đạt)."""
    columns = ["ma", "ten", "ngay_cong_nhan_muc_do_1", *TT25_CODES]
    rows = [dict(tt25_level2("XA-01", "Xã Hòa Xá"), ngay_cong_nhan_muc_do_1="15/01/2023"),
            tt25_level1("XA-02", "Xã Đông Lỗ"), tt25_level1("XA-03", "Xã Liên Bạt", i5_1="59")]
    board = ["Mức độ 2", "Mức độ 2", "Không đạt"]
    title = [["ỦY BAN NHÂN DÂN HUYỆN ỨNG HÒA"], ["KẾT QUẢ ĐÁNH GIÁ “CỘNG ĐỒNG HỌC TẬP” CẤP XÃ NĂM 2024"], []]
    header = ["STT", "Mã xã", "Tên xã", "Ngày công nhận mức độ 1", *TT25_CODES, "Mức độ đạt"]
    body = [[str(i), *[r.get(c, "") for c in columns], b] for i, (r, b) in enumerate(zip(rows, board, strict=True), 1)]
    return [*title, header, *body, [], ["", "Người lập biểu"]]


def test_levels_sheet_with_the_boards_level_column(tmp_path):
    sheet = tmp_path / "cdht.txt"
    sheet.write_bytes("\r\n".join("\t".join(r) for r in tt25_sheet_rows()).encode("utf-16"))
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT25_XA, "--year", "2024", "--output", out)
    assert result.exit_code == 0, result.output
    data = results(out)
    assert {s["id"]: s["level"] for s in data["subjects"]} == {"XA-01": 2, "XA-02": 1, "XA-03": 0}
    assert data["differences"] == [{"row": 6, "id": "XA-02", "name": "Xã Đông Lỗ", "column": "muc_do",
                                    "board": "Mức độ 2", "decided": 1}]
    assert data["sheet"]["header_rows"] == [4]
    said = " ".join(result.output.replace("│", " ").split())
    assert "6 XA-02 Xã Đông Lỗ Mức độ Mức độ 2 mức độ 1" in said  # the board's value beside the decided one


def xls_percent_sheet(path: Path, percent_format: bool) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Xã")
    columns = ["ma", "ten", *TT25_CODES]
    for c, name in enumerate(columns):
        ws.write(0, c, name)
    row = tt25_level1("XA-02", "Xã Đông Lỗ")
    style = xlwt.easyxf(num_format_str="0%")
    for c, name in enumerate(columns):
        value = row[name]
        if name in ("5.1", "5.2a", "5.2b"):
            if percent_format:
                ws.write(1, c, int(value) / 100, style)  # Excel stores 60% as 0.6
            else:
                ws.write(1, c, int(value))
        elif name in ("4.2", "4.3", "4.4"):
            ws.write(1, c, int(value))
        else:
            ws.write(1, c, value)
    book.save(str(path))
    return path


def test_xls_percentages_typed_as_numbers_are_exact(tmp_path):
    out = tmp_path / "r.json"
    result = score(xls_percent_sheet(tmp_path / "xa.xls", False), "--criteria", TT25_XA, "--output", out)
    assert result.exit_code == 0, result.output
    assert results(out)["subjects"][0]["level"] == 1


def test_xls_percentage_cells_are_never_guessed(tmp_path):
    """An .xls does not say a cell shows 60% (stored 0,6): the row is refused with how to fix it, not read as 0,6%."""
    out = tmp_path / "r.json"
    result = score(xls_percent_sheet(tmp_path / "xa.xls", True), "--criteria", TT25_XA, "--output", out)
    assert result.exit_code == 2, result.output
    data = results(out)
    assert data["subjects"] == []
    messages = {e["column"]: e["message"] for e in data["errors"]}
    assert set(messages) == {"5.1", "5.2a", "5.2b"}
    assert "có thể là 60% (ô định dạng phần trăm) hoặc 0,6%" in messages["5.1"]
    assert "lưu bảng điểm dạng .xlsx" in messages["5.1"]


# --- choosing the set -----------------------------------------------------------------------------

def test_title_and_year_choose_the_set_in_force(tmp_path):
    sheet = write_report_xlsx(tmp_path / "tong-hop.xlsx")
    out = tmp_path / "r.json"
    result = score(sheet, "--title", "Đơn vị học tập", "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    data = results(out)
    assert data["criteria"]["id"] == TT22
    check_tt22_report(data)


def test_a_repealed_set_names_the_sets_in_force_that_year(tmp_path):
    sheet = write_report_xlsx(tmp_path / "tong-hop.xlsx")
    result = score(sheet, "--criteria", TT22, "--year", "2024", "--output", tmp_path / "r.json")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "bộ tiêu chí dvht-tt22-2020 không có hiệu lực cho năm đánh giá 2024 (hiệu lực từ 21/09/2020 đến 25/01/2024)" \
        in said
    assert "năm 2024 dùng: dvht-huyen-tt24-2023" in said and "dvht-tinh-tt24-2023" in said


def test_a_sheet_scored_against_the_wrong_set_names_the_set_it_fits(tmp_path):
    sheet = write_report_xlsx(tmp_path / "tong-hop.xlsx")
    result = score(sheet, "--criteria", TT25_XA, "--output", tmp_path / "r.json")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "không thuộc bộ tiêu chí cdht-xa-tt25-2023" in said
    assert "Các cột của bảng điểm khớp bộ tiêu chí dvht-tt22-2020 (Đơn vị học tập, 22/2020/TT-BGDĐT)" in said
    assert "chấm bằng --criteria dvht-tt22-2020?" in said


def test_a_mistyped_set_id_and_title_are_suggested(tmp_path):
    sheet = write_report_xlsx(tmp_path / "tong-hop.xlsx")
    result = score(sheet, "--criteria", "dvht-tt22-2002", "--output", tmp_path / "r.json")
    assert result.exit_code == 2
    assert "(có phải “dvht-tt22-2020” không?)" in " ".join(result.output.split())
    result = score(sheet, "--title", "Don vi hoc tap cap huyen", "--year", "2023", "--output", tmp_path / "r.json")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "không có bộ tiêu chí nào cho danh hiệu “Don vi hoc tap cap huyen” có hiệu lực năm 2023" in said
    assert "dvht-huyen-tt24-2023 (hiệu lực từ" in said


def test_a_mistyped_column_header_is_suggested(tmp_path):
    sheet = tmp_path / "s.csv"
    header = ["ma", "ten", *TT22_CODES[:-1], "3.cc"]
    sheet.write_text(";".join(header) + "\r\n", encoding="utf-8")
    result = score(sheet, "--criteria", TT22)
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "cột L “3.cc” không thuộc bộ tiêu chí dvht-tt22-2020" in said and "(có phải “3.c” không?)" in said


def test_criterion_subtotals_under_their_group_are_compared(tmp_path):
    """"Cộng" under each "Tiêu chí n" group: the board's points of that criterion, compared with the decided ones.
    DV-03 criterion 2: 8 + 4 + 7 + 3 = 22 (TT 22/2020 Art. 5.2); the board wrote 21."""
    upper = ["STT", "Mã", "Tên", "Tiêu chí 1", "", "", "", "Tiêu chí 2", "", "", "", "", "Tiêu chí 3", "", "", "",
             "Tổng điểm", "Xếp loại"]
    lower = ["", "", "", "1.a", "1.b", "1.c", "Cộng", "2.a", "2.b", "2.c", "2.d", "Cộng", "3.a", "3.b", "3.c", "Cộng",
             "", ""]
    rows = [["1", "DV-01", "Trường Tiểu học Hòa Bình", "10", "10", "10", "30", "10", "5", "10", "5", "30", "25", "10",
             "5", "40", "100", "Tốt"],
            ["2", "DV-03", "Phòng Văn hóa và Thông tin", "7", "5", "6", "18", "8", "4", "7", "3", "21", "15", "8", "2",
             "25", "65", "Trung bình"]]
    sheet = tmp_path / "tong-hop.csv"
    sheet.write_text("\r\n".join(";".join(r) for r in [["BẢNG TỔNG HỢP"], upper, lower, *rows]) + "\r\n",
                     encoding="utf-8-sig")
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--year", "2023", "--output", out)
    assert result.exit_code == 0, result.output
    data = results(out)
    assert [(s["id"], s["total"], s["grade"]) for s in data["subjects"]] == [("DV-01", 100, "Tốt"),
                                                                             ("DV-03", 65, "Trung bình")]
    assert data["differences"] == [{"row": 5, "id": "DV-03", "name": "Phòng Văn hóa và Thông tin", "column": "TC2",
                                    "board": "21", "decided": 22}]
    assert data["sheet"]["header_rows"] == [2, 3]
    assert "Điểm TC2 21 22" in " ".join(result.output.replace("│", " ").split())


def test_group_headings_are_skipped_but_a_row_without_code_is_still_an_error(tmp_path):
    """A heading over a group of rows is listed as skipped; a unit whose code is missing is a rejected row, never
    dropped; numbered empty rows left at the end of the form are listed as below the table."""
    header = ["STT", "Mã", "Tên", *TT22_CODES]
    full = ["10", "10", "10", "10", "5", "10", "5", "25", "10", "5"]
    rows = [header, ["", "I. KHỐI TRƯỜNG HỌC"], ["1", "DV-01", "Trường Tiểu học Hòa Bình", *full],
            ["", "II. KHỐI CƠ QUAN"], ["2", "", "Phòng Văn hóa và Thông tin", *full],
            ["3", "DV-03", "Trạm Y tế", *full], ["4"], ["5"], ["6"]]
    sheet = tmp_path / "bang-diem.csv"
    sheet.write_text("\r\n".join(";".join(r) for r in rows) + "\r\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = score(sheet, "--criteria", TT22, "--output", out)
    assert result.exit_code == 1, result.output
    data = results(out)
    assert [(s["id"], s["total"]) for s in data["subjects"]] == [("DV-01", 100), ("DV-03", 100)]
    assert [(e["row"], e["column"], e["message"]) for e in data["errors"]] == [(5, "ma", "thiếu mã")]
    notes = data["sheet"]["notes"]
    assert any(n.startswith("bỏ qua dòng 2, 4 (dòng tên nhóm") and "“I. KHỐI TRƯỜNG HỌC”" in n for n in notes)
    assert any(n.startswith("bỏ qua dòng 7–9 dưới bảng") for n in notes)


def test_a_file_that_is_not_an_xls_is_one_sentence(tmp_path):
    sheet = tmp_path / "bang-diem.xls"
    sheet.write_text("ma;ten\r\nDV-01;Trường\r\n", encoding="utf-8")
    result = score(sheet, "--criteria", TT22)
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert said.startswith("Lỗi:") and "không mở được tệp Excel 97–2003 (.xls) (tệp hỏng, hoặc không phải" in said
    assert "Traceback" not in result.output and "OLE" not in said and "signature" not in said


@pytest.mark.parametrize(("column", "written", "same"), [
    ("tong_diem", "85", True), ("tong_diem", "85,0", True), ("tong_diem", "85 điểm", True), ("tong_diem", "84,5", False),
    ("tong_diem", "tám lăm", False), ("xep_loai", "TỐT", True), ("xep_loai", "Loại Tốt", True), ("xep_loai", "Khá", False),
    ("cong_nhan", "x", True), ("cong_nhan", "Không", False), ("TC1", "24", True), ("TC1", "25", False),
])
def test_the_boards_points_grade_and_recognition_are_compared_as_written(column, written, same):
    """DV-02 of the report: 85 points, Tốt, recognised; criterion 1: 8 + 7 + 9 = 24 (TT 22/2020 Art. 5.1, 6.3)."""
    from engine.scoring.board import differences
    from engine.sheets.reader import Row

    subject = {"total": 85, "grade": "Tốt", "level": None, "recognised": True,
               "criteria": [{"code": "TC1", "points": 24}, {"code": "TC2", "points": 27}, {"code": "TC3", "points": 34}]}
    row = Row(10, "DV-02", "Trường THCS Liên Hà", board={column: written})
    assert (differences(row, subject) == []) is same


@pytest.mark.parametrize(("written", "same"), [
    ("Mức độ 1", True), ("1", True), ("Đạt mức độ 1", True), ("MĐ1", True), ("mức 1", True), ("Mức độ 2", False),
    ("Không đạt", False), ("đạt", False),
])
def test_the_boards_level_is_compared_as_written(written, same):
    from engine.scoring.board import differences
    from engine.sheets.reader import Row

    subject = {"total": None, "grade": None, "level": 1, "recognised": True, "criteria": []}
    assert (differences(Row(6, "XA-02", "Xã Đông Lỗ", board={"muc_do": written}), subject) == []) is same
