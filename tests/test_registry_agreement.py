"""`score --registry` and `review --registry` on the same sheet and registry never disagree: both hand the rules
the same history (engine/registry/history.py), and the review reports what the rules decided.

TT 25/2023 communes, evaluation year 2024 (waiting time counted to 31/12/2024, whole months):
- XA-01 meets level 2; level-1 decision 01/01/2024: 11 months → level 1, level 2 held back;
- XA-02 meets level 2; level-1 decision 31/12/2023: 12 months → level 2;
- XA-03 meets level 1 only (decision 10/01/2023) → level 1;
- XA-04 meets level 2; no level-1 decision → level 1, level 2 held back;
- XA-05 meets level 2; its only level-1 decision is dated 01/03/2025, after the evaluation year → as XA-04.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import yaml
from sheet_helpers import TT25_COLUMNS_NO_VKK, TT25_XA, tt25_level1, tt25_level2, write_csv, write_dict_sheet
from typer.testing import CliRunner

from cli.app import app
from engine.criteria.catalogue import find
from engine.registry.history import level_one_dates
from engine.registry.store import Decision, Registry
from engine.scoring.run import score_sheet

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TT24 = ROOT / "samples" / "dvht-huyen-minh-hoa.xlsx"
TT24 = "dvht-huyen-tt24-2023"
YEAR = 2024

ROWS = [tt25_level2("XA-01", "Xã Yên Hòa"), tt25_level2("XA-02", "Xã Tân Lập"), tt25_level1("XA-03", "Xã Phú Lộc"),
        tt25_level2("XA-04", "Xã Minh Đức"), tt25_level2("XA-05", "Xã Hòa Bình")]
LEVEL_ONE = {"XA-01": date(2024, 1, 1), "XA-02": date(2023, 12, 31), "XA-03": date(2023, 1, 10),
             "XA-05": date(2025, 3, 1)}


def _registry(tmp_path: Path, set_id: str, decisions: dict[str, date]) -> str:
    url = f"sqlite:///{tmp_path / 'so-cong-nhan.sqlite3'}"
    loaded = find(set_id)
    book = Registry(url)
    for subject, day in decisions.items():
        results = {"criteria": {"id": set_id, "title": loaded.criteria.title, "sha256": loaded.sha256,
                                "year": day.year - 1},
                   "subjects": [{"id": subject, "name": subject, "grade": None, "level": 1, "recognised": True}]}
        book.record(results, Decision(f"{subject}/QĐ", day))
    return url


def _package(folder: Path, sheet: Path, title: str) -> Path:
    folder.mkdir()
    shutil.copy(sheet, folder / f"bang-diem{sheet.suffix}")
    data = {"nam": YEAR, "danh_hieu": title, "dia_ban": "Huyện Minh Hòa, tỉnh Thanh Sơn",
            "don_vi_gui": "Phòng GD&ĐT huyện Minh Hòa"}
    (folder / "goi.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _score(sheet: Path, set_id: str, url: str, out: Path, *extra: str) -> dict[str, dict]:
    result = runner.invoke(app, ["score", str(sheet), "--criteria", set_id, "--year", str(YEAR), "--registry", url,
                                 "--output", str(out), *extra])
    assert result.exit_code == 0, result.output
    return {s["id"]: s for s in json.loads(out.read_text(encoding="utf-8"))["subjects"]}


def _review(folder: Path, url: str, tmp_path: Path, *extra: str) -> tuple[int, list[dict]]:
    found = tmp_path / f"phat-hien-{folder.name}.json"
    result = runner.invoke(app, ["review", str(folder), "--registry", url, "--json", str(found), *extra])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(found.read_text(encoding="utf-8"))["findings"]


def _pending(subject: dict) -> set[int]:
    return {p["level"] for p in subject.get("pending") or []}


def _agree(tmp_path: Path, sheet: Path, set_id: str, url: str, *extra: str) -> dict[str, dict]:
    """Score with the registry; the package built from that result passes review; a package claiming level 2
    for everyone gets exactly the findings the scored levels imply. `extra`: given to both commands."""
    title = find(set_id).criteria.title
    scored = _score(sheet, set_id, url, tmp_path / "ket-qua.json", *extra)
    as_scored = _package(tmp_path / "nhu-da-cham", sheet, title)
    shutil.copy(tmp_path / "ket-qua.json", as_scored / "ket-qua.json")
    code, findings = _review(as_scored, url, tmp_path, *extra)
    assert (code, findings) == (0, [])

    all_two = _package(tmp_path / "de-nghi-muc-2", sheet, title)
    write_csv(all_two / "ket-qua.csv", ["ma", "muc_do"], [[ma, "2"] for ma in scored], delimiter=";")
    _, findings = _review(all_two, url, tmp_path, *extra)
    by_subject = {f["subject"]: f for f in findings}
    assert len(by_subject) == len(findings)
    expected = {ma: ("nang_muc_som" if 2 in _pending(s) else "sai_xep_loai")
                for ma, s in scored.items() if s["level"] != 2}
    assert {ma: f["kind"] for ma, f in by_subject.items()} == expected
    return scored


def test_commune_score_and_review_agree_subject_by_subject(tmp_path):
    sheet = write_dict_sheet(tmp_path / "bang-diem.csv", TT25_COLUMNS_NO_VKK, ROWS)
    url = _registry(tmp_path, TT25_XA, LEVEL_ONE)
    scored = _agree(tmp_path, sheet, TT25_XA, url)
    assert {ma: s["level"] for ma, s in scored.items()} == {"XA-01": 1, "XA-02": 2, "XA-03": 1, "XA-04": 1,
                                                            "XA-05": 1}
    assert {ma for ma, s in scored.items() if 2 in _pending(s)} == {"XA-01", "XA-04", "XA-05"}
    assert scored["XA-01"]["history"]["months"] == 11 and scored["XA-02"]["history"]["months"] == 12
    assert scored["XA-01"]["history"]["from"] == "so-cong-nhan"
    assert scored["XA-05"]["history"]["level_1_decision"] is None  # decided after 31/12/2024: not yet history


def test_the_review_names_the_decision_and_the_rule(tmp_path):
    sheet = write_dict_sheet(tmp_path / "bang-diem.csv", TT25_COLUMNS_NO_VKK, ROWS)
    url = _registry(tmp_path, TT25_XA, LEVEL_ONE)
    folder = _package(tmp_path / "goi", sheet, find(TT25_XA).criteria.title)
    write_csv(folder / "ket-qua.csv", ["ma", "muc_do"], [["XA-01", "2"], ["XA-02", "2"]], delimiter=";")
    _, findings = _review(folder, url, tmp_path)
    assert [(f["subject"], f["kind"]) for f in findings] == [("XA-01", "nang_muc_som")]
    f = findings[0]
    assert "01/01/2024" in f["message"] and "11 tháng" in f["message"] and "12 tháng" in f["message"]
    assert f["source"].startswith("TT 25/2023 Điều 5 khoản 2")


def test_both_commands_take_the_same_history_from_the_registry(tmp_path):
    url = _registry(tmp_path, TT25_XA, LEVEL_ONE)
    title = find(TT25_XA).criteria.title
    until = date(YEAR, 12, 31)
    assert level_one_dates(Registry(url), title, until) == {"XA-01": date(2024, 1, 1), "XA-02": date(2023, 12, 31),
                                                            "XA-03": date(2023, 1, 10)}
    assert level_one_dates(Registry(url), title)["XA-05"] == date(2025, 3, 1)


def test_district_units_score_and_review_agree(tmp_path):
    """TT 24/2023 Art. 5.3 on samples/dvht-huyen-minh-hoa.xlsx: of the units meeting the level-2 criteria, one has
    a level-1 decision 11 months old on 31/12/2024 (15/01/2024), another one 12 months old (31/12/2023)."""
    loaded = find(TT24)
    plain = score_sheet(SAMPLE_TT24, loaded, [], keep=100, year=YEAR)
    eligible = sorted(s["id"] for s in plain.shown if 2 in _pending(s))
    assert "DV-01" in eligible and len(eligible) >= 2  # no history known: every one of them held back
    late, early = eligible[0], eligible[1]
    url = _registry(tmp_path, TT24, {late: date(2024, 1, 15), early: date(2023, 12, 31)})
    scored = _agree(tmp_path, SAMPLE_TT24, TT24, url)
    assert (scored[late]["level"], scored[early]["level"]) == (1, 2)
    assert (scored[late]["history"]["months"], scored[early]["history"]["months"]) == (11, 12)


# --- districts: the shares of recognised communes over the totals file -------------------------------------

HUYEN = "cdht-huyen-tt25-2023"
PROVINCE = "Tỉnh Thanh Sơn"
# TT 25/2023 Art. 11 and 12: every indicator of the district but 4.1 (4.1a, 4.1b come from the registry)
DISTRICT_CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.2", "4.3"]
DISTRICTS = [("H-AL", "Huyện An Lạc"), ("H-BS", "Huyện Bình Sơn"), ("H-CK", "Huyện Cẩm Khê"),
             ("H-DT", "Huyện Đông Triều")]
COMMUNES_TOTAL = {"Huyện An Lạc": 10, "Huyện Bình Sơn": 20, "Huyện Cẩm Khê": 10, "Huyện Đông Triều": 10}


def _record(url: str, title: str, set_id: str, year: int, day: date, levels: dict[str, int], area: str,
            issuing: str = "") -> None:
    results = {"criteria": {"id": set_id, "title": title, "sha256": "-", "year": year},
               "subjects": [{"id": code, "name": code, "area": area.format(code=code), "grade": None, "level": lv,
                             "recognised": lv >= 1} for code, lv in levels.items()]}
    Registry(url).record(results, Decision(f"{len(levels)}-{day:%d%m%Y}/QĐ-UBND", day, PROVINCE, issuing))


def _district_registry(tmp_path: Path) -> str:
    """The communes of four districts, and the districts' own level-1 decisions, as worked out below."""
    url = f"sqlite:///{tmp_path / 'so-cong-nhan.sqlite3'}"
    xa, xa_title = TT25_XA, find(TT25_XA).criteria.title

    def communes(district: str, year: int, levels: dict[str, int]) -> None:
        _record(url, xa_title, xa, year, date(year + 1, 3, 1), levels, f"{{code}}, {district}, {PROVINCE}", district)

    communes("Huyện An Lạc", 2023, {**{f"AL-{i:02}": 2 for i in range(1, 10)}, "AL-10": 0})
    communes("Huyện Bình Sơn", 2023, {**{f"BS-{i:02}": 2 for i in range(1, 18)}, "BS-18": 1})
    communes("Huyện Cẩm Khê", 2023, {f"CK-{i:02}": 2 for i in range(1, 11)})
    communes("Huyện Đông Triều", 2023, {f"DT-{i:02}": 1 for i in range(1, 9)})
    communes("Huyện Đông Triều", 2020, {"DT-09": 1})  # kept through 2021–2023 (Art. 5.4), not in 2024
    huyen_title = find(HUYEN).criteria.title
    for code, year, day in (("H-AL", 2023, date(2023, 12, 31)), ("H-BS", 2022, date(2023, 1, 10)),
                            ("H-CK", 2023, date(2024, 1, 1))):
        _record(url, huyen_title, HUYEN, year, day, {code: 1}, f"{{code}}, {PROVINCE}")
    return url


