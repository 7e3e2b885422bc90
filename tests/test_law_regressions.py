"""One regression test for each wrong decision found by the audit of the official sets against the circulars
(`../shared/domain/legal/tt24-2023.md`, `tt25-2023.md`, `tt22-2020.md`). Each test names the defect it guards.

Every expected outcome is worked out by hand from the articles cited. Evaluation year 2024: waiting times are
counted in whole months to 31/12/2024, so a level-1 decision of 31/12/2023 is 12 months old, one of 01/01/2024 is
11 months old (its first anniversary, 01/01/2025, is after the end of the year).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from sheet_helpers import (
    HISTORY,
    TT22_COLUMNS,
    TT25_COLUMNS,
    tt22_row,
    tt25_level1,
    tt25_level2,
    write_csv,
    write_dict_sheet,
)
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import CRITERIA_DIR, find
from engine.registry.store import Decision, Registry
from engine.scoring.run import score_sheet
from engine.sheets.reader import SheetError

runner = CliRunner()
YEAR = 2024
ROOT = Path(__file__).resolve().parent.parent
NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"

# TT 24/2023 district unit (Art. 6, 7) and province unit (Art. 12, 13), columns as the circular numbers them
HUYEN_TT24, TINH_TT24 = "dvht-huyen-tt24-2023", "dvht-tinh-tt24-2023"
UNIT_BOOLEANS = ["1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "3.3"]
HUYEN_COLUMNS = ["ma", "ten", "loai_don_vi", HISTORY, "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3",
                 "2.4a", "2.4b", "2.5", "3.1a", "3.1b", "3.2", "3.3", "3.4", "3.5"]
TINH_COLUMNS = [*HUYEN_COLUMNS, "3.6"]


def unit(ma: str, loai: str, **values: str) -> dict[str, str]:
    """A unit meeting every indicator of both levels (Art. 6 and 7): 96% of members for 2.1–2.3, 2.5, 3.1a
    (≥ 95), 60% with a certificate (2.4a ≥ 50), 75% proficient (2.4b ≥ 70), 98% of learners (3.1b ≥ 97),
    digital level 2 (3.4, 3.5 of a province), accredited (3.5 of a district, 3.6 of a province). Cells that do
    not apply to the unit's kind are left empty by the caller."""
    row = {"ma": ma, "ten": f"Đơn vị {ma}", "loai_don_vi": loai, HISTORY: ""}
    row.update({c: "đạt" for c in UNIT_BOOLEANS})
    row.update({c: "96" for c in ("2.1", "2.2", "2.3", "2.5", "3.1a")})
    row.update({"2.4a": "60", "2.4b": "75", "3.1b": "98", "3.4": "2", "3.5": "", "3.6": ""})
    row.update(values)
    return row


def score(tmp_path: Path, set_id: str, columns: list[str], rows: list[dict], year: int | None = YEAR,
          history: dict[str, date] | None = None):
    path = write_dict_sheet(tmp_path / f"{set_id}.csv", columns, rows, delimiter=";")
    result = score_sheet(path, find(set_id), outputs=[], keep=1000, year=year, history=history)
    return result, {s["id"]: s for s in result.shown}


def reasons(subject: dict) -> str:
    return "\n".join(subject["reasons"])


def pending(subject: dict) -> dict[int, str]:
    return {p["level"]: p["reason"] for p in subject.get("pending", [])}


# --- TT 24/2023 ----------------------------------------------------------------------------------------

