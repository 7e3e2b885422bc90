"""Where the engine still reads a circular differently from its words: each test states the outcome the circular
gives, worked out by hand, and is marked as an expected failure (strict: once the engine follows the circular the
mark must go) until the question is settled.

The waiting time before level 2. TT 24/2023 Art. 5.3 (district) and 11.3 (province): a unit recognised at level 1
"sau ít nhất 1 năm (12 tháng) kể từ ngày ra quyết định công nhận có thể đề nghị đánh giá, công nhận nâng mức độ 2";
the proposal for an evaluation year goes out "trước ngày 15 tháng 1 của năm liền kề sau năm đánh giá"
(Art. 10.1.c, 16.1.c). The 12 months thus run from the decision to the proposal, at the latest 14 January of the
following year; the engine counts them to 31/12 of the evaluation year, two weeks earlier. TT 25/2023 has the same
wait (Art. 5 cl. 2–3, secondary wording) with later proposals: 28 February for communes (Art. 9.1.d), 30 April for
districts (Art. 14.1.d), 31 July for provinces (Art. 19.1.d).
"""

from __future__ import annotations

import pytest
from sheet_helpers import HISTORY, TT25_COLUMNS, tt25_level2, write_dict_sheet

from engine.criteria.catalogue import find
from engine.scoring.run import score_sheet

COUNTED_TO_31_12 = ("the engine counts the 12 months to 31/12 of the evaluation year; the circular counts them to "
                    "the proposal, sent up to the deadline of the following year")

TT24_COLUMNS = ["ma", "ten", "loai_don_vi", HISTORY, "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4a",
                "2.4b", "2.5", "3.1a", "3.1b", "3.2", "3.3", "3.4", "3.5"]


def _level(tmp_path, set_id: str, columns: list[str], row: dict, year: int) -> int:
    path = write_dict_sheet(tmp_path / "s.csv", columns, [row], delimiter=";")
    result = score_sheet(path, find(set_id), outputs=[], year=year)
    assert result.errors == []
    return result.shown[0]["level"]


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=COUNTED_TO_31_12)
def test_tt24_decision_of_10_january_allows_the_upgrade_proposed_in_the_following_january(tmp_path):
    """An office meeting every Art. 7 indicator, recognised at level 1 on 10/01/2024 (for 2023). For the evaluation
    year 2024 it may propose level 2 from 10/01/2025, before the deadline of 15/01/2025 (Art. 5.3, 10.1.c):
    level 2. Counted to 31/12/2024 it is 11 months."""
    row = {"ma": "CQ", "ten": "Phòng Nội vụ", "loai_don_vi": "co_quan", HISTORY: "10/01/2024",
           **{c: "đạt" for c in ("1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "3.3")},
           **{c: "96" for c in ("2.1", "2.2", "2.3", "2.5", "3.1a")}, "2.4a": "60", "2.4b": "75"}
    assert _level(tmp_path, "dvht-huyen-tt24-2023", TT24_COLUMNS, row, 2024) == 2


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=COUNTED_TO_31_12)
def test_tt25_commune_decision_of_20_february_allows_the_upgrade_proposed_before_28_february(tmp_path):
    """A commune meeting every Art. 7 indicator, recognised at level 1 on 20/02/2024. For the evaluation year 2024
    it may propose level 2 from 20/02/2025, before the deadline of 28/02/2025 (Art. 5, Art. 9.1.d): level 2."""
    row = tt25_level2("XA", "Xã Yên Hòa", **{HISTORY: "20/02/2024"})
    assert _level(tmp_path, "cdht-xa-tt25-2023", [*TT25_COLUMNS, HISTORY], row, 2024) == 2
