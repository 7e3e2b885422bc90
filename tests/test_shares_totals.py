"""TT 25/2023 indicator 4.1 with the registry: a district's share of recognised communes (a province's, of
districts) over every commune of the district, taken from the totals file (Art. 11.4.a, 12.4.a, 16.4.a, 17.4.a);
recognitions kept 36 months following their year (Art. 5.4, 10.4).

Worked out by hand: 18 of 20 communes = 90% meets the 90% of Art. 11.4.a; 17 of 20 = 85% does not. A commune
recognised in 2021 is kept through 2022, 2023, 2024 (36 months following 2021) and no longer counts in 2025.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sheet_helpers import write_csv
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.criteria.model import RegistryShare
from engine.registry.lower import Share
from engine.registry.store import Decision, Registry
from engine.rules.retention import RetentionRules
from engine.targets.report import build_report, read_totals

runner = CliRunner()
HUYEN, TINH = "cdht-huyen-tt25-2023", "cdht-tinh-tt25-2023"
XA_TITLE, HUYEN_TITLE = "Cộng đồng học tập cấp xã", "Cộng đồng học tập cấp huyện"
PROVINCE = "Tỉnh Thái Nguyên"
# Art. 11 (district, level 1): every indicator but 4.1, met; 4.1a/4.1b come from the registry
DISTRICT_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.2", "4.3"]
# Art. 16 (province, level 1)
PROVINCE_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5",
                  "4.2", "4.3"]
TOTALS = ["cap", "dia_ban", "danh_hieu", "tong_so"]


def _record(url: str, title: str, set_id: str, year: int, levels: dict[str, int], area: str,
            issuing: str = "") -> None:
    results = {"criteria": {"id": set_id, "title": title, "sha256": "-", "year": year},
               "subjects": [{"id": code, "name": code, "area": area.format(code=code), "grade": None, "level": lv,
                             "recognised": lv >= 1} for code, lv in levels.items()]}
    Registry(url).record(results, Decision(f"{year}/QĐ-UBND", date(year + 1, 3, 1), PROVINCE, issuing))


def _communes(url: str, year: int, district: str, levels: dict[str, int], issuing: str = "") -> None:
    _record(url, XA_TITLE, "cdht-xa-tt25-2023", year, levels, f"{{code}}, {district}, {PROVINCE}", issuing)


@pytest.fixture
def book(tmp_path) -> str:
    """Huyện Phú Lương, 20 communes: PL-01..PL-16 level 2 and PL-17 level 1 (2023), PL-18 level 1 (2021),
    PL-19 not recognised (2023), PL-20 never evaluated. Huyện Phú, 10 communes: P-1..P-9 level 1 (2023).
    Huyện Đại Từ (code H-DT in the totals), 5 communes, all level 1 (2023)."""
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    _communes(url, 2021, "Huyện Phú Lương", {"PL-18": 1}, issuing="Huyện Phú Lương")
    _communes(url, 2023, "Huyện Phú Lương", {**{f"PL-{i:02}": 2 for i in range(1, 17)}, "PL-17": 1, "PL-19": 0},
              issuing="Huyện Phú Lương")
    _communes(url, 2023, "Huyện Phú", {f"P-{i}": 1 for i in range(1, 10)})
    _communes(url, 2023, "Huyện Đại Từ", {f"DT-{i}": 1 for i in range(1, 6)})
    return url


def _totals(tmp_path: Path, rows: list[list[str]]) -> Path:
    return write_csv(tmp_path / "tong-so.csv", TOTALS, rows, delimiter=";")


DISTRICT_TOTALS = [["huyen", f"Huyện Phú Lương, {PROVINCE}", "cdht-xa", "20"],
                   ["Huyện", f"Huyện Phú, {PROVINCE}", "Cộng đồng học tập cấp xã", "10"],
                   ["huyen", "H-DT", "cdht-xa", "5"]]


def _district_sheet(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    return write_csv(tmp_path / "huyen.csv", ["ma", "ten", "dia_ban", *DISTRICT_CODES],
                     [[ma, ten, PROVINCE, *["đạt"] * len(DISTRICT_CODES)] for ma, ten in rows])


def _score(sheet: Path, set_id: str, year: int, url: str, *extra: str, out: Path | None = None):
    out = out or sheet.with_name(f"ket-qua-{year}.json")
    result = runner.invoke(app, ["score", str(sheet), "--criteria", set_id, "--year", str(year),
                                 "--registry", url, "--output", str(out), *extra])
    subjects = json.loads(out.read_text(encoding="utf-8"))["subjects"] if out.exists() else []
    return result, {s["id"]: s for s in subjects}, out


def _share_input(subject: dict) -> dict:
    return next(i for c in subject["criteria"] for i in c["indicators"] if i["code"] == "4.1")


def _rule(set_id: str, key: str) -> RegistryShare:
    inp = next(i for _, ind in find(set_id).criteria.indicators() for i in ind.input_list() if i.key == key)
    assert inp.registry_share is not None
    return inp.registry_share


# --- retention, decided by the rules compiled from the criteria file ------------------------------

def test_a_recognition_counts_for_the_36_months_following_its_year():
    """Art. 5.4: a commune recognised in 2020 is kept through 2021, 2022, 2023; not in 2024."""
    level_one = RetentionRules(_rule(HUYEN, "4.1a"))  # min_level 1, valid_years 4
    assert [level_one.counts(True, 1, year - 2020).counts for year in (2020, 2021, 2022, 2023, 2024)] == \
        [True, True, True, True, False]
    assert "bảo lưu" in level_one.counts(True, 1, 2024 - 2020).why
    assert level_one.counts(True, 1, 2019 - 2020).counts is False  # recognised after the evaluation year
    assert level_one.counts(False, 0, 0).counts is False  # evaluated, not recognised
    assert level_one.counts(True, 2, 0).counts is True  # level 2 is also "level 1 or above"
    level_two = RetentionRules(_rule(HUYEN, "4.1b"))  # min_level 2
    assert level_two.counts(True, 1, 0).counts is False
    assert level_two.counts(True, 2, 3).counts is True


def test_retention_follows_the_criteria_data():
    """The rules are compiled from `registry_share`: a shorter keeping period in the data, a shorter count."""
    short = RetentionRules(RegistryShare(title=XA_TITLE, min_level=1, valid_years=2, source="thử"))
    assert [short.counts(True, 1, age).counts for age in (0, 1, 2)] == [True, True, False]


def test_the_share_is_exact():
    """17 999 of 20 000 is 89,995%: rounded to two decimals it would reach 90%; the rules get it unrounded."""
    share = Share(17_999, 20_000, "xã", "tong-so.csv")
    assert share.percent == Decimal("89.995")
    assert Share(2, 3, "xã", "t.csv").percent * 3 == pytest.approx(Decimal(200))
    assert Share(18, 20, "xã", "tong-so.csv").shown() == "18/20 xã (sổ công nhận; tổng số xã: tong-so.csv)"


# --- score --registry --totals ---------------------------------------------------------------------

def test_18_of_20_communes_pass_and_the_explanation_names_the_denominator(tmp_path, book):
    totals = _totals(tmp_path, DISTRICT_TOTALS)
    sheet = _district_sheet(tmp_path, [("H-PL", "Huyện Phú Lương")])
    result, got, _ = _score(sheet, HUYEN, 2024, book, "--totals", str(totals))
    assert result.exit_code == 0, result.output
    pl = got["H-PL"]
    # 2024: PL-01..PL-17 (2023) and PL-18 (2021, kept through 2024) → 18/20 = 90% ≥ 90% (Art. 11.4.a)
    assert _share_input(pl)["input"] == ("4.1a=18/20 xã (sổ công nhận; tổng số xã: tong-so.csv); "
                                         "4.1b=16/20 xã (sổ công nhận; tổng số xã: tong-so.csv)")
    assert pl["level"] == 1 and pl["recognised"] is True
    # 4.1b: 16/20 = 80% < 90% (Art. 12.4.a): not level 2
    assert 2 not in _share_input(pl)["met"]


def test_17_of_20_communes_fail_once_a_recognition_is_no_longer_kept(tmp_path, book):
    totals = _totals(tmp_path, DISTRICT_TOTALS)
    sheet = _district_sheet(tmp_path, [("H-PL", "Huyện Phú Lương")])
    result, got, _ = _score(sheet, HUYEN, 2025, book, "--totals", str(totals))
    assert result.exit_code == 0, result.output
    pl = got["H-PL"]
    # 2025: PL-18's recognition of 2021 was kept for 2022–2024 only → 17/20 = 85% < 90%
    assert _share_input(pl)["input"].startswith("4.1a=17/20 xã (sổ công nhận; tổng số xã: tong-so.csv)")
    assert pl["level"] == 0 and pl["recognised"] is False
    assert any("85%" in r and "90%" in r for r in pl["reasons"])


def test_huyen_phu_is_not_huyen_phu_luong(tmp_path, book):
    """Matched exactly: the 18 recognised communes of Huyện Phú Lương are not Huyện Phú's, and Huyện Phú's
    total (10) is not Huyện Phú Lương's (20)."""
    totals = _totals(tmp_path, DISTRICT_TOTALS)
    sheet = _district_sheet(tmp_path, [("H-P", "Huyện Phú"), ("H-PL", "Huyện Phú Lương")])
    result, got, _ = _score(sheet, HUYEN, 2024, book, "--totals", str(totals))
    assert result.exit_code == 0, result.output
    assert _share_input(got["H-P"])["input"].startswith("4.1a=9/10 xã ")  # 90%
    assert got["H-P"]["level"] == 1
    assert _share_input(got["H-PL"])["input"].startswith("4.1a=18/20 xã ")


