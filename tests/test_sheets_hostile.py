"""Sheets from outside: habits boards have (an STT column), and hostile or broken files.

Each hostile input is generated here and run through the command a board runs (`recognise score`),
with RECOGNISE_DEBUG=1 so that an unplanned exception would show its traceback. Every case asserts
the exit code (0 all scored, 1 rows reported, 2 nothing scored), that no traceback was printed,
and that every row read is scored or reported: a row number in the results or in the errors, or
the lines named by the sentence that refused the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook
from sheet_helpers import TT22, TT22_CODES, TT22_COLUMNS, TT22_MAX, csv_text, table, tt22_row, write_csv, write_xlsx
from typer.testing import CliRunner

import engine.sheets.xlsx_rows
from cli.app import app
from engine.scoring.run import score_sheet
from engine.sheets.reader import MAX_COLUMNS, Row, Sheet, SheetError, raw_rows

ROOT = Path(__file__).resolve().parent.parent
RECOGNISE = ROOT / ".venv" / "bin" / "recognise"
DEBUG = {"RECOGNISE_DEBUG": "1"}  # an unplanned exception prints its traceback: the tests look for it
runner = CliRunner()


def score(*args: object):
    return runner.invoke(app, ["score", *map(str, args), "--criteria", TT22], env=DEBUG)


def check(result, code: int) -> str:
    """The exit code, and no traceback nor the sentence for an unplanned error."""
    text = result.output
    assert result.exit_code == code, text
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    assert "Traceback" not in text and "ngoài dự kiến" not in text, text
    return " ".join(text.split())


def accounted(out: Path, rows: Iterable[int]) -> tuple[dict[int, dict], dict[int, list[dict]]]:
    """Rows scored and rows reported in a results file: together, exactly the rows of the sheet."""
    data = json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)
    scored = {s["row"]: s for s in data["subjects"]}
    reported: dict[int, list[dict]] = {}
    for e in data["errors"]:
        reported.setdefault(e["row"], []).append(e)
    assert not scored.keys() & reported.keys()
    assert sorted(scored.keys() | reported.keys()) == sorted(rows)
    return scored, reported


def full_row(ma: str, **points: object) -> list:
    """A TT22 row at every maximum (100 points, Tốt) with the values given (keys like i3a → 3.a)."""
    values = {c: TT22_MAX[c] for c in TT22_CODES}
    for key, value in points.items():
        values[f"{key[1]}.{key[2]}"] = value
    return [ma, f"Đơn vị {ma}", "Xã A", *[values[c] for c in TT22_CODES]]


# --- XLSX packages written by hand, as other producers (or attackers) write them -------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Bảng điểm" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}


def cell(column: int, row: int, value: object) -> str:
    ref = f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[column - 1]}{row}"
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def row_xml(number: int, values: list) -> str:
    return f'<row r="{number}">' + "".join(cell(i, number, v) for i, v in enumerate(values, 1)) + "</row>"


def write_package(path: Path, rows: Iterable[str | bytes], shared: Iterable[bytes] = (),
                  shared_count: int | None = None) -> Path:
    """A minimal XLSX: the worksheet's <sheetData> from `rows` (streamed), inline strings unless `shared`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for part in rows:
                sheet.write(part.encode() if isinstance(part, str) else part)
            sheet.write(b"</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            count = f' uniqueCount="{shared_count}"' if shared_count is not None else ""
            strings.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"{count}>'.encode())
            for part in shared:
                strings.write(part)
            strings.write(b"</sst>")
    return path


def header_and(rows: list[list]) -> Iterator[str]:
    yield row_xml(1, TT22_COLUMNS)
    for number, values in enumerate(rows, start=2):
        yield row_xml(number, values)


# --- habits of boards -------------------------------------------------------------------------

def test_row_number_column_stt_is_known_and_ignored(tmp_path, tt22):
    header = ["STT", *TT22_COLUMNS]
    rows = [["1", *r] for r in table(TT22_COLUMNS, [tt22_row("DV-01", i3a="20")])]
    result = score_sheet(write_csv(tmp_path / "s.csv", header, rows), tt22, outputs=[])
    assert result.errors == []
    assert [(s["id"], s["total"], s["grade"]) for s in result.shown] == [("DV-01", 95, "Tốt")]  # 100 − 25 + 20


def test_a_row_with_thousands_of_cells_is_one_error_and_the_others_are_scored(tmp_path, tt22):
    good, wide = table(TT22_COLUMNS, [tt22_row("DV-01"), tt22_row("DV-02")])
    wide += ["x"] * (MAX_COLUMNS * 10)
    rows = [errors or row for row, errors in Sheet(write_csv(tmp_path / "s.csv", TT22_COLUMNS, [good, wide]),
                                                   tt22.criteria).rows()]
    assert isinstance(rows[0], Row) and rows[0].ma == "DV-01"
    assert isinstance(rows[1], list) and len(rows[1]) == 1
    assert rows[1][0].row == 3 and rows[1][0].ma == "DV-02"


def test_an_overlong_cell_is_reported_not_kept(tmp_path, tt22):
    path = write_csv(tmp_path / "s.csv", TT22_COLUMNS, table(TT22_COLUMNS, [tt22_row("DV-01", "Đ" * 5000)]))
    _, errors = next(Sheet(path, tt22.criteria).rows())
    assert isinstance(errors, list)
    assert [(e.row, e.column) for e in errors] == [(2, "ten"), (2, "ten")]  # too long, hence empty: missing
    assert len(errors[0].value) < 100


def test_a_file_named_xlsx_that_is_not_a_zip_is_a_sheet_error(tmp_path, tt22):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"ma,ten\n")
    with pytest.raises(SheetError, match="XLSX"):
        Sheet(path, tt22.criteria)


