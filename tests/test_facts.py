"""The spine between Python and durable-rules: values travel as integers that compare exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from engine.criteria.load import CriteriaFileInvalid, load_file
from engine.rules.facts import InexactValue, scaled, threshold

CRITERIA = Path(__file__).resolve().parent.parent / "criteria"


@pytest.mark.parametrize(("value", "expected"), [
    ("85", (85_000_000, 0)),
    ("84.99999999999999999", (84_999_999, 1)),  # a double would round this to 85
    ("59.99999999999999999", (59_999_999, 1)),
    ("60.0000001", (60_000_000, 1)),  # above 60 by less than the scale: still ≥ 60, never < 60
    ("0", (0, 0)),
    ("7.5", (7_500_000, 0)),
    ("99999999999999999999999999.5", None),
])
def test_values_scale_to_exact_integers(value, expected):
    if expected is None:
        with pytest.raises(InexactValue):
            scaled(Decimal(value))
    else:
        assert scaled(Decimal(value)) == expected


def test_a_threshold_finer_than_the_scale_is_refused():
    assert threshold(0.5) == 500_000
    with pytest.raises(InexactValue):
        threshold(Decimal("0.0000001"))


def test_a_criteria_file_with_a_threshold_the_rules_cannot_hold_is_refused(tmp_path):
    text = (CRITERIA / "dvht-tt22-2020.yaml").read_text(encoding="utf-8")
    assert "min: 85" in text
    broken = tmp_path / "x.yaml"
    broken.write_text(text.replace("min: 85", "min: 84.99999999", 1), encoding="utf-8")
    with pytest.raises(CriteriaFileInvalid) as caught:
        load_file(broken)
    assert "chữ số thập phân" in str(caught.value)
    assert f"{broken}:" in str(caught.value)