def test_tt24_level_two_only_after_a_level_one_decision_twelve_months_old(tmp_path):
    """Defect: without --registry a unit never recognised got level 2, its reason citing Art. 5.3 as if checked.
    TT 24/2023 Art. 2.11, 5.3 (district), 11.3 (province): level 2 is an upgrade of a unit recognised at level 1,
    at least 12 months after that decision. Every unit below meets every indicator of Art. 7 (Art. 13)."""
    rows = [unit("CQ-none", "co_quan"),                                  # no decision known
            unit("CQ-11", "co_quan", **{HISTORY: "01/01/2024"}),          # 11 months
            unit("CQ-12", "co_quan", **{HISTORY: "31/12/2023"}),          # 12 months
            unit("CQ-reg", "co_quan", **{HISTORY: "31/12/2023"})]         # the registry says 15/06/2024: 6 months
    _, got = score(tmp_path, HUYEN_TT24, HUYEN_COLUMNS, rows, history={"CQ-reg": date(2024, 6, 15)})
    assert {k: s["level"] for k, s in got.items()} == {"CQ-none": 1, "CQ-11": 1, "CQ-12": 2, "CQ-reg": 1}
    none = got["CQ-none"]
    assert "đủ tiêu chí mức độ 2; cần quyết định công nhận mức độ 1 đủ 12 tháng (điều 5 khoản 3" in pending(
        none)[2].casefold()
    assert "Đạt mức độ 2" not in reasons(none) and "đủ 12 tháng (" not in none["reasons"][0]  # nothing cited as met
    assert "mới 11 tháng" in pending(got["CQ-11"])[2]
    assert any("đã 12 tháng, đủ 12 tháng (Điều 5 khoản 3" in r for r in got["CQ-12"]["reasons"])
    assert got["CQ-reg"]["history"] == {"level_1_decision": "2024-06-15", "months": 6, "from": "so-cong-nhan"}
    # province: Art. 11.3
    rows = [unit("SO-none", "co_quan"), unit("SO-12", "co_quan", **{HISTORY: "2023-12-31"})]
    _, got = score(tmp_path, TINH_TT24, TINH_COLUMNS, rows)
    assert (got["SO-none"]["level"], got["SO-12"]["level"]) == (1, 2)
    assert "(Điều 11 khoản 3" in pending(got["SO-none"])[2]
    # the months are counted to 31/12 of the evaluation year: without it the sheet's dates cannot be used
    with pytest.raises(SheetError, match="--year"):
        score(tmp_path, HUYEN_TT24, HUYEN_COLUMNS, rows[:1], year=None)


def test_tt24_district_level_two_rests_on_article_7_alone(tmp_path):
    """Defect: level 2 re-tested the level-1 indicators, so an enterprise meeting every Art. 7 indicator without
    "Tập thể lao động tiên tiến" was denied. TT 24/2023 Art. 8.2: level 2 when every Art. 7 indicator holds;
    Art. 7.3.c asks 3.3 only of public bodies and public service units. Decisions of 20/03/2023: 21 months."""
    economic = {"1.3": "", "2.4a": "", "2.4b": "", "3.1b": "", "3.4": "", "3.3": "không đạt", HISTORY: "20/03/2023"}
    rows = [unit("KT", "to_chuc_kinh_te", **economic),
            unit("CQ", "co_quan", **{"3.1b": "", "3.4": "", "3.3": "không đạt", HISTORY: "20/03/2023"}),
            # 40% with a certificate misses Art. 6.2.d (50%), which level 2 does not re-test; 75% proficient ≥ 70%
            unit("CQ-24a", "co_quan", **{"3.1b": "", "3.4": "", "2.4a": "40", HISTORY: "20/03/2023"})]
    result, got = score(tmp_path, HUYEN_TT24, HUYEN_COLUMNS, rows)
    assert result.errors == []
    assert {k: s["level"] for k, s in got.items()} == {"KT": 2, "CQ": 0, "CQ-24a": 2}
    assert "chỉ tiêu 3.3: không đạt, cần đạt cho mức độ 1" in reasons(got["CQ"])
    # the same enterprise at province level: Art. 13.3.c asks 3.3 of every province unit
    _, got = score(tmp_path, TINH_TT24, TINH_COLUMNS, [unit("KT", "to_chuc_kinh_te", **economic)])
    assert got["KT"]["level"] == 0