# --- nothing read is ever dropped silently ------------------------------------------------------

def test_xlsx_whose_dimension_understates_the_used_range_is_read_in_full(tmp_path):
    """openpyxl's read-only mode trusted <dimension ref="A1:C3">: 2 of 18 rows were scored, exit 0."""
    rows = [full_row(f"DV-{i:02d}") for i in range(1, 18)] + [full_row("DV-18", i1a=11)]  # row 19: above 10
    written = write_xlsx(tmp_path / "w.xlsx", TT22_COLUMNS, rows)
    stale = tmp_path / "s.xlsx"
    with zipfile.ZipFile(written) as src, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:M19"/>' in data
                data = data.replace(b'<dimension ref="A1:M19"/>', b'<dimension ref="A1:C3"/>')
            dst.writestr(info, data)
    out = tmp_path / "r.json"
    check(score(stale, "--output", out), 1)
    scored, reported = accounted(out, range(2, 20))
    assert len(scored) == 17 and all(s["total"] == 100 for s in scored.values())
    assert [e["column"] for e in reported[19]] == ["1.a"]


def test_csv_quote_never_closed_refuses_the_file_naming_the_lines_it_swallowed(tmp_path):
    """Today the open quote swallowed rows 4–19 into one cell and one row was reported."""
    lines = csv_text(TT22_COLUMNS, table(TT22_COLUMNS, [tt22_row(f"DV-{i:02d}") for i in range(1, 19)]))
    lines = lines.split("\r\n")
    lines[3] = lines[3].replace("DV-03,Đơn vị", 'DV-03,"Đơn vị', 1)  # line 4 of the file opens a quote
    path = tmp_path / "s.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    out = tmp_path / "r.json"
    said = check(score(path, "--output", out), 2)
    assert "dấu ngoặc kép mở ở dòng 4" in said and "các dòng 4–19" in said
    assert not out.exists()


def test_csv_quote_never_closed_in_a_long_file_is_refused_at_the_cell_limit(tmp_path):
    body = csv_text(TT22_COLUMNS, table(TT22_COLUMNS, [tt22_row(f"DV-{i:05d}") for i in range(1, 25_001)]))
    path = tmp_path / "s.csv"
    path.write_text(body.replace("DV-00002,Đơn vị", 'DV-00002,"Đơn vị', 1), encoding="utf-8")
    started = time.monotonic()
    said = check(score(path), 2)
    assert time.monotonic() - started < 60
    assert "dấu ngoặc kép mở ở dòng 3" in said and "1.000.000 ký tự" in said


