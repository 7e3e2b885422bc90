"""A province's criteria set without YAML: `recognise criteria template|import|derive`.

The workbooks here are filled with openpyxl the way a clerk fills the template: headers read off the sheet, codes
typed as numbers (1.1), a maximum typed as text ("5"), dates as dates or as dd/mm/yyyy, grade bands in any order.
They are imported, checked, compared with criteria files written by hand, and used to score sheets whose results
are worked out by hand in the comments. Hostile workbooks are refused with the worksheet, the cell (row, column)
and the value, and nothing is written.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from cli.app import app
from engine.criteria import workbook_layout as layout
from engine.criteria.catalogue import find, shipped
from engine.criteria.load import load_bytes, load_file
from engine.criteria.workbook_guide import EXAMPLE_FORM, EXAMPLE_ROWS, EXAMPLE_SUBJECTS
from engine.criteria.workbook_import import import_workbook
from engine.criteria.workbook_writer import build_workbook
from engine.results.atomic import atomic_save_workbook

runner = CliRunner()
FORM = "Bộ tiêu chí"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "tieu-chi-gdht-minh-hoa.xlsx"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def template(folder: Path, scheme: str, *extra: object) -> Path:
    path = folder / f"mau-{scheme}.xlsx"
    done = run("criteria", "template", "--scheme", scheme, "--output", path, *extra)
    assert done.exit_code == 0, done.output
    return path


def fill(src: Path, dst: Path, form: dict[str, object], tables: dict[str, list[dict[str, object]]]) -> Path:
    """As a clerk fills it: each form value beside its label, each table's rows under its headers from row 3."""
    book = load_workbook(src)
    ws = book[FORM]
    lines = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for label, value in form.items():
        ws.cell(lines[label], 2, value)
    for sheet, items in tables.items():
        ws = book[sheet]
        heads = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
        for i, item in enumerate(items, start=3):
            for head, value in item.items():
                ws.cell(i, heads[head], value)
    book.save(dst)
    return dst


def problems(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if "trang “" in line]


# --- a province's households set (points) -------------------------------------------------------------

C, N, IC, T, S, K, M = "Mã tiêu chí", "Tên tiêu chí", "Mã chỉ số", "Nội dung chỉ số", "Căn cứ", "Cách cho điểm", \
    "Điểm tối đa"
