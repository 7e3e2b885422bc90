"""`recognise review`: packages built by really scoring sheets, one planted problem each, checked by hand.

Every package here is made the way a commune or unit makes it: the score sheet is scored by the real engine
(engine.scoring.run.score_sheet) into ket-qua.json, or the claimed results are typed by hand into ket-qua.csv/.xlsx.
Then one thing is changed and the review must find exactly that, with the right subject, kind and rule.
The expected totals, grades and levels are worked out by hand from the legal texts (see the comments).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import html5lib
import pytest
import yaml
from sheet_helpers import (
    TT22,
    TT22_COLUMNS,
    TT25_COLUMNS_NO_VKK,
    TT25_XA,
    tt22_row,
    tt25_level1,
    tt25_level2,
    write_csv,
    write_dict_sheet,
    write_xlsx,
)
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.registry.store import Decision, Registry
from engine.review.claims import parse_level, read_claims
from engine.review.packages import KINDS, review_packages
from engine.scoring.run import score_sheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TT22 = ROOT / "samples" / "dvht-tt22-minh-hoa.csv"
SAMPLE_TT25 = ROOT / "samples" / "cdht-xa-huyen-minh-hoa.xlsx"
SAMPLE_TT24 = ROOT / "samples" / "dvht-huyen-minh-hoa.xlsx"
runner = CliRunner()

# A clean TT 22/2020 sheet (maxima: Art. 5; bands: Art. 6 khoản 3): hand totals and grades.
TT22_ROWS = [
    tt22_row("DV-01", "Phòng Nội vụ"),                                   # 100 → Tốt
    tt22_row("DV-02", "Phòng Tư pháp", i1a="5"),                          # 95 → Tốt
    tt22_row("DV-03", "Trường THCS Yên Hòa", i3a="5"),                    # 80 → Khá (70 ≤ 80 < 85)
    tt22_row("DV-04", "Trạm Y tế", i1a="0", i3a="0", i3b="0"),            # 55 → Trung bình
    tt22_row("DV-05", "Đài Truyền thanh", i1a="0", i1b="0", i1c="0",
             i3a="0", i3b="0", i3c="0"),                                  # 30 → Chưa đạt
]
TT22_EXPECTED = {"DV-01": (100, "Tốt"), "DV-02": (95, "Tốt"), "DV-03": (80, "Khá"), "DV-04": (55, "Trung bình"),
                 "DV-05": (30, "Chưa đạt")}

# A clean TT 25/2023 commune sheet (Art. 6 level 1, Art. 7 level 2, Art. 8 khoản 1).
# XA-01's level-1 decision (15/01/2023) is 23 months old on 31/12/2024: level 2 may be granted (Art. 5 cl. 2–3)
TT25_ROWS = [
    tt25_level2("XA-01", "Xã Yên Hòa", ngay_cong_nhan_muc_do_1="15/01/2023"),  # every level-2 threshold → mức độ 2
    tt25_level1("XA-02", "Xã Tân Lập"),        # exactly the level-1 thresholds → mức độ 1
    tt25_level1("XA-03", "Xã Phú Lộc", i5_1="59,9"),  # 5.1 below 60% → no level
]
TT25_EXPECTED = {"XA-01": 2, "XA-02": 1, "XA-03": 0}


# --- building packages ----------------------------------------------------------------------

def goi(folder: Path, **fields) -> None:
    data = {"nam": 2023, "dia_ban": "Huyện Minh Hòa, tỉnh Thanh Sơn", "don_vi_gui": "Phòng GD&ĐT huyện Minh Hòa"}
    data.update(fields)
    (folder / "goi.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def tt22_package(folder: Path, nam: int = 2023, **fields) -> Path:
    """A TT 22/2020 package scored for real: bang-diem.csv and ket-qua.json as `recognise score` writes it."""
    folder.mkdir(parents=True)
    write_dict_sheet(folder / "bang-diem.csv", TT22_COLUMNS, TT22_ROWS, delimiter=";", bom=True)
    score_sheet(folder / "bang-diem.csv", find(TT22), [folder / "ket-qua.json"], year=nam)
    goi(folder, nam=nam, **({"bo_tieu_chi": TT22} | fields))
    return folder


def tt25_package(folder: Path, rows=TT25_ROWS, nam: int = 2024, **fields) -> Path:
    folder.mkdir(parents=True)
    write_dict_sheet(folder / "bang-diem.csv", [*TT25_COLUMNS_NO_VKK, "ngay_cong_nhan_muc_do_1"], rows)
    score_sheet(folder / "bang-diem.csv", find(TT25_XA), [folder / "ket-qua.json"], year=nam)
    goi(folder, nam=nam, **({"danh_hieu": "Cộng đồng học tập cấp xã"} | fields))
    return folder


def edit_json(folder: Path, subject: str, **changes) -> None:
    path = folder / "ket-qua.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for s in data["subjects"]:
        if s["id"] == subject:
            s.update(changes)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def hand_claims(folder: Path, header: list[str], rows: list[list[str]], name: str = "ket-qua.csv") -> None:
    """Claimed results typed by hand instead of ket-qua.json."""
    (folder / "ket-qua.json").unlink(missing_ok=True)
    if name.endswith(".xlsx"):
        write_xlsx(folder / name, header, rows)
    else:
        write_csv(folder / name, header, rows, delimiter=";", bom=True)


def found(review, kind: str | None = None) -> list[tuple[str, str]]:
    return [(f.subject, f.kind) for f in review.findings if kind is None or f.kind == kind]


def one(review, kind: str):
    hits = [f for f in review.findings if f.kind == kind]
    assert len(hits) == 1, [(f.subject, f.kind, f.message) for f in review.findings]
    return hits[0]


# --- the clean packages ------------------------------------------------------------------------

def test_the_hand_sheets_score_as_worked_out(tmp_path):
    """The sheets below are the ground truth of every other test: check them against the hand totals first."""
    tt22 = tt22_package(tmp_path / "dv")
    subjects = json.loads((tt22 / "ket-qua.json").read_text(encoding="utf-8"))["subjects"]
    assert {s["id"]: (s["total"], s["grade"]) for s in subjects} == TT22_EXPECTED
    tt25 = tt25_package(tmp_path / "xa")
    subjects = json.loads((tt25 / "ket-qua.json").read_text(encoding="utf-8"))["subjects"]
    assert {s["id"]: s["level"] for s in subjects} == TT25_EXPECTED


def test_a_correct_points_package_passes_clean(tmp_path):
    review = review_packages([tt22_package(tmp_path / "dv")])
    assert review.findings == []
    assert review.exit_code() == 0
    p = review.packages[0]
    assert (p.error, p.criteria.criteria.id, p.subjects, p.claimed) == (None, TT22, 5, 5)
    assert p.notes == []


def test_a_correct_levels_package_passes_clean_with_hand_typed_levels(tmp_path):
    folder = tt25_package(tmp_path / "xa")
    hand_claims(folder, ["Mã", "Tên", "Mức độ"],
                [["XA-01", "Xã Yên Hòa", "Mức độ 2"], ["XA-02", "Xã Tân Lập", "1"], ["XA-03", "Xã Phú Lộc", "Chưa đạt"]])
    review = review_packages([folder])
    assert review.findings == [] and review.exit_code() == 0
    assert review.packages[0].criteria.criteria.id == TT25_XA  # chosen by title for 2024


def test_a_package_written_by_score_as_csv_is_read_through_its_outcome_column(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    (folder / "ket-qua.json").unlink()
    score_sheet(folder / "bang-diem.csv", find(TT22), [folder / "ket-qua.csv"], year=2023)
    review = review_packages([folder])
    assert review.findings == [] and review.packages[0].claimed == 5


def test_hand_typed_xlsx_claims_with_vietnamese_numbers(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    rows = [[ma, "", str(total).replace(".", ","), grade] for ma, (total, grade) in TT22_EXPECTED.items()]
    hand_claims(folder, ["MA", "Ten", "Tổng điểm", "Xếp loại"], rows, name="ket-qua.xlsx")
    assert review_packages([folder]).findings == []


# --- one planted problem of each kind ------------------------------------------------------------

def test_sai_tong_claimed_total_is_not_the_sum_of_the_sheet(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    edit_json(folder, "DV-02", total=96)  # the sheet sums to 95 (1.a = 5, everything else at its maximum)
    f = one(review_packages([folder]), "sai_tong")
    assert (f.subject, f.package) == ("DV-02", str(folder))
    assert "96" in f.message and "95" in f.message
    assert f.source == "TT 22/2020 Điều 5"
    assert found(review_packages([folder])) == [("DV-02", "sai_tong")]  # Tốt either way: no grade finding


def test_sai_tong_with_a_decimal_comma_claim(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    rows = [[ma, "", str(total), grade] for ma, (total, grade) in TT22_EXPECTED.items()]
    rows[2][2] = "80,5"  # DV-03 sums to 80
    hand_claims(folder, ["ma", "ten", "tong_diem", "xep_loai"], rows)
    assert found(review_packages([folder])) == [("DV-03", "sai_tong")]


def test_vuot_toi_da_from_the_sample_sheet(tmp_path):
    """samples/dvht-tt22-minh-hoa.csv: row 14 (DVHT-19) has 1.b = 12 over its maximum 10 (TT 22/2020 Art. 5.1.b);
    row 21 repeats the code DVHT-07: a rejected row, not one of the finding kinds."""
    folder = tmp_path / "mau"
    folder.mkdir()
    shutil.copy(SAMPLE_TT22, folder / "bang-diem.csv")
    score_sheet(folder / "bang-diem.csv", find(TT22), [folder / "ket-qua.json"], year=2023)
    goi(folder, bo_tieu_chi=TT22)
    review = review_packages([folder])
    f = one(review, "vuot_toi_da")
    assert f.subject == "DVHT-19"
    assert "dòng 14" in f.message and "1.b" in f.message and "12" in f.message and "10" in f.message
    assert f.source == "TT 22/2020 Điều 5 khoản 1 điểm b"
    assert found(review) == [("DVHT-19", "vuot_toi_da")]
    assert any("DVHT-07" in n and "dòng 21" in n for n in review.packages[0].notes)
    assert review.packages[0].subjects == 18


def test_vuot_toi_da_percent_over_100_in_the_commune_sample(tmp_path):
    """samples/cdht-xa-huyen-minh-hoa.xlsx: row 17 (XA-16) has 5.1 = 120%; row 18 leaves 4.1 empty (a note)."""
    folder = tmp_path / "huyen"
    folder.mkdir()
    shutil.copy(SAMPLE_TT25, folder / "bang-diem.xlsx")
    score_sheet(folder / "bang-diem.xlsx", find(TT25_XA), [folder / "ket-qua.json"], year=2024)
    goi(folder, nam=2024, danh_hieu="Cộng đồng học tập cấp xã")
    review = review_packages([folder])
    assert found(review) == [("XA-16", "vuot_toi_da")]
    assert "120%" in review.findings[0].message
    assert review.findings[0].source.startswith("TT 25/2023 Điều 6 khoản 5 điểm a")


def test_sai_xep_loai_points(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    edit_json(folder, "DV-03", grade="Tốt")  # 80 points: Khá (TT 22/2020 Art. 6.3.b: 70 to under 85)
    f = one(review_packages([folder]), "sai_xep_loai")
    assert f.subject == "DV-03"
    assert "“Tốt”" in f.message and "“Khá”" in f.message and "80/100" in f.message
    assert f.source == "TT 22/2020 Điều 6 khoản 3 điểm b"


def test_sai_xep_loai_levels(tmp_path):
    folder = tt25_package(tmp_path / "xa")
    edit_json(folder, "XA-02", level=2)  # XA-02 only meets level 1 (4.2 = 2, 4.3 = 2, 4.4 = 1, 5.1 = 60 …)
    review = review_packages([folder])
    f = one(review, "sai_xep_loai")
    assert f.subject == "XA-02"
    assert "mức độ 2" in f.message and "mức độ 1" in f.message and "TC4" in f.message and "TC5" in f.message
    assert f.source == "TT 25/2023 Điều 8 khoản 1 điểm b"
    assert found(review) == [("XA-02", "sai_xep_loai")]  # no registry: no nang_muc_som


def test_khong_co_trong_bang_diem(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    rows = [[ma, "", str(total), grade] for ma, (total, grade) in TT22_EXPECTED.items()]
    rows.append(["DV-99", "Phòng Kinh tế", "90", "Tốt"])
    hand_claims(folder, ["ma", "ten", "tong_diem", "xep_loai"], rows)
    f = one(review_packages([folder]), "khong_co_trong_bang_diem")
    assert f.subject == "DV-99" and "bang-diem.csv" in f.message
    assert found(review_packages([folder])) == [("DV-99", "khong_co_trong_bang_diem")]


def test_sai_bo_tieu_chi_not_in_force_and_right_set_cannot_read_the_sheet(tmp_path):
    """TT 22/2020 ended on 25/01/2024: a 2024 evaluation cannot use it. The sheet has TT 22 columns, so it is
    still checked with TT 22 for its arithmetic (a clean sheet: only the wrong set is found)."""
    folder = tt22_package(tmp_path / "dv", nam=2024, danh_hieu="Đơn vị học tập cấp huyện")
    review = review_packages([folder])
    f = one(review, "sai_bo_tieu_chi")
    assert f.subject == ""
    assert TT22 in f.message and "2024" in f.message and "dvht-huyen-tt24-2023" in f.message
    assert "TT 22/2020" in f.source and "TT 24/2023" in f.source
    assert found(review) == [("", "sai_bo_tieu_chi")]
    assert review.exit_code() == 1


def test_sai_bo_tieu_chi_rescored_with_the_set_in_force(tmp_path):
    """A commune claims the old circular TT 44/2014 for 2024; its sheet follows TT 25/2023, in force since
    12/02/2024, so the review re-scores with TT 25/2023 and finds nothing else."""
    folder = tt25_package(tmp_path / "xa", bo_tieu_chi="cdht-xa-tt44-2014")
    review = review_packages([folder])
    assert found(review) == [("", "sai_bo_tieu_chi")]
    assert review.packages[0].criteria.criteria.id == TT25_XA
    assert "cdht-xa-tt44-2014" in review.findings[0].message and TT25_XA in review.findings[0].message


def test_sai_bo_tieu_chi_for_another_title(tmp_path):
    folder = tt25_package(tmp_path / "xa", danh_hieu="Cộng đồng học tập cấp xã", bo_tieu_chi="dvht-huyen-tt24-2023")
    review = review_packages([folder])
    f = one(review, "sai_bo_tieu_chi")
    assert "Đơn vị học tập cấp huyện" in f.message and review.packages[0].criteria.criteria.id == TT25_XA
    assert found(review) == [("", "sai_bo_tieu_chi")]


def test_trung_lap_across_two_packages(tmp_path):
    first = tt22_package(tmp_path / "huyen-a")
    second = tmp_path / "huyen-b"
    second.mkdir()
    rows = [tt22_row("DV-11", "Phòng Tài chính"), tt22_row("DV-03", "Trường THCS Yên Hòa", i3a="5")]
    write_dict_sheet(second / "bang-diem.csv", TT22_COLUMNS, rows)
    score_sheet(second / "bang-diem.csv", find(TT22), [second / "ket-qua.json"], year=2023)
    goi(second, bo_tieu_chi=TT22, don_vi_gui="Phòng GD&ĐT huyện Yên Thế")
    review = review_packages([first, second])
    f = one(review, "trung_lap")
    assert (f.subject, f.package) == ("DV-03", str(second))
    assert str(first) in f.message and str(second) in f.message
    assert found(review) == [("DV-03", "trung_lap")]
    # each package alone is clean
    assert review_packages([second]).findings == []


def test_same_code_in_other_years_is_not_a_duplicate(tmp_path):
    a = tt22_package(tmp_path / "a", nam=2022)
    b = tt22_package(tmp_path / "b", nam=2023)
    assert review_packages([a, b]).findings == []


# --- nang_muc_som: level 2 at least 12 months after the level-1 decision -----------------------------

def _registry(tmp_path: Path, set_id: str, subject: str, day: date) -> str:
    url = f"sqlite:///{tmp_path / 'so-cong-nhan.sqlite3'}"
    loaded = find(set_id)
    results = {"criteria": {"id": set_id, "title": loaded.criteria.title, "sha256": loaded.sha256, "year": day.year},
               "subjects": [{"id": subject, "name": "x", "grade": None, "level": 1, "recognised": True}]}
    Registry(url).record(results, Decision("12/QĐ-PGDĐT", day))
    return url


@pytest.mark.parametrize(("decided", "too_soon"), [
    (date(2024, 6, 1), True),     # 6 months to 31/12/2024
    (date(2024, 1, 1), True),     # 11 whole months
    (date(2023, 12, 31), False),  # exactly 12 months: allowed
    (date(2023, 3, 20), False),
])
def test_nang_muc_som_commune(tmp_path, decided, too_soon):
    """The registry's level-1 decision is the history (before the sheet's own date, 15/01/2023)."""
    folder = tt25_package(tmp_path / "xa")  # XA-01 claims level 2 for 2024
    url = _registry(tmp_path, TT25_XA, "XA-01", decided)
    review = review_packages([folder], Registry(url))
    if too_soon:
        f = one(review, "nang_muc_som")
        assert f.subject == "XA-01" and decided.strftime("%d/%m/%Y") in f.message and "sổ công nhận" in f.message
        assert f.source.startswith("TT 25/2023 Điều 5 khoản 2")
        assert found(review) == [("XA-01", "nang_muc_som")]
    else:
        assert review.findings == []


def test_without_the_registry_the_sheets_own_date_counts(tmp_path):
    folder = tt25_package(tmp_path / "xa")
    _registry(tmp_path, TT25_XA, "XA-01", date(2024, 6, 1))
    assert review_packages([folder]).findings == []  # the sheet's 15/01/2023: 23 months


def test_nang_muc_som_with_no_level_one_decision_known(tmp_path):
    """Neither the registry nor the sheet knows a level-1 decision: the rules grant level 1 at most."""
    folder = tt25_package(tmp_path / "xa", rows=[tt25_level2("XA-01", "Xã Yên Hòa"), *TT25_ROWS[1:]])
    edit_json(folder, "XA-01", level=2)
    f = one(review_packages([folder]), "nang_muc_som")
    assert f.subject == "XA-01" and "chưa có quyết định công nhận mức độ 1" in f.message
    assert found(review_packages([folder])) == [("XA-01", "nang_muc_som")]


def test_nang_muc_som_unit_cites_tt24_article_5(tmp_path):
    """samples/dvht-huyen-minh-hoa.xlsx: DV-01 meets level 2 (samples/README.md); TT 24/2023 Art. 5.3."""
    folder = tmp_path / "dv"
    folder.mkdir()
    shutil.copy(SAMPLE_TT24, folder / "bang-diem.xlsx")
    score_sheet(folder / "bang-diem.xlsx", find("dvht-huyen-tt24-2023"), [folder / "ket-qua.json"], year=2024)
    edit_json(folder, "DV-01", level=2)
    goi(folder, nam=2024, danh_hieu="Đơn vị học tập cấp huyện")
    url = _registry(tmp_path, "dvht-huyen-tt24-2023", "DV-01", date(2024, 2, 10))
    review = review_packages([folder], Registry(url))
    f = one(review, "nang_muc_som")
    assert f.subject == "DV-01" and f.source.startswith("TT 24/2023 Điều 5 khoản 3")
    assert "10/02/2024" in f.message and "10 tháng" in f.message
    assert found(review) == [("DV-01", "nang_muc_som")]


# --- unreadable packages, exit codes, outputs ----------------------------------------------------

def review_cli(*args: str):
    return runner.invoke(app, ["review", *map(str, args)])


def test_exit_codes(tmp_path):
    clean = tt22_package(tmp_path / "clean")
    wrong = tt22_package(tmp_path / "wrong")
    edit_json(wrong, "DV-02", total=96)
    broken = tmp_path / "broken"
    broken.mkdir()
    assert review_cli(clean).exit_code == 0
    assert review_cli(wrong).exit_code == 1
    result = review_cli(broken)
    assert result.exit_code == 2, result.output
    assert review_cli(tmp_path / "missing").exit_code == 2
    assert review_cli(clean, broken).exit_code == 1  # something was reviewed, one package was not


def test_unknown_key_in_goi_yaml_is_named_with_its_line(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    with (folder / "goi.yaml").open("a", encoding="utf-8") as handle:
        handle.write("nguoi_ky: Nguyễn Văn An\n")
    review = review_packages([folder])
    assert review.exit_code() == 2
    error = review.packages[0].error
    # line 5: after nam, dia_ban, don_vi_gui, bo_tieu_chi
    assert "goi.yaml:5: nguoi_ky:" in error and "không được phép" in error


@pytest.mark.parametrize(("content", "wanted"), [
    ("dia_ban: X\ndon_vi_gui: Y\nbo_tieu_chi: dvht-tt22-2020\n", "nam"),
    ("nam: 2023\ndia_ban: X\ndon_vi_gui: Y\n", "bo_tieu_chi"),
    ("nam: 2023\nbo_tieu_chi: dvht-tt22-2020\ndia_ban: X\ndon_vi_gui: Y\n!!python/object:os.system x: 1\n", "thẻ"),
    ("nam: [\n", "YAML"),
])
def test_bad_goi_yaml(tmp_path, content, wanted):
    folder = tt22_package(tmp_path / "dv")
    (folder / "goi.yaml").write_text(content, encoding="utf-8")
    review = review_packages([folder])
    assert review.exit_code() == 2 and wanted in review.packages[0].error


def test_missing_or_ambiguous_files(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    shutil.copy(folder / "ket-qua.json", folder / "ket-qua.csv")
    assert "ket-qua.json và ket-qua.csv" in review_packages([folder]).packages[0].error
    (folder / "bang-diem.csv").unlink()
    assert "thiếu bảng điểm" in review_packages([folder]).packages[0].error


def test_bad_claims_json(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    (folder / "ket-qua.json").write_text('{"schema_version": 1, "subjects": 5}', encoding="utf-8")
    assert "subjects: phải là danh sách" in review_packages([folder]).packages[0].error
    (folder / "ket-qua.json").write_text('{"subjects": []}', encoding="utf-8")  # no schema_version: not ours
    assert "schema_version" in review_packages([folder]).packages[0].error
    score_sheet(folder / "bang-diem.csv", find(TT22), [folder / "ket-qua.json"], year=2023)
    edit_json(folder, "DV-01", total=float("nan"))
    assert "subjects[0].total: phải là số hữu hạn" in review_packages([folder]).packages[0].error


def test_outputs_html_and_json(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    # a name from the sheet is text in the report, never markup
    rows = [*TT22_ROWS[:4], tt22_row("DV-05", "<script>alert(1)</script> & Cty", i1a="0", i1b="0", i1c="0",
                                     i3a="0", i3b="0", i3c="0")]
    write_dict_sheet(folder / "bang-diem.csv", TT22_COLUMNS, rows)
    score_sheet(folder / "bang-diem.csv", find(TT22), [folder / "ket-qua.json"], year=2023)
    edit_json(folder, "DV-05", grade="Trung bình")  # 30 points: Chưa đạt
    report, findings = tmp_path / "bao-cao.html", tmp_path / "phat-hien.json"
    result = review_cli(folder, "--output", report, "--json", findings)
    assert result.exit_code == 1, result.output
    html = report.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(html)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cty" in html
    assert html.index("Tổng hợp") < html.index("Các phát hiện") < html.index("Điều 6 khoản 3 điểm d")
    for kind, (label, _) in KINDS.items():
        assert kind in html and label in html
    data = json.loads(findings.read_text(encoding="utf-8"))
    assert [(f["package"], f["subject"], f["kind"]) for f in data["findings"]] == [(str(folder), "DV-05",
                                                                                     "sai_xep_loai")]
    assert {"package", "subject", "kind", "message", "source"} <= data["findings"][0].keys()
    assert data["summary"]["by_kind"]["sai_xep_loai"] == 1 and data["summary"]["packages"] == 1
    assert "sai_xep_loai" in result.output and "DV-05" in result.output
    # the same packages give the same files
    review_cli(folder, "--output", tmp_path / "b.html", "--json", tmp_path / "b.json")
    assert (tmp_path / "b.json").read_bytes() == findings.read_bytes()
    assert (tmp_path / "b.html").read_bytes() == report.read_bytes()


def test_clean_report_parses_and_says_so(tmp_path):
    folder = tt25_package(tmp_path / "xa")
    report = tmp_path / "bao-cao.html"
    result = review_cli(folder, "--output", report)
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(html)
    assert "Không có phát hiện nào" in html


def test_output_folder_must_exist(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    result = review_cli(folder, "--json", tmp_path / "khong-co" / "f.json")
    assert result.exit_code == 2


@pytest.mark.parametrize(("text", "level"), [
    ("2", 2), ("Mức độ 2", 2), ("mức 1", 1), ("MUC DO 1", 1), ("0", 0), ("Chưa đạt mức độ nào", 0),
    ("Chưa đạt", 0), ("2,5", None), ("hai", None),
])
def test_parse_level(text, level):
    assert parse_level(text) == level


def test_claims_header_matching(tmp_path):
    path = tmp_path / "ket-qua.csv"
    write_csv(path, ["STT", "Mã", "TÊN", "Tổng điểm (100)", "Xếp loại"], [["1", "DV-01", "A", "84,5", "Khá"]])
    claims = read_claims(path)
    c = claims.items[0]
    assert (c.ma, c.ten, str(c.total), c.grade) == ("DV-01", "A", "84.5", "Khá")


def test_a_province_set_inside_the_package_is_used(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    shutil.copy(ROOT / "criteria" / "dvht-tt22-2020.yaml", folder / "tieu-chi-tinh.yaml")
    goi(folder, bo_tieu_chi="tieu-chi-tinh.yaml")
    review = review_packages([folder])
    assert review.findings == [] and review.packages[0].criteria.path == folder / "tieu-chi-tinh.yaml"


def test_a_criteria_file_outside_the_package_is_refused(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    shutil.copy(ROOT / "criteria" / "dvht-tt22-2020.yaml", tmp_path / "ngoai.yaml")
    goi(folder, bo_tieu_chi="../ngoai.yaml")
    review = review_packages([folder])
    f = one(review, "sai_bo_tieu_chi")
    assert "ngoài thư mục gói" in f.message
    # ket-qua.json names dvht-tt22-2020, in force for 2023: the sheet is re-scored with it and is clean
    assert review.packages[0].criteria.criteria.id == TT22 and found(review) == [("", "sai_bo_tieu_chi")]


def test_unreadable_registry_is_a_bad_argument(tmp_path):
    folder = tt25_package(tmp_path / "xa")
    assert review_cli(folder, "--registry", "khong-phai-url://x").exit_code == 2


def test_the_same_folder_named_twice_is_reviewed_once(tmp_path):
    folder = tt22_package(tmp_path / "dv")
    review = review_packages([folder, tmp_path / "." / "dv"])
    assert len(review.packages) == 1 and review.findings == []