def test_a_district_named_by_its_code_in_the_totals(tmp_path, book):
    totals = _totals(tmp_path, DISTRICT_TOTALS)
    sheet = _district_sheet(tmp_path, [("H-DT", "Huyện Đại Từ")])
    result, got, _ = _score(sheet, HUYEN, 2024, book, "--totals", str(totals))
    assert result.exit_code == 0, result.output
    assert _share_input(got["H-DT"])["input"].startswith("4.1a=5/5 xã ")


def test_a_district_absent_from_the_totals_is_an_error_of_its_row(tmp_path, book):
    totals = _totals(tmp_path, DISTRICT_TOTALS)
    sheet = _district_sheet(tmp_path, [("H-PL", "Huyện Phú Lương"), ("H-V", "Huyện Võ Nhai")])
    result, got, out = _score(sheet, HUYEN, 2024, book, "--totals", str(totals))
    assert result.exit_code == 1, result.output  # some rows rejected
    assert set(got) == {"H-PL"}
    errors = json.loads(out.read_text(encoding="utf-8"))["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(3, "4.1a"), (3, "4.1b")}
    assert all("Huyện Võ Nhai" in e["message"] and "tong-so.csv" in e["message"] for e in errors)


def test_more_recognised_than_the_total_is_an_error_of_its_row(tmp_path, book):
    totals = _totals(tmp_path, [["huyen", f"Huyện Phú, {PROVINCE}", "cdht-xa", "8"]])  # 9 recognised
    sheet = _district_sheet(tmp_path, [("H-P", "Huyện Phú")])
    result, got, out = _score(sheet, HUYEN, 2024, book, "--totals", str(totals))
    assert result.exit_code == 2 and got == {}  # nothing scored
    errors = json.loads(out.read_text(encoding="utf-8"))["errors"]
    assert errors and all("nhiều hơn tổng số 8" in e["message"] for e in errors)


def test_registry_mode_without_totals_is_refused(tmp_path, book):
    sheet = _district_sheet(tmp_path, [("H-PL", "Huyện Phú Lương")])
    out = tmp_path / "kq.json"
    result, got, _ = _score(sheet, HUYEN, 2024, book, out=out)
    assert result.exit_code == 2
    assert not out.exists() and got == {}
    text = " ".join(result.output.split())
    assert "--totals" in text and "mẫu số là mọi xã trên địa bàn" in text and "Chưa chấm gì" in text


def test_totals_without_the_registry_are_refused(tmp_path):
    totals = _totals(tmp_path, DISTRICT_TOTALS)
    sheet = _district_sheet(tmp_path, [("H-PL", "Huyện Phú Lương")])
    result = runner.invoke(app, ["score", str(sheet), "--criteria", HUYEN, "--year", "2024",
                                 "--totals", str(totals)])
    assert result.exit_code == 2
    assert "--registry" in result.output


def test_province_share_of_districts(tmp_path):
    """Art. 16.4.a: 8 of the 9 districts of the province recognised = 88,88…% < 90%: the fraction as it is."""
    url = f"sqlite:///{tmp_path / 'so.sqlite3'}"
    levels = {**{f"H{i}": 1 for i in range(1, 9)}, "H9": 0}
    _record(url, HUYEN_TITLE, HUYEN, 2024, levels, "{code}, " + PROVINCE)
    # a district of another province, recognised, not counted for Thái Nguyên
    results = {"criteria": {"id": HUYEN, "title": HUYEN_TITLE, "sha256": "-", "year": 2024},
               "subjects": [{"id": "BK1", "name": "BK1", "area": "Tỉnh Bắc Kạn", "grade": None, "level": 1,
                             "recognised": True}]}
    Registry(url).record(results, Decision("9/QĐ", date(2025, 3, 1), "Tỉnh Bắc Kạn"))
    totals = _totals(tmp_path, [["tinh", PROVINCE, "cdht-huyen", "9"], ["tinh", "Tỉnh Bắc Kạn", "cdht-huyen", "8"]])
    sheet = write_csv(tmp_path / "tinh.csv", ["ma", "ten", *PROVINCE_CODES],
                      [["T-TN", PROVINCE, *["đạt"] * len(PROVINCE_CODES)]])
    result, got, _ = _score(sheet, TINH, 2024, url, "--totals", str(totals))
    assert result.exit_code == 0, result.output
    tn = got["T-TN"]
    assert _share_input(tn)["input"].startswith("4.1a=8/9 huyện (sổ công nhận; tổng số huyện: tong-so.csv)")
    assert tn["level"] == 0


# --- the totals file: one reader for report and score ----------------------------------------------

def test_the_totals_reader_knows_districts_and_the_report_leaves_them_to_score(tmp_path):
    path = _totals(tmp_path, [["huyen", f"Huyện Phú Lương, {PROVINCE}", "cdht-xa", "20"],
                              ["Quận", "Quận Ba Đình, Thành phố Hà Nội", "cdht-xa", "14"],
                              ["xa", f"Xã Yên Đổ, {PROVINCE}", "gdht", "1200"]])
    rows = read_totals(path)
    assert [(r.level, r.place[0], r.key, r.total) for r in rows] == [
        ("huyen", "Huyện Phú Lương", "cdht-xa", 20), ("huyen", "Quận Ba Đình", "cdht-xa", 14),
        ("xa", "Xã Yên Đổ", "gdht", 1200)]
    report = build_report([], 2024, None, totals=rows, totals_file=path.name)
    assert [r.place[0] for r in report.rows] == ["Xã Yên Đổ"]
    assert sum("recognise score --totals" in w for w in report.warnings) == 2
