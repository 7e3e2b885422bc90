"""One font file measured and embedded as WeasyPrint's text engine (Pango with HarfBuzz) would use it.

Text is measured glyph by glyph from the font's own advance widths plus its pair kerning (the GPOS `kern`
feature, which HarfBuzz applies by default), and embedded as a subset (a CID font with a ToUnicode map, so that
the text can be copied and searched). Only text made of characters the font maps directly, with no mark to
attach, is measured here; anything else is left to WeasyPrint.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from engine.documents.pdfwrite import Writer, name


class Face:
    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        self.path = path
        font = TTFont(path, lazy=True)
        self.units = font["head"].unitsPerEm
        names = font["name"]
        style = names.getDebugName(2) or ""
        # named as WeasyPrint names its subsets: family and style, spaces as hyphens (Liberation-Serif-Bold)
        self.label = "-".join(f"{names.getBestFamilyName() or path.stem} {style if style != 'Regular' else ''}"
                              .split())
        order = font.getGlyphOrder()
        ids = {g: i for i, g in enumerate(order)}
        self.gid = {code: ids[g] for code, g in (font.getBestCmap() or {}).items()}
        metrics = font["hmtx"].metrics
        self.advance = [metrics[g][0] for g in order]
        self.kern = _pairs(font, ids)
        head, hhea = font["head"], font["hhea"]
        self.bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
        self.ascent, self.descent = hhea.ascent, hhea.descent
        self.italic = font["post"].italicAngle

    def glyphs(self, text: str) -> list[int] | None:
        """The glyph of each character, None when one is missing or would need shaping beyond kerning."""
        out = []
        for ch in text:
            gid = self.gid.get(ord(ch))
            if gid is None or unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Me", "Zl",
                                                                                      "Zp"):
                return None
            out.append(gid)
        return out

    def width(self, gids: list[int]) -> int:
        """Advance of a run in font units, kerned."""
        kern = self.kern
        total = sum(self.advance[g] for g in gids)
        return total + sum(kern.get((a, b), 0) for a, b in zip(gids, gids[1:], strict=False))

    def show(self, gids: list[int], text: str, used: dict[int, str]) -> bytes:
        """The TJ operation: glyph ids, kerning as position adjustments; `used` takes each glyph's character."""
        for g, ch in zip(gids, text, strict=True):
            used.setdefault(g, ch)
        parts, run = [], []
        for i, g in enumerate(gids):
            run.append(b"%04x" % g)
            adjust = self.kern.get((g, gids[i + 1]), 0) if i + 1 < len(gids) else 0
            if adjust:
                parts.append(b"<" + b"".join(run) + b">" + _number(-adjust * 1000 / self.units))
                run = []
        if run:
            parts.append(b"<" + b"".join(run) + b">")
        return b"[" + b" ".join(parts) + b"] TJ"

    def embed(self, writer: Writer, tag: str, used: dict[int, str]) -> bytes:
        """The font dictionary of the glyphs `used` (a subset of the file), written; its reference."""
        from fontTools import subset
        from fontTools.ttLib import TTFont

        options = subset.Options()
        options.retain_gids = True  # CIDs are the file's glyph ids (CIDToGIDMap Identity)
        options.hinting = False
        options.layout_features = []
        options.notdef_outline = True
        options.name_IDs = ["*"]
        options.drop_tables = [*options.drop_tables, "FFTM", "GSUB", "GPOS", "GDEF", "kern"]  # not read in a PDF
        font = TTFont(self.path, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=sorted(used))
        subsetter.subset(font)
        data = io.BytesIO()
        font.save(data)
        file = writer.stream(b"", data.getvalue())
        base = name(f"{tag}+{self.label}")
        scale = 1000 / self.units
        x0, y0, x1, y1 = (round(v * scale) for v in self.bbox)
        flags = 2 | 32 | (64 if self.italic else 0)  # serif, non-symbolic, italic
        descriptor = writer.add(
            b"<</Type /FontDescriptor /FontName %s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d "
            b"/Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R>>"
            % (base, flags, x0, y0, x1, y1, _number(self.italic), round(self.ascent * scale),
               round(self.descent * scale), round(self.ascent * scale), file))
        widths = b" ".join(b"%d [%s]" % (g, _number(self.advance[g] * scale)) for g in sorted(used))
        cid = writer.add(
            b"<</Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo <</Registry (Adobe) /Ordering "
            b"(Identity) /Supplement 0>> /FontDescriptor %d 0 R /W [%s] /CIDToGIDMap /Identity>>"
            % (base, descriptor, widths))
        tounicode = writer.stream(b"", _cmap(used))
        return b"%d 0 R" % writer.add(
            b"<</Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%d 0 R] "
            b"/ToUnicode %d 0 R>>" % (base, cid, tounicode))