def test_tt24_indicator_3_1_is_members_and_learners(tmp_path):
    """Defect: 3.1 was one column, read as learners for every school. TT 24/2023 Art. 6.3.a, 7.3.a: 90% / 95% of
    members (3.1a) for every unit, and 95% / 97% of learners (3.1b) for schools that have learners; Art. 2.8:
    children and pupils of preschools, primary and lower-secondary schools are not learners."""
    members_only = {"3.1a": "90", "3.1b": "", "2.1": "90", "2.2": "90", "2.3": "90", "2.5": "90"}
    rows = [unit("MN", "csgd_mam_non", **members_only, **{"3.4": ""}),
            unit("TH", "csgd_pho_thong", **{**members_only, "3.1b": "50", "3.4": "1"}),   # 3.1b not asked
            unit("NN-both", "csgd_nghe_nghiep", **{**members_only, "3.1b": "95", "3.4": "", "3.5": "đạt"}),
            unit("NN-949", "csgd_nghe_nghiep", **{**members_only, "3.1b": "94,9", "3.4": "", "3.5": "đạt"}),
            unit("NN-899", "csgd_nghe_nghiep", **{**members_only, "3.1a": "89,9", "3.1b": "99", "3.4": "",
                                                  "3.5": "đạt"}),
            unit("NN-empty", "csgd_nghe_nghiep", **{**members_only, "3.4": "", "3.5": "đạt"})]
    result, got = score(tmp_path, HUYEN_TT24, HUYEN_COLUMNS, rows)
    assert {k: s["level"] for k, s in got.items()} == {"MN": 1, "TH": 1, "NN-both": 1, "NN-949": 0, "NN-899": 0}
    assert "chỉ tiêu 3.1b: 94,9% < 95% cần cho mức độ 1" in reasons(got["NN-949"])
    assert "chỉ tiêu 3.1a: 89,9% < 90% cần cho mức độ 1" in reasons(got["NN-899"])
    assert [(e.row, e.column) for e in result.errors] == [(7, "3.1b")]  # a centre with learners must fill 3.1b


def test_tt24_indicator_2_4_is_certificates_then_proficiency(tmp_path):
    """Defect: one 2.4 column compared with 50% and 70%. TT 24/2023 Art. 6.2.d: 50% of members hold a
    certificate (2.4a, level 1); Art. 7.2.d: 70% have the proficiency the job needs (2.4b, level 2)."""
    rows = [unit("A", "co_quan", **{"3.1b": "", "3.4": "", "2.4a": "50", "2.4b": "69,9", HISTORY: "31/12/2023"}),
            unit("B", "co_quan", **{"3.1b": "", "3.4": "", "2.4a": "49,9", "2.4b": "69,9", HISTORY: "31/12/2023"}),
            unit("C", "co_quan", **{"3.1b": "", "3.4": "", "2.4a": "50", "2.4b": "70", HISTORY: "31/12/2023"})]
    _, got = score(tmp_path, HUYEN_TT24, HUYEN_COLUMNS, rows)
    assert {k: s["level"] for k, s in got.items()} == {"A": 1, "B": 0, "C": 2}
    assert "chỉ tiêu 2.4b: 69,9% < 70% cần cho mức độ 2" in reasons(got["A"])
    assert "chỉ tiêu 2.4a: 49,9% < 50% cần cho mức độ 1" in reasons(got["B"])


def test_tt24_non_public_schools_are_not_public_service_units(tmp_path):
    """Defect: private schools were scored as public bodies. TT 24/2023 Art. 6.1.c: 1.3 (state budget) only for
    "cơ quan, đơn vị sự nghiệp công lập"; Art. 7.3.c: district 3.3 at level 2 likewise. A private lower-secondary
    school leaves 1.3 empty and, with 15/06/2023's decision (18 months), gets level 2 without 3.3; the public one
    must give 1.3."""
    school = {"3.1b": "", "3.4": "2", "1.3": "", "3.3": "không đạt", HISTORY: "15/06/2023"}
    rows = [unit("TT", "csgd_pho_thong_tu_thuc", **school), unit("CL", "csgd_pho_thong", **school),
            unit("MN-TT", "csgd_mam_non_tu_thuc", **{"3.1b": "", "3.4": "", "1.3": "không đạt"})]
    result, got = score(tmp_path, HUYEN_TT24, HUYEN_COLUMNS, rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "1.3")]
    assert got["TT"]["level"] == 2
    indicators = {i["code"]: i for c in got["MN-TT"]["criteria"] for i in c["indicators"]}
    assert indicators["1.3"]["result"] == "không áp dụng"  # what is written there does not count
    assert got["MN-TT"]["level"] == 1 and 2 in pending(got["MN-TT"])  # no decision known: level 1 at most


