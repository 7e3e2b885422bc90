"""Which text encoding a CSV sheet is in, decided from its first bytes.

UTF-8 (with or without BOM) is what the template and Excel's "CSV UTF-8" write; "Unicode Text" from
Excel is UTF-16 with a BOM (and tabs); older Vietnamese Windows saves Windows-1258, where tone marks
are separate combining characters. Windows-1258 is accepted only when the decoded text is Vietnamese:
every byte string decodes in it, so a file in an old font encoding (TCVN3, VNI) would otherwise be
read as nonsense without a word.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from engine.vn.text import fold

SNIFF_BYTES = 1 << 16
_PUNCTUATION = set("“”‘’–—…•·°º×§\u00a0")


@dataclass(frozen=True)
class Encoding:
    codec: str  # the name Python decodes with
    label: str  # the name a user knows it by


UTF8 = Encoding("utf-8-sig", "UTF-8")


class NotText(ValueError):
    """The bytes are in no encoding this reader accepts; the message says what they look like."""


def sniff(head: bytes) -> Encoding:
    if head.startswith(codecs.BOM_UTF8):
        return UTF8
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return Encoding("utf-32", "UTF-32")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Encoding("utf-16", "UTF-16")
    sample = head[:4096]
    if sample and sample.count(0) * 4 >= len(sample):  # text of two bytes a character without its BOM
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        return Encoding("utf-16-le", "UTF-16") if odd >= even else Encoding("utf-16-be", "UTF-16")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return UTF8
    except UnicodeDecodeError:
        pass
    if _vietnamese(head, "cp1258"):
        return Encoding("cp1258", "Windows-1258")
    raise NotText("tệp không phải văn bản UTF-8, UTF-16 hay Windows-1258 (có thể là mã của phông chữ cũ như "
                  "TCVN3 hoặc VNI): mở bằng Excel rồi lưu lại dạng “CSV UTF-8”")


_TONE_MARKS = (b"\xcc", b"\xec", b"\xd2", b"\xde", b"\xf2")  # Windows-1258 writes tones as separate marks


def _vietnamese(head: bytes, codec: str) -> bool:
    """Tone marks are there (a Latin-1 file has none), and every character that is not ASCII composes into a
    Vietnamese letter or common punctuation."""
    if not any(mark in head for mark in _TONE_MARKS):
        return False
    try:
        text = unicodedata.normalize("NFC", head.decode(codec, errors="strict"))
    except UnicodeDecodeError:
        return False
    foreign = 0
    for ch in text:
        if ch.isascii() or ch in _PUNCTUATION:
            continue
        bare = fold(ch)
        if not (len(bare) == 1 and bare.isascii() and bare.isalpha()):
            foreign += 1  # a tone mark left alone, a symbol an old font encoding puts where letters belong
    return foreign == 0
