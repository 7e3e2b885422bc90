"""The one serif family every PDF is printed in, checked for Vietnamese letters before anything is printed.

NĐ 30/2020 asks for Times New Roman; Liberation Serif has its metrics. Debian's `fonts-liberation` 1.07 has no
Vietnamese letters: WeasyPrint then silently takes every ộ, ư, Ủ from another family (a PDF with two fonts).
`fonts-liberation2` covers them. The templates name a single family (no fallback list), so a family that lacks
a letter is refused here instead of being patched from another font on the page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

from engine.errors import RecogniseError

# the families the templates may use, in order of preference: the first one installed with Vietnamese letters
SERIF_FAMILIES = ("Times New Roman", "Liberation Serif")
FONT_ENV = "RECOGNISE_PHONG_CHU"  # a province may name another serif family installed on its machine
PACKAGE = "fonts-liberation2"
# Ạ ỹ Ơ Ư: the letters of Vietnamese outside Latin-1 and Latin Extended-A (fontconfig's charset test)
VIETNAMESE = "1ea0-1ef9 1a0-1a1 1af-1b0"


class FontMissing(RecogniseError):
    """No serif family with Vietnamese letters: nothing is printed."""


def _letters() -> set[int]:
    letters: set[int] = set()
    for part in VIETNAMESE.split():
        first, _, last = part.partition("-")
        letters.update(range(int(first, 16), int(last or first, 16) + 1))
    return letters


@cache
def _covering() -> frozenset[str]:
    """Every family name fontconfig knows with all Vietnamese letters (one file may carry several names); without
    the fc-list program (the package fontconfig), the font files themselves are read."""
    if shutil.which("fc-list") is None:
        return _covering_files()
    try:
        listed = subprocess.run(["fc-list", f":charset={VIETNAMESE}", "family"], capture_output=True, text=True,
                                timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return _covering_files()
    return frozenset(name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip())


FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def _covering_files() -> frozenset[str]:
    """The families of the TrueType/OpenType files in the usual folders whose character map has every letter."""
    from fontTools.ttLib import TTFont, TTLibError

    letters, found = _letters(), set()
    for folder in FONT_FOLDERS:
        for path in Path(folder).expanduser().rglob("*"):
            if path.suffix.lower() not in (".ttf", ".otf") or not path.is_file():
                continue
            try:
                with TTFont(path, lazy=True) as font:
                    if letters <= set(font.getBestCmap() or {}):
                        found.add(font["name"].getBestFamilyName())
            except (TTLibError, OSError, KeyError, AssertionError):
                continue
    return frozenset(f for f in found if f)


def covers(family: str) -> bool:
    return family in _covering()


def _refusal(family: str) -> FontMissing:
    return FontMissing(f"Phông chữ “{family}” dùng để in văn bản không có đủ chữ tiếng Việt có dấu (ộ, ư, Ủ…), "
                       f"không in văn bản nào: hãy cài gói {PACKAGE} (sudo apt-get install {PACKAGE}) rồi in lại.")


def serif_family(candidates: tuple[str, ...] | None = None) -> str:
    """The family the PDFs are printed in: RECOGNISE_PHONG_CHU when set (it must cover Vietnamese), else the
    first of `candidates` (SERIF_FAMILIES) that does. Raises FontMissing naming the package to install."""
    chosen = os.environ.get(FONT_ENV, "").strip()
    if candidates is None and chosen:
        candidates = (chosen,)
    candidates = candidates or SERIF_FAMILIES
    for family in candidates:
        if covers(family):
            return family
    raise _refusal(candidates[-1])