# --- TT 25/2023 ----------------------------------------------------------------------------------------

HUYEN_TT25_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.2", "4.3"]  # Art. 11–12
TINH_TT25_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5",
                   "4.2", "4.3"]  # Art. 16–17


@pytest.mark.parametrize(("set_id", "codes", "article"), [
    ("cdht-xa-tt25-2023", None, "Điều 5 khoản 2, khoản 3"),
    ("cdht-huyen-tt25-2023", HUYEN_TT25_CODES, "Điều 10 khoản 2, khoản 3"),
    ("cdht-tinh-tt25-2023", TINH_TT25_CODES, "Điều 15 khoản 2, khoản 3"),
])
def test_tt25_level_two_only_twelve_months_after_level_one(tmp_path, set_id, codes, article):
    """Defect: TT 25/2023 communes, districts and provinces got level 2 with no level-1 decision. Art. 5, 10, 15
    cl. 2–3 (missing from our copy; secondary wording, cited as such): level 2 at least 12 months after the
    level-1 decision. Every subject below meets every level-2 indicator (Art. 7, 12, 17)."""
    if codes is None:
        columns = [*TT25_COLUMNS, HISTORY]
        rows = [tt25_level2(ma, **{HISTORY: day}) for ma, day in (("A", ""), ("B", "01/01/2024"), ("C", "31/12/2023"))]
    else:
        columns = ["ma", "ten", HISTORY, *codes, "4.1a", "4.1b"]
        rows = [{"ma": ma, "ten": ma, HISTORY: day, **{c: "đạt" for c in codes}, "4.1a": "100", "4.1b": "90"}
                for ma, day in (("A", ""), ("B", "01/01/2024"), ("C", "31/12/2023"))]
    _, got = score(tmp_path, set_id, columns, rows)
    assert {k: s["level"] for k, s in got.items()} == {"A": 1, "B": 1, "C": 2}
    assert f"cần quyết định công nhận mức độ 1 đủ 12 tháng ({article}" in pending(got["A"])[2]
    assert "lời văn thứ cấp" in pending(got["A"])[2] and "thuvienphapluat.vn" in pending(got["A"])[2]
    assert "mới 11 tháng" in pending(got["B"])[2]


def test_tt25_commune_note_no_longer_calls_the_wait_a_procedure():
    """Defect: criteria/cdht-xa-tt25-2023.yaml said the level-2 waiting time was "procedure, not a scoring
    condition". It is now a condition of level 2 (Art. 5 cl. 2–3), its secondary source named."""
    text = (CRITERIA_DIR / "cdht-xa-tt25-2023.yaml").read_text(encoding="utf-8")
    assert "không phải điều kiện chấm" not in text
    level_two = next(lv for lv in yaml.safe_load(text)["levels"] if lv["level"] == 2)
    assert level_two["months_after_lower"] == 12
    assert "thuvienphapluat.vn" in level_two["months_after_lower_source"]


