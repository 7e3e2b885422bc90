"""A long attached list laid out by WeasyPrint in parts, side by side, and joined into the very same pages.

A table of thousands of rows costs WeasyPrint about a tenth of a second a page, on one core. A page of the list
only depends on the row it starts with: its repeated header, then rows until one no longer fits. So the list is
cut at rows that begin a page, each part is laid out in a worker (the first with the title, the others from
their first page number on, the last with the total line), and the parts are joined.

Where pages begin is worked out beforehand: the first rows are laid out once (the probe) for the height of the
header, of a row of one line and of each column's line, and every row's lines are counted by measuring its texts
as the certificates do (engine/documents/certificates.py). A part is only cut before a subject's row that follows
another subject's row (no village heading kept with its first row, no total line pulling rows back), far from the
end, where the row clearly does not fit on the page before. Afterwards each part's layout is checked: its pages
as counted, and the first row of the next part too tall for the room left on its last page. When anything does
not agree, the list is laid out whole.

Most pages of a long list hold nothing but subjects' rows of one line, as many as a page holds: such pages only
differ by their texts. They are stamped, as the certificates are: one such page laid out once with its cells'
texts hidden is the background; each cell's text is measured and placed where the layout put it, the page number
where WeasyPrint puts it, the watermark last. Only the other pages (the title, a village's heading or total, a
name on two lines, the end) are laid out by WeasyPrint.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from engine.documents.certificates import Style, _style, _walk, lines

TEMPLATE = "danh-sach.html.j2"
SPLIT_ROWS = 800  # shorter lists are laid out whole
PART_ROWS = 1000  # about how many rows one part holds
PROBE_ROWS = 60
SURE = 0.25  # px: a row this close to the bottom of a page may go either way; no part is cut there


@dataclass(frozen=True)
class Row:
    kind: str  # "thon" (a village's heading), "item" (a subject), "cong" (a village's total)
    group: int
    item: dict | None = None


def rows_of(ctx: dict) -> list[Row]:
    if ctx["thon"]:
        out = []
        for n, group in enumerate(ctx["thon"]):
            out.append(Row("thon", n))
            out += [Row("item", n, i) for i in group["items"]]
            out.append(Row("cong", n))
        return out
    return [Row("item", -1, i) for i in ctx["recognised"]]


def part_context(ctx: dict, rows: list[Row], start: int, end: int, first_page: int) -> dict:
    """The list's context for rows[start:end]: the title only in the first part, the total line in the last."""
    phan = {"dau": start == 0, "cuoi": end == len(rows), "trang_dau": first_page, "tong": len(ctx["recognised"]),
            "so_thon": len(ctx["thon"])}
    part = rows[start:end]
    if not ctx["thon"]:
        return {**ctx, "recognised": [r.item for r in part], "phan": phan}
    groups: dict[int, dict] = {}
    for r in part:
        group = groups.setdefault(r.group, dict(ctx["thon"][r.group], items=[], dau=False, cuoi=False))
        if r.kind == "item":
            group["items"].append(r.item)
        else:
            group["dau" if r.kind == "thon" else "cuoi"] = True
    return {**ctx, "thon": list(groups.values()), "phan": phan}


# ---------------------------------------------------------------- laying out a part (in a worker)


@dataclass(frozen=True)
class Part:
    """One part of the list to lay out: its HTML; `run` gives the PDF and what the join checks."""

    html: str
    rows: int  # subjects' rows, for the progress bar

    def run(self, folders: Sequence[Path]) -> tuple[bytes, dict]:
        from weasyprint import HTML

        from engine.documents.fetch import FolderFetcher
        from engine.documents.render import TEMPLATES_DIR

        fetcher = FolderFetcher(folders)
        document = HTML(string=self.html, base_url=str(TEMPLATES_DIR), url_fetcher=fetcher).render()
        data = document.write_pdf()
        fetcher.check()
        return data, _shape(document)


def _body_rows(page: Any) -> list[Any]:
    out = []
    for box in _walk(page._page_box):
        if type(box).__name__ == "TableRowGroupBox" and not box.is_header and not box.is_footer:
            out += [r for r in box.children if type(r).__name__ == "TableRowBox"]
    return out


def _page_bottom(page: Any) -> float:
    box = page._page_box
    return box.content_box_y() + box.height


