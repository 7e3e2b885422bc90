"""Certificates by the thousand: the page laid out once by WeasyPrint, each subject's texts placed on it.

Laying out a certificate costs WeasyPrint about 20 ms of CPU, and all but four of its texts are the same on every
page. So the shipped template is rendered once, on a few probe pages, with the texts that vary hidden: that page
(the frame, the national motto, the title, the signature block) becomes the background every certificate draws
first, and WeasyPrint's layout of the probe says where each varying text goes (its box, font, size, line height,
alignment and colour, and how far the texts below it move when it takes more lines). Each subject's name, area,
result and register number are then measured glyph by glyph from the font file (advance widths and the font's pair
kerning, as HarfBuzz applies them), broken into lines at spaces as WeasyPrint breaks them, and written straight into
the PDF; the illustrative watermark, rendered once the same way, is drawn last, over everything.

Whatever this cannot place exactly as WeasyPrint would is left to WeasyPrint, certificate by certificate: a text
with a character that needs more than kerning or could break elsewhere than at a space (a hyphen, a slash…), a word
wider than its box, a line whose width is within a hair of its box. A province's own certificate template or
printing on pre-printed blanks goes through WeasyPrint whole (`plan` returns None).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from engine.documents.face import Face, face, font_file
from engine.documents.pdfwrite import Writer

TEMPLATE = "giay-cong-nhan.html.j2"
NAME_LIMITS = (55, 110, 220)  # giay-cong-nhan.html.j2: longer names are set smaller (classes dai, rat-dai, cuc-dai)
FIELDS = ("gcn-ten", "gcn-dia-ban", "gcn-ket-qua", "gcn-so-vao-so")
HIDE_FIELDS = ("<style>.gcn-ten, .gcn-dia-ban, .gcn-ket-qua, .gcn-so-vao-so { visibility: hidden !important; }"
               ".watermark { display: none !important; }</style>")
ONLY_WATERMARK = ("<style>body * { visibility: hidden !important; }"
                  ".watermark, .watermark * { visibility: visible !important; }</style>")
PT = 0.75  # points per CSS pixel
MARGIN = 0.1  # px: a line this close to filling its box is left to WeasyPrint (rounding inside the text engine)
_OTHER_SPACE = re.compile(r"[^\S ]")
# UAX #14 as Pango applies it: a line may break at every space between these words, and nowhere else. A word
# never starts with punctuation (no break before `)`, `!`, `,`… even after a space), has no quotes or brackets
# (they keep the spaces around them from breaking), ends with at most some of ".,:;!?" and holds "." "," ":" "'"
# "’" only between letters or digits, a hyphen only before a digit (HGD-00001).
CLOSING = ".,:;!?"
INSIDE = ".,:'’"
ALONE = ("—", "…", "……")  # standing alone between spaces: "Đạt — 95 điểm", "Số vào sổ: ……"

@dataclass(frozen=True)
class Style:
    """One varying text's look and box, read from WeasyPrint's layout of a probe page (CSS pixels)."""

    face: Face
    size: float
    line: float  # line height
    baseline: float  # from the top of a line
    left: float
    width: float
    align: str  # left, center or right
    color: bytes  # the fill colour operator


@dataclass(frozen=True)
class Plan:
    names: tuple[Style, ...]  # one per size class of the name
    area: Style
    result: Style
    number: Style
    name_top: float  # the top of the name's first line
    gaps: dict[tuple[str, str], float]  # space between two texts that follow each other (margins)
    number_top: float
    size: tuple[float, float]  # the page in points
    background: bytes  # a PDF: one page without the varying texts and without the watermark
    watermark: bytes | None  # a PDF: one page with only the watermark


# ---------------------------------------------------------------- the probe


def _probe_items(item: dict) -> list[dict]:
    """A short name, names at each side of every size limit, and a subject without an area."""
    base = "Hộ ông Nguyễn Văn An và bà Trần Thị Bình cùng các con cháu trong gia đình ở thôn Đông "
    names = ["Hộ ông Nguyễn Văn An"]
    for limit in NAME_LIMITS:
        text = (base * (limit // len(base) + 2))
        names += [text[:limit].rstrip() + "x" * (limit - len(text[:limit].rstrip())), text[:limit + 1]]
    items = [dict(item, ten=n, dia_ban="Thôn Đông", ket_qua="Xếp loại Đạt", so_vao_so=None) for n in names]
    items.append(dict(items[0], dia_ban=""))
    return items


def _walk(box: Any) -> Iterator[Any]:
    box = getattr(box, "_box", box)  # absolutely placed boxes hang behind a placeholder
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _fields(page: Any) -> dict[str, Any]:
    found = {}
    for box in _walk(page._page_box):
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        if classes and classes[0] in FIELDS and type(box).__name__ == "BlockBox":
            found[classes[0]] = box
    return found


def _text_boxes(box: Any) -> list[Any]:
    return [t for t in _walk(box) if type(t).__name__ == "TextBox"]


def _style(box: Any, family: str) -> Style | None:
    style = box.style
    bold, italic = style["font_weight"] >= 600, style["font_style"] != "normal"
    path = font_file(family, bold, italic)
    texts = _text_boxes(box)
    align = {"center": "center", "right": "right", "end": "right"}.get(style["text_align_all"], "left")
    if path is None or not texts or style["letter_spacing"] != "normal" or style["word_spacing"] != 0 \
            or style["text_transform"] != "none" or style["text_indent"].value != 0:
        return None
    red, green, blue, alpha = style["color"]
    if alpha != 1:
        return None
    first = texts[0]
    return Style(face(path), style["font_size"], _lines(box)[0].height,
                 first.position_y + first.baseline - box.content_box_y(), box.content_box_x(), box.width, align,
                 b"%s %s %s rg" % (_num(red), _num(green), _num(blue)))


def _num(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


def plan(html: str, family: str, folders: Sequence[Path], watermark: bool) -> Plan | None:
    """The probe rendered (`html`: the shipped template over `_probe_items`), or None when its pages do not have
    the shape this module places texts on."""
    from weasyprint import HTML

    from engine.documents.fetch import FolderFetcher
    from engine.documents.render import TEMPLATES_DIR

    fetcher = FolderFetcher(folders)
    hidden = HTML(string=html.replace("</head>", HIDE_FIELDS + "</head>", 1), base_url=str(TEMPLATES_DIR),
                  url_fetcher=fetcher).render()
    fetcher.check()
    pages = [_fields(p) for p in hidden.pages]
    if len(pages) != 2 * len(NAME_LIMITS) + 2 or any(set(p) - {"gcn-dia-ban"} != set(FIELDS) - {"gcn-dia-ban"}
                                                    for p in pages):
        return None
    names = []
    for box in [pages[0]["gcn-ten"]] + [pages[i]["gcn-ten"] for i in range(2, len(pages) - 1, 2)]:
        names.append(_style(box, family))
    # each limit: the name one character shorter looks as the class below, one longer as the class above
    sizes = [p["gcn-ten"].style["font_size"] for p in pages[:-1]]
    expected = [sizes[0]] + [s for limit in range(len(NAME_LIMITS)) for s in (sizes[2 * limit], sizes[2 * limit + 2])]
    first, area, result, number = pages[0]["gcn-ten"], pages[0].get("gcn-dia-ban"), pages[0]["gcn-ket-qua"], \
        pages[0]["gcn-so-vao-so"]
    styles = [*names, _style(area, family) if area is not None else None, _style(result, family),
              _style(number, family)]
    if None in styles or sizes != expected or len(set(sizes)) != len(NAME_LIMITS) + 1 \
            or "gcn-dia-ban" in pages[-1] or len(_lines(first)) != 1:
        return None
    if any(abs(p["gcn-ten"].content_box_y() - first.content_box_y()) > 1e-6 for p in pages):
        return None
    bottom = first.content_box_y() + first.height
    no_area = pages[-1]["gcn-ket-qua"]
    gaps = {("ten", "dia_ban"): area.content_box_y() - bottom,
            ("dia_ban", "ket_qua"): result.content_box_y() - (area.content_box_y() + area.height),
            ("ten", "ket_qua"): no_area.content_box_y() - bottom}
    page = hidden.pages[0]
    size = (page.width * PT, page.height * PT)
    background = hidden.copy([page]).write_pdf()
    mark = None
    if watermark:
        mark = HTML(string=html.replace("</head>", ONLY_WATERMARK + "</head>", 1), base_url=str(TEMPLATES_DIR),
                    url_fetcher=fetcher).render()
        mark = mark.copy([mark.pages[0]]).write_pdf()
    return Plan(tuple(names), styles[-3], styles[-2], styles[-1], first.content_box_y(), gaps,
                number.content_box_y(), size, background, mark)


def _lines(box: Any) -> list[Any]:
    return [c for c in box.children if type(c).__name__ == "LineBox"]


# ---------------------------------------------------------------- measuring and breaking


def _safe_word(word: str) -> bool:
    """A word WeasyPrint breaks only at the spaces around it."""
    if word in ALONE:
        return True
    core = word.rstrip(CLOSING)
    if not core:
        return False
    for i, ch in enumerate(core):
        if ch.isalnum() and unicodedata.category(ch)[0] in "LN" and unicodedata.category(ch) != "Nl":
            continue
        inner = 0 < i < len(core) - 1
        if ch in INSIDE and inner and core[i - 1].isalnum() and core[i + 1].isalnum():
            continue
        if ch == "-" and inner and core[i + 1].isdigit():  # HGD-00001: no break before a digit
            continue
        return False
    return True


@lru_cache(maxsize=65536)  # words repeat from name to name
def _word(f: Face, word: str) -> tuple[tuple[int, ...], int] | None:
    """A word's glyphs and kerned advance in font units, None when it is not placed here."""
    gids = f.glyphs(word)
    return (tuple(gids), f.width(gids)) if gids is not None and _safe_word(word) else None