def test_csv_record_spanning_several_lines_is_a_row_error_naming_them(tmp_path):
    rows = table(TT22_COLUMNS, [tt22_row(f"DV-{i:02d}") for i in range(1, 7)])
    lines = [",".join(TT22_COLUMNS), *(",".join(r) for r in rows)]
    lines[2] = lines[2].replace("DV-02,Đơn vị", 'DV-02,"Đơn vị', 1)  # opened on line 3 …
    lines[4] = lines[4].replace("DV-04,Đơn vị", 'DV-04",Đơn vị', 1)  # … closed on line 5
    path = tmp_path / "s.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    out = tmp_path / "r.json"
    said = check(score(path, "--output", out), 1)
    # records as Excel numbers them: 1 header, 2 DV-01, 3 lines 3–5 of the file, 4 DV-05, 5 DV-06
    scored, reported = accounted(out, range(2, 6))
    assert [s["id"] for s in scored.values()] == ["DV-01", "DV-05", "DV-06"]
    assert len(reported[3]) == 1 and "các dòng 3–5 của tệp" in reported[3][0]["message"]
    assert "3–5" in said


def test_csv_cell_holding_a_line_break_is_a_row_error(tmp_path):
    rows = table(TT22_COLUMNS, [tt22_row("DV-01"), tt22_row("DV-02", "Trường A\nThôn 3"), tt22_row("DV-03")])
    path = write_csv(tmp_path / "s.csv", TT22_COLUMNS, rows)
    out = tmp_path / "r.json"
    check(score(path, "--output", out), 1)
    scored, reported = accounted(out, range(2, 5))
    assert sorted(scored) == [2, 4]
    (error,) = reported[3]
    assert (error["column"], error["id"]) == ("ten", "DV-02") and "các dòng 3–4 của tệp" in error["message"]


def test_csv_header_cell_holding_a_line_break_is_still_a_header(tmp_path):
    """Excel writes a header typed with Alt+Enter as one quoted cell over two lines: the header, not a row."""
    header = [*TT22_COLUMNS[:3], "1.a\nĐơn vị có kế hoạch học tập", *TT22_COLUMNS[4:]]
    path = write_csv(tmp_path / "s.csv", header, table(TT22_COLUMNS, [tt22_row("DV-01"), tt22_row("DV-02")]))
    out = tmp_path / "r.json"
    check(score(path, "--output", out), 0)
    assert sorted(accounted(out, [2, 3])[0]) == [2, 3]  # records as Excel numbers them, the header is row 1


def test_tables_other_than_score_sheets_refuse_a_record_over_several_lines(tmp_path):
    """Claimed results typed by hand are read with raw_rows: the same record is refused there, named."""
    path = tmp_path / "ket-qua.csv"
    path.write_text('ma,ten,tong_diem\r\nDV-01,"Đơn vị\r\nA",90\r\nDV-02,B,80\r\n', encoding="utf-8")
    with pytest.raises(SheetError, match="các dòng 2–3 của tệp"):
        list(raw_rows(path))


def stored_numbers(path: Path, values: list[str], code: str = "1.a") -> Path:
    """One TT22 row per value, at every maximum except `code`, stored as the number `value` (its text in the file)."""
    xml = [row_xml(1, TT22_COLUMNS)]
    at = TT22_COLUMNS.index(code)
    for number, value in enumerate(values, start=2):
        cells = [cell(i, number, v) for i, v in enumerate(full_row(f"DV-{number - 1:02d}"), 1)]
        cells[at] = f'<c r="{"ABCDEFGHIJKLM"[at]}{number}"><v>{value}</v></c>'
        xml.append(f'<row r="{number}">' + "".join(cells) + "</row>")
    return write_package(path, xml)


