"""The shipped criteria files: they load, their numbers add up and equal the numbers of the law.

Sums are recomputed here from the raw YAML (yaml.safe_load), independently of the engine. The
legal numbers are written in this file by hand, copied from the legal texts (TT 22/2020 Điều 6,
TT 25/2023 Điều 6 và Điều 7); the files must agree with them.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from engine.criteria import catalogue
from engine.criteria.load import load_file
from engine.criteria.model import EXAMPLE_NOTICE

CRITERIA_DIR = Path(__file__).resolve().parent.parent / "criteria"
LEGAL_DIR = Path(__file__).resolve().parent / "legal"  # the circulars, verbatim

# spec/criteria.md: the sets the project ships, with their status
SPEC_SETS: dict[str, str] = {
    "dvht-tt22-2020": "official",
    "dvht-huyen-tt24-2023": "official",
    "dvht-tinh-tt24-2023": "official",
    "cdht-xa-tt25-2023": "official",
    "cdht-huyen-tt25-2023": "official",
    "cdht-tinh-tt25-2023": "official",
    "cdht-xa-tt44-2014": "draft",
    "gdht-448-2015": "draft",
    "dhht-448-2015": "draft",
    "cdht-thon-448-2015": "draft",
    "dvht-co-so-448-2015": "draft",
    "cdhtcd-324-2023": "draft",
}
EXAMPLE_ID = "gdht-448-vidu"  # the illustrative set shipped for the samples


def _files() -> list[Path]:
    return sorted(CRITERIA_DIR.glob("*.yaml"))


def _raw(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


RAW: dict[str, dict] = {p.stem: _raw(p) for p in _files()}


def _by_status(status: str, scheme: str | None = None) -> list[str]:
    return sorted(stem for stem, d in RAW.items()
                  if d.get("status") == status and (scheme is None or d.get("scheme") == scheme))


def _indicator(data: dict, code: str) -> dict:
    found = [i for c in data["criteria"] for i in c["indicators"] if str(i["code"]) == code]
    assert len(found) == 1, f"chỉ tiêu {code!r}: {len(found)} lần"
    return found[0]


def _variant(variants: list[dict], kho_khan: bool) -> dict:
    """The variant for a commune in (or not in) a vùng khó khăn: the one naming it, else the default."""
    for v in variants:
        when = v.get("when") or {}
        if kho_khan and "co" in when.get("vung_kho_khan", []):
            return v
    defaults = [v for v in variants if not v.get("when")]
    assert len(defaults) == 1
    return defaults[0]


def _d(x) -> Decimal:
    return Decimal(str(x))


# --- loading ----------------------------------------------------------------------------------

def test_every_shipped_file_is_in_the_catalogue():
    loaded = catalogue.shipped()
    assert sorted(s.path.name for s in loaded) == [p.name for p in _files()]
    assert len({s.criteria.id for s in loaded}) == len(loaded)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_each_file_loads(path: Path):
    loaded = load_file(path)
    assert loaded.criteria.id == path.stem
    assert len(loaded.sha256) == 64


def test_the_sets_of_the_spec_are_shipped_with_their_status():
    ids = {s.criteria.id: s.criteria.status for s in catalogue.shipped()}
    missing = sorted(set(SPEC_SETS) - set(ids))
    assert not missing, f"bộ tiêu chí chưa có: {missing}"
    assert {i: ids[i] for i in SPEC_SETS} == SPEC_SETS


@pytest.mark.parametrize("stem", sorted(RAW), ids=str)
def test_id_matches_file_name(stem: str):
    assert RAW[stem]["id"] == stem


def test_sets_outside_the_spec_are_only_examples():
    extra = {stem: d["status"] for stem, d in RAW.items() if stem not in SPEC_SETS}
    assert all(status == "example" for status in extra.values()), extra


def test_the_example_set_is_marked_example():
    assert EXAMPLE_ID in RAW
    assert RAW[EXAMPLE_ID]["status"] == "example"
    cs = catalogue.find(EXAMPLE_ID).criteria
    assert cs.status == "example"
    assert cs.notice == EXAMPLE_NOTICE


# --- sums of maxima (recomputed from the raw YAML) -----------------------------------------------

COMPLETE_POINTS = _by_status("official", "points") + _by_status("example", "points")


def test_there_is_an_official_points_set():
    assert "dvht-tt22-2020" in _by_status("official", "points")


@pytest.mark.parametrize("stem", COMPLETE_POINTS, ids=str)
def test_indicator_maxima_add_up_to_criterion_max(stem: str):
    data = RAW[stem]
    for crit in data["criteria"]:
        maxima = [ind.get("max") for ind in crit["indicators"]]
        assert None not in maxima, f"{stem} {crit['code']}: chỉ số thiếu điểm tối đa"
        assert sum(map(_d, maxima)) == _d(crit["max"]), f"{stem} {crit['code']}"


@pytest.mark.parametrize("stem", COMPLETE_POINTS, ids=str)
def test_criterion_maxima_add_up_to_max_total(stem: str):
    data = RAW[stem]
    assert sum(_d(c["max"]) for c in data["criteria"]) == _d(data["max_total"])
    indicators = sum(_d(i["max"]) for c in data["criteria"] for i in c["indicators"])
    assert indicators == _d(data["max_total"])


def test_tt22_maxima_are_those_of_the_law():
    # TT 22/2020 Điều 5: TC1 30 (10+10+10), TC2 30 (10+5+10+5), TC3 40 (25+10+5); tổng 100
    data = RAW["dvht-tt22-2020"]
    got = {c["code"]: (c["max"], [(str(i["code"]), i["max"]) for i in c["indicators"]]) for c in data["criteria"]}
    assert got == {
        "TC1": (30, [("1.a", 10), ("1.b", 10), ("1.c", 10)]),
        "TC2": (30, [("2.a", 10), ("2.b", 5), ("2.c", 10), ("2.d", 5)]),
        "TC3": (40, [("3.a", 25), ("3.b", 10), ("3.c", 5)]),
    }
    assert data["max_total"] == 100


# --- numbers of the law ---------------------------------------------------------------------------

# TT 22/2020 Điều 6 khoản 3: Tốt từ 85 đến 100; Khá từ 70 đến dưới 85; Trung bình từ 50 đến dưới 70.
TT22_BANDS = [("Tốt", 85, None), ("Khá", 70, 85), ("Trung bình", 50, 70)]


def test_tt22_grade_bands_are_those_of_the_law():
    data = RAW["dvht-tt22-2020"]
    got = [(unicodedata.normalize("NFC", g["name"]), g["min"], g.get("below")) for g in data["grades"]]
    assert got == TT22_BANDS
    assert all(g["recognised"] is True for g in data["grades"])
    assert data["fail_grade"] == "Chưa đạt"


# TT 25/2023 Điều 6 (mức độ 1) và Điều 7 (mức độ 2), khoản 4 và 5
TT25_XA_LEVEL_INPUTS = {"4.2": {1: 2, 2: 3}, "4.3": {1: 2, 2: 3}, "4.4": {1: 1, 2: 2}}
TT25_XA_5_1 = {1: 60, 2: 80}
TT25_XA_5_2 = {  # (mức độ, vùng khó khăn) → (% đào tạo chuyên môn kỹ thuật, % đại học trở lên)
    (1, False): (50, 12), (1, True): (40, 10),
    (2, False): (60, 15), (2, True): (50, 12),
}


def test_tt25_commune_5_1_thresholds():
    levels = _indicator(RAW["cdht-xa-tt25-2023"], "5.1")["levels"]
    assert sorted(levels) == [1, 2]
    for level, percent in TT25_XA_5_1.items():
        assert len(levels[level]) == 1 and not levels[level][0].get("when")
        assert levels[level][0]["require"] == {"5.1": percent}


def test_tt25_commune_5_2_thresholds_with_vung_kho_khan():
    data = RAW["cdht-xa-tt25-2023"]
    attr = [a for a in data["attributes"] if a["key"] == "vung_kho_khan"]
    assert len(attr) == 1 and "vùng khó khăn" in unicodedata.normalize("NFC", attr[0]["label"])
    ind = _indicator(data, "5.2")
    keys = [i["key"] for i in ind["inputs"]]
    assert keys == ["5.2a", "5.2b"]
    for (level, kho_khan), (trained, university) in TT25_XA_5_2.items():
        variant = _variant(ind["levels"][level], kho_khan)
        assert variant["require"] == {"5.2a": trained, "5.2b": university}, (level, kho_khan)


@pytest.mark.parametrize("code", sorted(TT25_XA_LEVEL_INPUTS))
def test_tt25_commune_universal_education_levels(code: str):
    ind = _indicator(RAW["cdht-xa-tt25-2023"], code)
    assert ind["kind"] == "level"
    got = {lv: variants[0]["require"][code] for lv, variants in ind["levels"].items()}
    assert got == TT25_XA_LEVEL_INPUTS[code]
    assert all(len(v) == 1 and not v[0].get("when") for v in ind["levels"].values())


def test_tt25_commune_thresholds_hold_in_the_loaded_model():
    cs = catalogue.find("cdht-xa-tt25-2023").criteria
    ind = next(i for _, i in cs.indicators() if i.code == "5.2")
    assert ind.levels is not None
    kho_khan = next(v for v in ind.levels[1] if v.when)
    assert kho_khan.when == {"vung_kho_khan": ["co"]}
    assert kho_khan.require == {"5.2a": 40, "5.2b": 10}


def _legal(name: str) -> str:
    return unicodedata.normalize("NFC", (LEGAL_DIR / name).read_text(encoding="utf-8"))


def test_hard_coded_numbers_are_written_in_the_legal_texts():
    """The numbers above are the law's: the sentences that carry them are in the legal texts."""
    tt22 = _legal("tt22-2020.md")
    for sentence in ("từ 85 điểm đến 100 điểm", "từ 70 điểm đến dưới 85 điểm", "từ 50 điểm đến dưới 70 điểm"):
        assert sentence in tt22
    tt25 = _legal("tt25-2023.md")
    for sentence in (
        "Có ít nhất 60% công dân trong xã đạt danh hiệu",
        "Có ít nhất 80% công dân trong xã đạt danh hiệu",
        "Có ít nhất 50% công dân trong xã được đào tạo trình độ chuyên môn kỹ thuật; trong đó, "
        "có ít nhất 12% công dân trong xã có trình độ đại học trở lên. Đối với xã thuộc vùng khó khăn "
        "có ít nhất 40% công dân trong xã được đào tạo trình độ chuyên môn kỹ thuật; trong đó, "
        "có ít nhất 10% công dân",
        "Có ít nhất 60% công dân trong xã được đào tạo trình độ chuyên môn kỹ thuật; trong đó, "
        "có ít nhất 15% công dân trong xã có trình độ đại học trở lên. Đối với xã thuộc vùng khó khăn "
        "có ít nhất 50% công dân trong xã được đào tạo trình độ chuyên môn kỹ thuật; trong đó, "
        "có ít nhất 12% công dân",
        "phổ cập giáo dục tiểu học mức độ 2", "phổ cập giáo dục tiểu học mức độ 3",
        "phổ cập giáo dục trung học cơ sở mức độ 2", "phổ cập giáo dục trung học cơ sở mức độ 3",
        "Xã đạt chuẩn xóa mù chữ mức độ 1", "Xã đạt chuẩn xóa mù chữ mức độ 2",
    ):
        assert sentence in tt25, sentence