@lru_cache(maxsize=8192)  # the areas, the results, the register line repeat from page to page
def lines(style: Style, text: str) -> list[tuple[float, list[int], str]] | None:
    """(x of the line in CSS pixels, glyphs, text) of each line WeasyPrint would make of `text` in this box, or
    None when that cannot be told exactly here."""
    if _OTHER_SPACE.search(text):  # tabs, line breaks, no-break and other spaces: WeasyPrint's
        return None
    words = [w for w in text.split(" ") if w]
    if not words:
        return []
    f = style.face
    space = f.gid.get(ord(" "))
    measured = [_word(f, w) for w in words]
    if space is None or None in measured \
            or any(a == b == "—" for a, b in zip(words, words[1:], strict=False)):  # no break between two dashes
        return None
    glyphs = [m[0] for m in measured]
    widths = [m[1] for m in measured]
    scale = style.size / f.units
    limit = style.width
    kern = f.kern
    out = []
    i = 0
    while i < len(words):
        run = widths[i]
        if run * scale > limit - MARGIN:  # a word wider than the box is broken inside: WeasyPrint's
            return None
        j = i + 1
        while j < len(words):
            joined = run + kern.get((glyphs[j - 1][-1], space), 0) + f.advance[space] \
                + kern.get((space, glyphs[j][0]), 0) + widths[j]
            # Pango measures a line inside its paragraph: the last glyph kerned with the space after it
            after = kern.get((glyphs[j][-1], space), 0) if j + 1 < len(words) else 0
            low, high = sorted((joined * scale, (joined + after) * scale))
            if high <= limit - MARGIN:
                run, j = joined, j + 1
            elif low > limit + MARGIN:
                break
            else:
                return None
        text_line = " ".join(words[i:j])
        gids = [g for k in range(i, j) for g in ((space,) if k > i else ()) + tuple(glyphs[k])]
        width = run * scale
        x = style.left + {"left": 0.0, "center": (limit - width) / 2, "right": limit - width}[style.align]
        out.append((x, gids, text_line))
        i = j
    return out