def test_xlsx_numbers_are_compared_as_stored_never_rounded_across_a_grade(tmp_path):
    """TT 22/2020 Art. 6.3: Tốt from 85 points. 75 + 9,99999999999999 for 3.a is under 85: Khá, not Tốt
    (read as a float and rounded to 10 places, it was 85: Tốt)."""
    path = stored_numbers(tmp_path / "s.xlsx", ["-10", "9.99999999999999", "10", "0.1"], code="3.a")
    out = tmp_path / "r.json"
    check(score(path, "--output", out), 1)
    scored, reported = accounted(out, range(2, 6))
    assert "không đọc được số" in reported[2][0]["message"]  # a negative number of points
    assert [(s["grade"], s["total"]) for s in scored.values()] == [
        ("Khá", Decimal("84.99999999999999")), ("Tốt", Decimal(85)), ("Khá", Decimal("75.1"))]
    written = write_xlsx(tmp_path / "w.xlsx", TT22_COLUMNS, [full_row("DV-01", i3a=9.99999999999999)])
    out = tmp_path / "w.json"
    check(score(written, "--output", out), 0)  # openpyxl stores 9,99999999999999 as 9.999999999999989
    assert accounted(out, [2])[0][2]["grade"] == "Khá"


def test_xlsx_number_more_precise_than_excel_next_to_a_round_value_is_a_row_error(tmp_path):
    """9,999999999999998 is 10 after a formula's rounding error, or just under 10: refused, not guessed."""
    path = stored_numbers(tmp_path / "s.xlsx", ["9.999999999999998", "3.3333333333333335", "0.30000000000000004"])
    out = tmp_path / "r.json"
    check(score(path, "--output", out), 1)
    scored, reported = accounted(out, range(2, 5))
    assert [(e["column"], e["value"]) for e in reported[2]] == [("1.a", "9,999999999999998")]
    assert [(e["column"], e["value"]) for e in reported[4]] == [("1.a", "0,30000000000000004")]
    assert "ROUND" in reported[2][0]["message"]
    assert scored[3]["total"] == Decimal("93.3333333333333335")  # no round value near: exact


def test_huge_and_tiny_numbers_are_row_errors(tmp_path):
    """1e308 in XLSX ended in a traceback; huge integers and tiny fractions are not rounded either."""
    stored = ["1E+308", "1e-300", "1" + "0" * 40, "9" * 500, "1E+999999999", "NaN", "10"]  # 1.a as the file stores it
    path = stored_numbers(tmp_path / "s.xlsx", stored)
    out = tmp_path / "r.json"
    check(score(path, "--output", out), 1)
    scored, reported = accounted(out, range(2, 9))
    assert list(scored) == [8]
    said = {row: " ".join(e["message"] for e in errors) for row, errors in reported.items()}
    assert "quá lớn" in said[2] and "quá nhỏ" in said[3] and "quá 30 chữ số" in said[4]
    assert "dài quá" in said[5] or "chữ số" in said[5]
    assert "quá lớn" in said[6] and "không đọc được số" in said[7]
    csv_rows = [tt22_row("DV-01", i1a="1" + "0" * 40), tt22_row("DV-02", i1a="0," + "0" * 40 + "1"),
                tt22_row("DV-03", i1a="1" + "0" * 25)]
    out = tmp_path / "c.json"
    check(score(write_csv(tmp_path / "s.csv", TT22_COLUMNS, table(TT22_COLUMNS, csv_rows)), "--output", out), 1)
    scored, reported = accounted(out, range(2, 5))
    assert "quá 30 chữ số" in reported[2][0]["message"] and "ngoài khoảng" in reported[4][0]["message"]
    assert scored[3]["total"] == Decimal("90." + "0" * 40 + "1")  # 100 − 10 + 10⁻⁴¹, every digit kept


# --- bounded work for small hostile inputs -------------------------------------------------------

def test_xlsx_unpacking_to_hundreds_of_megabytes_of_empty_cells_is_refused_in_seconds(tmp_path):
    empty = b"<row>" + b"<c/>" * 10_000 + b"</row>"
    path = write_package(tmp_path / "s.xlsx", [row_xml(1, TT22_COLUMNS).encode(), *[empty] * 6_000])
    assert path.stat().st_size < 2_000_000  # about 240 MB once unpacked
    started = time.monotonic()
    said = check(score(path), 2)
    assert time.monotonic() - started < 20
    assert "gấp hơn 100 lần" in said