def _shape(document: Any) -> dict:
    pages = document.pages
    first = _body_rows(pages[0]) if pages else []
    last = _body_rows(pages[-1]) if pages else []
    return {"pages": len(pages), "first_height": first[0].height if first else None,
            "last_bottom": last[-1].position_y + last[-1].height if last else None,
            "bottom": _page_bottom(pages[-1]) if pages else None}


# ---------------------------------------------------------------- where pages begin


@dataclass(frozen=True)
class Geometry:
    first_top: float  # the first row of page 1 (below the title and the header)
    top: float  # the first row of the following pages (below the repeated header)
    bottom: float
    extra: float  # a row's height besides its tallest cell's lines (padding, borders)
    item: list[Style | None]  # each column of a subject's row
    heading: Style
    total: Style


def _cell_styles(row: Any, family: str) -> list[Style | None] | None:
    styles = []
    for cell in row.children:
        texts = [t for t in _walk(cell) if type(t).__name__ == "TextBox"]
        style = _style(cell, family) if texts else None
        if texts and style is None:
            return None
        styles.append(style)
    return styles


def _height(row: Row, geometry: Geometry, ctx_row: list[str]) -> float | None:
    styles = geometry.item if row.kind == "item" else [geometry.heading if row.kind == "thon" else geometry.total]
    tallest = 0.0
    for style, text in zip(styles, ctx_row, strict=True):
        if style is None:
            if text.strip():
                return None
            continue
        made = lines(style, text)
        if made is None:
            return None
        tallest = max(tallest, len(made) * style.line)
    return tallest + geometry.extra


def _texts(row: Row, ctx: dict, columns: list[str]) -> list[str]:
    if row.kind == "thon":
        return [ctx["thon"][row.group]["ten"]]
    if row.kind == "cong":
        group = ctx["thon"][row.group]
        return [f"Cộng {group['ten']}: {group['so_luong']} {ctx['doi_tuong']}"]
    item = row.item or {}
    values = {"stt": str(item["stt"]), "ma": item["ma"], "ten": item["ten"], "dia_ban": item["dia_ban"],
              "diem": item["tong_diem"], "xep_loai": item["xep_loai"],
              "muc_do": f"Mức độ {item['muc_do']}" if item["muc_do"] else ""}
    return [values[c] for c in columns]


def _columns(ctx: dict) -> list[str]:
    middle = [] if ctx["thon"] else ["dia_ban"]
    return ["stt", "ma", "ten", *middle, *(["diem", "xep_loai"] if ctx["diem"] else ["muc_do"])]


def geometry(probe: Any, family: str, ctx: dict, rows: list[Row]) -> Geometry | None:
    """What the probe's layout says (None when it is not the table this module knows)."""
    pages = probe.pages
    if len(pages) < 2:
        return None
    first, second = _body_rows(pages[0]), _body_rows(pages[1])
    if not first or not second or abs(_page_bottom(pages[0]) - _page_bottom(pages[1])) > 1e-6:
        return None
    styles: dict[str, list[Style | None] | None] = {}
    every = [r for page in pages for r in _body_rows(page)]
    for key in ("", "thon", "cong-thon"):
        row = next((b for b in every if b.element is not None and (b.element.get("class") or "") == key), None)
        if row is None:
            if key == "" or ctx["thon"]:
                return None
            styles[key] = [None]
            continue
        styles[key] = _cell_styles(row, family)
        if styles[key] is None:
            return None
    columns = _columns(ctx)
    if len(styles[""]) != len(columns) or len(styles["thon"]) != 1 or len(styles["cong-thon"]) != 1:
        return None
    made = Geometry(first[0].position_y, second[0].position_y, _page_bottom(pages[0]), 0.0, styles[""],
                    styles["thon"][0], styles["cong-thon"][0])
    # the extra height, the same for every row of the probe
    extras = []
    probe_rows = iter(rows)
    for box in every:
        row = next(probe_rows, None)
        if row is None:
            return None
        tallest = _height(row, made, _texts(row, ctx, columns))
        if tallest is None:
            return None
        extras.append(box.height - tallest)
    if max(extras) - min(extras) > 0.01:
        return None
    return Geometry(made.first_top, made.top, made.bottom, extras[0], made.item, made.heading, made.total)


