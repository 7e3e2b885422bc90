"""TT 25/2023 Art. 11.4.a: with the registry, a district's share of recognised communes is computed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sheet_helpers import write_csv

from engine.criteria.catalogue import find
from engine.registry.store import Decision, Registry
from engine.scoring.run import score_sheet
from engine.sheets.reader import Shares

XA = "Cộng đồng học tập cấp xã"


def _record(registry: Registry, year: int, district: str, levels: dict[str, int]) -> None:
    results = {"criteria": {"id": "cdht-xa-tt25-2023", "title": XA, "sha256": "-", "year": year},
               "subjects": [{"id": code, "name": code, "area": f"{district}, tỉnh Thanh Sơn", "grade": None,
                             "level": level, "recognised": level >= 1} for code, level in levels.items()]}
    registry.record(results, Decision(f"{year}/QĐ", date(year + 1, 3, 1), "Tỉnh Thanh Sơn", district))


def test_district_share_comes_from_the_registry(tmp_path):
    registry = Registry(f"sqlite:///{tmp_path / 'so.sqlite3'}")
    # Huyện A: 10 communes. 2021: X1 level 1 (kept 2021–2024); 2024: X2..X9 level 1 or 2, X10 none.
    _record(registry, 2021, "Huyện A", {"X1": 1})
    _record(registry, 2024, "Huyện A", {**{f"X{i}": 1 for i in range(2, 6)}, **{f"X{i}": 2 for i in range(6, 10)},
                                        "X10": 0})
    # Huyện B: X11 recognised in 2020: no longer kept in 2024 (36 months following 2020 end with 2023).
    _record(registry, 2020, "Huyện B", {"X11": 1})
    _record(registry, 2024, "Huyện B", {"X12": 2})
    loaded = find("cdht-huyen-tt25-2023")
    shares = Shares({XA: registry.lower_records(XA)}, 2024)
    header = ["ma", "ten", *[c for c in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3",
                                         "4.2", "4.3")]]
    rows = [["H-A", "Huyện A", *["đạt"] * 12], ["H-B", "Huyện B", *["đạt"] * 12]]
    result = score_sheet(write_csv(tmp_path / "h.csv", header, rows), loaded, [], shares=shares)
    assert result.errors == []
    got = {s["id"]: s for s in result.shown}
    # Huyện A: level ≥ 1 kept: X1..X9 = 9 of 10 = 90% → level 1; level 2: X6..X9 = 40% → not level 2
    ind = got["H-A"]["criteria"][3]["indicators"][0]
    assert ind["input"] == "4.1a=9/10 (sổ công nhận); 4.1b=4/10 (sổ công nhận)"
    assert got["H-A"]["level"] == 1
    # Huyện B: X11 no longer kept → 1 of 2 = 50% → no level
    assert got["H-B"]["level"] == 0
    assert Shares({XA: registry.lower_records(XA)}, 2023).of("Huyện B", loaded.criteria.criteria[3]
                                                               .indicators[0].input_list()[0].registry_share
                                                               ).percent == Decimal(100)  # 2023: X11 still kept