# --- sources, drafts ------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", _by_status("official"), ids=str)
def test_official_indicators_cite_an_article(stem: str):
    for crit in RAW[stem]["criteria"]:
        for ind in crit["indicators"]:
            source = ind.get("source")
            assert isinstance(source, str) and source.strip(), f"{stem} {ind['code']}: thiếu source"
            assert source.startswith("Điều"), f"{stem} {ind['code']}: {source!r}"


def test_official_sets_are_those_of_the_spec():
    assert _by_status("official") == sorted(i for i, s in SPEC_SETS.items() if s == "official")


@pytest.mark.parametrize("stem", _by_status("draft"), ids=str)
def test_draft_sets_say_what_is_missing(stem: str):
    missing = RAW[stem].get("missing")
    assert isinstance(missing, list) and missing
    for item in missing:
        assert str(item.get("what", "")).strip() and str(item.get("source", "")).strip()


def test_drafts_are_present():
    assert _by_status("draft") == sorted(i for i, s in SPEC_SETS.items() if s == "draft")


# --- dates and choice by title ---------------------------------------------------------------------

def test_tt22_ends_the_day_before_tt24_starts():
    assert RAW["dvht-tt22-2020"]["effective_from"] == date(2020, 9, 21)
    assert RAW["dvht-tt22-2020"]["effective_until"] == date(2024, 1, 25)
    assert RAW["dvht-huyen-tt24-2023"]["effective_from"] == date(2024, 1, 26)
    assert RAW["dvht-tinh-tt24-2023"]["effective_from"] == date(2024, 1, 26)
    assert RAW["cdht-xa-tt25-2023"]["effective_from"] == date(2024, 2, 12)
    assert RAW["cdht-xa-tt44-2014"]["effective_until"] == date(2024, 2, 11)


