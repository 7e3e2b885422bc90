"""Vietnamese numbers: exact decimals in, comma decimals out."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"^[+]?\d+(?:[.,]\d+)?$")


def parse_decimal(text: str) -> Decimal | None:
    """`7,5` and `7.5` are the same number; anything else (`7,5,0`, `1e3`, `abc`) is not a number."""
    text = text.strip().replace(" ", "")
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already guards this
        return None


def plain(value: Decimal | float | int) -> int | float | Decimal:
    """A JSON-ready number: whole numbers as int, others as a float when the float is exactly the decimal
    (86,5), else the Decimal itself (84,99999999999999999 must never be written as 85)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return int(d)
    f = float(d)
    return f if Decimal(repr(f)) == d else d


def fmt(value: Decimal | float | int | None) -> str:
    """`86.5` → `86,5`; `85.0` → `85`."""
    if value is None:
        return "?"
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f").replace(".", ",")