HOUSEHOLD_FORM = {
    "Mã bộ tiêu chí": "gdht-thanh-son-2025",
    "Danh hiệu": "Gia đình học tập",
    "Đối tượng đánh giá": "hộ gia đình",
    "Phạm vi áp dụng": "Tỉnh Thanh Sơn",
    "Dựa trên bộ tiêu chí": "gdht-448-2015",
    "Tình trạng": "chính thức",
    "Số văn bản": "12/2025/QĐ-UBND",
    "Tên văn bản": "Quyết định ban hành Bộ tiêu chí đánh giá, công nhận danh hiệu “Gia đình học tập” trên địa bàn "
                   "tỉnh Thanh Sơn",
    "Cơ quan ban hành": "Ủy ban nhân dân tỉnh Thanh Sơn",
    "Ngày ký": datetime(2025, 3, 10),
    "Điều, khoản quy định tiêu chí": "Điều 4, Điều 5, Điều 6",
    "Hiệu lực từ ngày": "20/03/2025",
    "Tổng điểm tối đa": 100,
    "Người có thẩm quyền công nhận": "Chủ tịch Ủy ban nhân dân cấp xã",
    "Cơ quan ban hành quyết định công nhận": "Ủy ban nhân dân cấp xã",
    "Tên quyết định công nhận": "Quyết định công nhận danh hiệu “Gia đình học tập”",
    "Căn cứ thẩm quyền": "Điều 7 khoản 2",
}
HOUSEHOLD_TABLES: dict[str, list[dict[str, object]]] = {
    "Tiêu chí": [
        {C: "TC1", N: "Học tập của trẻ em trong gia đình", S: "Điều 4 khoản 1", M: 20},
        {IC: 1.1, T: "Trẻ em trong độ tuổi đi học đều được đến trường", S: "Điều 4 khoản 1 điểm a", K: "chấm điểm",
         M: 10},
        {IC: 1.2, T: "Trẻ em có góc học tập", S: "Điều 4 khoản 1 điểm b", K: "đạt/không đạt", M: 5},
        {IC: 1.3, T: "Trẻ em chăm ngoan, lễ phép", S: "Điều 4 khoản 1 điểm c", K: "chấm điểm", M: "5"},
        {C: "TC2", N: "Học tập của người lớn trong gia đình", S: "Điều 4 khoản 2", M: 25},
        {IC: 2.1, T: "Tỷ lệ người lớn học ít nhất một nội dung trong năm (%)", S: "Điều 4 khoản 2 điểm a",
         K: "tỷ lệ % theo khoảng", M: 15},
        {IC: 2.2, T: "Người lớn vận dụng điều đã học vào sản xuất, đời sống", S: "Điều 4 khoản 2 điểm b",
         K: "chấm điểm", M: 10},
        {C: "TC3", N: "Điều kiện học tập của gia đình", S: "Điều 4 khoản 3", M: 20},
        {IC: 3.1, T: "Gia đình có tủ sách hoặc góc đọc sách", S: "Điều 4 khoản 3 điểm a", K: "đạt/không đạt", M: 10},
        {IC: 3.2, T: "Gia đình dành thời gian, kinh phí cho việc học", S: "Điều 4 khoản 3 điểm b", K: "chấm điểm",
         M: 10},
        {C: "TC4", N: "Tác động, hiệu quả học tập", S: "Điều 4 khoản 4", M: 20},
        {IC: 4.1, T: "Gia đình hòa thuận, giữ nếp sống văn hóa", S: "Điều 4 khoản 4 điểm a", K: "chấm điểm", M: 10},
        {IC: 4.2, T: "Kinh tế gia đình ổn định hoặc khá lên", S: "Điều 4 khoản 4 điểm b", K: "chấm điểm", M: 10},
        {C: "TC5", N: "Tham gia hoạt động khuyến học", S: "Điều 4 khoản 5", M: 15},
        {C: "TC5", IC: 5.1, T: "Gia đình là hội viên Hội Khuyến học", S: "Điều 4 khoản 5 điểm a", K: "đạt/không đạt",
         M: 5},
        {IC: 5.2, T: "Gia đình đóng góp cho quỹ khuyến học", S: "Điều 4 khoản 5 điểm b", K: "chấm điểm", M: 10},
    ],
    "Khoảng điểm": [  # typed from the lowest: the order does not matter
        {"Mã chỉ số": 2.1, "Từ (kể cả)": 50, "Số điểm": 5},
        {"Mã chỉ số": 2.1, "Từ (kể cả)": 70, "Số điểm": 10},
        {"Mã chỉ số": 2.1, "Từ (kể cả)": 90, "Số điểm": 15},
    ],
    "Xếp loại": [
        {"Tên loại": "Tốt", "Từ điểm (kể cả)": 85, "Đến dưới (không kể)": 100, "Được công nhận": "có",
         "Căn cứ": "Điều 6 khoản 1 điểm a"},  # "từ 85 đến 100": up to the maximum, 100 included
        {"Tên loại": "Khá", "Từ điểm (kể cả)": 70, "Đến dưới (không kể)": 85, "Được công nhận": "có",
         "Căn cứ": "Điều 6 khoản 1 điểm b"},
        {"Tên loại": "Trung bình", "Từ điểm (kể cả)": 50, "Được công nhận": "không", "Căn cứ": "Điều 6 khoản 1 điểm c"},
        {"Tên loại": "Chưa đạt", "Được công nhận": "không", "Căn cứ": "Điều 6 khoản 1 điểm d"},
    ],
    "Loại trừ": [{"Loại điều kiện": "có tiêu chí bị 0 điểm", "Nội dung": "Không công nhận gia đình có tiêu chí bị 0 "
                  "điểm", "Căn cứ": "Điều 6 khoản 2"}],
    "Ghi chú": [{"Loại": "ghi chú", "Nội dung": "Hội đồng cấp xã chấm theo hồ sơ gia đình tự đánh giá."}],
}
HOUSEHOLD_YAML = """\
id: gdht-thanh-son-2025
title: Gia đình học tập
subject_kind: household
jurisdiction: Tỉnh Thanh Sơn
derives_from: gdht-448-2015
status: official
source:
  number: 12/2025/QĐ-UBND
  title: Quyết định ban hành Bộ tiêu chí đánh giá, công nhận danh hiệu “Gia đình học tập” trên địa bàn tỉnh Thanh Sơn
  issuer: Ủy ban nhân dân tỉnh Thanh Sơn
  signed: 10/03/2025
  articles: Điều 4, Điều 5, Điều 6
effective_from: 20/03/2025
scheme: points
max_total: 100
criteria:
  - {code: TC1, name: Học tập của trẻ em trong gia đình, source: Điều 4 khoản 1, max: 20, indicators: [
      {code: "1.1", text: Trẻ em trong độ tuổi đi học đều được đến trường, source: Điều 4 khoản 1 điểm a, kind: points,
       max: 10},
      {code: "1.2", text: Trẻ em có góc học tập, source: Điều 4 khoản 1 điểm b, kind: boolean, max: 5},
      {code: "1.3", text: "Trẻ em chăm ngoan, lễ phép", source: Điều 4 khoản 1 điểm c, kind: points, max: 5}]}
  - {code: TC2, name: Học tập của người lớn trong gia đình, source: Điều 4 khoản 2, max: 25, indicators: [
      {code: "2.1", text: Tỷ lệ người lớn học ít nhất một nội dung trong năm (%), source: Điều 4 khoản 2 điểm a,
       kind: percent, max: 15, bands: [{min: 90, points: 15}, {min: 70, points: 10}, {min: 50, points: 5}]},
      {code: "2.2", text: "Người lớn vận dụng điều đã học vào sản xuất, đời sống", source: Điều 4 khoản 2 điểm b,
       kind: points, max: 10}]}
  - {code: TC3, name: Điều kiện học tập của gia đình, source: Điều 4 khoản 3, max: 20, indicators: [
      {code: "3.1", text: Gia đình có tủ sách hoặc góc đọc sách, source: Điều 4 khoản 3 điểm a, kind: boolean, max: 10},
      {code: "3.2", text: "Gia đình dành thời gian, kinh phí cho việc học", source: Điều 4 khoản 3 điểm b,
       kind: points, max: 10}]}
  - {code: TC4, name: "Tác động, hiệu quả học tập", source: Điều 4 khoản 4, max: 20, indicators: [
      {code: "4.1", text: "Gia đình hòa thuận, giữ nếp sống văn hóa", source: Điều 4 khoản 4 điểm a, kind: points,
       max: 10},
      {code: "4.2", text: Kinh tế gia đình ổn định hoặc khá lên, source: Điều 4 khoản 4 điểm b, kind: points, max: 10}]}
  - {code: TC5, name: Tham gia hoạt động khuyến học, source: Điều 4 khoản 5, max: 15, indicators: [
      {code: "5.1", text: Gia đình là hội viên Hội Khuyến học, source: Điều 4 khoản 5 điểm a, kind: boolean, max: 5},
      {code: "5.2", text: Gia đình đóng góp cho quỹ khuyến học, source: Điều 4 khoản 5 điểm b, kind: points, max: 10}]}
grades:
  - {name: Tốt, min: 85, recognised: true, source: Điều 6 khoản 1 điểm a}
  - {name: Khá, min: 70, below: 85, recognised: true, source: Điều 6 khoản 1 điểm b}
  - {name: Trung bình, min: 50, below: 70, recognised: false, source: Điều 6 khoản 1 điểm c}
fail_grade: Chưa đạt
fail_grade_source: Điều 6 khoản 1 điểm d
knockouts:
  - {kind: criterion_zero, text: Không công nhận gia đình có tiêu chí bị 0 điểm, source: Điều 6 khoản 2}
authority:
  recognised_by: Chủ tịch Ủy ban nhân dân cấp xã
  issuing_body: Ủy ban nhân dân cấp xã
  decision_title: Quyết định công nhận danh hiệu “Gia đình học tập”
  source: Điều 7 khoản 2
notes:
  - Hội đồng cấp xã chấm theo hồ sơ gia đình tự đánh giá.
"""

HOUSEHOLD_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2"]
# every indicator at its maximum: 10 + 5 + 5 | 15 (95% is from 90%) + 10 | 10 + 10 | 10 + 10 | 5 + 10 = 100
FULL = {"1.1": "10", "1.2": "đạt", "1.3": "5", "2.1": "95", "2.2": "10", "3.1": "đạt", "3.2": "10", "4.1": "10",
        "4.2": "10", "5.1": "đạt", "5.2": "10"}
# (code, changes from FULL, total, grade, recognised), worked out by hand
HOUSEHOLDS = [
    ("H01", {}, 100, "Tốt", True),
    ("H02", {"2.2": "5", "3.2": "5", "4.1": "5"}, 85, "Tốt", True),  # 100 − 15: exactly the Tốt threshold
    ("H03", {"2.2": "5", "3.2": "5", "4.1": "4,5"}, 84.5, "Khá", True),  # 0,5 short of Tốt
    ("H04", {"1.3": "0", "2.1": "70", "2.2": "0", "4.2": "0"}, 70, "Khá", True),  # 70% → 10 points; 100 − 5 − 5 − 10 − 10
    ("H05", {"1.1": "9,5", "1.3": "0", "2.1": "70", "2.2": "0", "4.2": "0"}, 69.5, "Trung bình", False),
    ("H06", {"5.1": "không đạt", "5.2": "0"}, 85, "Chưa đạt", False),  # TC5 = 0: knocked out despite 85 points
    ("H07", {"2.1": "89,9", "3.2": "4,5", "4.1": "5"}, 84.5, "Khá", True),  # 89,9% → 10 points, not 15
    ("H08", {"2.1": "90", "3.2": "4,5", "4.1": "5"}, 89.5, "Tốt", True),  # 90% → 15 points
    ("H09", {"2.1": "49,5", "2.2": "1"}, 76, "Khá", True),  # under the lowest band: 0 points; TC2 = 1, not 0
    ("H10", {"1.1": "2", "1.2": "không đạt", "1.3": "1", "2.1": "50", "2.2": "2", "3.1": "không đạt", "3.2": "3",
             "4.1": "3", "4.2": "3", "5.1": "không đạt", "5.2": "4"}, 23, "Chưa đạt", False),  # 3 + 7 + 3 + 6 + 4
    ("H11", {"1.2": "không đạt", "3.1": "không đạt"}, 85, "Tốt", True),  # 100 − 5 − 10
]


