"""`recognise so`: the registry of recognitions as a register: list, search, export, revoke, correct.

Nothing is deleted: a revoked recognition keeps its row (state “đã thu hồi”), a corrected one keeps its old value
in its history; both changes name the decision they were made under (engine/registry/changes.py). Every
command reads or changes an existing registry: a missing SQLite file is refused, never created.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from cli import options
from cli.console import err, error, out, plain
from cli.usage_vi import examples
from engine.registry import changes
from engine.registry.changes import FIELDS, ChangeRefused, Entry, Under
from engine.registry.export import FORMATS, write
from engine.registry.store import Registry, RegistryError, shown_url
from engine.vn.dates import parse_date
from engine.vn.numbers import fmt

app = typer.Typer(
    help="Sổ công nhận: liệt kê, tìm, xuất XLSX/CSV, thu hồi hoặc đính chính công nhận đã ghi (không xóa gì, "
         "giữ lịch sử).",
    no_args_is_help=True, rich_markup_mode="rich",
    epilog=examples("recognise so list --year 2024 --registry so-cong-nhan.sqlite3",
                    "recognise so search \"Nguyễn Văn An\"",
                    "recognise so export --year 2024 --output so-cong-nhan-2024.xlsx"))

STATE_STYLE = {changes.IN_FORCE: "green", changes.REVOKED: "red", changes.CORRECTED: "yellow"}

_TITLE_HELP = "Danh hiệu: tên đầy đủ (vd. “Gia đình học tập”) hoặc mã gdht, dhht, cdht-thon, dvht."
_AREA_HELP = ("Địa bàn: tên đầy đủ hoặc không kèm chữ chỉ cấp (“Xã Tân Lập” hoặc “Tân Lập”; “Thôn 1, Xã Tân Lập”); "
              "so khớp cả tên, không tìm theo một phần tên.")


def _fail(message: str) -> typer.Exit:
    error(message)
    return typer.Exit(2)


def _open(registry: str | None) -> Registry:
    url = options.registry_or_default(registry)
    options.must_exist(url)  # these commands never create a registry
    try:
        return Registry(url)
    except RegistryError as exc:
        raise _fail(str(exc)) from None


def _day(value: str, option: str) -> date:
    day = parse_date(value)
    if day is None:
        raise _fail(f"{option} “{value}”: ngày không hợp lệ (cần một ngày có thật dạng dd/mm/yyyy, vd. 15/06/2025)")
    return day


def _result(r) -> str:
    if r.level is not None:
        shown = f"mức độ {r.level}"
    elif r.grade:
        shown = r.grade
    else:
        shown = ""
    if r.total is not None:
        shown = f"{shown} ({fmt(r.total)} điểm)".strip()
    return shown + ("" if r.recognised else ("; " if shown else "") + "không công nhận")


def _table(found: list[Entry], heading: str, show: int) -> None:
    table = Table(title=plain(heading), title_justify="left")
    for col in ("Mã", "Tên", "Địa bàn", "Danh hiệu", "Năm", "Kết quả", "Quyết định", "Trạng thái"):
        table.add_column(col, overflow="fold")
    for e in found[:show]:
        r = e.recognition
        state = Text(e.state, style=STATE_STYLE[e.state])
        if e.revoked and (was := e.revocation) is not None:
            state.append(f"\n{was.decision_number} ngày {was.decision_date:%d/%m/%Y}", style="dim")
        table.add_row(plain(r.subject), plain(r.name), plain(", ".join(changes.area_path(r))), plain(r.title),
                      str(r.year), plain(_result(r)),
                      plain(f"{r.decision_number}\nngày {r.decision_date:%d/%m/%Y}"), state)
    out.print(table)
    if len(found) > show:
        out.print(f"(in {show} trong {len(found)} công nhận; xem đủ bằng recognise so export)", markup=False)
    counts = {s: sum(e.state == s for e in found) for s in STATE_STYLE}
    out.print(f"{len(found)} công nhận: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + ".", markup=False)
    changed = [e for e in found[:show] if e.events]
    if changed:
        out.print("Lịch sử:", markup=False)
        for e in changed:
            for ev in e.events:
                out.print(Text(f"  {e.recognition.subject} (quyết định số {e.recognition.decision_number}): "
                               f"{ev.shown()}"), soft_wrap=True)


def _read(registry: str | None, **filters) -> tuple[Registry, list[Entry]]:
    book = _open(registry)
    try:
        return book, changes.entries(book, **filters)
    except RegistryError as exc:
        raise _fail(str(exc)) from None
    finally:
        book.engine.dispose()


def _heading(what: str, year: int | None, title: str | None, area: str | None, decision: str | None) -> str:
    parts = [f"năm {year}" if year else "", f"danh hiệu {title}" if title else "", f"địa bàn {area}" if area else "",
             f"quyết định số {decision}" if decision else ""]
    return what + "".join(f" — {p}" for p in parts if p)


_YEAR = options.year("Chỉ các công nhận của năm đánh giá này.")
_SHOW = typer.Option(500, "--show", help="Số dòng in ra màn hình.")


@app.command("list", help="Liệt kê các công nhận trong sổ, quyết định mới nhất trước, kèm trạng thái (hiệu lực, "
                          "đã thu hồi, đã đính chính) và lịch sử.",
             epilog=examples("recognise so list --year 2024",
                             "recognise so list --title gdht --area \"Xã Tân Lập\" --decision 15/QĐ-UBND"))
def list_(year: int = _YEAR,
          title: str = typer.Option(None, "--title", "-t", metavar="DANH_HIEU", help=_TITLE_HELP),
          area: str = typer.Option(None, "--area", "-a", metavar="DIA_BAN", help=_AREA_HELP),
          decision: str = typer.Option(None, "--decision", "-d", metavar="SO_QD",
                                       help="Số quyết định công nhận (vd. 15/QĐ-UBND)."),
          registry: str = options.registry(), show: int = _SHOW) -> None:
    book, found = _read(registry, year=year, title=title, area=area, decision=decision)
    if not found:
        out.print(f"Không có công nhận nào trong sổ {shown_url(book.url)}"
                  + (" khớp điều kiện đã chọn." if any((year, title, area, decision)) else "."), markup=False)
        return
    _table(found, _heading("Sổ công nhận", year, title, area, decision), show)


@app.command("search", help="Tìm trong sổ theo mã đối tượng hoặc tên (không phân biệt hoa thường, có dấu hay "
                            "không dấu; tên khớp trọn từ, theo thứ tự).",
             epilog=examples("recognise so search HGD-001", "recognise so search \"nguyen van an\" --area \"Tân Lập\""))
def search(text: str = typer.Argument(..., metavar="MA_HOAC_TEN"),
           year: int = _YEAR,
           area: str = typer.Option(None, "--area", "-a", metavar="DIA_BAN", help=_AREA_HELP),
           registry: str = options.registry(), show: int = _SHOW) -> None:
    if not text.strip():
        raise _fail("cần mã hoặc tên để tìm")
    _, found = _read(registry, year=year, area=area, text=text)
    if not found:
        out.print(f"Không tìm thấy “{text}” trong sổ công nhận.", markup=False)
        return
    _table(found, _heading(f"Tìm “{text}”", year, None, area, None), show)


@app.command("export", help="Xuất sổ công nhận ra XLSX (trang “Sổ công nhận” và trang “Lịch sử”) hoặc CSV "
                            "(UTF-8, dấu chấm phẩy).",
             epilog=examples("recognise so export --year 2024 --output so-cong-nhan-2024.xlsx",
                             "recognise so export --title gdht --output gia-dinh.csv"))
def export(output: Path = options.output("Tệp xuất .xlsx hoặc .csv.", "TEP.xlsx|TEP.csv"),
           year: int = _YEAR,
           title: str = typer.Option(None, "--title", "-t", metavar="DANH_HIEU", help=_TITLE_HELP),
           area: str = typer.Option(None, "--area", "-a", metavar="DIA_BAN", help=_AREA_HELP),
           decision: str = typer.Option(None, "--decision", "-d", metavar="SO_QD",
                                        help="Số quyết định công nhận."),
           registry: str = options.registry()) -> None:
    options.check_output_files([output], FORMATS)
    _, found = _read(registry, year=year, title=title, area=area, decision=decision)
    write(found, output)  # an OutputError is one sentence, exit 2 (cli/app.py)
    out.print(f"Đã ghi {len(found)} công nhận: {output}", markup=False)


_SUBJECT = typer.Option(None, "--subject", "-s", metavar="MA", help="Mã đối tượng (nhắc lại cho nhiều đối tượng).")
_OF_DECISION = typer.Option(None, "--decision", "-d", metavar="SO_QD",
                            help="Số quyết định công nhận đã ghi trong sổ (thiếu --subject: mọi đối tượng của "
                                 "quyết định này).")
_TITLE = typer.Option(None, "--title", "-t", metavar="DANH_HIEU", help=_TITLE_HELP)
_UNDER_NUMBER = typer.Option(..., "--decision-number", metavar="SO_QD",
                             help="Số của quyết định thu hồi hoặc đính chính (vd. 20/QĐ-UBND).")
_UNDER_DATE = typer.Option(..., "--date", metavar="dd/mm/yyyy", help="Ngày của quyết định thu hồi hoặc đính chính.")


def _targets(book: Registry, subject: list[str] | None, decision: str | None, year: int | None,
             title: str | None) -> list[Entry]:
    try:
        return changes.select(book, subjects=subject or [], decision=decision, year=year, title=title)
    except RegistryError as exc:
        raise _fail(str(exc)) from None


@app.command("revoke", help="Thu hồi công nhận đã ghi (một đối tượng, hoặc cả một quyết định) theo quyết định thu "
                            "hồi; dòng trong sổ được giữ, đánh dấu đã thu hồi, báo cáo tính là không được công nhận.",
             epilog=examples("recognise so revoke --subject HGD-001 --decision 15/QĐ-UBND --decision-number "
                             "20/QĐ-UBND --date 15/06/2025 --reason \"Kê khai không đúng\"",
                             "recognise so revoke --decision 15/QĐ-UBND --decision-number 21/QĐ-UBND --date "
                             "20/06/2025 --reason \"Quyết định ban hành sai thẩm quyền\""))
def revoke(subject: list[str] = _SUBJECT, decision: str = _OF_DECISION,
           year: int = _YEAR, title: str = _TITLE,
           number: str = _UNDER_NUMBER, day: str = _UNDER_DATE,
           reason: str = typer.Option(..., "--reason", metavar="LY_DO", help="Lý do thu hồi."),
           registry: str = options.registry()) -> None:
    under = Under(number.strip(), _day(day, "--date"), reason.strip())
    book = _open(registry)
    try:
        targets = _targets(book, subject, decision, year, title)
        done = changes.revoke(book, targets, under)
    except RegistryError as exc:
        raise _fail(str(exc)) from None
    finally:
        book.engine.dispose()
    skipped = len(targets) - len(done)
    out.print(f"Đã thu hồi {len(done)} công nhận theo quyết định số {under.number} ngày {under.day:%d/%m/%Y} "
              f"(sổ {shown_url(book.url)}; các dòng vẫn được giữ, đánh dấu đã thu hồi).", markup=False, soft_wrap=True)
    for e in done[:20]:
        r = e.recognition
        out.print(Text(f"  {r.subject} {r.name} — năm {r.year}, quyết định số {r.decision_number}"), soft_wrap=True)
    if len(done) > 20:
        out.print(f"  … và {len(done) - 20} công nhận khác", markup=False)
    if skipped:
        err.print(Text(f"{skipped} công nhận của quyết định đã bị thu hồi từ trước, giữ nguyên.", style="yellow"))


@app.command("correct", help="Đính chính một thông tin đã ghi theo quyết định đính chính; giá trị cũ được giữ trong "
                             "lịch sử. Thông tin: " + ", ".join(f"{k} ({f.label})" for k, f in FIELDS.items())
                             + "; số và ngày quyết định đính chính được cho cả một quyết định.",
             epilog=examples("recognise so correct --subject HGD-001 --field ten --value \"Hộ ông Nguyễn Văn An\" "
                             "--decision-number 22/QĐ-UBND --date 01/07/2025",
                             "recognise so correct --decision 15/QĐ-UBND --field ngay-quyet-dinh --value 20/03/2025 "
                             "--decision-number 23/QĐ-UBND --date 02/07/2025 --reason \"Ghi nhầm ngày\""))
def correct(subject: list[str] = _SUBJECT, decision: str = _OF_DECISION,
            year: int = _YEAR, title: str = _TITLE,
            key: str = typer.Option(..., "--field", "-f", metavar="THONG_TIN",
                                    help="Thông tin đính chính: " + ", ".join(FIELDS) + "."),
            value: str = typer.Option(..., "--value", metavar="GIA_TRI",
                                      help="Giá trị mới (mức độ: số; công nhận: có/không; ngày: dd/mm/yyyy)."),
            number: str = _UNDER_NUMBER, day: str = _UNDER_DATE,
            reason: str = typer.Option("", "--reason", metavar="LY_DO", help="Lý do đính chính."),
            registry: str = options.registry()) -> None:
    key = key.strip().lower()
    if key not in FIELDS:
        raise _fail(f"--field “{key}”: không đính chính được thông tin này (cần một trong: {', '.join(FIELDS)})")
    under = Under(number.strip(), _day(day, "--date"), reason.strip())
    try:
        changes.parse_value(key, value)  # a bad value refused before the registry is opened
    except ChangeRefused as exc:
        raise _fail(str(exc)) from None
    book = _open(registry)
    try:
        targets = _targets(book, subject, decision, year, title)
        done = changes.correct(book, targets, key, value, under)
    except RegistryError as exc:
        raise _fail(str(exc)) from None
    finally:
        book.engine.dispose()
    spec = FIELDS[key]
    out.print(f"Đã đính chính {spec.label} của {len(done)} công nhận theo quyết định số {under.number} ngày "
              f"{under.day:%d/%m/%Y}; giá trị cũ được giữ trong lịch sử.", markup=False, soft_wrap=True)
    for e, old in done[:20]:
        r = e.recognition
        out.print(Text(f"  {r.subject} năm {r.year}: “{changes.stored_shown(spec.column, changes.stored(old))}” → "
                       f"“{changes.stored_shown(spec.column, changes.stored(changes.parse_value(key, value)))}”"),
                  soft_wrap=True)
