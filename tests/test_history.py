"""TT 24/2023 Art. 5.3: level 2 only 12 months after the level-1 decision, when the registry is consulted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from engine.criteria.catalogue import find
from engine.registry.history import level_one_dates
from engine.registry.store import Decision, Registry
from engine.scoring.run import score_sheet
from engine.vn.dates import whole_months

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "dvht-huyen-minh-hoa.xlsx"


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2024, 1, 15), date(2025, 1, 14), 11), (date(2024, 1, 15), date(2025, 1, 15), 12),
    (date(2023, 12, 31), date(2024, 12, 31), 12), (date(2024, 1, 1), date(2024, 12, 31), 11),
])
def test_whole_months(start, end, months):
    assert whole_months(start, end) == months


def _level_of(loaded, history, year=2024, subject="DV-01") -> tuple[int, list[str]]:
    result = score_sheet(SAMPLE, loaded, [], keep=100, history=history, year=year)
    s = next(x for x in result.shown if x["id"] == subject)
    return s["level"], s["reasons"]


def test_level_two_waits_twelve_months_after_level_one(tmp_path):
    loaded = find("dvht-huyen-tt24-2023")
    level, reasons = _level_of(loaded, None)  # DV-01 meets every level-2 condition (samples/README.md)
    assert level == 1 and any("cần quyết định công nhận mức độ 1 đủ 12 tháng" in r for r in reasons)
    registry = Registry(f"sqlite:///{tmp_path / 'so.sqlite3'}")
    title = loaded.criteria.title
    level_one = {"criteria": {"id": loaded.criteria.id, "title": title, "sha256": loaded.sha256, "year": 2023},
                 "subjects": [{"id": "DV-01", "name": "x", "grade": None, "level": 1, "recognised": True}]}
    registry.record(level_one, Decision("5/QĐ-UBND", date(2024, 1, 20)))
    # to 31/12/2024: 11 whole months → level 1 only, and the reason says why
    history = level_one_dates(registry, title, date(2024, 12, 31))
    assert history == {"DV-01": date(2024, 1, 20)}
    level, reasons = _level_of(loaded, history)
    assert level == 1
    assert any("12 tháng" in r and "mới 11 tháng" in r and "Điều 5 khoản 3" in r for r in reasons)
    # to 31/12/2025: 23 months → level 2
    assert _level_of(loaded, level_one_dates(registry, title, date(2025, 12, 31)), year=2025)[0] == 2


def test_no_level_one_decision_means_no_level_two(tmp_path):
    loaded = find("dvht-huyen-tt24-2023")
    history = level_one_dates(Registry(f"sqlite:///{tmp_path / 'so.sqlite3'}"), loaded.criteria.title)
    assert history == {}
    level, reasons = _level_of(loaded, history)
    assert level == 1
    assert any("chưa có quyết định công nhận mức độ 1" in r for r in reasons)
