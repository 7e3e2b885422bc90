"""Scoring against hand-computed outcomes (TT 22/2020 points, TT 25/2023 commune and TT 24/2023 district
levels, with the 12-month wait before level 2), the result file format (spec/results.md), determinism and atomic
writes."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sheet_helpers import (
    HISTORY,
    TT22_COLUMNS,
    TT24_COLUMNS,
    TT24_COLUMNS_HISTORY,
    TT25_COLUMNS,
    tt22_row,
    tt24_level1,
    tt25_level1,
    tt25_level2,
    write_dict_sheet,
)

import engine.scoring.scorer
from engine.criteria.catalogue import CRITERIA_DIR, find
from engine.scoring.run import score_sheet


def by_id(result) -> dict[str, dict]:
    return {s["id"]: s for s in result.shown}


def folded(texts: list[str]) -> str:
    return " ".join(texts).casefold()


# --- TT 22/2020: points and grades (Art. 5 maxima, Art. 6 bands) ----------------------------

# (id, overrides, TC1, TC2, TC3, total, grade, recognised); the rest of each row is at its maximum
TT22_CASES = [
    ("T100", {}, 30, 30, 40, 100, "Tốt", True),
    ("T85", {"i3a": "10"}, 30, 30, 25, 85, "Tốt", True),                                  # 100 − 15
    ("T84_5", {"i3a": "9,5"}, 30, 30, 24.5, 84.5, "Khá", True),                           # 100 − 15.5
    ("T70", {"i3a": "0", "i3c": "0"}, 30, 30, 10, 70, "Khá", True),                       # 100 − 25 − 5
    ("T69_5", {"i3a": "0", "i3c": "0", "i2b": "4,5"}, 30, 29.5, 10, 69.5, "Trung bình", True),
    ("T50", {"i3a": "0", "i3b": "0", "i3c": "0", "i1a": "0"}, 20, 30, 0, 50, "Trung bình", True),
    ("T49_5", {"i3a": "0", "i3b": "0", "i3c": "0", "i1a": "0", "i1b": "9.5"}, 19.5, 30, 0, 49.5, "Chưa đạt", False),
    ("T0", {k: "0" for k in ("i1a", "i1b", "i1c", "i2a", "i2b", "i2c", "i2d", "i3a", "i3b", "i3c")},
     0, 0, 0, 0, "Chưa đạt", False),
    ("T77_25", {"i1a": "7,25", "i2c": "8.5", "i3a": "18,5", "i3c": "2"}, 27.25, 28.5, 30.5, 86.25, "Tốt", True),
]


@pytest.fixture(scope="module")
def tt22_result(tt22, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tt22")
    rows = [tt22_row(case[0], f"Đơn vị {case[0]}", **case[1]) for case in TT22_CASES]
    path = write_dict_sheet(tmp / "s.csv", TT22_COLUMNS, rows, delimiter=";")
    out = tmp / "r.json"
    result = score_sheet(path, tt22, outputs=[out])
    return result, json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("sid", "overrides", "tc1", "tc2", "tc3", "total", "grade", "recognised"), TT22_CASES,
                         ids=[c[0] for c in TT22_CASES])
def test_tt22_totals_and_grades(tt22_result, sid, overrides, tc1, tc2, tc3, total, grade, recognised):
    result, data = tt22_result
    for subject in (by_id(result)[sid], {s["id"]: s for s in data["subjects"]}[sid]):
        assert subject["total"] == total
        assert subject["max_total"] == 100
        assert subject["grade"] == grade
        assert subject["level"] is None
        assert subject["recognised"] is recognised
        assert [(c["code"], c["points"], c["max"]) for c in subject["criteria"]] == [
            ("TC1", tc1, 30), ("TC2", tc2, 30), ("TC3", tc3, 40)]


def test_tt22_summary(tt22_result):
    result, data = tt22_result
    assert result.errors == []
    assert data["summary"]["scored"] == 9
    assert data["summary"]["recognised"] == 7
    assert data["summary"]["rejected"] == 0


@pytest.mark.parametrize(("sid", "wanted"), [
    ("T84_5", "thiếu 0,5 điểm để đạt loại tốt"),
    ("T69_5", "thiếu 0,5 điểm để đạt loại khá"),
    ("T49_5", "thiếu 0,5 điểm để đạt loại trung bình"),
    ("T70", "thiếu 15 điểm để đạt loại tốt"),
])
def test_tt22_reason_says_what_is_missing(tt22_result, sid, wanted):
    result, _ = tt22_result
    assert wanted in folded(by_id(result)[sid]["reasons"])


def test_tt22_reasons_state_total_and_grade(tt22_result):
    result, _ = tt22_result
    reasons = folded(by_id(result)["T84_5"]["reasons"])
    assert "84,5" in reasons and "khá" in reasons
    top = folded(by_id(result)["T100"]["reasons"])
    assert "tốt" in top and "thiếu" not in top
    low = folded(by_id(result)["T49_5"]["reasons"])
    assert "49,5" in low and "chưa đạt" in low


def test_tt22_indicators_points_and_sources(tt22_result):
    result, _ = tt22_result
    subject = by_id(result)["T84_5"]
    indicators = [i for c in subject["criteria"] for i in c["indicators"]]
    assert [i["code"] for i in indicators] == ["1.a", "1.b", "1.c", "2.a", "2.b", "2.c", "2.d", "3.a", "3.b", "3.c"]
    got = {i["code"]: (i["input"], i["points"], i["max"]) for i in indicators}
    assert got["3.a"] == ("9,5", 9.5, 25)
    assert got["2.b"] == ("5", 5, 5)
    sources = {i["code"]: i["source"] for i in indicators}
    assert sources["1.a"] == "Điều 5 khoản 1 điểm a"
    assert sources["2.d"] == "Điều 5 khoản 2 điểm d"
    assert sources["3.c"] == "Điều 5 khoản 3 điểm c"
    for i in indicators:
        assert i["reason"]


def test_tt22_decimal_points_keep_exact_sums(tmp_path, tt22):
    # 0.1-style floats would drift: 3 × 3,3 + 0,1 = 10 exactly
    row = tt22_row("D", i1a="3,3", i1b="3.3", i1c="3,3", i2a="0,1", i2c="0", i3a="0", i3b="0", i3c="0")
    # TC1 9.9, TC2 0.1 + 5 + 0 + 5 = 10.1, TC3 0 → 20
    path = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, [row], delimiter=";")
    subject = score_sheet(path, tt22, outputs=[]).shown[0]
    assert [c["points"] for c in subject["criteria"]] == [9.9, 10.1, 0]
    assert subject["total"] == 20
    assert subject["grade"] == "Chưa đạt"


# --- TT 25/2023 commune (Art. 6–8) ----------------------------------------------------------
# Evaluation year 2024. Every commune below was recognised at level 1 on 15/01/2023 (23 whole months before
# 31/12/2024), unless its row says otherwise: level 2 then rests on Art. 7 and the 12 months of Art. 5 cl. 2–3.
TT25_YEAR = 2024
LEVEL_ONE_DECIDED = "15/01/2023"

TT25_CASES = [
    # id, row, level
    ("L1-exact", tt25_level1("L1-exact"), 1),
    ("L2-exact", tt25_level2("L2-exact"), 2),
    ("51-599", tt25_level1("51-599", i5_1="59,9"), 0),
    ("51-60", tt25_level1("51-60", i5_1="60"), 1),
    ("51-80-L2", tt25_level2("51-80-L2", i5_1="80"), 2),
    ("51-799", tt25_level2("51-799", i5_1="79,9"), 1),
    ("vkk-40-10", tt25_level1("vkk-40-10", i5_2a="40", i5_2b="10", vung_kho_khan="có"), 1),
    ("novkk-40-10", tt25_level1("novkk-40-10", i5_2a="40", i5_2b="10", vung_kho_khan="không"), 0),
    ("default-40-10", tt25_level1("default-40-10", i5_2a="40", i5_2b="10"), 0),
    ("vkk-399-10", tt25_level1("vkk-399-10", i5_2a="39,9", i5_2b="10", vung_kho_khan="có"), 0),
    ("vkk-40-99", tt25_level1("vkk-40-99", i5_2a="40", i5_2b="9,9", vung_kho_khan="có"), 0),
    ("50-119", tt25_level1("50-119", i5_2a="50", i5_2b="11,9"), 0),
    ("499-12", tt25_level1("499-12", i5_2a="49,9", i5_2b="12"), 0),
    ("vkk-L2-50-12", tt25_level2("vkk-L2-50-12", i5_2a="50", i5_2b="12", vung_kho_khan="có"), 2),
    ("L2-50-12", tt25_level2("L2-50-12", i5_2a="50", i5_2b="12"), 1),
    ("L2-60-149", tt25_level2("L2-60-149", i5_2b="14,9"), 1),
    ("42-2", tt25_level2("42-2", i4_2="2"), 1),
    ("42-3", tt25_level2("42-3", i4_2="3"), 2),
    ("42-1", tt25_level2("42-1", i4_2="mức độ 1"), 0),
    ("43-2", tt25_level2("43-2", i4_3="mức độ 2"), 1),
    ("44-1", tt25_level2("44-1", i4_4="1"), 1),
    ("44-2", tt25_level2("44-2", i4_4="2"), 2),
    ("44-0", tt25_level2("44-0", i4_4="0"), 0),
    ("41-no", tt25_level2("41-no", i4_1="không đạt"), 0),
    ("11-no", tt25_level2("11-no", i1_1="0"), 0),
    ("33-no", tt25_level2("33-no", i3_3="không"), 0),
    # the 12 months, counted to 31/12/2024: no decision known, 11 months (01/01/2024), exactly 12 (31/12/2023)
    ("L2-no-decision", tt25_level2("L2-no-decision", **{HISTORY: ""}), 1),
    ("L2-11-months", tt25_level2("L2-11-months", **{HISTORY: "01/01/2024"}), 1),
    ("L2-12-months", tt25_level2("L2-12-months", **{HISTORY: "2023-12-31"}), 2),
]


@pytest.fixture(scope="module")
def tt25_result(tt25, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tt25")
    rows = [{HISTORY: LEVEL_ONE_DECIDED, **c[1]} for c in TT25_CASES]
    path = write_dict_sheet(tmp / "s.csv", [*TT25_COLUMNS, HISTORY], rows, delimiter=";")
    out = tmp / "r.json"
    result = score_sheet(path, tt25, outputs=[out], year=TT25_YEAR)
    return result, json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("sid", "level"), [(c[0], c[2]) for c in TT25_CASES], ids=[c[0] for c in TT25_CASES])
def test_tt25_commune_levels(tt25_result, sid, level):
    result, data = tt25_result
    assert result.errors == []
    for subject in (by_id(result)[sid], {s["id"]: s for s in data["subjects"]}[sid]):
        assert subject["level"] == level
        assert subject["recognised"] is (level >= 1)
        assert subject["grade"] is None
        assert subject["total"] is None
        assert subject["max_total"] is None


def test_tt25_reason_names_the_shortfall(tt25_result):
    result, _ = tt25_result
    reasons = " ".join(by_id(result)["51-599"]["reasons"])
    assert "5.1: 59,9% < 60%" in reasons
    assert "TC5" in reasons
    reasons = " ".join(by_id(result)["50-119"]["reasons"])
    assert "5.2b: 11,9% < 12%" in reasons
    reasons = " ".join(by_id(result)["42-2"]["reasons"])  # level 1, not level 2
    assert "4.2" in reasons and "TC4" in reasons


def test_tt25_level_two_waits_for_twelve_months(tt25_result):
    """Art. 5 cl. 2–3 (secondary wording): the level-2 criteria met, level 2 is held back, and the subject says why."""
    result, data = tt25_result
    subjects = {s["id"]: s for s in data["subjects"]}
    none, eleven, twelve = subjects["L2-no-decision"], subjects["L2-11-months"], subjects["L2-12-months"]
    assert none["history"] == {"level_1_decision": None, "months": None, "from": None}
    assert [p["level"] for p in none["pending"]] == [2]
    assert "chưa có quyết định công nhận mức độ 1" in none["pending"][0]["reason"]
    assert eleven["history"] == {"level_1_decision": "2024-01-01", "months": 11, "from": "bang-diem"}
    assert "mới 11 tháng" in eleven["pending"][0]["reason"]
    assert twelve["history"]["months"] == 12 and "pending" not in twelve
    assert any("đã 12 tháng, đủ 12 tháng" in r for r in twelve["reasons"])
    assert subjects["L2-exact"]["history"]["months"] == 23


def test_tt25_levels_per_criterion(tt25_result):
    result, _ = tt25_result
    subject = by_id(result)["51-799"]  # level 1; TC5 misses level 2 only
    met = {c["code"]: c["met"] for c in subject["criteria"]}
    assert met == {"TC1": [1, 2], "TC2": [1, 2], "TC3": [1, 2], "TC4": [1, 2], "TC5": [1]}
    indicators = {i["code"]: i for c in subject["criteria"] for i in c["indicators"]}
    assert indicators["5.1"]["source"] == "Điều 6 khoản 5 điểm a; Điều 7 khoản 5 điểm a"
    assert indicators["4.2"]["source"] == "Điều 6 khoản 4 điểm b; Điều 7 khoản 4 điểm b"


def test_tt25_summary(tt25_result):
    _, data = tt25_result
    granted = sum(1 for c in TT25_CASES if c[2] >= 1)
    assert data["summary"]["scored"] == len(TT25_CASES)
    assert data["summary"]["recognised"] == granted
    assert data["summary"]["rejected"] == 0


# --- TT 24/2023 district units (Art. 6–8) ---------------------------------------------------

def test_tt24_level_one_by_unit_kind(tmp_path, tt24):
    rows = [
        # 1.3 (public bodies only), 2.4a/2.4b (not economic organisations), 3.1b (learners), 3.4, 3.5: not applicable
        tt24_level1("KT-1", "to_chuc_kinh_te", **{"2.4a": "", "2.4b": "", "1.3": "", "3.1b": "", "3.4": "", "3.5": ""}),
        tt24_level1("KT-2", "to_chuc_kinh_te", **{"2.4a": "", "2.4b": "", "2.1": "89,9"}),     # 2.1 < 90
        tt24_level1("CQ-1", "co_quan", **{"3.1b": "", "3.4": "", "3.5": ""}),
        tt24_level1("CQ-2", "co_quan", **{"2.4a": "49,9"}),                                     # 2.4a < 50
        tt24_level1("CQ-3", "co_quan", **{"3.1a": "90"}),
        tt24_level1("CQ-4", "co_quan", **{"3.1a": "89,9"}),                                     # 3.1a < 90
        # lower-secondary and primary pupils are not learners (Art. 2.8): 3.1b is not asked of a school
        tt24_level1("PT-90", "csgd_pho_thong", **{"3.1a": "90", "3.1b": "", "3.5": ""}),
        tt24_level1("PT-899", "csgd_pho_thong", **{"3.1a": "89,9"}),
        tt24_level1("PT-34", "csgd_pho_thong", **{"3.4": "0"}),                                 # digital level < 1
        tt24_level1("MN-1", "csgd_mam_non", **{"3.1b": "", "3.4": "", "3.5": ""}),
        tt24_level1("NN-95", "csgd_nghe_nghiep", **{"3.1b": "95", "3.4": ""}),
        tt24_level1("NN-949", "csgd_nghe_nghiep", **{"3.1b": "94,9"}),                          # learners < 95
        tt24_level1("NN-no35", "csgd_nghe_nghiep", **{"3.5": "không đạt"}),
        # non-public: 1.3 does not apply (Art. 6.1.c)
        tt24_level1("TT-13", "csgd_pho_thong_tu_thuc", **{"1.3": ""}),
        tt24_level1("XH-13", "to_chuc_xa_hoi", **{"1.3": ""}),
    ]
    path = write_dict_sheet(tmp_path / "s.csv", TT24_COLUMNS, rows, delimiter=";")
    result = score_sheet(path, tt24, outputs=[])
    assert result.errors == []
    levels = {s["id"]: s["level"] for s in result.shown}
    assert levels == {
        "KT-1": 1, "KT-2": 0,
        "CQ-1": 1, "CQ-2": 0, "CQ-3": 1, "CQ-4": 0,
        "PT-90": 1, "PT-899": 0, "PT-34": 0, "MN-1": 1,
        "NN-95": 1, "NN-949": 0, "NN-no35": 0,
        "TT-13": 1, "XH-13": 1,
    }
    subject = by_id(result)["KT-1"]
    indicators = {i["code"]: i for c in subject["criteria"] for i in c["indicators"]}
    assert indicators["2.4"]["result"] == "không áp dụng" and indicators["1.3"]["result"] == "không áp dụng"


def test_tt24_level_two_rests_on_article_7_and_a_level_one_decision_12_months_old(tmp_path, tt24):
    """Art. 8.2: level 2 when every Art. 7 indicator holds; Art. 5.3: 12 months after the level-1 decision,
    counted to 31/12/2024. Every row but the last two was recognised at level 1 on 31/12/2023 (12 months)."""
    high = {c: "95" for c in ("2.1", "2.2", "2.3", "2.5", "3.1a")} | {HISTORY: "31/12/2023"}
    rows = [
        tt24_level1("CQ-L2", "co_quan", **{**high, "2.4b": "70"}),
        tt24_level1("CQ-699", "co_quan", **{**high, "2.4b": "69,9"}),                     # Art. 7.2.d: 70%
        tt24_level1("CQ-24a", "co_quan", **{**high, "2.4a": "40", "2.4b": "70"}),         # Art. 6.2.d not re-tested
        tt24_level1("CQ-949", "co_quan", **{**high, "2.4b": "70", "3.1a": "94,9"}),
        tt24_level1("PT-L2", "csgd_pho_thong", **{**high, "2.4b": "70", "3.4": "mức độ 2"}),
        tt24_level1("PT-34", "csgd_pho_thong", **{**high, "2.4b": "70", "3.4": "1"}),      # Art. 7.3.d: level 2
        tt24_level1("NN-L2", "csgd_nghe_nghiep", **{**high, "2.4b": "70", "3.1b": "97"}),
        tt24_level1("NN-969", "csgd_nghe_nghiep", **{**high, "2.4b": "70", "3.1b": "96,9"}),  # Art. 7.3.a: 97%
        # Art. 7.3.c: 3.3 at level 2 only for public bodies and public service units
        tt24_level1("KT-33", "to_chuc_kinh_te", **{**high, "2.4a": "", "2.4b": "", "3.3": "không đạt"}),
        tt24_level1("TT-33", "csgd_pho_thong_tu_thuc", **{**high, "1.3": "", "2.4b": "70", "3.4": "2",
                                                           "3.3": "không đạt"}),
        tt24_level1("CQ-33", "co_quan", **{**high, "2.4b": "70", "3.3": "không đạt"}),
        # history: none known, 11 months (01/01/2024)
        tt24_level1("CQ-none", "co_quan", **{**high, "2.4b": "70", HISTORY: ""}),
        tt24_level1("CQ-11", "co_quan", **{**high, "2.4b": "70", HISTORY: "01/01/2024"}),
    ]
    path = write_dict_sheet(tmp_path / "s.csv", TT24_COLUMNS_HISTORY, rows)
    result = score_sheet(path, tt24, outputs=[], year=2024)
    assert result.errors == []
    assert {s["id"]: s["level"] for s in result.shown} == {
        "CQ-L2": 2, "CQ-699": 1, "CQ-24a": 2, "CQ-949": 1, "PT-L2": 2, "PT-34": 1, "NN-L2": 2, "NN-969": 1,
        "KT-33": 2, "TT-33": 2, "CQ-33": 0, "CQ-none": 1, "CQ-11": 1}
    pending = {s["id"]: [p["level"] for p in s.get("pending", [])] for s in result.shown}
    assert {k for k, v in pending.items() if v} == {"CQ-none", "CQ-11"}
    assert all(v == [2] for v in pending.values() if v)


# --- result files ---------------------------------------------------------------------------

def _mixed_sheet(tmp: Path) -> Path:
    rows = [tt22_row("DV-01", "Trường Tiểu học Hòa Bình"), tt22_row("DV-02", i3a="9,5"),
            tt22_row("DV-03", i1a="abc"), tt22_row("DV-04", i3a="0", i3b="0", i3c="0", i1a="0", i1b="9,5")]
    return write_dict_sheet(tmp / "s.csv", TT22_COLUMNS, rows, delimiter=";")


def test_json_keys_and_criteria_header(tmp_path, tt22):
    out = tmp_path / "r.json"
    score_sheet(_mixed_sheet(tmp_path), tt22, outputs=[out])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"criteria", "subjects", "errors", "summary"} <= set(data)
    crit = data["criteria"]
    assert crit["id"] == "dvht-tt22-2020"
    assert crit["title"] == "Đơn vị học tập"
    assert crit["status"] == "official"
    assert crit["source"] == "Thông tư số 22/2020/TT-BGDĐT"
    assert crit["sha256"] == hashlib.sha256((CRITERIA_DIR / "dvht-tt22-2020.yaml").read_bytes()).hexdigest()
    assert len(data["subjects"]) == 3
    for s in data["subjects"]:
        assert {"id", "name", "area", "total", "max_total", "grade", "level", "recognised", "criteria",
                "reasons"} <= set(s)
        assert isinstance(s["reasons"], list) and s["reasons"]
        for c in s["criteria"]:
            assert {"code", "points", "max", "indicators"} <= set(c)
            for i in c["indicators"]:
                assert {"code", "input", "points", "max", "reason", "source"} <= set(i)
    assert [(s["id"], s["name"], s["area"], s["total"], s["grade"], s["recognised"]) for s in data["subjects"]] == [
        ("DV-01", "Trường Tiểu học Hòa Bình", "Xã A", 100, "Tốt", True),
        ("DV-02", "Đơn vị", "Xã A", 84.5, "Khá", True),
        ("DV-04", "Đơn vị", "Xã A", 49.5, "Chưa đạt", False),
    ]
    assert [(e["row"], e["column"], e["value"]) for e in data["errors"]] == [(4, "1.a", "abc")]
    assert data["errors"][0]["message"]
    summary = data["summary"]
    assert (summary["scored"], summary["recognised"], summary["rejected"]) == (3, 2, 1)


def test_json_is_utf8_without_escapes(tmp_path, tt22):
    out = tmp_path / "r.json"
    score_sheet(_mixed_sheet(tmp_path), tt22, outputs=[out])
    raw = out.read_bytes()
    assert "Hòa Bình".encode() in raw
    assert b"\\u" not in raw


def test_sha256_follows_the_file_given(tmp_path):
    # a province's own copy of a set, given by path: the hash is of that file's bytes
    copy = tmp_path / "tinh.yaml"
    text = (CRITERIA_DIR / "dvht-tt22-2020.yaml").read_text(encoding="utf-8") + "\n# bản của tỉnh\n"
    copy.write_text(text, encoding="utf-8")
    loaded = find(str(copy))
    out = tmp_path / "r.json"
    score_sheet(_mixed_sheet(tmp_path), loaded, outputs=[out])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["criteria"]["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert data["criteria"]["sha256"] != hashlib.sha256((CRITERIA_DIR / "dvht-tt22-2020.yaml").read_bytes()).hexdigest()


def test_levels_json_header(tmp_path, tt25):
    out = tmp_path / "r.json"
    rows = [tt25_level2("X-01", **{HISTORY: "15/01/2023"}), tt25_level2("X-02")]
    path = write_dict_sheet(tmp_path / "s.csv", [*TT25_COLUMNS, HISTORY], rows)
    score_sheet(path, tt25, outputs=[out], year=2024)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["criteria"]["source"] == "Thông tư số 25/2023/TT-BGDĐT"
    assert data["criteria"]["sha256"] == hashlib.sha256((CRITERIA_DIR / "cdht-xa-tt25-2023.yaml").read_bytes()).hexdigest()
    s, held = data["subjects"]
    assert (s["total"], s["max_total"], s["grade"], s["level"], s["recognised"]) == (None, None, None, 2, True)
    # 15/01/2023 to 31/12/2024: 23 whole months, from the sheet
    assert s["history"] == {"level_1_decision": "2023-01-15", "months": 23, "from": "bang-diem"}
    assert "pending" not in s
    # X-02 meets Art. 7 with no level-1 decision known: level 1, level 2 pending with its reason
    assert (held["level"], held["recognised"]) == (1, True)
    assert held["history"] == {"level_1_decision": None, "months": None, "from": None}
    assert [p["level"] for p in held["pending"]] == [2] and held["pending"][0]["reason"]


def test_output_is_deterministic(tmp_path, tt22):
    sheet = _mixed_sheet(tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    copy = shutil.copy(sheet, other / "copy.csv")
    outs = []
    for n, src in enumerate([sheet, sheet, Path(copy)]):
        paths = [tmp_path / f"r{n}.json", tmp_path / f"r{n}.csv", tmp_path / f"r{n}.xlsx"]
        score_sheet(src, tt22, outputs=paths)
        outs.append(paths)
    for k in range(2):  # JSON and CSV byte for byte
        assert outs[0][k].read_bytes() == outs[1][k].read_bytes() == outs[2][k].read_bytes()
    from openpyxl import load_workbook

    def cells(p: Path):
        book = load_workbook(p, read_only=True)
        try:
            return [[list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets]
        finally:
            book.close()

    assert cells(outs[0][2]) == cells(outs[1][2]) == cells(outs[2][2])


def test_csv_output_readable_with_semicolons(tmp_path, tt22):
    out = tmp_path / "r.csv"
    score_sheet(_mixed_sheet(tmp_path), tt22, outputs=[out])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    header = rows[0]
    assert header[0] == "ma"
    body = {r[0]: r for r in rows[1:] if r[0]}
    assert {"DV-01", "DV-02", "DV-04"} <= set(body)
    assert "84,5" in body["DV-02"]          # decimal comma
    assert "Khá" in body["DV-02"]
    assert "Chưa đạt" in body["DV-04"]
    assert any("abc" in cell for r in rows[1:] for cell in r)  # the rejected row is listed


def test_atomic_write_when_scoring_fails_midway(tmp_path, tt22, monkeypatch):
    rows = [tt22_row(f"DV-{i:02d}") for i in range(1, 7)]
    sheet = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, rows)
    outs = [tmp_path / "r.json", tmp_path / "r.csv", tmp_path / "r.xlsx"]
    before = {p: f"kết quả cũ của {p.name}".encode() for p in outs}
    for p, data in before.items():
        p.write_bytes(data)

    real = engine.scoring.scorer.Scorer.score
    calls = {"n": 0}

    def failing(self, row):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("mất điện giữa chừng")
        return real(self, row)

    monkeypatch.setattr(engine.scoring.scorer.Scorer, "score", failing)
    with pytest.raises(RuntimeError, match="mất điện"):
        score_sheet(sheet, tt22, outputs=outs)
    assert calls["n"] == 3
    for p, data in before.items():
        assert p.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.json", "r.xlsx", "s.csv"]


def test_atomic_write_creates_nothing_when_interrupted(tmp_path, tt22, monkeypatch):
    rows = [tt22_row(f"DV-{i:02d}") for i in range(1, 7)]
    sheet = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, rows)

    class Interrupted(BaseException):  # like Ctrl-C: not an Exception
        pass

    def failing(self, row):
        raise Interrupted

    monkeypatch.setattr(engine.scoring.scorer.Scorer, "score", failing)
    with pytest.raises(Interrupted):
        score_sheet(sheet, tt22, outputs=[tmp_path / "r.json", tmp_path / "r.csv", tmp_path / "r.xlsx"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.csv"]


def test_rescoring_replaces_output(tmp_path, tt22):
    out = tmp_path / "r.json"
    out.write_text("cũ", encoding="utf-8")
    score_sheet(_mixed_sheet(tmp_path), tt22, outputs=[out])
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["scored"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "s.csv"]


def test_xlsx_output_is_byte_identical_across_runs(tmp_path, tt22):
    """spec/results.md: the same sheet and criteria give byte-identical files — .xlsx included."""
    import time

    sheet = _mixed_sheet(tmp_path)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    score_sheet(sheet, tt22, outputs=[first])
    time.sleep(2.1)  # zip entries carry a 2-second timestamp, docProps a 1-second one
    score_sheet(sheet, tt22, outputs=[second])
    assert first.read_bytes() == second.read_bytes()


def test_xlsx_output_keeps_sheet_text_as_text(tmp_path, tt22):
    """A name or a bad value that begins with '=' is text from the board, never a formula in the results."""
    from openpyxl import load_workbook

    rows = [tt22_row("DV-01", '=HYPERLINK("http://example.invalid","bấm vào đây")'),
            tt22_row("=2+3", "Đơn vị B", i3c="=1+1")]
    sheet = write_dict_sheet(tmp_path / "s.csv", TT22_COLUMNS, rows)
    out = tmp_path / "r.xlsx"
    score_sheet(sheet, tt22, outputs=[out])
    book = load_workbook(out)  # not read-only: data_type tells a formula from a string
    formulas = [(ws.title, c.coordinate, c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r
                if c.data_type == "f"]
    texts = [c.value for ws in book.worksheets for r in ws.iter_rows() for c in r]
    assert formulas == []
    assert '=HYPERLINK("http://example.invalid","bấm vào đây")' in texts
