"""The XLSX results writer: what openpyxl and LibreOffice read back from it, byte-for-byte repeatability, nothing left
behind when a run stops, and the bounded buffer that keeps its memory flat."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from engine.results import xlsx_writer
from engine.results.xlsx_parts import AFTER_SHEETS, BEFORE_SHEETS
from engine.results.xlsx_writer import XlsxWriter, column_letters
from engine.sheets.reader import RowError

CODES = ["1.a", "1.b"]
NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
HOSTILE = ["=HYPERLINK(\"http://x\")", "+1", "-1", "@a", "=", "#N/A", "a&b<c>d\"e'f]]>", "tab\there", "dòng\nmới",
           "cr\r\nlf", "ctrl\x01\x08\x0b\x1fz", " lề ", "", "&amp;", "emoji 😀", "0123", "\ufffe\ud800"]


def subject(i: int, name: str, points=(Decimal("9.5"), Decimal("10"))) -> list:
    total = None if points is None else sum(points)
    values = [None, None] if points is None else list(points)
    return [f"DV-{i:03}", name, "Xã A", i + 1, total, "Tốt", "có", *values, "Tổng điểm đạt."]


def write(path: Path, notice: str | None = None, rows: int = 0) -> Path:
    w = XlsxWriter(path, CODES, notice)
    for i, name in enumerate(HOSTILE, start=1):
        w.write(subject(i, name))
    w.write(subject(90, "không điểm", points=None))
    w.write(subject(91, "x" * 40_000))
    w.reject([RowError(row=95, column="1.a", value="mười\x03", message="không đọc được số", ma="=BAD", ten="B\x02")])
    for i in range(rows):
        w.write(subject(100 + i, f"Đơn vị {i}"))
    w.close({})
    return path


def test_cells_read_back_as_written(tmp_path):
    book = load_workbook(write(tmp_path / "r.xlsx"))
    assert book.sheetnames == ["Kết quả", "Lỗi"]
    sheet = book["Kết quả"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["ma", "ten", "dia_ban", "dong", "tong_diem", "ket_qua", "cong_nhan", *CODES, "ly_do",
                       "trang_thai"]
    names = [r[1] for r in rows[1:len(HOSTILE) + 1]]
    expected = list(HOSTILE)
    expected[HOSTILE.index("ctrl\x01\x08\x0b\x1fz")] = "ctrl\ufffd\ufffd\ufffd\ufffdz"  # as openpyxl's writer did
    expected[HOSTILE.index("\ufffe\ud800")] = "\ufffd\ufffd"  # XML cannot hold them either
    expected[HOSTILE.index("")] = None
    assert names == expected
    first = rows[1]
    assert first[3:] == [2, 19.5, "Tốt", "có", 9.5, 10, "Tổng điểm đạt.", "đã chấm"]
    types = {c.column_letter: c.data_type for c in list(sheet.iter_rows())[1]}
    assert types["A"] == types["B"] == types["F"] == "s" and types["D"] == types["E"] == types["H"] == "n"
    assert all(sheet.cell(row=r, column=2).data_type == "s" for r in range(2, len(HOSTILE) + 2)
               if sheet.cell(row=r, column=2).value is not None)  # never a formula, never an error cell
    empty = rows[len(HOSTILE) + 1]
    assert empty[:4] == ["DV-090", "không điểm", "Xã A", 91] and empty[4] is None and empty[7:9] == [None, None]
    assert len(rows[len(HOSTILE) + 2][1]) == 32_767  # what a cell holds
    errors = [[c.value for c in r] for r in book["Lỗi"].iter_rows()]
    assert errors == [["dong", "ma", "ten", "cot", "gia_tri", "loi"],
                      [95, "=BAD", "B\ufffd", "1.a", "mười\ufffd", "không đọc được số"]]


def test_the_notice_heads_the_results_and_ends_every_row(tmp_path):
    book = load_workbook(write(tmp_path / "r.xlsx", NOTICE), read_only=True)
    rows = [list(r) for r in book["Kết quả"].iter_rows(values_only=True)]
    assert rows[0][0] == NOTICE and set(rows[0][1:]) <= {None}
    assert rows[1][-1] == "ghi_chu" and all(r[-1] == NOTICE for r in rows[2:])
    errors = [list(r) for r in book["Lỗi"].iter_rows(values_only=True)]
    assert errors[0][-1] == "ghi_chu" and errors[1][-1] == NOTICE


def test_same_rows_same_bytes_with_fixed_times_and_order(tmp_path):
    first, second = write(tmp_path / "a.xlsx", NOTICE), write(tmp_path / "b.xlsx", NOTICE)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert z.namelist() == [n for n, _ in BEFORE_SHEETS] + ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                                                                *[n for n, _ in AFTER_SHEETS]]
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None


def test_rows_go_to_the_archive_in_bounded_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_writer, "_BUFFER", 4_096)
    pieces: list[bytes] = []
    sheet = xlsx_writer._SheetXml(pieces.append)
    for i in range(2_000):
        sheet.append(subject(i, f"Đơn vị {i}"))
        assert sheet.size < 4_096
    sheet.flush()
    assert len(pieces) > 100 and max(map(len, pieces)) < 3 * 4_096
    assert all(len(cache) <= xlsx_writer._CACHE for _, cache in sheet.columns)


def test_numbers_are_numbers_text_is_text_whatever_was_seen_before():
    pieces: list[bytes] = []
    sheet = xlsx_writer._SheetXml(pieces.append, own=1)
    for row in (["a", 1, "1", Decimal("1.0")], ["b", True, "1", 1], ["c", Decimal("1"), "1", 1.0]):
        sheet.append(row)
    sheet.flush()
    xml = b"".join(pieces).decode()
    assert xml == "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{c}</t></is></c><c r="B{n}" t="n"><v>1</v></c>'
                          f'<c r="C{n}" t="inlineStr"><is><t>1</t></is></c><c r="D{n}" t="n"><v>1</v></c></row>'
                          for n, c in ((1, "a"), (2, "b"), (3, "c")))


def test_column_letters():
    letters = column_letters(16_384)
    assert letters[:3] == ["A", "B", "C"] and letters[25:28] == ["Z", "AA", "AB"] and letters[-1] == "XFD"


def test_a_stopped_run_leaves_the_old_file_and_nothing_else(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    w = XlsxWriter(target, CODES, None)
    w.write(subject(1, "A"))
    w.reject([RowError(row=3, column="1.a", value="x", message="sai")])
    w.abort()
    w.abort()
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["r.xlsx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có trên máy này")
def test_libreoffice_opens_the_results(tmp_path):
    path = write(tmp_path / "r.xlsx", NOTICE)
    done = subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                           "--outdir", str(tmp_path / "lo"), str(path)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "lo" / "r.csv").read_text(encoding="utf-8")
    assert text.startswith(NOTICE) and '"=HYPERLINK(""http://x"")"' in text and "DV-090,không điểm" in text
