"""The decision, the attached list and the notices of non-recognition as editable Word files, in the form of
NĐ 30/2020/NĐ-CP (engine/documents/docx_form.py), from the same context as the PDFs (writer.context())."""

from __future__ import annotations

import re
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Length, Mm

from engine.documents.docx_form import (
    TEXT_W,
    Cell,
    Run,
    add_rows,
    body,
    header_block,
    new_document,
    new_paper,
    paragraph,
    repeat_header,
    rule,
    signature_block,
    table,
    title_block,
)
from engine.vn.dates import vietnamese_date


def write_decision_docx(ctx: dict, target: Path) -> None:
    doc = new_document(ctx["trich_yeu"], ctx["co_quan_ban_hanh"], ctx["watermark"])
    header_block(doc, ctx, ctx["so_quyet_dinh"])
    title_block(doc, "QUYẾT ĐỊNH", ctx["trich_yeu"])
    paragraph(doc, ctx["tham_quyen_ban_hanh"].upper(), align="center", bold=True, before=6, after=6)
    for basis in ctx["can_cu"]:
        body(doc, basis, italic=True)
    paragraph(doc, "QUYẾT ĐỊNH:", align="center", bold=True, before=12, after=6, keep_next=True)
    article_1 = ctx["dieu_1"]
    if "danh sách kèm theo" not in article_1.lower():  # as the PDF: the list is named in Điều 1
        article_1 = f"{article_1.strip().rstrip('.')} (có danh sách kèm theo)."
    for n, text in enumerate((article_1, ctx["dieu_2"], ctx["dieu_3"]), start=1):
        body(doc, [Run(f"Điều {n}.", bold=True), Run(f" {text}")])
    signature_block(doc, ctx["noi_nhan"], ctx["nguoi_ky"])
    doc.save(str(target))


def _list_columns(points: bool) -> list[tuple[str, Length, str]]:
    """(heading, width, key) of the list's columns; widths add up to the text width, 160 mm."""
    if points:
        return [("STT", Mm(12), "stt"), ("Mã", Mm(25), "ma"), ("Tên", Mm(51), "ten"), ("Địa bàn", Mm(33), "dia_ban"),
                ("Tổng điểm", Mm(18), "tong_diem"), ("Xếp loại", Mm(21), "xep_loai")]
    return [("STT", Mm(12), "stt"), ("Mã", Mm(25), "ma"), ("Tên", Mm(61), "ten"), ("Địa bàn", Mm(40), "dia_ban"),
            ("Mức độ", Mm(22), "muc_do")]


def list_title(ctx: dict) -> tuple[str, str, str]:
    """The list's heading lines, as the PDF list prints them."""
    attached = (f"(Kèm theo Quyết định số {ctx['so_quyet_dinh']} {vietnamese_date(ctx['ngay_quyet_dinh'])} "
                f"của {ctx['co_quan_ban_hanh']})")
    return "DANH SÁCH", ctx["danh_sach_tieu_de"], attached


def list_cell(item: dict, key: str) -> str:
    if key == "muc_do":
        return f"Mức độ {item['muc_do']}" if item["muc_do"] else ""
    return str(item[key])


def list_rows(ctx: dict) -> list[tuple[str, dict | str]]:
    """The list's rows as the PDF list lays them out: ("item", item) for each recognised subject, and for
    households and clans (ctx["thon"]) each village as a heading ("thon", name) and a subtotal ("cong", text)."""
    if not ctx.get("thon"):
        return [("item", item) for item in ctx["recognised"]]
    rows: list[tuple[str, dict | str]] = []
    for village in ctx["thon"]:
        rows.append(("thon", village["ten"]))
        rows += [("item", item) for item in village["items"]]
        rows.append(("cong", f"Cộng {village['ten']}: {village['so_luong']} {ctx['doi_tuong']}"))
    return rows


def list_total(ctx: dict) -> str:
    villages = len(ctx.get("thon") or [])
    among = f" ({villages} thôn, tổ dân phố)" if villages > 1 else ""
    return f"Tổng số: {len(ctx['recognised'])} {ctx['doi_tuong']}{among}./."