@pytest.fixture(scope="module")
def household_workbook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ho")
    return fill(template(folder, "points"), folder / "tieu-chi-thanh-son.xlsx", HOUSEHOLD_FORM, HOUSEHOLD_TABLES)


@pytest.fixture(scope="module")
def household_set(household_workbook) -> Path:
    out = household_workbook.with_name("gdht-thanh-son-2025.yaml")
    done = run("criteria", "import", household_workbook, "--output", out)
    assert done.exit_code == 0, done.output
    assert "gdht-thanh-son-2025" in done.stdout and "5 tiêu chí, 11 chỉ số" in done.stdout
    return out


def test_the_household_workbook_gives_the_set_written_by_hand(household_set):
    assert load_file(household_set).criteria == load_bytes(HOUSEHOLD_YAML.encode(), "tay.yaml").criteria


def test_the_imported_file_passes_the_ordinary_checks(household_set):
    done = run("criteria", "check", household_set)
    assert done.exit_code == 0, done.output
    assert "hợp lệ (gdht-thanh-son-2025, chính thức)" in done.output
    shown = run("criteria", "show", household_set)
    assert shown.exit_code == 0 and "Trung bình: từ 50 đến dưới 70" in shown.output


def test_households_are_scored_with_the_imported_set(household_set, tmp_path):
    sheet = tmp_path / "ho.csv"
    lines = ["ma,ten,dia_ban," + ",".join(HOUSEHOLD_CODES)]
    for code, changes, *_ in HOUSEHOLDS:
        values = {**FULL, **changes}
        lines.append(f"{code},Hộ {code},Thôn Đông," + ",".join(f'"{values[c]}"' for c in HOUSEHOLD_CODES))
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "ket-qua.json"
    done = run("score", sheet, "--criteria", household_set, "--output", out)
    assert done.exit_code == 0, done.output
    subjects = {s["id"]: s for s in json.loads(out.read_text(encoding="utf-8"))["subjects"]}
    got = [(code, subjects[code]["total"], subjects[code]["grade"], subjects[code]["recognised"])
           for code, *_ in HOUSEHOLDS]
    assert got == [(code, total, grade, ok) for code, _, total, grade, ok in HOUSEHOLDS]
    assert [(c["code"], c["points"]) for c in subjects["H07"]["criteria"]] == [
        ("TC1", 20), ("TC2", 20), ("TC3", 14.5), ("TC4", 15), ("TC5", 15)]


def test_the_blank_sheet_of_the_imported_set_has_its_columns(household_set, tmp_path):
    out = tmp_path / "bang-diem.xlsx"
    done = run("sheet", household_set, "--output", out)
    assert done.exit_code == 0, done.output
    codes = [c.value for c in load_workbook(out)["Bảng điểm"][3]]
    assert codes[:3] == ["ma", "ten", "dia_ban"] and codes[4:15] == HOUSEHOLD_CODES


# --- a province's village set (levels) ------------------------------------------------------------------

