"""The editable papers written beside the PDFs: the decision, the list and the notices as Word files, the
list as a workbook (all from writer.context(), the context the PDFs are rendered from)."""

from __future__ import annotations

from pathlib import Path

from engine.documents.docx import (
    write_consolidated_notice_docx,
    write_decision_docx,
    write_list_docx,
    write_notices_docx,
)
from engine.documents.xlsx_list import write_list_xlsx


def write_editable(ctx: dict, folder: Path, *, consolidated: bool = False) -> list[Path]:
    """quyet-dinh.docx, danh-sach.docx, danh-sach.xlsx and, when a subject was not recognised,
    thong-bao-khong-dat.docx (a notice each) or with `consolidated` thong-bao-chung.docx (one for all), written
    into `folder` (the writer's staging folder). Returns them but the decision, which the writer lists itself."""
    write_decision_docx(ctx, folder / "quyet-dinh.docx")
    made = [folder / "danh-sach.docx", folder / "danh-sach.xlsx"]
    write_list_docx(ctx, made[0])
    write_list_xlsx(ctx, made[1])
    if ctx["denied"]:
        made.append(folder / ("thong-bao-chung.docx" if consolidated else "thong-bao-khong-dat.docx"))
        (write_consolidated_notice_docx if consolidated else write_notices_docx)(ctx, made[-1])
    return made
