"""Vietnamese text: NFC everywhere, and a folded form for matching headers and values."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s_]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Case, diacritics, Unicode form and spacing ignored: `Mã`, `MA`, `ma`, `M\u0061\u0300` alike."""
    if text.isascii():  # codes, numbers of decisions: nothing to decompose
        return _SPACES.sub(" ", text).strip().casefold()
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare).strip().casefold()