CT, ND, CG, MC = "Mã chỉ tiêu", "Nội dung chỉ tiêu", "Cách ghi", "Mức chuẩn cao nhất"
L1, S1, L2, S2 = "Mức độ 1: yêu cầu", "Mức độ 1: căn cứ", "Mức độ 2: yêu cầu", "Mức độ 2: căn cứ"
VILLAGE_FORM = {
    "Mã bộ tiêu chí": "CDHT-Thon-Thanh-Son-2025",  # capitals are lowered
    "Danh hiệu": "Cộng đồng học tập cấp thôn",
    "Đối tượng đánh giá": "thôn, bản, tổ dân phố",
    "Phạm vi áp dụng": "Tỉnh Thanh Sơn",
    "Tình trạng": "chính thức",
    "Số văn bản": "13/2025/QĐ-UBND",
    "Tên văn bản": "Quyết định ban hành Bộ tiêu chí đánh giá, công nhận “Cộng đồng học tập” cấp thôn",
    "Cơ quan ban hành": "Ủy ban nhân dân tỉnh Thanh Sơn",
    "Điều, khoản quy định tiêu chí": "Điều 5, Điều 6",
    "Hiệu lực từ ngày": datetime(2025, 4, 1),
    "Người có thẩm quyền công nhận": "Chủ tịch Ủy ban nhân dân cấp xã",
    "Tên quyết định công nhận": "Quyết định công nhận “Cộng đồng học tập” cấp thôn",
}
VILLAGE_TABLES: dict[str, list[dict[str, object]]] = {
    "Tiêu chí": [
        {C: "TC1", N: "Lãnh đạo, chỉ đạo", S: "Điều 5 khoản 1; Điều 6 khoản 1"},
        {CT: 1.1, ND: "Thôn có kế hoạch xây dựng cộng đồng học tập hằng năm", S: "Điều 5 khoản 1 điểm a",
         CG: "đạt/không đạt", L1: "đạt", L2: "đạt"},
        {CT: 1.2, ND: "Thôn có câu lạc bộ học tập", S: "Điều 6 khoản 1 điểm b", CG: "đạt/không đạt",
         L1: "không áp dụng", L2: "đạt", S2: "Điều 6 khoản 1 điểm b"},
        {C: "TC2", N: "Kết quả học tập", S: "Điều 5 khoản 2; Điều 6 khoản 2"},
        {CT: 2.1, ND: "Tỷ lệ hộ đạt danh hiệu “Gia đình học tập” (%)", S: "Điều 5 khoản 2 điểm a; Điều 6 khoản 2 điểm a",
         CG: "tỷ lệ %", L1: 60, S1: "Điều 5 khoản 2 điểm a", L2: 80, S2: "Điều 6 khoản 2 điểm a"},
        {CT: 2.2, ND: "Người lớn biết chữ; trong đó tốt nghiệp trung học cơ sở",
         S: "Điều 5 khoản 2 điểm b; Điều 6 khoản 2 điểm b"},
        {"Mã cột số liệu": "2.2a", "Nội dung cột số liệu": "Tỷ lệ người lớn biết chữ (%)", CG: "tỷ lệ %", L1: 90,
         L2: 95},
        {"Mã cột số liệu": "2.2b", "Nội dung cột số liệu": "Tỷ lệ người lớn tốt nghiệp trung học cơ sở (%)",
         CG: "tỷ lệ %", L2: "≥ 50", "Là một phần của cột": "2.2a"},
        {C: "TC3", N: "Phổ cập giáo dục", S: "Điều 5 khoản 3; Điều 6 khoản 3"},
        {CT: 3.1, ND: "Mức đạt chuẩn phổ cập giáo dục của thôn", S: "Điều 5 khoản 3; Điều 6 khoản 3", CG: "mức chuẩn",
         MC: 3, L1: 1, L2: "mức 2"},
    ],
    "Mức độ": [
        {"Mức độ": 1, "Tên mức độ": "Mức độ 1", "Căn cứ": "Điều 5", "Phải đạt cả mức dưới": "không"},
        {"Mức độ": 2, "Tên mức độ": "Mức độ 2", "Căn cứ": "Điều 6", "Phải đạt cả mức dưới": "không"},
    ],
    "Thuộc tính": [{"Mã thuộc tính": "vung_kho_khan", "Tên thuộc tính": "Thôn thuộc vùng khó khăn", "Kiểu": "có/không",
                    "Mặc định": "không", "Căn cứ": "Điều 3"}],
    "Trường hợp riêng": [{CT: 2.1, "Thuộc tính": "vung_kho_khan", "Các giá trị": "có", L1: 50,
                          S1: "Điều 5 khoản 2 điểm a (vùng khó khăn)", L2: 70,
                          S2: "Điều 6 khoản 2 điểm a (vùng khó khăn)"}],
}
VILLAGE_YAML = """\
id: cdht-thon-thanh-son-2025
title: Cộng đồng học tập cấp thôn
subject_kind: village
jurisdiction: Tỉnh Thanh Sơn
status: official
source: {number: 13/2025/QĐ-UBND, issuer: Ủy ban nhân dân tỉnh Thanh Sơn, articles: "Điều 5, Điều 6",
         title: "Quyết định ban hành Bộ tiêu chí đánh giá, công nhận “Cộng đồng học tập” cấp thôn"}
effective_from: 01/04/2025
scheme: levels
attributes:
  - {key: vung_kho_khan, label: Thôn thuộc vùng khó khăn, kind: boolean, default: khong, source: Điều 3}
levels:
  - {level: 1, name: Mức độ 1, source: Điều 5, requires_lower: false}
  - {level: 2, name: Mức độ 2, source: Điều 6, requires_lower: false}
criteria:
  - code: TC1
    name: Lãnh đạo, chỉ đạo
    source: Điều 5 khoản 1; Điều 6 khoản 1
    indicators:
      - code: "1.1"
        text: Thôn có kế hoạch xây dựng cộng đồng học tập hằng năm
        source: Điều 5 khoản 1 điểm a
        kind: boolean
        levels: {1: [{require: {"1.1": true}}], 2: [{require: {"1.1": true}}]}
      - code: "1.2"
        text: Thôn có câu lạc bộ học tập
        source: Điều 6 khoản 1 điểm b
        kind: boolean
        levels: {1: [{not_applicable: true}], 2: [{require: {"1.2": true}, source: Điều 6 khoản 1 điểm b}]}
  - code: TC2
    name: Kết quả học tập
    source: Điều 5 khoản 2; Điều 6 khoản 2
    indicators:
      - code: "2.1"
        text: Tỷ lệ hộ đạt danh hiệu “Gia đình học tập” (%)
        source: Điều 5 khoản 2 điểm a; Điều 6 khoản 2 điểm a
        kind: percent
        levels:
          1:
            - {when: {vung_kho_khan: [co]}, require: {"2.1": 50}, source: Điều 5 khoản 2 điểm a (vùng khó khăn)}
            - {require: {"2.1": 60}, source: Điều 5 khoản 2 điểm a}
          2:
            - {when: {vung_kho_khan: [co]}, require: {"2.1": 70}, source: Điều 6 khoản 2 điểm a (vùng khó khăn)}
            - {require: {"2.1": 80}, source: Điều 6 khoản 2 điểm a}
      - code: "2.2"
        text: Người lớn biết chữ; trong đó tốt nghiệp trung học cơ sở
        source: Điều 5 khoản 2 điểm b; Điều 6 khoản 2 điểm b
        inputs:
          - {key: 2.2a, label: Tỷ lệ người lớn biết chữ (%), kind: percent}
          - {key: 2.2b, label: Tỷ lệ người lớn tốt nghiệp trung học cơ sở (%), kind: percent, at_most: 2.2a}
        levels: {1: [{require: {2.2a: 90}}], 2: [{require: {2.2a: 95, 2.2b: 50}}]}
  - code: TC3
    name: Phổ cập giáo dục
    source: Điều 5 khoản 3; Điều 6 khoản 3
    indicators:
      - code: "3.1"
        text: Mức đạt chuẩn phổ cập giáo dục của thôn
        source: Điều 5 khoản 3; Điều 6 khoản 3
        kind: level
        max: 3
        levels: {1: [{require: {"3.1": 1}}], 2: [{require: {"3.1": 2}}]}
authority:
  recognised_by: Chủ tịch Ủy ban nhân dân cấp xã
  decision_title: Quyết định công nhận “Cộng đồng học tập” cấp thôn
"""
VILLAGE_CODES = ["vung_kho_khan", "1.1", "1.2", "2.1", "2.2a", "2.2b", "3.1"]
BEST = {"vung_kho_khan": "không", "1.1": "đạt", "1.2": "đạt", "2.1": "80", "2.2a": "95", "2.2b": "50", "3.1": "2"}
# (code, changes from BEST, level), worked out by hand: level 2 needs 1.2, 2.1 ≥ 80 (≥ 70 in a difficult area),
# 2.2a ≥ 95 and 2.2b ≥ 50, 3.1 ≥ 2; level 1 needs 1.1, 2.1 ≥ 60 (≥ 50), 2.2a ≥ 90, 3.1 ≥ 1
VILLAGES = [
    ("V1", {}, 2),
    ("V2", {"2.1": "79,9"}, 1),
    ("V3", {"vung_kho_khan": "có", "2.1": "70"}, 2),
    ("V4", {"vung_kho_khan": "có", "2.1": "49,9"}, 0),
    ("V5", {"1.2": "không đạt"}, 1),  # 1.2 does not apply at level 1
    ("V6", {"2.2b": "49"}, 1),
    ("V7", {"3.1": "1"}, 1),
    ("V8", {"1.1": "không đạt"}, 0),
    ("V9", {"2.2a": "94"}, 1),
    ("V10", {"2.1": "60", "2.2a": "90", "2.2b": "0", "3.1": "1", "1.2": "không đạt"}, 1),  # every level-1 boundary
]