def write_list_docx(ctx: dict, target: Path) -> None:
    """The list attached to the decision: its heading, a table whose header row repeats on every page and
    whose rows never split (a village's heading kept with its first row), the total kept with the last row."""
    kind, summary, attached = list_title(ctx)
    doc = new_document(f"{kind} {summary}", ctx["co_quan_ban_hanh"], ctx["watermark"])
    paragraph(doc, kind, align="center", bold=True, size=14)
    paragraph(doc, summary, align="center", bold=True, size=13.5)
    paragraph(doc, attached, align="center", italic=True, before=2)
    rule(doc, Mm(48), TEXT_W, after=12)
    columns = _list_columns(ctx["diem"])
    widths = [w for _, w, _ in columns]
    grid = table(doc, widths, grid=True)
    repeat_header(grid.rows[0])
    for cell, (heading, _, _) in zip(grid.rows[0].cells, columns, strict=True):
        paragraph(cell, heading, align="center", bold=True, size=12, before=2, after=2)
    centred = {"stt", "tong_diem", "xep_loai", "muc_do"}
    rows: list[list[Cell]] = []
    for what, value in list_rows(ctx):
        if what == "item":
            rows.append([Cell(list_cell(value, key), "center" if key in centred else "left", size=11 if key == "ma" else 12)
                         for _, _, key in columns])
        elif what == "thon":  # a village's heading: bold, on the page of its first row
            rows.append([Cell(value, bold=True, span=len(columns), keep_next=True)])
        else:
            rows.append([Cell(value, "right", bold=True, italic=True, span=len(columns))])
    if not rows:
        rows.append([Cell(f"Không có {ctx['doi_tuong']} nào được công nhận.", "center", italic=True,
                          span=len(columns))])
    add_rows(grid, widths, rows, keep_last=True)  # the total line never alone on a page
    paragraph(doc, list_total(ctx), bold=True, before=10)
    doc.save(str(target))


def notice_number(ctx: dict, item: dict) -> str:
    """The notice's number and symbol as the PDF prints it (item["so_thong_bao"], engine/documents/printing.py),
    else the number left for the văn thư and the symbol TB with the issuing body's abbreviation taken from the
    decision's (125/QĐ-SGDĐT → ……/TB-SGDĐT)."""
    if item.get("so_thong_bao"):
        return item["so_thong_bao"]
    m = re.search(r"/\s*QĐ-(\S+)\s*$", ctx["so_quyet_dinh"] or "")
    return f"……/TB-{m.group(1)}" if m else "……/TB"


def _notice(doc: DocxDocument, ctx: dict, item: dict) -> None:
    title = ctx["danh_hieu"].strip().strip("“”\"")
    header_block(doc, ctx, notice_number(ctx, item))
    title_block(doc, "THÔNG BÁO", f"Về kết quả đánh giá danh hiệu “{title}” năm {ctx['nam']}")
    where = f" ({item['dia_ban']})" if item["dia_ban"] else ""
    paragraph(doc, f"Kính gửi: {item['ten']}{where}", align="center", before=6, after=6)
    issuer = ctx["co_quan_ban_hanh"]
    body(doc, f"Căn cứ kết quả đánh giá theo {ctx['bo_tieu_chi']['source']}, {issuer} thông báo: {item['ten']} "
              f"(mã {item['ma']}) chưa đủ điều kiện để được công nhận danh hiệu “{title}” năm {ctx['nam']}.")
    if item["ly_do"]:
        body(doc, "Lý do:").runs[0].bold = True
        for reason in item["ly_do"]:
            body(doc, f"- {reason}")
    body(doc, f"{issuer} thông báo để {item['ten']} biết, tiếp tục khắc phục các nội dung chưa đạt và phấn đấu "
              "đạt danh hiệu trong kỳ đánh giá tiếp theo./.")
    signature_block(doc, ["Như trên;", "Lưu: VT."], ctx["nguoi_ky"])


