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
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
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


def plan_parts(ctx: dict, probe: Any, family: str, rows: list[Row], probe_rows: list[Row],
               workers: int) -> list[tuple[int, int, int]] | None:
    """(first row, end row, first page number) of each part, or None when the list is better laid out whole."""
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
    usable = [(page, s) for page, s in enumerate(starts[:sure]) if 0 < page < len(starts) - 2
              and rows[s].kind == "item" and rows[s - 1].kind == "item"]
    count = max(2, min(2 * workers, round(len(rows) / PART_ROWS)))
    cuts: list[tuple[int, int]] = []
    for k in range(1, count):
        want = len(rows) * k // count
        best = min(usable, key=lambda ps: abs(ps[1] - want), default=None)
        if best is not None and best not in cuts and (not cuts or best[1] > cuts[-1][1]):
            cuts.append(best)
    if not cuts:
        return None
    bounds = [(0, 0), *cuts, (len(starts), len(rows))]
    return [(bounds[k][1], bounds[k + 1][1], bounds[k][0] + 1) for k in range(len(bounds) - 1)]


# ---------------------------------------------------------------- the list


def parts(env: Any, ctx: dict, folders: Sequence[Path], workers: int) -> tuple[list[Part], list] | None:
    """The parts to lay out side by side, with their plan; None when the list is laid out whole."""
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
    plan = plan_parts(ctx, probe, ctx["phong_chu"], rows, probe_rows, workers)
    if plan is None:
        return None
    made = [Part(render(env, TEMPLATE, part_context(ctx, rows, start, end, page)),
                 sum(r.kind == "item" for r in rows[start:end])) for start, end, page in plan]
    return made, plan


def joined(results: list[tuple[bytes, dict]], plan: list[tuple[int, int, int]]) -> bytes | None:
    """The parts as one PDF, or None when their layouts show the cuts were not where pages begin."""
    from pypdf import PdfReader, PdfWriter

    for k, ((_, shape), (_, _, page)) in enumerate(zip(results, plan, strict=True)):
        if k + 1 < len(plan):
            following = results[k + 1][1]
            if shape["pages"] != plan[k + 1][2] - page or shape["last_bottom"] is None \
                    or following["first_height"] is None \
                    or shape["last_bottom"] + following["first_height"] <= shape["bottom"] + SURE:
                return None
    writer = PdfWriter()
    for data, _ in results:
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
