"""Sheets from outside: habits boards have (an STT column), and hostile files (zip bombs, huge rows)."""

from __future__ import annotations

import pytest
from sheet_helpers import TT22_COLUMNS, table, tt22_row, write_csv, write_dict_sheet, write_xlsx

import engine.sheets.reader
from engine.scoring.run import score_sheet
from engine.sheets.reader import MAX_COLUMNS, Row, Sheet, SheetError


def test_row_number_column_stt_is_known_and_ignored(tmp_path, tt22):
    header = ["STT", *TT22_COLUMNS]
    rows = [["1", *r] for r in table(TT22_COLUMNS, [tt22_row("DV-01", i3a="20")])]
    result = score_sheet(write_csv(tmp_path / "s.csv", header, rows), tt22, outputs=[])
    assert result.errors == []
    assert [(s["id"], s["total"], s["grade"]) for s in result.shown] == [("DV-01", 95, "Tốt")]  # 100 − 25 + 20


def test_xlsx_that_would_unpack_beyond_the_limit_is_refused(tmp_path, tt22, monkeypatch):
    path = write_xlsx(tmp_path / "s.xlsx", TT22_COLUMNS, table(TT22_COLUMNS, [tt22_row("DV-01")]))
    monkeypatch.setattr(engine.sheets.reader, "MAX_XLSX_UNPACKED", 1_000)  # this small file unpacks to more
    with pytest.raises(SheetError, match="giải nén"):
        Sheet(path, tt22.criteria)


def test_a_file_named_xlsx_that_is_not_a_zip_is_a_sheet_error(tmp_path, tt22):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"ma,ten\n")
    with pytest.raises(SheetError, match="XLSX"):
        Sheet(path, tt22.criteria)


def test_a_row_with_thousands_of_cells_is_one_error_and_the_others_are_scored(tmp_path, tt22):
    good, wide = table(TT22_COLUMNS, [tt22_row("DV-01"), tt22_row("DV-02")])
    wide += ["x"] * (MAX_COLUMNS * 10)
    rows = [errors or row for row, errors in Sheet(write_csv(tmp_path / "s.csv", TT22_COLUMNS, [good, wide]),
                                                   tt22.criteria).rows()]
    assert isinstance(rows[0], Row) and rows[0].ma == "DV-01"
    assert isinstance(rows[1], list) and len(rows[1]) == 1
    assert rows[1][0].row == 3 and rows[1][0].ma == "DV-02"


def test_an_overlong_cell_is_reported_not_kept(tmp_path, tt22):
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [tt22_row("DV-01", "Đ" * 5000)])
    _, errors = next(Sheet(path, tt22.criteria).rows())
    assert isinstance(errors, list)
    assert [(e.row, e.column) for e in errors] == [(2, "ten"), (2, "ten")]  # too long, hence empty: missing
    assert len(errors[0].value) < 100