def _district_files(tmp_path: Path) -> tuple[Path, Path]:
    sheet = write_csv(tmp_path / "bang-diem-huyen.csv", ["ma", "ten", "dia_ban", *DISTRICT_CODES],
                      [[ma, ten, PROVINCE, *["đạt"] * len(DISTRICT_CODES)] for ma, ten in DISTRICTS])
    totals = write_csv(tmp_path / "tong-so.csv", ["cap", "dia_ban", "danh_hieu", "tong_so"],
                       [["huyen", f"{name}, {PROVINCE}", "cdht-xa", str(n)] for name, n in COMMUNES_TOTAL.items()],
                       delimiter=";")
    return sheet, totals


def _shares(subject: dict) -> str:
    return next(i["input"] for c in subject["criteria"] for i in c["indicators"] if i["code"] == "4.1")


def test_district_score_and_review_agree_with_the_totals(tmp_path):
    """TT 25/2023 districts, evaluation year 2024, every indicator but 4.1 met (Art. 11, 12):
    - H-AL: 9 of its 10 communes at level 2 → 4.1a = 4.1b = 9/10 = 90% ≥ 90% (Art. 11.4.a, 12.4.a); level-1
      decision 31/12/2023, 12 months on 31/12/2024 → level 2;
    - H-BS: 17 of 20 communes at level 2, one at level 1 → 4.1a = 18/20 = 90%, 4.1b = 17/20 = 85% < 90% → level 1;
    - H-CK: 10 of 10 at level 2, but its level-1 decision is of 01/01/2024, 11 months → level 1, level 2 held back;
    - H-DT: 8 communes recognised in 2023 and DT-09 in 2020 (no longer kept in 2024) → 4.1a = 8/10 = 80% → none.
    """
    sheet, totals = _district_files(tmp_path)
    url = _district_registry(tmp_path)
    scored = _agree(tmp_path, sheet, HUYEN, url, "--totals", str(totals))
    assert {ma: s["level"] for ma, s in scored.items()} == {"H-AL": 2, "H-BS": 1, "H-CK": 1, "H-DT": 0}
    assert {ma for ma, s in scored.items() if 2 in _pending(s)} == {"H-CK"}
    source = "(sổ công nhận; tổng số xã: tong-so.csv)"
    assert {ma: _shares(s) for ma, s in scored.items()} == {
        "H-AL": f"4.1a=9/10 xã {source}; 4.1b=9/10 xã {source}",
        "H-BS": f"4.1a=18/20 xã {source}; 4.1b=17/20 xã {source}",
        "H-CK": f"4.1a=10/10 xã {source}; 4.1b=10/10 xã {source}",
        "H-DT": f"4.1a=8/10 xã {source}; 4.1b=0/10 xã {source}",
    }
    assert (scored["H-AL"]["history"]["months"], scored["H-CK"]["history"]["months"]) == (12, 11)