@pytest.fixture(scope="module")
def village_set(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("thon")
    workbook = fill(template(folder, "levels"), folder / "tieu-chi-thon.xlsx", VILLAGE_FORM, VILLAGE_TABLES)
    out = folder / "cdht-thon.yaml"
    done = run("criteria", "import", workbook, "--output", out)
    assert done.exit_code == 0, done.output
    return out


def test_the_village_workbook_gives_the_set_written_by_hand(village_set):
    assert load_file(village_set).criteria == load_bytes(VILLAGE_YAML.encode(), "tay.yaml").criteria


def test_villages_are_scored_with_the_imported_set(village_set, tmp_path):
    sheet = tmp_path / "thon.csv"
    lines = ["ma,ten," + ",".join(VILLAGE_CODES)]
    for code, changes, _ in VILLAGES:
        values = {**BEST, **changes}
        lines.append(f"{code},Thôn {code}," + ",".join(f'"{values[c]}"' for c in VILLAGE_CODES))
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "ket-qua.json"
    done = run("score", sheet, "--criteria", village_set, "--output", out)
    assert done.exit_code == 0, done.output
    subjects = {s["id"]: s for s in json.loads(out.read_text(encoding="utf-8"))["subjects"]}
    assert [(code, subjects[code]["level"], subjects[code]["recognised"]) for code, *_ in VILLAGES] == [
        (code, level, level > 0) for code, _, level in VILLAGES]


# --- the template, its guide and its round trips ---------------------------------------------------------

def test_the_template_has_its_sheets_dropdowns_and_guide(tmp_path):
    book = load_workbook(template(tmp_path, "points"))
    assert book.sheetnames == ["Bộ tiêu chí", "Tiêu chí", "Khoảng điểm", "Xếp loại", "Loại trừ", "Ghi chú",
                               "Hướng dẫn", "Danh mục"]
    assert book["Danh mục"].sheet_state == "hidden"
    crit = book["Tiêu chí"]
    assert [c.value for c in crit[1]] == [C, N, IC, T, S, K, M, "Ghi chú"]
    kind = next(dv for dv in crit.data_validations.dataValidation if "F3" in str(dv.sqref))
    assert kind.type == "list" and "Danh mục" in kind.formula1 and kind.prompt
    assert all(dv.showInputMessage and dv.prompt for dv in crit.data_validations.dataValidation)
    assert crit.protection.sheet and crit.column_dimensions["A"].number_format == "@"
    guide = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    for words in ("Chưa hỗ trợ", "Ví dụ", "84,5 điểm: Khá", "công thức", "Hộ D"):
        assert words in guide
    levels = load_workbook(template(tmp_path, "levels", "--levels", "3", "--force"))
    assert levels.sheetnames[:7] == ["Bộ tiêu chí", "Tiêu chí", "Mức độ", "Trường hợp riêng", "Thuộc tính",
                                     "Tỷ lệ từ sổ", "Ghi chú"]
    heads = [c.value for c in levels["Tiêu chí"][1]]
    assert "Mức độ 3: yêu cầu" in heads and "Mức độ 4: yêu cầu" not in heads


def test_the_same_template_gives_the_same_bytes(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("criteria", "template", "--scheme", "levels", "--output", a).exit_code == 0
    assert run("criteria", "template", "--scheme", "levels", "--output", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_template_refuses_to_overwrite_and_an_unknown_scheme(tmp_path):
    path = template(tmp_path, "points")
    again = run("criteria", "template", "--scheme", "points", "--output", path)
    assert again.exit_code == 2 and "không ghi đè" in again.output
    wrong = run("criteria", "template", "--scheme", "xep-loai", "--output", tmp_path / "x.xlsx")
    assert wrong.exit_code == 2 and "points" in wrong.output and not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("scheme", ["points", "levels"])
def test_the_guide_example_gives_the_results_it_promises(scheme, tmp_path):
    labels = {f.key: f.label for f in layout.SET_FIELDS}
    form = {labels[k]: v for k, v in EXAMPLE_FORM[scheme].items()}
    tables = {sheet: [{next(c.header for c in layout.table_columns(sheet, scheme, 2) if c.key == k): v
                       for k, v in row.items()} for row in rows] for sheet, rows in EXAMPLE_ROWS[scheme].items()}
    workbook = fill(template(tmp_path, scheme), tmp_path / "vi-du.xlsx", form, tables)
    out = tmp_path / "vi-du.yaml"
    assert run("criteria", "import", workbook, "--output", out).exit_code == 0
    codes = sorted({k for values, *_ in EXAMPLE_SUBJECTS[scheme] for k in values}, key=["ma", "ten"].count,
                   reverse=True)
    sheet = tmp_path / "vi-du.csv"
    sheet.write_text("\n".join([",".join(codes)] + [",".join(f'"{v.get(c, "")}"' for c in codes)
                                                     for v, *_ in EXAMPLE_SUBJECTS[scheme]]) + "\n", encoding="utf-8")
    result = tmp_path / "kq.json"
    done = run("score", sheet, "--criteria", out, "--output", result)
    assert done.exit_code == 0, done.output
    subjects = json.loads(result.read_text(encoding="utf-8"))["subjects"]
    key = "grade" if scheme == "points" else "level"
    assert [s[key] for s in subjects] == [expected for _, expected, _ in EXAMPLE_SUBJECTS[scheme]]
    if scheme == "points":  # the sample workbook holds this example, as the README shows
        assert import_workbook(SAMPLE).criteria == load_file(out).criteria


@pytest.mark.parametrize("set_id", [s.criteria.id for s in shipped()])
def test_every_shipped_set_comes_back_whole_through_its_workbook(set_id, tmp_path):
    cs = find(set_id).criteria
    path = tmp_path / f"{set_id}.xlsx"
    atomic_save_workbook(build_workbook(cs.scheme, cs=cs), path)
    assert import_workbook(path).criteria == cs


# --- derive -------------------------------------------------------------------------------------------------

def test_derive_writes_a_draft_that_names_its_base_and_what_is_to_fill(tmp_path):
    out = tmp_path / "tinh-x.yaml"
    done = run("criteria", "derive", "dvht-tt22-2020", "--output", out, "--jurisdiction", "Tỉnh X")
    assert done.exit_code == 0, done.output
    base, cs = find("dvht-tt22-2020").criteria, load_file(out).criteria
    assert (cs.id, cs.derives_from, cs.status, cs.jurisdiction) == ("tinh-x", "dvht-tt22-2020", "draft", "Tỉnh X")
    assert cs.criteria == base.criteria and cs.grades == base.grades
    assert "văn bản của tỉnh" in cs.missing[0].what.lower() and "22/2020/TT-BGDĐT" in (cs.source.note or "")
    sheet = tmp_path / "dv.csv"
    sheet.write_text("ma,ten," + ",".join(i.code for _, i in base.indicators()) + "\nD1,Đơn vị," +
                     ",".join("1" for _ in base.indicators()) + "\n", encoding="utf-8")
    refused = run("score", sheet, "--criteria", out)
    assert refused.exit_code == 2 and "dự thảo" in refused.output


def test_derive_refuses_a_bad_id_and_the_base_id(tmp_path):
    bad = run("criteria", "derive", "gdht-448-2015", "--output", tmp_path / "x.yaml", "--id", "Tỉnh X!")
    assert bad.exit_code == 2 and "--id" in bad.output
    same = run("criteria", "derive", "gdht-448-2015", "--output", tmp_path / "gdht-448-2015.yaml")
    assert same.exit_code == 2 and not (tmp_path / "gdht-448-2015.yaml").exists()


def _cell_of(ws, column_header: str, key_header: str, key: str):
    heads = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(3, ws.max_row + 1) if str(ws.cell(r, heads[key_header]).value) == key)
    return ws.cell(row, heads[column_header])


def test_a_province_completes_the_448_draft_in_the_workbook_and_scores_with_it(tmp_path):
    """derive → workbook pre-filled from the draft; the province's decision and the numbers the draft lacks are
    filled, the "còn thiếu" lines deleted; import; score."""
    workbook = tmp_path / "tieu-chi.xlsx"
    done = run("criteria", "derive", "gdht-448-2015", "--output", workbook, "--id", "gdht-thanh-son-2026")
    assert done.exit_code == 0, done.output
    first = run("criteria", "import", workbook, "--output", tmp_path / "x.yaml")
    assert first.exit_code == 1 and not (tmp_path / "x.yaml").exists()
    form = load_workbook(workbook)[FORM]
    number_row = next(r for r in range(1, form.max_row + 1) if form.cell(r, 1).value == "Số văn bản")
    assert f"trang “Bộ tiêu chí”, ô B{number_row} (dòng {number_row}, cột B “Số văn bản”): chưa điền" in first.stderr

    book = load_workbook(workbook)
    ws = book[FORM]
    lines = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for label, value in {"Tình trạng": "chính thức", "Số văn bản": "20/2026/QĐ-UBND", "Phạm vi áp dụng": "Tỉnh Thanh "
                         "Sơn", "Tên văn bản": "Quyết định ban hành Bộ tiêu chí “Gia đình học tập”", "Cơ quan ban hành":
                         "Ủy ban nhân dân tỉnh Thanh Sơn", "Điều, khoản quy định tiêu chí": "Điều 3",
                         "Hiệu lực từ ngày": "01/01/2026", "Tổng điểm tối đa": 100}.items():
        ws.cell(lines[label], 2, value)
    crit = book["Tiêu chí"]
    _cell_of(crit, M, IC, "2.2").value = 20
    for code, text in (("3.1", "Gia đình có góc học tập, tủ sách"), ("4.1", "Gia đình hòa thuận, kinh tế ổn định")):
        _cell_of(crit, M, IC, code).value = 20
        _cell_of(crit, T, IC, code).value = text
        _cell_of(crit, S, IC, code).value = "Điều 3"
    _cell_of(crit, M, C, "TC3").value = 20
    _cell_of(crit, M, C, "TC4").value = 20
    grades = book["Xếp loại"]
    for col, value in enumerate(["Đạt", 80, None, "có", "Điều 4"], start=1):
        grades.cell(3, col, value)
    for col, value in enumerate(["Chưa đạt", None, None, "không", "Điều 4"], start=1):
        grades.cell(4, col, value)
    notes = book["Ghi chú"]
    notes.delete_rows(3, notes.max_row)
    book.save(workbook)

    out = tmp_path / "gdht-thanh-son-2026.yaml"
    done = run("criteria", "import", workbook, "--output", out)
    assert done.exit_code == 0, done.output
    cs = load_file(out).criteria
    assert (cs.id, cs.derives_from, cs.status, cs.max_total) == ("gdht-thanh-son-2026", "gdht-448-2015", "official",
                                                                 100)
    sheet = tmp_path / "ho.csv"
    # 10 + 10 + 10 + 10 + 20 + 20 + 0 = 80: Đạt; the same with 2.2 = 19,5: 79,5, Chưa đạt
    sheet.write_text("ma,ten,1.1,1.2,1.3,2.1,2.2,3.1,4.1\nA,Hộ A,10,10,10,10,20,20,0\nB,Hộ B,10,10,10,10,\"19,5\","
                     "20,0\n", encoding="utf-8")
    result = tmp_path / "kq.json"
    assert run("score", sheet, "--criteria", out, "--output", result).exit_code == 0
    got = [(s["id"], s["total"], s["grade"]) for s in json.loads(result.read_text(encoding="utf-8"))["subjects"]]
    assert got == [("A", 80, "Đạt"), ("B", 79.5, "Chưa đạt")]


# --- hostile workbooks -------------------------------------------------------------------------------------------

def _broken(household_workbook: Path, tmp_path: Path, change) -> Path:
    book = load_workbook(household_workbook)
    change(book)
    path = tmp_path / "hong.xlsx"
    book.save(path)
    return path


def _refused(path: Path, tmp_path: Path, code: int = 1):
    out = tmp_path / "tinh.yaml"
    done = run("criteria", "import", path, "--output", out)
    assert done.exit_code == code, done.output
    assert not out.exists()
    assert "Traceback" not in done.output
    return done


def test_a_formula_is_refused_by_its_cell(household_workbook, tmp_path):
    path = _broken(household_workbook, tmp_path, lambda b: b["Tiêu chí"].cell(4, 7, "=5+5"))
    done = _refused(path, tmp_path)
    assert any("trang “Tiêu chí”, ô G4 (dòng 4, cột G “Điểm tối đa”)" in line and "công thức" in line
               for line in problems(done)), done.stderr


def test_a_formula_with_a_stored_value_is_refused_too(household_workbook, tmp_path):
    """Excel stores the value it computed beside the formula; the import does not trust it either."""
    path = _broken(household_workbook, tmp_path, lambda b: b["Xếp loại"].cell(3, 2, "=80+5"))
    cached = tmp_path / "co-gia-tri.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(cached, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<f>80\+5</f>(<v\s*/>|<v></v>)?", b"<f>80+5</f><v>85</v>", data)
            dst.writestr(info, data)
    assert b"<v>85</v>" in b"".join(zipfile.ZipFile(cached).read(n) for n in zipfile.ZipFile(cached).namelist())
    done = _refused(cached, tmp_path)
    assert any("trang “Xếp loại”, ô B3 (dòng 3, cột B “Từ điểm (kể cả)”)" in line and "công thức" in line
               for line in problems(done)), done.stderr


def test_wrong_types_are_named_with_their_cell_and_value(household_workbook, tmp_path):
    def change(book):
        book["Tiêu chí"].cell(4, 7, "mười")  # 1.1: Điểm tối đa
        book["Tiêu chí"].cell(5, 6, "tự do")  # 1.2: Cách cho điểm
        book["Khoảng điểm"].cell(3, 2, "năm mươi")
        form = book[FORM]
        signed = next(r for r in range(1, form.max_row + 1) if form.cell(r, 1).value == "Ngày ký")
        form.cell(signed, 2, "30/02/2025")

    lines = problems(_refused(_broken(household_workbook, tmp_path, change), tmp_path))
    joined = "\n".join(lines)
    assert "ô G4 (dòng 4, cột G “Điểm tối đa”), giá trị “mười”: cần một số điểm" in joined
    assert "ô F5 (dòng 5, cột F “Cách cho điểm”), giá trị “tự do”: chọn một trong:" in joined
    assert "trang “Khoảng điểm”, ô B3 (dòng 3, cột B “Từ (kể cả)”), giá trị “năm mươi”: cần một số" in joined
    assert "cột B “Ngày ký”), giá trị “30/02/2025”: cần một ngày có thật" in joined


def test_duplicate_codes_are_named(household_workbook, tmp_path):
    path = _broken(household_workbook, tmp_path, lambda b: b["Tiêu chí"].cell(5, 3, "1.1"))
    lines = problems(_refused(path, tmp_path))
    assert any("ô C5 (dòng 5, cột C “Mã chỉ số”), giá trị “1.1”: mã chỉ tiêu '1.1' bị trùng" in line for line in lines)


def test_maxima_that_do_not_add_up_are_named(household_workbook, tmp_path):
    path = _broken(household_workbook, tmp_path, lambda b: b["Tiêu chí"].cell(3, 7, 25))  # TC1: 10 + 5 + 5 = 20
    joined = "\n".join(problems(_refused(path, tmp_path)))
    assert ("trang “Tiêu chí”, ô G3 (dòng 3, cột G “Điểm tối đa”), giá trị “25”: tổng điểm tối đa các chỉ số là 20, "
            "khác điểm tối đa tiêu chí 25") in joined
    assert "cột B “Tổng điểm tối đa”), giá trị “100”: tổng điểm tối đa các tiêu chí là 105, khác tổng tối đa 100" in joined


def test_a_gap_between_grades_is_named(household_workbook, tmp_path):
    path = _broken(household_workbook, tmp_path, lambda b: b["Xếp loại"].cell(4, 3, 84))  # Khá "đến dưới 84"
    joined = "\n".join(problems(_refused(path, tmp_path)))
    assert "trang “Xếp loại”, ô C4 (dòng 4, cột C “Đến dưới (không kể)”), giá trị “84”: hở khoảng [84; 85)" in joined


def test_a_code_that_is_not_a_code_and_an_unknown_band_code(household_workbook, tmp_path):
    def change(book):
        book["Tiêu chí"].cell(3, 1, "Tiêu chí 1")
        book["Khoảng điểm"].cell(4, 1, "2.9")

    joined = "\n".join(problems(_refused(_broken(household_workbook, tmp_path, change), tmp_path)))
    assert "ô A3 (dòng 3, cột A “Mã tiêu chí”), giá trị “Tiêu chí 1”: mã chỉ gồm chữ không dấu" in joined
    assert "trang “Khoảng điểm”, ô A4 (dòng 4, cột A “Mã chỉ số”), giá trị “2.9”: không có chỉ số này" in joined


def test_an_unsupported_knockout_is_refused(household_workbook, tmp_path):
    def change(book):
        book["Loại trừ"].cell(3, 1).value = None
        book["Loại trừ"].cell(3, 2, "Gia đình có người vi phạm pháp luật")

    joined = "\n".join(problems(_refused(_broken(household_workbook, tmp_path, change), tmp_path)))
    assert "trang “Loại trừ”, ô A3 (dòng 3, cột A “Loại điều kiện”): chọn loại điều kiện" in joined


@pytest.mark.parametrize("sheet", ["Xếp loại", "Tiêu chí"])
def test_a_missing_sheet_is_named(household_workbook, tmp_path, sheet):
    path = _broken(household_workbook, tmp_path, lambda b: b.remove(b[sheet]))
    joined = "\n".join(problems(_refused(path, tmp_path)))
    assert f"trang “{sheet}”: thiếu trang tính này" in joined


def test_a_table_without_its_header_row_is_named(household_workbook, tmp_path):
    path = _broken(household_workbook, tmp_path, lambda b: b["Tiêu chí"].delete_rows(1, 2))
    joined = "\n".join(problems(_refused(path, tmp_path)))
    assert "trang “Tiêu chí”: không tìm thấy dòng tiêu đề" in joined


def test_a_huge_sheet_is_refused_quickly(tmp_path):
    book = Workbook(write_only=True)
    form = book.create_sheet(FORM)
    form.append(["Cách đánh giá", "tính điểm"])
    crit = book.create_sheet("Tiêu chí")
    crit.append([C, N, IC, T, S, K, M])
    for n in range(60_000):
        crit.append(["", "", f"x{n}", "Chỉ số", "Điều 1", "chấm điểm", 1])
    path = tmp_path / "lon.xlsx"
    book.save(path)
    start = time.monotonic()
    done = _refused(path, tmp_path, code=2)
    assert time.monotonic() - start < 10
    assert "trang tính “Tiêu chí” có hơn 2.000 dòng có dữ liệu" in done.output


def test_a_sheet_of_empty_cells_is_refused_quickly(tmp_path):
    book = Workbook(write_only=True)
    form = book.create_sheet(FORM)
    for _ in range(150_000):
        form.append([None])
    path = tmp_path / "trong.xlsx"
    book.save(path)
    start = time.monotonic()
    done = _refused(path, tmp_path, code=2)
    assert time.monotonic() - start < 10
    assert "ô hoặc dòng trống" in done.output


def test_a_file_that_is_not_a_workbook_is_one_sentence(tmp_path):
    path = tmp_path / "gia.xlsx"
    path.write_text("không phải bảng tính", encoding="utf-8")
    done = _refused(path, tmp_path, code=2)
    assert "không mở được tệp XLSX" in done.output


def test_import_does_not_overwrite_without_force(household_workbook, tmp_path):
    out = tmp_path / "co-roi.yaml"
    out.write_text("giữ nguyên", encoding="utf-8")
    done = run("criteria", "import", household_workbook, "--output", out)
    assert done.exit_code == 2 and out.read_text(encoding="utf-8") == "giữ nguyên"
    assert run("criteria", "import", household_workbook, "--output", out, "--force").exit_code == 0


@pytest.mark.parametrize("command", [["template"], ["import"], ["derive"]])
def test_help_is_vietnamese_with_an_example(command):
    from test_vietnamese_only import english_words

    done = runner.invoke(app, ["criteria", *command, "--help"], terminal_width=100)
    text = " ".join(done.output.split())
    assert done.exit_code == 0 and "Cách dùng: recognise criteria" in text
    assert f"recognise criteria {command[0]}" in text.split("Ví dụ:", 1)[1]
    for line in done.output.splitlines():
        assert not english_words(line), f"English in “{line}”"


def test_a_blank_citation_and_a_blank_kind_are_read_as_the_guide_says(household_workbook, tmp_path):
    def change(book):
        book["Tiêu chí"].cell(4, 5).value = None  # 1.1: Căn cứ
        book["Tiêu chí"].cell(9, 6).value = None  # 2.2: Cách cho điểm

    out = tmp_path / "tinh.yaml"
    done = run("criteria", "import", _broken(household_workbook, tmp_path, change), "--output", out)
    assert done.exit_code == 0, done.output
    text = " ".join(done.stdout.split())
    assert "trang “Tiêu chí”: 1 ô “Căn cứ” để trống (E4), ghi theo văn bản 12/2025/QĐ-UBND" in text
    assert "trang “Tiêu chí”, ô F9: “chấm điểm” (để trống)" in text
    indicators = {i.code: i for _, i in load_file(out).criteria.indicators()}
    assert indicators["1.1"].source == "12/2025/QĐ-UBND (Điều 4, Điều 5, Điều 6)"
    assert indicators["2.2"].kind == "points"


def test_a_village_workbook_with_wrong_thresholds_is_refused_by_cell(tmp_path):
    tables = {**VILLAGE_TABLES, "Tiêu chí": [dict(row) for row in VILLAGE_TABLES["Tiêu chí"]],
              "Trường hợp riêng": [{**VILLAGE_TABLES["Trường hợp riêng"][0], "Thuộc tính": "vung_sau"}]}
    tables["Tiêu chí"][4][L1] = "sáu mươi"  # 2.1
    tables["Tiêu chí"][1][L2] = 1  # 1.1 is pass/fail
    tables["Tiêu chí"][9][L2] = None  # 3.1: nothing asked at level 2
    workbook = fill(template(tmp_path, "levels"), tmp_path / "thon.xlsx", VILLAGE_FORM, tables)
    joined = "\n".join(problems(_refused(workbook, tmp_path)))
    assert "trang “Tiêu chí”, ô H7 (dòng 7, cột H “Mức độ 1: yêu cầu”), giá trị “sáu mươi”: cần một ngưỡng số" in joined
    assert "ô J4 (dòng 4, cột J “Mức độ 2: yêu cầu”), giá trị “1”: chỉ tiêu đạt/không đạt: ghi “đạt”" in joined
    assert "trang “Trường hợp riêng”, ô C3 (dòng 3, cột C “Thuộc tính”), giá trị “vung_sau”: không có thuộc tính" in joined


def test_what_a_clerk_leaves_blank_or_writes_in_words_is_read_and_said(tmp_path):
    """A total and a criterion maximum left blank are the sums; no fail line is "Chưa đạt"; an id in words, a date in
    words, a threshold "từ 50% trở lên" and a knock-out in other words are read as meant. Each is said on import."""
    form = {**HOUSEHOLD_FORM, "Mã bộ tiêu chí": "GĐHT Tỉnh Thanh Sơn 2025", "Ngày ký": "ngày 10 tháng 3 năm 2025"}
    del form["Tổng điểm tối đa"]
    tables = {sheet: [dict(row) for row in rows] for sheet, rows in HOUSEHOLD_TABLES.items()}
    del tables["Tiêu chí"][0][M]  # TC1: 10 + 5 + 5
    tables["Xếp loại"] = tables["Xếp loại"][:3]
    tables["Loại trừ"][0]["Loại điều kiện"] = "Có tiêu chí bị điểm 0"
    tables["Khoảng điểm"][0]["Từ (kể cả)"] = "từ 50% trở lên"
    out = tmp_path / "tinh.yaml"
    done = run("criteria", "import", fill(template(tmp_path, "points"), tmp_path / "x.xlsx", form, tables),
               "--output", out)
    assert done.exit_code == 0, done.output
    said = " ".join(done.stdout.split())
    for words in ("“GĐHT Tỉnh Thanh Sơn 2025” đọc là gdht-tinh-thanh-son-2025", "ô G3: điểm tối đa tiêu chí TC1 để "
                  "trống, là tổng các chỉ số: 20", "tổng điểm tối đa để trống, là tổng các tiêu chí: 100",
                  "các trường hợp còn lại là “Chưa đạt”"):
        assert words in said
    cs = load_file(out).criteria
    expected = load_bytes(HOUSEHOLD_YAML.encode(), "tay.yaml").criteria
    assert cs.model_copy(update={"id": expected.id, "fail_grade_source": expected.fail_grade_source}) == expected


def test_a_workbook_saved_by_another_program_or_version_still_imports(household_workbook, tmp_path):
    """A sheet renamed without its accents, a column-hint line worded otherwise (an older template, or a clerk's
    edit), an extra column of the clerk's own: the same set."""
    def change(book):
        book["Tiêu chí"].title = "TIEU CHI"
        book["TIEU CHI"].cell(2, 5, "Điều, khoản.")
        book["TIEU CHI"].cell(2, 6, "Chọn trong danh sách.")
        book["TIEU CHI"].cell(1, 9, "Người nhập")
        book["TIEU CHI"].cell(4, 9, "Chị Lan")

    out = tmp_path / "tinh.yaml"
    done = run("criteria", "import", _broken(household_workbook, tmp_path, change), "--output", out)
    assert done.exit_code == 0, done.output
    assert load_file(out).criteria == load_bytes(HOUSEHOLD_YAML.encode(), "tay.yaml").criteria


def test_the_sample_workbook_is_what_the_writer_makes_of_its_set(tmp_path):
    """samples/tieu-chi-gdht-minh-hoa.xlsx stays in step with the writer and its guide (to rebuild it: import it, then
    atomic_save_workbook(build_workbook(cs.scheme, cs=cs), SAMPLE))."""
    cs = import_workbook(SAMPLE).criteria
    again = tmp_path / "lai.xlsx"
    atomic_save_workbook(build_workbook(cs.scheme, cs=cs), again)
    assert again.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.skipif("indicator_below" not in layout.KNOCKOUT_KINDS, reason="the model has one kind of knock-out")
def test_a_knockout_on_an_indicator_under_some_points(household_workbook, tmp_path):
    """“Có chỉ số dưới mức điểm”, under 2 points: H02 of the table above (85, every indicator at 5 or more) stays Tốt;
    with 1.3 = 1 and 2.2 = 9 instead of 5 and 5 it has 85 again (−4, +4) and is denied: 1.3 is under 2."""
    def change(book):
        ws = book["Loại trừ"]
        heads = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
        for head, value in {"Loại điều kiện": "có chỉ số dưới mức điểm", "Nội dung": "Không công nhận gia đình có chỉ "
                            "số dưới 2 điểm", "Căn cứ": "Điều 6 khoản 3", "Dưới mức (điểm)": 2}.items():
            ws.cell(4, heads[head], value)

    out = tmp_path / "tinh.yaml"
    assert run("criteria", "import", _broken(household_workbook, tmp_path, change), "--output", out).exit_code == 0
    assert [(k.kind, k.below) for k in load_file(out).criteria.knockouts] == [("criterion_zero", None),
                                                                              ("indicator_below", 2)]
    sheet = tmp_path / "ho.csv"
    rows = {"A": {**FULL, "2.2": "5", "3.2": "5", "4.1": "5"},  # 85, every indicator at 2 or more: Tốt
            "B": {**FULL, "1.3": "1", "2.2": "9", "3.2": "5", "4.1": "5"}}  # 100 − 4 − 1 − 5 − 5 = 85, 1.3 < 2
    sheet.write_text("ma,ten," + ",".join(HOUSEHOLD_CODES) + "\n" + "".join(
        f"{code},Hộ {code}," + ",".join(f'"{v[c]}"' for c in HOUSEHOLD_CODES) + "\n" for code, v in rows.items()),
        encoding="utf-8")
    result = tmp_path / "kq.json"
    assert run("score", sheet, "--criteria", out, "--output", result).exit_code == 0
    got = [(s["id"], s["total"], s["grade"]) for s in json.loads(result.read_text(encoding="utf-8"))["subjects"]]
    assert got == [("A", 85, "Tốt"), ("B", 85, "Chưa đạt")]