def test_for_title_2023_gives_tt22():
    assert [s.criteria.id for s in catalogue.for_title("Đơn vị học tập", 2023)] == ["dvht-tt22-2020"]


def test_for_title_2024_gives_the_tt24_sets():
    got = sorted(s.criteria.id for s in catalogue.for_title("Đơn vị học tập", 2024))
    assert got == ["dvht-huyen-tt24-2023", "dvht-tinh-tt24-2023"]


@pytest.mark.parametrize("title", [
    unicodedata.normalize("NFD", "Đơn vị học tập"),  # decomposed, as some keyboards type it
    "ĐƠN VỊ HỌC TẬP",
    "  đơn  vị học tập ",
])
def test_for_title_ignores_unicode_form_case_and_spacing(title: str):
    assert [s.criteria.id for s in catalogue.for_title(title, 2023)] == ["dvht-tt22-2020"]


def test_for_title_never_gives_a_draft():
    # in 2020 the commune title was governed by TT 44/2014, shipped only as a draft
    with pytest.raises(catalogue.UnknownCriteria):
        catalogue.for_title("Cộng đồng học tập cấp xã", 2020)
    assert [s.criteria.id for s in catalogue.for_title("Cộng đồng học tập cấp xã", 2024)] == ["cdht-xa-tt25-2023"]