def test_xlsx_with_more_empty_cells_than_any_sheet_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.sheets.xlsx_rows, "MAX_EMPTY_CELLS", 5_000)
    empty = "<row>" + "<c/>" * 100 + "</row>"
    rows = [*header_and([full_row("DV-01")]), *[empty] * 60]
    said = check(score(write_package(tmp_path / "s.xlsx", rows)), 2)
    assert "5.000 ô hoặc dòng trống" in said


def test_xlsx_declaring_millions_of_shared_strings_is_refused_in_seconds(tmp_path):
    strings = (b"<si><t>%d</t></si>" % i for i in range(2_000_000))
    path = write_package(tmp_path / "s.xlsx", header_and([full_row("DV-01")]), strings, shared_count=2_000_000)
    started = time.monotonic()
    said = check(score(path), 2)
    assert time.monotonic() - started < 20
    assert "chuỗi dùng chung" in said or "gấp hơn 100 lần" in said


def test_xlsx_with_more_shared_strings_than_it_declares_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.sheets.xlsx_rows, "MAX_SHARED_STRINGS", 1_000)
    strings = (b"<si><t>%d</t></si>" % i for i in range(1_500))
    path = write_package(tmp_path / "s.xlsx", header_and([full_row("DV-01")]), strings, shared_count=1)
    assert "1.000 chuỗi dùng chung" in check(score(path), 2)


def test_xlsx_that_would_unpack_beyond_the_limit_is_refused(tmp_path, tt22, monkeypatch):
    path = write_xlsx(tmp_path / "s.xlsx", TT22_COLUMNS, table(TT22_COLUMNS, [tt22_row("DV-01")]))
    monkeypatch.setattr(engine.sheets.xlsx_rows, "MAX_XLSX_UNPACKED", 1_000)  # this small file unpacks to more
    with pytest.raises(SheetError, match="giải nén"):
        Sheet(path, tt22.criteria)


def test_shared_string_index_out_of_range_is_a_row_error(tmp_path):
    shared = [b"<si><t>DV-02</t></si>"]
    rows = list(header_and([full_row("DV-01"), full_row("DV-02"), full_row("DV-03")]))
    rows[2] = rows[2].replace('<c r="A3" t="inlineStr"><is><t>DV-02</t></is></c>', '<c r="A3" t="s"><v>0</v></c>')
    rows[2] = rows[2].replace('<c r="C3" t="inlineStr"><is><t>Xã A</t></is></c>', '<c r="C3" t="s"><v>7</v></c>')
    rows[3] = rows[3].replace('<c r="B4" t="inlineStr"><is><t>Đơn vị DV-03</t></is></c>',
                              '<c r="B4" t="s"><v>-1</v></c>')
    out = tmp_path / "r.json"
    check(score(write_package(tmp_path / "s.xlsx", rows, shared), "--output", out), 1)
    scored, reported = accounted(out, range(2, 5))
    assert list(scored) == [2]
    assert [(e["column"], e["id"]) for e in reported[3]] == [("dia_ban", "DV-02")]
    assert "chuỗi dùng chung số “7”" in reported[3][0]["message"]
    assert "ten" in [e["column"] for e in reported[4]]


LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY a "hahahahahahahahahaha">' +
          "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True)) +
          "]>")