def test_review_of_a_district_names_the_shares_it_recomputed(tmp_path):
    """A package claiming level 2 for H-BS: the review re-scores with 17/20 communes at level 2 (85%)."""
    sheet, totals = _district_files(tmp_path)
    url = _district_registry(tmp_path)
    folder = _package(tmp_path / "goi", sheet, find(HUYEN).criteria.title)
    write_csv(folder / "ket-qua.csv", ["ma", "muc_do"], [["H-AL", "2"], ["H-BS", "2"]], delimiter=";")
    _, findings = _review(folder, url, tmp_path, "--totals", str(totals))
    assert [(f["subject"], f["kind"]) for f in findings] == [("H-BS", "sai_xep_loai")]
    assert "chỉ đạt mức độ 1" in findings[0]["message"] and "4.1b: 85% < 90%" in findings[0]["message"]


def test_review_of_a_district_without_totals_is_refused_as_score_refuses(tmp_path):
    sheet, _ = _district_files(tmp_path)
    url = _district_registry(tmp_path)
    score = runner.invoke(app, ["score", str(sheet), "--criteria", HUYEN, "--year", str(YEAR), "--registry", url])
    assert score.exit_code == 2
    folder = _package(tmp_path / "goi", sheet, find(HUYEN).criteria.title)
    write_csv(folder / "ket-qua.csv", ["ma", "muc_do"], [["H-AL", "2"]], delimiter=";")
    review = runner.invoke(app, ["review", str(folder), "--registry", url])
    assert review.exit_code == 2
    said = " ".join(review.output.split())
    assert "mẫu số là mọi xã trên địa bàn" in said and "Cần --totals TONG_SO.csv" in said
    refusal = " ".join(score.output.split()).removeprefix("Lỗi: ")
    assert refusal in said  # the same sentence


def test_review_totals_need_the_registry(tmp_path):
    sheet, totals = _district_files(tmp_path)
    folder = _package(tmp_path / "goi", sheet, find(HUYEN).criteria.title)
    write_csv(folder / "ket-qua.csv", ["ma", "muc_do"], [["H-AL", "1"]], delimiter=";")
    result = runner.invoke(app, ["review", str(folder), "--totals", str(totals)])
    assert result.exit_code == 2 and "--registry" in result.output
