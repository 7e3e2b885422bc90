"""Dates as Vietnamese boards write them, and whole months between two days."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import BeforeValidator

EVALUATION_YEARS = (1900, 2200)  # the evaluation years a command, a configuration or a results file may name

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date | None:
    """`dd/mm/yyyy` (also `.` or `-`) or `yyyy-mm-dd`; None when the text is not a real day."""
    text = text.strip()
    if text.endswith(" 00:00:00"):  # a date cell read from a spreadsheet
        text = text[: -len(" 00:00:00")]
    if m := _ISO.match(text):
        y, mo, d = (int(x) for x in m.groups())
    elif m := _DMY.match(text):
        d, mo, y = (int(x) for x in m.groups())
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _typed_date(value: object) -> object:
    """A date a user typed in a YAML file: `20/03/2025` as well as `2025-03-20` (anything else is left for
    pydantic to refuse, with its line)."""
    if isinstance(value, str) and (day := parse_date(value)) is not None:
        return day
    return value


# a date field of a file users write (deployment configuration, criteria file, plan): dd/mm/yyyy or yyyy-mm-dd
Day = Annotated[date, BeforeValidator(_typed_date)]


def whole_months(start: date, end: date) -> int:
    """Complete months from `start` to `end` (2024-01-15 → 2025-01-14: 11; → 2025-01-15: 12)."""
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


def year_end(year: int) -> date:
    """The day an evaluation year's data is closed and its waiting times are counted to."""
    return date(year, 12, 31)


def vietnamese_date(day: date) -> str:
    """`ngày 05 tháng 3 năm 2025`, `ngày 20 tháng 02 năm 2025`: NĐ 30/2020 writes a 0 before days under
    10 and before months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