def test_tt25_district_share_counts_every_commune_of_the_district(tmp_path):
    """Defect: indicator 4.1's share was taken over the communes found in the registry, and districts were matched
    by a part of their name. TT 25/2023 Art. 11.4.a: at least 90% of the district's communes recognised at level 1.
    Huyện Phú Lương has 10 communes (totals file), 9 recognised in 2023: 9/10 = 90%, met. Huyện Phú has 10, of
    which 8 recognised: 80%, not met; Huyện Phú Lương's communes are not Huyện Phú's."""
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    province = "Tỉnh Thái Nguyên"
    for district, prefix, count in (("Huyện Phú Lương", "PL", 9), ("Huyện Phú", "P", 8)):
        results = {"criteria": {"id": "cdht-xa-tt25-2023", "title": "Cộng đồng học tập cấp xã", "sha256": "-",
                                "year": 2023},
                   "subjects": [{"id": f"{prefix}-{i}", "name": f"Xã {prefix} {i}", "grade": None, "level": 1,
                                 "area": f"Xã {prefix} {i}, {district}, {province}", "recognised": True}
                                for i in range(1, count + 1)]}
        Registry(url).record(results, Decision(f"{prefix}/QĐ-PGDĐT", date(2024, 3, 1), province))
    totals = write_csv(tmp_path / "tong-so.csv", ["cap", "dia_ban", "danh_hieu", "tong_so"],
                       [["huyen", f"Huyện Phú Lương, {province}", "cdht-xa", "10"],
                        ["huyen", f"Huyện Phú, {province}", "cdht-xa", "10"]], delimiter=";")
    sheet = write_csv(tmp_path / "huyen.csv", ["ma", "ten", "dia_ban", *HUYEN_TT25_CODES],
                      [[ma, ten, province, *["đạt"] * len(HUYEN_TT25_CODES)]
                       for ma, ten in (("H-PL", "Huyện Phú Lương"), ("H-P", "Huyện Phú"))])
    out = tmp_path / "kq.json"
    base = ["score", str(sheet), "--criteria", "cdht-huyen-tt25-2023", "--year", str(YEAR), "--registry", url]
    done = runner.invoke(app, [*base, "--totals", str(totals), "--output", str(out)])
    assert done.exit_code == 0, done.output
    got = {s["id"]: s for s in json.loads(out.read_text(encoding="utf-8"))["subjects"]}
    assert (got["H-PL"]["level"], got["H-P"]["level"]) == (1, 0)
    share = next(i for c in got["H-PL"]["criteria"] for i in c["indicators"] if i["code"] == "4.1")
    assert share["input"].startswith("4.1a=9/10 xã") and "tong-so.csv" in share["input"]  # denominator named
    refused = runner.invoke(app, [*base, "--output", str(tmp_path / "khong.json")])
    assert refused.exit_code == 2 and not (tmp_path / "khong.json").exists()


# --- exact decimals ------------------------------------------------------------------------------------

def test_exact_decimals_are_compared_unrounded(tmp_path):
    """Defect: values reached the rules as doubles, so 84,99999999999999999 was 85 and 59,99999999999999999% was
    60%. TT 22/2020 Art. 6.3.b: Khá from 70 to under 85. TT 25/2023 Art. 6.5.a: at least 60%."""
    row = tt22_row("DV", i2c="10", i2d="5", i3a="14,99999999999999999", i3b="5", i3c="5")  # 45 + 15 + 24,99…
    _, got = score(tmp_path, "dvht-tt22-2020", TT22_COLUMNS, [row], year=None)
    assert (str(got["DV"]["total"]), got["DV"]["grade"]) == ("84.99999999999999999", "Khá")
    assert "Thiếu 0,00000000000000001 điểm để đạt loại Tốt" in reasons(got["DV"])
    _, got = score(tmp_path, "cdht-xa-tt25-2023", TT25_COLUMNS, [tt25_level1("XA", i5_1="59,99999999999999999")],
                   year=None)
    assert got["XA"]["level"] == 0
    assert "chỉ tiêu 5.1: 59,99999999999999999% < 60% cần cho mức độ 1" in reasons(got["XA"])


# --- illustrative sets ---------------------------------------------------------------------------------

def test_illustrative_results_carry_the_notice_and_are_never_recorded(tmp_path):
    """Defect: the notice of an example set reached the documents only. Every subject of the results, the terminal
    summary and --explain carry it, and `recognise record` refuses such results (nothing in the registry)."""
    sample = ROOT / "samples" / "gdht-vidu-ho-gia-dinh.csv"
    out = tmp_path / "vidu.json"
    done = runner.invoke(app, ["score", str(sample), "--criteria", "gdht-448-vidu", "--output", str(out),
                               "--explain", "HGD-048"])
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert f"{NOTICE}: Đã chấm 120 đối tượng" in text and text.count(NOTICE) >= 3
    subjects = json.loads(out.read_text(encoding="utf-8"))["subjects"]
    assert len(subjects) == 120 and all(s.get("notice") == NOTICE for s in subjects)
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    config = ROOT / "samples" / "trien-khai-minh-hoa.yaml"
    refused = runner.invoke(app, ["record", str(out), "--config", str(config), "--registry", url])
    assert refused.exit_code == 2 and NOTICE in " ".join(refused.output.split())
    assert not (tmp_path / "so.sqlite3").exists() or Registry(url).query() == []