def _number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


def _cmap(used: dict[int, str]) -> bytes:
    lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             b"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def",
             b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
             b"1 begincodespacerange <0000> <ffff> endcodespacerange"]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [b"<%04x> <%s>" % (g, ch.encode("utf-16-be").hex().encode()) for g, ch in chunk]
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)


def _pairs(font, ids: dict[str, int]) -> dict[tuple[int, int], int]:
    """The horizontal pair adjustments of the GPOS `kern` feature (pairs of single glyphs and of glyph classes)."""
    pairs: dict[tuple[int, int], int] = {}
    if "GPOS" not in font:
        return pairs
    table = font["GPOS"].table
    lookups = sorted({i for record in table.FeatureList.FeatureRecord if record.FeatureTag == "kern"
                      for i in record.Feature.LookupListIndex})
    for index in lookups:
        lookup = table.LookupList.Lookup[index]
        found: dict[tuple[int, int], int] = {}
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) != 2:
                continue
            for pair, value in _subtable_pairs(sub, ids):
                found.setdefault(pair, value)  # the first subtable that matches a pair wins
        for pair, value in found.items():  # several lookups add up
            pairs[pair] = pairs.get(pair, 0) + value
    return {p: v for p, v in pairs.items() if v}


def _subtable_pairs(sub, ids: dict[str, int]):
    if sub.Format == 1:
        for first, pair_set in zip(sub.Coverage.glyphs, sub.PairSet, strict=True):
            for record in pair_set.PairValueRecord:
                value = getattr(record.Value1, "XAdvance", 0) if record.Value1 else 0
                yield (ids[first], ids[record.SecondGlyph]), value or 0
    elif sub.Format == 2:
        first_classes = sub.ClassDef1.classDefs if sub.ClassDef1 else {}
        second_classes = sub.ClassDef2.classDefs if sub.ClassDef2 else {}
        by_class: dict[int, list[str]] = {}
        for glyph, c in second_classes.items():
            by_class.setdefault(c, []).append(glyph)
        everything = set(ids)
        by_class[0] = sorted(everything - set(second_classes))
        for first in sub.Coverage.glyphs:
            record = sub.Class1Record[first_classes.get(first, 0)]
            for c, class2 in enumerate(record.Class2Record):
                value = getattr(class2.Value1, "XAdvance", 0) if class2.Value1 else 0
                if value:
                    for second in by_class.get(c, ()):
                        yield (ids[first], ids[second]), value


@cache
def font_file(family: str, bold: bool, italic: bool) -> Path | None:
    """The file fontconfig gives for the family and style (the file Pango takes), or None when it names another
    family or fontconfig is not there."""
    if shutil.which("fc-match") is None:
        return None
    pattern = f"{family}:weight={200 if bold else 80}:slant={100 if italic else 0}"
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", pattern], capture_output=True, text=True,
                               timeout=30, check=False).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    if len(found) != 2 or family not in [f.strip() for f in found[0].split(",")]:
        return None
    path = Path(found[1])
    return path if path.suffix.lower() == ".ttf" and path.is_file() else None


@cache
def face(path: Path) -> Face:
    return Face(path)