@pytest.mark.parametrize(("broken", "said"), [
    ("entities", "DTD"),
    ("cell outside a row", "ngoài mọi dòng"),
    ("row inside a row", "trong một dòng khác"),
    ("row number 0", "ngoài khoảng 1–1048576"),
    ("column beyond Excel", "ngoài 16384 cột"),
    ("not XML", "không phải XML hợp lệ"),
    ("bad CRC", "không giải nén được"),
    ("no worksheet", "không có trang tính nào"),
    ("thousands of runs in a cell", "hơn 1.000 phần tử"),
])
def test_broken_xlsx_packages_end_in_one_sentence(tmp_path, broken, said):
    rows = list(header_and([full_row("DV-01")]))
    path = tmp_path / "s.xlsx"
    if broken == "cell outside a row":
        rows.append('<c r="A3"><v>1</v></c>')
    elif broken == "row inside a row":
        rows[1] = rows[1].replace("</row>", "") + '<row r="3"></row></row>'
    elif broken == "row number 0":
        rows[1] = rows[1].replace('<row r="2">', '<row r="0">')
    elif broken == "column beyond Excel":
        rows[1] = rows[1].replace("</row>", '<c r="XFE2"><v>1</v></c></row>')
    elif broken == "not XML":
        rows[1] = rows[1].replace("</row>", "</wor>")
    elif broken == "thousands of runs in a cell":
        rows[1] = rows[1].replace("</row>", '<c r="N2" t="inlineStr"><is>' + "<r><t>x</t></r>" * 1_000 + "</is></c></row>")
    write_package(path, rows)
    if broken == "entities":
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        parts["xl/worksheets/sheet1.xml"] = sheet.replace("?>", "?>" + LAUGHS, 1).replace(
            "<sheetData>", "<sheetData><row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>&i;</t></is></c></row>").encode()
        with zipfile.ZipFile(path, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
    elif broken == "bad CRC":
        data = bytearray(path.read_bytes())
        start = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 40
        data[start:start + 8] = b"\xff" * 8
        path.write_bytes(bytes(data))
    elif broken == "no worksheet":
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'r:id="rId1"', b'r:id="rId9"')
        with zipfile.ZipFile(path, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
    out = tmp_path / "r.json"
    assert said in check(score(path, "--output", out), 2)
    assert not out.exists()


@pytest.mark.skipif(not RECOGNISE.exists(), reason="the installed command is needed for a separate process")
@pytest.mark.parametrize("kind", ["fifo.csv", "fifo.xlsx", "zero.csv", "zero.xlsx", "folder.csv", "null.csv"])
def test_sheet_path_that_is_a_device_fifo_link_or_folder_is_refused(tmp_path, kind):
    """A FIFO blocked the command forever and /dev/zero never ended: refused before reading a byte."""
    path = tmp_path / kind
    what, _ = kind.split(".")
    if what == "fifo":
        os.mkfifo(path)
    elif what == "zero":
        path.symlink_to("/dev/zero")
    elif what == "null":
        path.symlink_to("/dev/null")
    else:
        path.mkdir()
    done = subprocess.run([str(RECOGNISE), "score", str(path), "--criteria", TT22], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **DEBUG})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    said = " ".join(done.stderr.split())
    assert "không phải tệp bảng điểm thường" in said, said


def test_control_characters_in_a_name_with_xlsx_output(tmp_path):
    rows = [tt22_row("DV-01", "Tên\x07 có\x1b[31m điều khiển\x00"), tt22_row("DV-02\x0e", "B", i1a="x\x01")]
    path = write_csv(tmp_path / "s.csv", TT22_COLUMNS, table(TT22_COLUMNS, rows))
    out, xlsx = tmp_path / "r.json", tmp_path / "r.xlsx"
    check(score(path, "--output", out, "--output", xlsx), 1)
    accounted(out, [2, 3])
    book = load_workbook(xlsx, read_only=True)
    results = [r for r in book["Kết quả"].iter_rows(values_only=True)]
    assert results[1][:2] == ("DV-01", "Tên\ufffd có\ufffd[31m điều khiển\ufffd")
    errors = [r for r in book["Lỗi"].iter_rows(values_only=True)]
    assert [(r[0], r[1], r[3], r[4]) for r in errors[1:]] == [(3, "DV-02\ufffd", "1.a", "x\ufffd")]


def test_first_line_over_one_megabyte_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("ma," + "x" * 3_000_000, encoding="utf-8")  # no line break at all
    started = time.monotonic()
    said = check(score(path), 2)
    assert time.monotonic() - started < 20
    assert "dòng đầu của tệp dài hơn 1.000.000 ký tự" in said


def test_a_later_line_over_one_megabyte_is_refused_naming_it(tmp_path):
    lines = csv_text(TT22_COLUMNS, table(TT22_COLUMNS, [tt22_row("DV-01"), tt22_row("DV-02")])).split("\r\n")
    lines.insert(2, "DV-09,Đơn vị," + "1," * 600_000)
    path = tmp_path / "s.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    out = tmp_path / "r.json"
    assert "dòng 3 của tệp dài hơn" in check(score(path, "--output", out), 2)
    assert not out.exists()
