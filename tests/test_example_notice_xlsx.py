"""XLSX results of an example set carry "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" on every row, also when a large
sheet is scored in worker processes (rows come back chunk by chunk) and when the example set is a province's own
file; opened with openpyxl, as a board opens them.

The sheet: the 120 households of samples/gdht-vidu-ho-gia-dinh.csv repeated 20 times under new codes (2,400 rows,
three chunks of 1,000), with one bad cell ("mười" for 4.2) in the 1st and the 2,400th row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sheet_helpers import write_xlsx

from engine.criteria.catalogue import find
from engine.scoring.run import score_sheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "gdht-vidu-ho-gia-dinh.csv"
NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"  # written out here: the words boards must see
COPIES = 20


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    big = [[f"{r[0]}-{n:02}", *r[1:]] for n in range(COPIES) for r in rows]
    big[0][-1] = big[-1][-1] = "mười"
    return write_xlsx(tmp_path_factory.mktemp("vidu") / "bang-diem.xlsx", header, big)


def _own_example(tmp_path: Path) -> str:
    own = tmp_path / "gdht-tinh-vidu.yaml"
    own.write_text((ROOT / "criteria" / "gdht-448-vidu.yaml").read_text(encoding="utf-8")
                   .replace("id: gdht-448-vidu", "id: gdht-tinh-vidu", 1), encoding="utf-8")
    return str(own)


@pytest.mark.parametrize("which", ["shipped", "province"])
def test_every_xlsx_row_of_a_parallel_run_carries_the_notice(sheet, tmp_path, which):
    loaded = find("gdht-448-vidu" if which == "shipped" else _own_example(tmp_path))
    assert loaded.criteria.status == "example"
    out = tmp_path / "ket-qua.xlsx"
    result = score_sheet(sheet, loaded, [out], year=2024, workers=2)
    assert result.summary["scored"] == 120 * COPIES - 2 and result.summary["rejected"] == 2

    book = load_workbook(out, read_only=True)
    rows = [list(r) for r in book["Kết quả"].iter_rows(values_only=True)]
    assert rows[0] == [NOTICE]  # above the header, for whoever prints the sheet
    header, scored = rows[1], rows[2:]
    assert header[-1] == "ghi_chu" and len(scored) == 120 * COPIES - 2
    assert [r for r in scored if r[-1] != NOTICE] == []
    assert {r[0] for r in scored} == {f"HGD-{i:03}-{n:02}" for i in range(1, 121) for n in range(COPIES)} - {
        "HGD-001-00", "HGD-120-19"}
    errors = [list(r) for r in book["Lỗi"].iter_rows(values_only=True)]
    assert errors[0][-1] == "ghi_chu"
    assert [(r[1], r[-1]) for r in errors[1:]] == [("HGD-001-00", NOTICE), ("HGD-120-19", NOTICE)]
    book.close()
