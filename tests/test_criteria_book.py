"""`recognise criteria book|diff|test` and the Công dân học tập draft set, through the command line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.criteria.diff import changes
from engine.criteria.load import load_file

ROOT = Path(__file__).resolve().parent.parent
CRITERIA_DIR = ROOT / "criteria"
SAMPLE_CASES = ROOT / "samples" / "dvht-tt22-truong-hop.yaml"
TT22 = "dvht-tt22-2020"
TT25 = "cdht-xa-tt25-2023"
CDHT_CD = "cdhtcd-324-2023"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def flat(text: str) -> str:
    return " ".join(text.split())


def raw(set_id: str) -> dict:
    return yaml.safe_load((CRITERIA_DIR / f"{set_id}.yaml").read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(path).pages))


# --- book -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tt22_pdf(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("book") / "bo-tieu-chi.pdf"
    result = run("criteria", "book", TT22, "--output", str(target))
    assert result.exit_code == 0, result.output
    return target


def test_book_pdf_holds_every_criterion_and_indicator_with_its_maximum(tt22_pdf: Path):
    text = pdf_text(tt22_pdf)
    assert "Phụ lục" in text and "BỘ TIÊU CHÍ ĐÁNH GIÁ, CÔNG NHẬN “ĐƠN VỊ HỌC TẬP”" in text
    assert "Kèm theo Thông tư số 22/2020/TT-BGDĐT ngày 06 tháng 8 năm 2020 của Bộ Giáo dục và Đào tạo" in text
    words = set(text.split())
    for crit in raw(TT22)["criteria"]:
        assert crit["code"] in words
        for ind in crit["indicators"]:
            # the code, then its text and maximum in the same row (cells are read in order)
            start = text.index(f"{ind['code']} {flat(ind['text'])[:30]}")
            row = text[start:start + len(ind["text"]) + 80]
            assert f" {ind['max']} " in row, (ind["code"], row)
    for line in ("Tốt: từ 85 đến 100 điểm", "Khá: từ 70 đến dưới 85 điểm", "Trung bình: từ 50 đến dưới 70 điểm",
                 "Chưa đạt: các trường hợp còn lại", "tình trạng: chính thức"):
        assert line in text
    assert "MINH HỌA" not in text and "DỰ THẢO" not in text


def test_book_pdf_of_a_levels_set_gives_the_threshold_of_each_level(tmp_path: Path):
    target = tmp_path / "tt25.pdf"
    assert run("criteria", "book", TT25, "-o", str(target)).exit_code == 0
    text = pdf_text(target)
    assert "Yêu cầu mức độ 1" in text and "Yêu cầu mức độ 2" in text
    for crit in raw(TT25)["criteria"]:
        for ind in crit["indicators"]:
            assert f"{ind['code']} {flat(ind['text'])[:25]}" in text
    # TT 25/2023 Art. 6–7: 5.1 at least 60% (level 1) and 80% (level 2) of citizens "Công dân học tập"
    start = text.index("5.1 Tỷ lệ công dân")
    assert "≥ 60%" in text[start:start + 300] and "≥ 80%" in text[start:start + 300]
    assert "mức độ 2 cần mức 3" in text and "≥ mức độ 3" in text


def test_book_docx_is_a_times_new_roman_vietnamese_table_of_the_set(tmp_path: Path):
    target = tmp_path / "bo-tieu-chi.docx"
    result = run("criteria", "book", TT22, "--output", str(target), "--decision-number", "123/QĐ-UBND",
                 "--decision-date", "15/01/2025", "--issuer", "Ủy ban nhân dân tỉnh Minh Hòa")
    assert result.exit_code == 0, result.output
    doc = Document(str(target))
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    lang = normal.element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
    assert lang is not None and lang.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "vi-VN"
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[:3] == ["Phụ lục", "BỘ TIÊU CHÍ ĐÁNH GIÁ, CÔNG NHẬN “ĐƠN VỊ HỌC TẬP”",
                              "(Kèm theo Quyết định số 123/QĐ-UBND ngày 15 tháng 01 năm 2025 của Ủy ban nhân dân "
                              "tỉnh Minh Hòa)"]
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["Mã", "Tiêu chí, chỉ số", "Điểm tối đa", "Căn cứ"]
    expected = []
    for crit in raw(TT22)["criteria"]:
        expected.append([crit["code"], crit["name"], str(crit["max"]), crit["source"]])
        expected += [[ind["code"], ind["text"], str(ind["max"]), ind["source"]] for ind in crit["indicators"]]
    assert rows[1:] == expected
    assert "- Khá: từ 70 đến dưới 85 điểm; được công nhận (căn cứ Điều 6 khoản 3 điểm b)." in paragraphs


def test_book_of_a_draft_says_so_and_lists_what_is_missing(tmp_path: Path):
    target = tmp_path / "du-thao.docx"
    assert run("criteria", "book", CDHT_CD, "-o", str(target)).exit_code == 0
    doc = Document(str(target))
    text = flat("\n".join(p.text for p in doc.paragraphs))
    assert "DỰ THẢO – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" in text
    assert doc.sections[0].header.paragraphs[0].text == "DỰ THẢO"
    for item in raw(CDHT_CD)["missing"]:
        assert flat(item["what"]) in text
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert [r[0] for r in rows[2:]] == [str(n) for n in range(1, 11)]
    assert all(r[2] == "chưa có (dự thảo)" for r in rows[2:])


def test_book_refuses_an_unknown_format(tmp_path: Path):
    result = run("criteria", "book", TT22, "-o", str(tmp_path / "bo.odt"))
    assert result.exit_code == 2
    assert not (tmp_path / "bo.odt").exists()


# --- diff -----------------------------------------------------------------------------------------

def _modified_tt22(tmp_path: Path) -> Path:
    data = raw(TT22)
    data["id"] = "tinh-x-dvht"
    tc1, tc2, tc3 = data["criteria"]
    tc1["indicators"][2]["source"] = "Điều 5 khoản 1 điểm c (sửa)"
    tc2["indicators"][1]["max"] = 4  # 2.b 5 → 4
    tc2["indicators"][3]["max"] = 6  # 2.d 5 → 6: TC2 stays 30
    tc3["indicators"][0]["max"] = 20  # 3.a 25 → 20
    tc3["indicators"].append({"code": "3.d", "text": "Đơn vị có thư viện điện tử", "source": "Quyết định của tỉnh",
                              "kind": "points", "max": 5})
    data["grades"][1]["min"] = 65  # Khá from 65
    data["grades"][2]["below"] = 65
    target = tmp_path / "tinh-x-dvht.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_file(target)  # still a valid set
    return target


def test_diff_lists_exactly_the_changes_made(tmp_path: Path):
    changed = _modified_tt22(tmp_path)
    found = changes(find(TT22).criteria, load_file(changed).criteria)
    assert {(c.where, c.kind, c.what, c.before, c.after) for c in found} == {
        ("Thông tin chung", "sửa", "mã", TT22, "tinh-x-dvht"),
        ("Tiêu chí TC1, chỉ tiêu 1.c", "sửa", "căn cứ", "Điều 5 khoản 1 điểm c", "Điều 5 khoản 1 điểm c (sửa)"),
        ("Tiêu chí TC2, chỉ tiêu 2.b", "sửa", "cách ghi và điểm", "tối đa 5 điểm; chấm điểm", "tối đa 4 điểm; chấm điểm"),
        ("Tiêu chí TC2, chỉ tiêu 2.d", "sửa", "cách ghi và điểm", "tối đa 5 điểm; chấm điểm", "tối đa 6 điểm; chấm điểm"),
        ("Tiêu chí TC3, chỉ tiêu 3.a", "sửa", "cách ghi và điểm", "tối đa 25 điểm; chấm điểm",
         "tối đa 20 điểm; chấm điểm"),
        ("Tiêu chí TC3", "thêm", "chỉ tiêu 3.d", None, "Đơn vị có thư viện điện tử (tối đa 5 điểm; chấm điểm)"),
        ("Xếp loại", "sửa", "loại “Khá”", "từ 70 đến dưới 85 điểm; được công nhận (Điều 6 khoản 3 điểm b)",
         "từ 65 đến dưới 85 điểm; được công nhận (Điều 6 khoản 3 điểm b)"),
        ("Xếp loại", "sửa", "loại “Trung bình”", "từ 50 đến dưới 70 điểm; được công nhận (Điều 6 khoản 3 điểm c)",
         "từ 50 đến dưới 65 điểm; được công nhận (Điều 6 khoản 3 điểm c)"),
    }


def test_diff_command_exit_codes(tmp_path: Path):
    changed = _modified_tt22(tmp_path)
    different = run("criteria", "diff", TT22, str(changed))
    assert different.exit_code == 1, different.output
    assert "So sánh dvht-tt22-2020 (dvht-tt22-2020) với" in different.output and "8 thay đổi" in different.output
    lines = different.output.splitlines()
    at = lines.index("Tiêu chí TC3:")
    assert lines[at + 1:at + 3] == [
        "  ~ chỉ tiêu 3.a: cách ghi và điểm: “tối đa 25 điểm; chấm điểm” → “tối đa 20 điểm; chấm điểm”",
        "  + thêm chỉ tiêu 3.d — Đơn vị có thư viện điện tử (tối đa 5 điểm; chấm điểm)"]
    same = run("criteria", "diff", TT22, str(CRITERIA_DIR / f"{TT22}.yaml"))
    assert same.exit_code == 0, same.output
    assert "giống nhau" in same.output
    assert run("criteria", "diff", TT22, str(tmp_path / "khong-co.yaml")).exit_code == 2


def test_diff_of_levels_sets_names_thresholds_and_removed_criteria(tmp_path: Path):
    data = raw(TT25)
    tc5 = data["criteria"][4]
    tc5["indicators"][0]["levels"][2] = [{"require": {"5.1": 85}}]  # 80% → 85% at level 2
    removed = data["criteria"].pop(2)  # TC3
    target = tmp_path / "tt25-sua.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = changes(find(TT25).criteria, load_file(target).criteria)
    assert {(c.where, c.kind, c.what, c.before, c.after) for c in found} == {
        ("Tiêu chí TC5, chỉ tiêu 5.1", "sửa", "yêu cầu mức độ 2", "≥ 80%", "≥ 85%"),
        ("Tiêu chí TC3", "bỏ", "tiêu chí TC3", f"{removed['name']}; chỉ tiêu 3.1, 3.2, 3.3", None),
    }


# --- criteria test --------------------------------------------------------------------------------

def test_the_sample_cases_pass():
    result = run("criteria", "test", str(SAMPLE_CASES))
    assert result.exit_code == 0, result.output
    assert "5/5 trường hợp đúng với bộ tiêu chí dvht-tt22-2020." in result.output


def test_failing_cases_are_named_with_field_expected_and_got(tmp_path: Path):
    data = yaml.safe_load(SAMPLE_CASES.read_text(encoding="utf-8"))
    data["cases"][1]["expect"]["total"] = 86  # worked out wrongly: 85
    data["cases"][1]["expect"]["indicators"]["3.a"] = 21  # 20 was given
    data["cases"][2]["expect"]["grade"] = "Tốt"  # 84,5 is Khá
    cases = tmp_path / "truong-hop.yaml"
    cases.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("criteria", "test", str(cases))
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("SAI ")]
    assert lines == [
        "SAI Đúng 85 điểm là loại Tốt: tổng điểm: cần 86, được 85",
        "SAI Đúng 85 điểm là loại Tốt: chỉ tiêu 3.a: cần 21, được 20",
        "SAI 84,5 điểm là loại Khá: xếp loại: cần Tốt, được Khá",
    ]
    assert "3/5 trường hợp đúng" in result.output


def test_cases_against_another_set_given_by_criteria_option(tmp_path: Path):
    # a province's copy: Khá from 65, 2.b worth 4, 2.d 6, 3.a 20, a new 3.d; 65 points is Khá there (TT 22: Trung bình)
    changed = _modified_tt22(tmp_path)
    values = {"1.a": 10, "1.b": 10, "1.c": 10, "2.a": 10, "2.b": 4, "2.c": 10, "2.d": 6, "3.a": 0, "3.b": 5,
              "3.c": 0, "3.d": 0}
    data = {"cases": [{"name": "65 điểm", "inputs": values,
                       "expect": {"total": 65, "grade": "Khá", "recognised": True,
                                  "criteria": {"TC1": 30, "TC2": 30, "TC3": 5}}}]}
    cases = tmp_path / "c.yaml"
    cases.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("criteria", "test", str(cases), "--criteria", str(changed))
    assert result.exit_code == 0, result.output
    assert "1/1 trường hợp đúng với bộ tiêu chí tinh-x-dvht." in result.output
    del values["3.d"]
    result = run("criteria", "test", str(cases), "--criteria", TT22)
    assert result.exit_code == 2 and "cột '3.d' không có trong bộ tiêu chí dvht-tt22-2020" in flat(result.output)
    values["2.b"], values["2.d"], values["3.a"] = 4, 5, 1  # 65 under TT 22 is Trung bình
    cases.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("criteria", "test", str(cases), "--criteria", TT22)
    assert result.exit_code == 1
    assert "SAI 65 điểm: xếp loại: cần Khá, được Trung bình" in result.output


def test_a_case_with_a_missing_value_fails_with_the_reason(tmp_path: Path):
    data = yaml.safe_load(SAMPLE_CASES.read_text(encoding="utf-8"))
    del data["cases"][0]["inputs"]["3.c"]
    data["cases"] = data["cases"][:1]
    cases = tmp_path / "c.yaml"
    cases.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("criteria", "test", str(cases))
    assert result.exit_code == 1, result.output
    assert "SAI Đủ điểm mọi chỉ số: chấm: cần một kết quả, được dòng bị từ chối" in flat(result.output)
    assert "3.c" in result.output


@pytest.mark.parametrize(("text", "line", "key"), [
    ("criteria: dvht-tt22-2020\ncases:\n  - name: A\n    inputs: a: b\n", 4, "(cú pháp)"),
    ("criteria: dvht-tt22-2020\ncases:\n  - name: A\n    inputs: {}\n    expect: {}\n    extra: 1\n", 6,
     "cases[0].extra"),
    ("criteria: dvht-tt22-2020\ncases:\n  - name: A\n    inputs: {}\n    expect: {total: abc}\n", 5,
     "cases[0].expect.total"),
    ("cases: !!python/object:os.system {}\n", 1, "cases"),
])
def test_unreadable_cases_exit_2_with_the_line(tmp_path: Path, text: str, line: int, key: str):
    cases = tmp_path / "hong.yaml"
    cases.write_text(text, encoding="utf-8")
    result = run("criteria", "test", str(cases))
    assert result.exit_code == 2, result.output
    assert f"{cases}:{line}: {key}:" in result.output


def test_cases_naming_an_unknown_column_exit_2(tmp_path: Path):
    cases = tmp_path / "c.yaml"
    cases.write_text("criteria: dvht-tt22-2020\ncases:\n  - name: A\n    inputs: {\"9.z\": 1}\n    expect: {}\n",
                     encoding="utf-8")
    result = run("criteria", "test", str(cases))
    assert result.exit_code == 2
    assert "cột '9.z' không có trong bộ tiêu chí dvht-tt22-2020" in flat(result.output)


# --- Công dân học tập -----------------------------------------------------------------------------

def test_cong_dan_hoc_tap_draft_carries_only_what_is_known():
    cs = find(CDHT_CD).criteria
    assert cs.status == "draft" and cs.subject_kind == "person"
    assert cs.source.number == "324/QĐ-KHVN" and cs.source.signed.isoformat() == "2023-10-25"
    assert "244/QĐ-KHVN ngày 28/7/2022" in cs.source.note
    assert len(cs.indicators()) == 10 and cs.max_total == 100
    assert all(ind.max is None for _, ind in cs.indicators())
    assert [(g.name, g.min, g.recognised) for g in cs.grades or []] == [("Đạt", 80, True)]
    assert any("dưới 5 điểm" in m.what for m in cs.missing)


def test_cong_dan_hoc_tap_draft_refuses_to_score_and_lists_what_is_missing(tmp_path: Path):
    sheet = tmp_path / "cong-dan.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["ma", "ten", *[str(n) for n in range(1, 11)]])
        w.writerow(["CD-001", "Ông Nguyễn Văn An", *["9"] * 10])
    out = tmp_path / "r.json"
    result = run("score", str(sheet), "--criteria", CDHT_CD, "--output", str(out))
    assert result.exit_code == 2, result.output
    assert not out.exists()
    text = flat(result.output)
    assert "cdhtcd-324-2023 là dự thảo" in text
    for item in raw(CDHT_CD)["missing"]:
        assert flat(item["what"]) in text
    refused = run("criteria", "test", str(SAMPLE_CASES), "--criteria", CDHT_CD)
    assert refused.exit_code == 2 and "dự thảo" in refused.output


# --- the knock-out "no indicator under N points" ---------------------------------------------------

def _completed_cong_dan(tmp_path: Path, **knockout) -> Path:
    """The Công dân học tập draft completed with illustrative maxima (10 points each): not law, a test set."""
    data = raw(CDHT_CD)
    data.update(id="cong-dan-minh-hoa", status="example", missing=[])
    for ind in data["criteria"][0]["indicators"]:
        ind["max"] = 10
    data["knockouts"][0].update(knockout)
    target = tmp_path / "cong-dan-minh-hoa.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def test_no_indicator_under_5_denies_the_title_whatever_the_total(tmp_path: Path):
    from engine.scoring.run import score_sheet

    loaded = load_file(_completed_cong_dan(tmp_path))
    rows = {"CD-1": [9] * 10, "CD-2": [10] * 9 + [4.5], "CD-3": [10] * 9 + [5], "CD-4": [8] * 10,
            "CD-5": [7.9] * 10, "CD-6": [10] * 9 + [4.999999]}
    sheet = tmp_path / "cong-dan.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["ma", "ten", *[str(n) for n in range(1, 11)]])
        for code, points in rows.items():
            w.writerow([code, f"Công dân {code}", *points])
    result = score_sheet(sheet, loaded, [tmp_path / "r.json"], workers=1)
    got = {s["id"]: (s["total"], s["grade"], s["recognised"]) for s in result.shown}
    assert got == {"CD-1": (90, "Đạt", True), "CD-2": (94.5, "Chưa đạt", False), "CD-3": (95, "Đạt", True),
                   "CD-4": (80, "Đạt", True), "CD-5": (79, "Chưa đạt", False),
                   "CD-6": (94.999999, "Chưa đạt", False)}
    denied = next(s for s in result.shown if s["id"] == "CD-2")
    assert denied["reasons"][0].startswith("Chỉ tiêu 10 dưới 5 điểm: không được công nhận khi có chỉ số dưới 5 điểm")
    assert "Cần từ 5 điểm ở mọi chỉ tiêu để được xếp loại." in denied["reasons"]
    assert not any("Thiếu" in r for r in denied["reasons"])  # no next grade promised to a knocked-out subject


@pytest.mark.parametrize(("knockout", "message"), [
    ({"below": None}, "cần 'below'"),
    ({"below": 11}, "tối đa 10 điểm, dưới ngưỡng loại trừ 11"),
    ({"kind": "criterion_zero"}, "không có 'below'"),
])
def test_a_wrong_knockout_is_refused_at_load(tmp_path: Path, knockout: dict, message: str):
    result = run("criteria", "check", str(_completed_cong_dan(tmp_path, **knockout)))
    assert result.exit_code == 1
    assert message in result.output


def test_cases_of_a_levels_set_with_attributes_and_history(tmp_path: Path):
    met = {k: True for k in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1")}
    level_two = {**met, "4.2": 3, "4.3": 3, "4.4": 2, "5.1": 80, "5.2a": 60, "5.2b": 15}
    data = {"criteria": TT25, "year": 2024, "cases": [
        # TT 25/2023 Art. 7 and Art. 5: level 2 once the level-1 decision is 12 months old on 31/12/2024
        {"name": "Mức độ 2", "inputs": {**level_two, "ngay_cong_nhan_muc_do_1": "31/12/2023"},
         "expect": {"level": 2, "recognised": True, "indicators": {"5.1": [1, 2]}, "criteria": {"TC5": [1, 2]}}},
        # Art. 6 khoản 5 điểm b: 40% and 10% for a commune of a vùng khó khăn at level 1
        {"name": "Vùng khó khăn", "inputs": {**met, "vung_kho_khan": "có", "4.2": 2, "4.3": 2, "4.4": 1, "5.1": 60,
                                             "5.2a": 40, "5.2b": 10},
         "expect": {"level": 1, "indicators": {"5.2": [1]}}},
        {"name": "Sai cố ý", "inputs": {**level_two, "1.1": False}, "expect": {"level": 2, "indicators": {"1.1": [1]}}},
    ]}
    cases = tmp_path / "tt25.yaml"
    cases.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("criteria", "test", str(cases))
    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if line.startswith("SAI ")] == [
        "SAI Sai cố ý: mức độ: cần 2, được 0",
        "SAI Sai cố ý: chỉ tiêu 1.1: cần mức độ 1, được không đạt mức nào",
    ]