def write_notices_docx(ctx: dict, target: Path) -> None:
    """One notice per subject not recognised, each a paper of its own: a new page, its pages numbered from 1."""
    title = f"Thông báo kết quả đánh giá danh hiệu {ctx['danh_hieu']} năm {ctx['nam']}"
    doc = new_document(title, ctx["co_quan_ban_hanh"], ctx["watermark"])
    for n, item in enumerate(ctx["denied"]):
        if n:
            new_paper(doc)
        _notice(doc, ctx, item)
    doc.save(str(target))



def write_consolidated_notice_docx(ctx: dict, target: Path) -> None:
    """One notice for every subject not recognised (households of a commune), grouped by village as the list
    is, each with its reasons: the Word twin of thong-bao-chung.pdf, with its one number (ctx["so_thong_bao"])."""
    title = ctx["danh_hieu"].strip().strip("“”\"")
    summary = f"Về kết quả đánh giá danh hiệu “{title}” năm {ctx['nam']}"
    doc = new_document(f"Thông báo {summary.lower()}", ctx["co_quan_ban_hanh"], ctx["watermark"])
    denied, kind, issuer = ctx["denied"], ctx["doi_tuong"], ctx["co_quan_ban_hanh"]
    header_block(doc, ctx, ctx.get("so_thong_bao") or notice_number(ctx, denied[0] if denied else {}))
    title_block(doc, "THÔNG BÁO", summary)
    paragraph(doc, f"Kính gửi: các thôn, tổ dân phố và các {kind} có tên trong danh sách dưới đây", align="center",
              before=6, after=6)
    body(doc, f"Căn cứ kết quả đánh giá theo {ctx['bo_tieu_chi']['source']}, {issuer} thông báo: {len(denied)} {kind} "
              f"có tên dưới đây chưa đủ điều kiện để được công nhận danh hiệu “{title}” năm {ctx['nam']}, với lý do "
              f"ghi bên cạnh từng {kind}.")
    points = ctx["diem"]
    columns = [("STT", Mm(12), "stt"), ("Mã", Mm(25), "ma"), ("Tên", Mm(45 if points else 55), "ten")]
    columns += [("Tổng điểm", Mm(18), "tong_diem")] if points else []
    columns += [("Lý do chưa đủ điều kiện", Mm(60 if points else 68), "ly_do")]
    rows: list[tuple[str, dict | str]] = []
    for village in ctx.get("thon_khong_dat") or [{"ten": "", "items": denied, "so_luong": len(denied)}]:
        rows += [("thon", village["ten"])] if village["ten"] else []
        rows += [("item", item) for item in village["items"]]
        rows += [("cong", f"Cộng {village['ten']}: {village['so_luong']} {kind}")] if village["ten"] else []
    paragraph(doc, "", after=4)
    widths = [w for _, w, _ in columns]
    grid = table(doc, widths, grid=True)
    repeat_header(grid.rows[0])
    for cell, (heading, _, _) in zip(grid.rows[0].cells, columns, strict=True):
        paragraph(cell, heading, align="center", bold=True, size=12, before=2, after=2)
    cells: list[list[Cell]] = []
    for what, value in rows:
        if what == "item":
            cells.append([Cell(" ".join(value["ly_do"]) if key == "ly_do" else str(value[key]),
                               "center" if key in ("stt", "tong_diem") else "left",
                               size=11 if key in ("ma", "ly_do") else 12) for _, _, key in columns])
        else:
            cells.append([Cell(value, "left" if what == "thon" else "right", bold=True, italic=what == "cong",
                               span=len(columns), keep_next=what == "thon")])
    add_rows(grid, widths, cells, keep_last=True)
    paragraph(doc, f"Tổng số: {len(denied)} {kind} chưa đủ điều kiện công nhận.", bold=True, before=10)
    body(doc, f"{issuer} thông báo để các thôn, tổ dân phố và các {kind} có tên trên biết, tiếp tục khắc phục các "
              "nội dung chưa đạt và phấn đấu đạt danh hiệu trong kỳ đánh giá tiếp theo./.")
    signature_block(doc, ["Như trên;", "Lưu: VT."], ctx["nguoi_ky"])
    doc.save(str(target))