# ---------------------------------------------------------------- writing


def _page_text(plan: Plan, item: dict) -> list[tuple[Style, float, list[tuple[float, list[int], str]]]] | None:
    """Each varying text of one certificate: its style, the top of its first line and its lines; None when one of
    them is left to WeasyPrint."""
    name = item["ten"]
    cls = sum(len(name) > limit for limit in NAME_LIMITS)
    placed = []
    top = plan.name_top
    previous = "ten"
    style = plan.names[cls]
    made = lines(style, name)
    if made is None:
        return None
    placed.append((style, top, made))
    top += len(made) * style.line
    for key, style in (("dia_ban", plan.area), ("ket_qua", plan.result)):
        if not item.get(key):
            if key == "ket_qua":
                return None  # never empty on the shipped certificates: not probed
            continue
        made = lines(style, item[key])
        if made is None:
            return None
        top += plan.gaps[(previous, key)]
        placed.append((style, top, made))
        top += len(made) * style.line
        previous = key
    number = f"Số vào sổ: {item.get('so_vao_so') or '……'}"
    made = lines(plan.number, number)
    if made is None or len(made) != 1:
        return None
    placed.append((plan.number, plan.number_top, made))
    return placed


def write(plan: Plan, items: list[dict], handle: BinaryIO, fallback: Callable[[list[dict]], bytes]) -> None:
    """The certificates of `items` into `handle`, one page each, in order. `fallback(items)` renders with WeasyPrint
    the certificates of the items given (PDF bytes, one page each) when their texts cannot be placed here."""
    from pypdf import PdfReader

    placed = [_page_text(plan, item) for item in items]
    left = [item for item, p in zip(items, placed, strict=True) if p is None]
    others = iter(PdfReader(io.BytesIO(fallback(left))).pages) if left else iter(())
    faces = sorted({s.face.path: s.face for p in placed if p for s, _, _ in p}.items())
    names = {path: b"/F%d" % n for n, (path, _) in enumerate(faces)}
    used: dict[Path, dict[int, str]] = {path: {} for path, _ in faces}
    width, height = plan.size
    writer = Writer(handle)
    background = writer.form(PdfReader(io.BytesIO(plan.background)).pages[0])
    mark = writer.form(PdfReader(io.BytesIO(plan.watermark)).pages[0]) if plan.watermark else None
    resources = writer.reserve()  # written last, with the fonts' subsets
    xobjects = b"/B %d 0 R" % background + (b" /W %d 0 R" % mark if mark else b"")
    blocks: dict[tuple[Style, float, str], bytes] = {}  # the area, the result, the number repeat from page to page
    for p in placed:
        if p is None:
            writer.copied_page(next(others))
            continue
        ops = [b"q /B Do Q"]
        for style, top, made in p:
            key = (style, top, "\n".join(text for _, _, text in made))
            if key not in blocks:
                f = style.face
                block = [b"BT %s %s %s Tf" % (style.color, names[f.path], _num(style.size * PT))]
                for k, (x, gids, text) in enumerate(made):
                    y = height - (top + k * style.line + style.baseline) * PT
                    block.append(b"1 0 0 1 %s %s Tm %s" % (_num(x * PT), _num(y), f.show(gids, text, used[f.path])))
                block.append(b"ET")
                blocks[key] = b"\n".join(block)
            ops.append(blocks[key])
        if mark:
            ops.append(b"q /W Do Q")
        contents = writer.stream(b"", b"\n".join(ops))
        writer.page(b"/MediaBox [0 0 %s %s] /Resources %d 0 R /Contents %d 0 R"
                    % (_num(width), _num(height), resources, contents))
    entries = []
    for path, f in faces:
        tag = _tag(f, used[path])
        entries.append(b"%s %s" % (names[path], f.embed(writer, tag, used[path])))
    writer.add(b"<</XObject <<%s>> /Font <<%s>>>>" % (xobjects, b" ".join(entries)), resources)
    writer.close()
    if len(writer.pages) != len(items):
        raise ValueError(f"{TEMPLATE}: {len(writer.pages)} trang cho {len(items)} đối tượng (mỗi đối tượng một trang)")