def page_starts(rows: list[Row], heights: list[float], shape: Geometry) -> tuple[list[int], int]:
    """The row each page begins with, and how many of them are sure (every decision before them clear-cut)."""
    starts, sure = [0], None
    y = shape.first_top
    for i, h in enumerate(heights):
        room = shape.bottom - (y + h)
        if abs(room) < SURE and sure is None:
            sure = len(starts)
        if room < 0 and i > starts[-1]:
            start = i - 1 if rows[i - 1].kind == "thon" and i - 1 > starts[-1] else i  # a heading goes with its row
            starts.append(start)
            y = shape.top + sum(heights[start:i])
        y += h
    return starts, sure if sure is not None else len(starts)


def layout(ctx: dict, probe: Any, family: str, rows: list[Row], probe_rows: list[Row]) -> tuple | None:
    """(geometry, each row's height, the row each page begins with, how many of these are sure), or None."""
    shape = geometry(probe, family, ctx, probe_rows)
    if shape is None:
        return None
    columns = _columns(ctx)
    heights = []
    for row in rows:
        h = _height(row, shape, _texts(row, ctx, columns))
        if h is None:
            return None
        heights.append(h)
    starts, sure = page_starts(rows, heights, shape)
    return shape, heights, starts, sure


def plan_pieces(rows: list[Row], heights: list[float], starts: list[int], sure: int, one_line: float,
                workers: int, stamping: bool = True) -> list[tuple[str, int, int, int]]:
    """("part" or "stamp", first row, end row, first page number) in the list's order. Pages of subjects' rows of
    one line each, as many as a page holds (most pages of a list), are stamped on one background; the others are
    laid out by WeasyPrint, in parts cut where pages begin."""
    ends = [*starts[1:], len(rows)]
    full = max((e - s for s, e in zip(starts, ends, strict=True)), default=0)
    plain = [stamping and 0 < k < min(sure - 1, len(starts) - 2) and e - s == full
             and all(rows[i].kind == "item" and abs(heights[i] - one_line) < 1e-6 for i in range(s, e))
             for k, (s, e) in enumerate(zip(starts, ends, strict=True))]
    pieces: list[tuple[str, int, int, int]] = []
    k = 0
    while k < len(starts):
        stamped = plain[k] and (rows[starts[k] - 1].kind == "item")
        j = k + 1
        while j < len(starts) and (plain[j] if stamped else not plain[j]):
            j += 1
        pieces.append(("stamp" if stamped else "part", starts[k], ends[j - 1], k + 1))
        k = j
    # long runs laid out by WeasyPrint are cut where pages begin, so that the workers share them
    size = max(PART_ROWS, len(rows) // (2 * workers) + 1)
    out = []
    for kind, start, end, page in pieces:
        if kind == "stamp" or end - start <= size:
            out.append((kind, start, end, page))
            continue
        first, first_page = start, page
        for n in range(page, page + len(starts)):
            if n >= len(starts) or starts[n] >= end:
                break
            s = starts[n]
            if s - first >= size and n < sure and rows[s].kind == "item" and rows[s - 1].kind == "item":
                out.append(("part", first, s, first_page))
                first, first_page = s, n + 1
        out.append(("part", first, end, first_page))
    return out


# ---------------------------------------------------------------- pages stamped on one background


@dataclass(frozen=True)
class Stamp:
    """A page of subjects' rows of one line: the background (frame, header, borders), where each cell's text
    goes (its style and baseline, row by row), where the page number goes, and the watermark drawn last."""

    background: bytes
    watermark: bytes | None
    cells: list[list[tuple[Style, float]]]  # per row of the page, per column: the style and the text's baseline
    number: Style
    number_baseline: float
    size: tuple[float, float]


def _number_box(page: Any) -> tuple[Any, Any]:
    """The page number's margin box and its text."""
    for box in page._page_box.children:
        if type(box).__name__ == "MarginBox":
            texts = [t for t in _walk(box) if type(t).__name__ == "TextBox" and t.text.strip().isdigit()]
            if texts:
                return box, texts[0]
    return None, None


def stamp(env: Any, ctx: dict, probe: Any, family: str, rows_per_page: int, folders: Sequence[Path]) -> Stamp | None:
    """The background laid out once: a page of `rows_per_page` rows whose texts are hidden."""
    from weasyprint import HTML

    from engine.documents.certificates import ONLY_WATERMARK, PT
    from engine.documents.fetch import FolderFetcher
    from engine.documents.render import TEMPLATES_DIR, render

    margin, number = _number_box(probe.pages[1])
    if number is None:
        return None
    # rows of one line with every cell filled: where each column's text sits, row by row
    item = dict(ctx["recognised"][0], stt=1, ma="X", ten="X", dia_ban="X", tong_diem="1", xep_loai="X", muc_do=1)
    group = [dict(ctx["thon"][0], items=[item] * rows_per_page, dau=False, cuoi=False)] if ctx["thon"] else []
    phan = {"dau": False, "cuoi": False, "trang_dau": 2, "tong": 0, "so_thon": 0}
    page_ctx = {**ctx, "thon": group, "recognised": [item] * rows_per_page, "phan": phan}
    html = render(env, TEMPLATE, page_ctx)
    no_number = "<style>@page :first { @top-center { content: none; } }</style>"  # drawn on each page instead
    hidden = "<style>tbody td { visibility: hidden !important; } .watermark { display: none !important; }</style>"
    hidden += no_number
    fetcher = FolderFetcher(folders)
    laid = HTML(string=html.replace("</head>", hidden + "</head>", 1), base_url=str(TEMPLATES_DIR),
                url_fetcher=fetcher).render()
    fetcher.check()
    if len(laid.pages) != 1:
        return None
    body = _body_rows(laid.pages[0])
    if len(body) != rows_per_page:
        return None
    cells = []
    for row in body:
        placed = []
        for cell in row.children:
            style = _style(cell, family)
            texts = [t for t in _walk(cell) if type(t).__name__ == "TextBox"]
            if style is None or len(texts) != 1:
                return None
            placed.append((style, texts[0].position_y + texts[0].baseline))
        cells.append(placed)
    number_style = _style(margin, family)
    if number_style is None:
        return None
    # the number's box is as wide as the number, centred: any number is centred on the same line
    centre = number_style.left + number_style.width / 2
    number_style = replace(number_style, left=centre - 100, width=200.0)
    mark = None
    if ctx.get("watermark"):
        only = HTML(string=html.replace("</head>", ONLY_WATERMARK + no_number + "</head>", 1), base_url=str(TEMPLATES_DIR),
                    url_fetcher=fetcher).render()
        mark = only.copy([only.pages[0]]).write_pdf()
    page = laid.pages[0]
    return Stamp(laid.write_pdf(), mark, cells, number_style, number.position_y + number.baseline,
                 (page.width * PT, page.height * PT))


# ---------------------------------------------------------------- the list


def parts(env: Any, ctx: dict, folders: Sequence[Path], workers: int) -> tuple[list[Part], tuple] | None:
    """The parts to lay out side by side, with the plan that joins them; None when the list is laid out whole."""
    from weasyprint import HTML

    from engine.documents.fetch import FolderFetcher
    from engine.documents.render import TEMPLATES_DIR, render

    rows = rows_of(ctx)
    if len(rows) < SPLIT_ROWS or workers < 2:
        return None
    probe_ctx = part_context(ctx, rows, 0, PROBE_ROWS, 1)
    probe_ctx["phan"]["cuoi"] = False
    if ctx["thon"]:  # a village's total among the probe's rows
        first = probe_ctx["thon"][0]
        first["cuoi"] = True
        probe_ctx["thon"] = [first]
        probe_rows = [r for r in rows[:PROBE_ROWS] if r.group == 0] + [Row("cong", 0)]
    else:
        probe_rows = rows[:PROBE_ROWS]
    fetcher = FolderFetcher(folders)
    probe = HTML(string=render(env, TEMPLATE, probe_ctx), base_url=str(TEMPLATES_DIR), url_fetcher=fetcher).render()
    fetcher.check()
    laid = layout(ctx, probe, ctx["phong_chu"], rows, probe_rows)
    if laid is None:
        return None
    shape, heights, starts, sure = laid
    one_line = shape.extra + max(s.line for s in shape.item if s is not None)
    pieces = plan_pieces(rows, heights, starts, sure, one_line, workers)
    stamped = next((p for p in pieces if p[0] == "stamp"), None)
    background = stamp(env, ctx, probe, ctx["phong_chu"], starts[stamped[3]] - starts[stamped[3] - 1], folders) \
        if stamped else None
    if stamped and background is None:  # the page is not the table this module knows: every page laid out
        pieces = plan_pieces(rows, heights, starts, sure, one_line, workers, stamping=False)
    if len(pieces) < 2:
        return None
    made = [Part(render(env, TEMPLATE, part_context(ctx, rows, start, end, page)),
                 sum(r.kind == "item" for r in rows[start:end])) for kind, start, end, page in pieces if kind == "part"]
    return made, (pieces, rows, heights, starts, one_line, background, _columns(ctx))


def joined(results: list[tuple[bytes, dict]], plan: tuple) -> bytes | None:
    """The parts and the stamped pages as one PDF, in order, or None when the parts' layouts show that a cut was
    not where a page begins."""
    from pypdf import PdfReader

    from engine.documents.certificates import PT, _num, lines
    from engine.documents.pdfwrite import Writer

    pieces, rows, heights, starts, one_line, background, columns = plan
    laid = iter(results)
    ends = [*starts[1:], len(rows)]
    shapes = {}
    for k, piece in enumerate(pieces):
        if piece[0] == "part":
            shapes[k] = next(laid)
    for k, (kind, _, _, page) in enumerate(pieces):
        if kind != "part" or k + 1 == len(pieces):
            continue
        _, shape = shapes[k]
        following = pieces[k + 1]
        first_height = shapes[k + 1][1]["first_height"] if following[0] == "part" else heights[following[1]]
        if shape["pages"] != following[3] - page or shape["last_bottom"] is None or first_height is None \
                or shape["last_bottom"] + first_height <= shape["bottom"] + SURE:
            return None
    buffer = io.BytesIO()
    writer = Writer(buffer)
    used: dict[Path, dict[int, str]] = {}
    names: dict[Path, bytes] = {}
    resources = writer.reserve()
    form = mark = None
    if background is not None:
        form = writer.form(PdfReader(io.BytesIO(background.background)).pages[0])
        mark = writer.form(PdfReader(io.BytesIO(background.watermark)).pages[0]) if background.watermark else None

    def show(style: Style, text: str, baseline: float) -> bytes:
        made = lines(style, text)
        if not made:
            return b""
        f = style.face
        name = names.setdefault(f.path, b"/F%d" % len(names))
        x, gids, line = made[0]
        y = background.size[1] - baseline * PT
        return b"BT %s %s %s Tf 1 0 0 1 %s %s Tm %s ET" % (
            style.color, name, _num(style.size * PT), _num(x * PT), _num(y), f.show(gids, line, used.setdefault(
                f.path, {})))

    for k, (kind, _, end, page) in enumerate(pieces):
        if kind == "part":
            for copied in PdfReader(io.BytesIO(shapes[k][0])).pages:
                writer.copied_page(copied)
            continue
        for n in range(page - 1, len(starts)):
            if starts[n] >= end:
                break
            ops = [b"q /B Do Q"]
            for row, cells in zip(range(starts[n], ends[n]), background.cells, strict=True):
                texts = _texts(rows[row], {}, columns)
                ops += [show(style, text, baseline) for (style, baseline), text in zip(cells, texts, strict=True)]
            ops.append(show(background.number, str(n + 1), background.number_baseline))
            if mark:
                ops.append(b"q /W Do Q")
            contents = writer.stream(b"", b"\n".join(o for o in ops if o))
            writer.page(b"/MediaBox [0 0 %s %s] /Resources %d 0 R /Contents %d 0 R"
                        % (_num(background.size[0]), _num(background.size[1]), resources, contents))
    fonts = b" ".join(b"%s %s" % (names[path], face_of(path).embed(writer, _tag(path, used[path]), used[path]))
                      for path in names)
    xobjects = (b"/B %d 0 R" % form if form else b"") + (b" /W %d 0 R" % mark if mark else b"")
    writer.add(b"<</XObject <<%s>> /Font <<%s>>>>" % (xobjects, fonts), resources)
    writer.close()
    return buffer.getvalue()


def face_of(path: Path) -> Any:
    from engine.documents.face import face

    return face(path)


def _tag(path: Path, used: dict[int, str]) -> str:
    from engine.documents.certificates import _tag as tag

    return tag(face_of(path), used)
