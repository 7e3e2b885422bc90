"""HTML to PDF with WeasyPrint, every document of a run at once, one worker process per core.

A small PDF costs about a third of a second whatever its size and WeasyPrint holds one core, so
the certificates are rendered in chunks of pages, in parallel with the decision and the list,
then joined in order.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from engine.documents.render import TEMPLATES_DIR
from engine.workers import requested_workers, worker_pool

CHUNK_PAGES = 250


def pdf_bytes(html: str, folders: Sequence[Path] = (TEMPLATES_DIR,)) -> bytes:
    """WeasyPrint reads only files inside the templates `folders` and data: URLs (engine/documents/fetch.py)."""
    from weasyprint import HTML  # imported late: it loads Pango, needed only for documents

    from engine.documents.fetch import FolderFetcher

    fetcher = FolderFetcher(folders)
    data = HTML(string=html, base_url=str(TEMPLATES_DIR), url_fetcher=fetcher).write_pdf()
    fetcher.check()
    return data


def render_all(htmls: list[Any], done: Callable[[int], None] | None = None,
               folders: Sequence[Path] = (TEMPLATES_DIR,), meanwhile: Callable[[], None] | None = None) -> list[Any]:
    """Each HTML to PDF bytes, in order; `done(i)` as soon as the i-th is finished (in any order). Raises ResourceRefused
    (engine/documents/fetch.py) when a document asks for anything outside the templates `folders`. `meanwhile()`
    runs in this process while the workers render (the certificates placed on their background)."""
    one = partial(_render, folders=tuple(folders))
    workers = min(requested_workers() or os.cpu_count() or 1, len(htmls))  # RECOGNISE_WORKERS, as for scoring
    if workers <= 1:
        out = []
        for i, html in enumerate(htmls):
            out.append(one(html))
            if done:
                done(i)
        if meanwhile:
            meanwhile()
        return out
    out: list[Any] = [b""] * len(htmls)
    with worker_pool(workers) as pool:  # workers ignore Ctrl-C; the pool ends with the block
        # as each finishes, not in order: a long list rendered first does not hold back the progress of the others
        finished = pool.imap_unordered(partial(_numbered, one), enumerate(htmls))
        if meanwhile:
            meanwhile()
        for i, data in finished:
            out[i] = data
            if done:
                done(i)
    return out


def _render(document: Any, folders: Sequence[Path]) -> Any:
    """An HTML string to PDF bytes; anything else (a part of a long list) renders itself."""
    return pdf_bytes(document, folders) if isinstance(document, str) else document.run(folders)


def _numbered(one: Callable[[Any], Any], item: tuple[int, Any]) -> tuple[int, Any]:
    return item[0], one(item[1])


def join_pages(parts: list[bytes], target: Path, expected: int, what: str) -> Callable[[], Iterator[bytes]]:
    """Join chunk PDFs into `target` (one page per subject, checked); returns a function yielding each
    page as a PDF of its own (for --split)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    if len(writer.pages) != expected:
        raise ValueError(f"{what}: {len(writer.pages)} trang cho {expected} đối tượng (mỗi đối tượng một trang)")
    with target.open("wb") as handle:
        writer.write(handle)
    return partial(split_pages, target)


def split_pages(path: Path) -> Iterator[bytes]:
    """Each page of a PDF as a PDF of its own."""
    from pypdf import PdfReader, PdfWriter

    for page in PdfReader(path).pages:
        single = PdfWriter()
        single.add_page(page)
        buffer = io.BytesIO()
        single.write(buffer)
        yield buffer.getvalue()