def _tag(f: Face, used: dict[int, str]) -> str:
    """Six capital letters naming the subset (PDF 32000, 9.6.4), the same for the same glyphs."""
    digest = hashlib.sha256(f.label.encode() + b"".join(b"%d," % g for g in sorted(used))).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


# ---------------------------------------------------------------- the certificates of a decision


def shipped(templates: Path | None, template: str) -> bool:
    """The template and the page it extends are the project's own (a province's folder replaces neither)."""
    return templates is None or not any((templates / n).exists() for n in (template, "_base.html.j2"))


def certificates_pdf(env: Any, ctx: dict, folders: Sequence[Path]) -> bytes | None:
    """One certificate per recognised subject of `ctx` (the decision's print context), or None when the probe
    pages do not have the shape this module places texts on (WeasyPrint then lays out every certificate)."""
    from engine.documents.pdf import pdf_bytes
    from engine.documents.render import render

    items = ctx["recognised"]
    probe = render(env, TEMPLATE, {**ctx, "recognised": _probe_items(items[0])})
    laid = plan(probe, ctx["phong_chu"], folders, bool(ctx.get("watermark")))
    if laid is None:
        return None

    def fallback(left: list[dict]) -> bytes:
        return pdf_bytes(render(env, TEMPLATE, {**ctx, "recognised": left}), folders)

    buffer = io.BytesIO()
    write(laid, items, buffer, fallback)
    return buffer.getvalue()
