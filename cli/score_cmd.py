"""`recognise score`: score a sheet, print the results, write them, explain one subject."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import typer
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from cli.console import err, out
from cli.documents_cmd import make_documents
from cli.record_cmd import REGISTRY_HELP, record_results
from engine.criteria.catalogue import UnknownCriteria, find, for_title
from engine.criteria.load import CriteriaFileInvalid, LoadedSet
from engine.registry.store import Registry, RegistryError, registry_url
from engine.results.writers import FORMATS
from engine.scoring.run import RunResult, score_sheet
from engine.sheets.reader import Shares, Sheet, SheetError
from engine.vn.numbers import fmt

PROGRESS_FROM_BYTES = 256_000


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]Lỗi:[/] {message}", highlight=False)
    return typer.Exit(2)


def choose_set(sheet: Path, criteria: str | None, title: str | None, year: int | None,
               sheet_name: str | None) -> LoadedSet:
    if criteria:
        loaded = find(criteria)
        if year is not None and not loaded.criteria.in_force(year):
            raise UnknownCriteria(f"bộ tiêu chí {loaded.criteria.id} không có hiệu lực cho năm đánh giá {year}")
        return loaded
    if not title or year is None:
        raise UnknownCriteria("cần --criteria MA, hoặc --title và --year")
    candidates = for_title(title, year)
    if len(candidates) == 1:
        return candidates[0]
    fitting = []  # several sets for one title (district and province units): the sheet's columns choose
    for c in candidates:
        try:
            Sheet(sheet, c.criteria, sheet_name)
            fitting.append(c)
        except SheetError:
            continue
    if len(fitting) == 1:
        return fitting[0]
    ids = ", ".join(c.criteria.id for c in candidates)
    raise UnknownCriteria(f"có nhiều bộ tiêu chí cho “{title}” năm {year} ({ids}); chọn bằng --criteria")


def score(
    sheet: Path = typer.Argument(..., metavar="BANG_DIEM", help="Bảng điểm .csv hoặc .xlsx.", show_default=False),
    criteria: str = typer.Option(None, "--criteria", "-c", metavar="MA",
                                 help="Mã bộ tiêu chí hoặc tệp YAML của tỉnh."),
    title: str = typer.Option(None, "--title", "-t", help="Tên danh hiệu, thay cho --criteria (cùng --year)."),
    year: int = typer.Option(None, "--year", "-y", help="Năm đánh giá: chọn bộ tiêu chí có hiệu lực năm đó."),
    output: list[Path] = typer.Option(None, "--output", "-o",
                                      help="Tệp kết quả: .json, .csv hoặc .xlsx (có thể ghi nhiều lần)."),
    explain: str = typer.Option(None, "--explain", "-e", metavar="MA_DOI_TUONG",
                                help="Giải thích chi tiết kết quả của một đối tượng."),
    sheet_name: str = typer.Option(None, "--sheet", help="Tên trang tính (XLSX); mặc định trang đầu."),
    show: int = typer.Option(100, "--show", help="Số dòng kết quả in ra màn hình."),
    documents: Path = typer.Option(None, "--documents", metavar="THU_MUC",
                                   help="In luôn quyết định, danh sách, giấy công nhận vào thư mục này (cần --config)."),
    config: Path = typer.Option(None, "--config", help="Cấu hình triển khai (YAML), dùng với --documents, --record."),
    record: bool = typer.Option(False, "--record", help="Ghi luôn kết quả vào sổ công nhận (cần --config)."),
    registry: str = typer.Option(None, "--registry", metavar="URL", help=REGISTRY_HELP),
) -> None:
    outputs = list(output or [])
    if record and config is None:
        raise _fail("--record cần --config (cấu hình triển khai: số, ngày quyết định)")
    scratch = None  # --record with no JSON output: the results go through a temporary JSON file
    if record and documents is None and not any(p.suffix.lower() == ".json" for p in outputs):
        scratch = Path(tempfile.mkdtemp(prefix="recognise-"))
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        outputs.append(scratch / "ket-qua.json")
    if documents is not None and config is None:
        raise _fail("--documents cần --config (cấu hình triển khai)")
    if documents is not None and not any(p.suffix.lower() == ".json" for p in outputs):
        documents.mkdir(parents=True, exist_ok=True)
        outputs.append(documents / "ket-qua.json")
    for p in outputs:
        if p.suffix.lower() not in FORMATS:
            raise _fail(f"{p}: chỉ ghi được {', '.join(FORMATS)}")
        if not p.parent.exists():
            raise _fail(f"{p}: thư mục {p.parent} không tồn tại")
    try:
        loaded = choose_set(sheet, criteria, title, year, sheet_name)
    except (UnknownCriteria, CriteriaFileInvalid) as exc:
        raise _fail(str(exc)) from None
    cs = loaded.criteria
    if cs.status == "draft":
        lines = "\n".join(f"  - {m.what} (nguồn cần có: {m.source})" for m in cs.missing)
        raise _fail(f"bộ tiêu chí {cs.id} là dự thảo, chưa đủ số liệu chính thức để chấm. Còn thiếu:\n{lines}\n"
                    "Có thể chấm bằng bộ tiêu chí đầy đủ của tỉnh (tệp YAML có derives_from: "
                    f"{cs.id}) qua --criteria TỆP.")
    if cs.notice:
        out.print(Panel(f"[bold yellow]{cs.notice}[/]\nBộ tiêu chí {cs.id} ({cs.status}) chỉ dùng để minh họa.",
                        expand=False))
    try:
        history, shares = _from_registry(loaded, registry_url(registry) if (registry or record) else None, year)
        result = _run(sheet, loaded, outputs, sheet_name, show, explain,
                      dict(year=year, history=history, shares=shares))
    except SheetError as exc:
        raise _fail(str(exc)) from None
    _print(result, [p for p in outputs if scratch is None or p.parent != scratch], show)
    if explain is not None:
        _print_explanation(result, explain)
    if result.summary["scored"] == 0:
        err.print("[red]Không chấm được dòng nào.[/]")
        raise typer.Exit(2)
    if documents is not None:
        json_out = next(p for p in outputs if p.suffix.lower() == ".json")
        make_documents(json_out, config, documents, None, False)
    if record:
        record_results(next(p for p in outputs if p.suffix.lower() == ".json"), config, registry)
    raise typer.Exit(1 if result.errors else 0)


def _from_registry(loaded: LoadedSet, url: str | None, year: int | None) -> tuple[dict | None, Shares | None]:
    """With the registry in use, what the history rules and the shares of lower levels need from it."""
    cs = loaded.criteria
    needs_history = any(lv.months_after_lower for lv in cs.levels or [])
    rules = [i.registry_share for _, ind in cs.indicators() for i in ind.input_list() if i.registry_share]
    if url is None or not (needs_history or rules):
        return None, None
    if year is None:
        raise _fail("dùng sổ công nhận cần --year (năm đánh giá)")
    try:
        book = Registry(url)
    except RegistryError as exc:
        raise _fail(str(exc)) from None
    history = book.months_since_level_one(cs.title, year) if needs_history else None
    shares = Shares({r.title: book.lower_records(r.title) for r in rules}, year) if rules else None
    return history, shares


def _run(sheet: Path, loaded: LoadedSet, outputs: list[Path], sheet_name: str | None, show: int,
         explain: str | None, extra: dict) -> RunResult:
    size = sheet.stat().st_size if sheet.exists() else 0
    if size < PROGRESS_FROM_BYTES:
        return score_sheet(sheet, loaded, outputs, sheet_name=sheet_name, keep=show, explain=explain, **extra)
    columns = (TextColumn("Đang chấm"), BarColumn(), MofNCompleteColumn(), TextColumn("dòng"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("chấm", total=None)
        return score_sheet(sheet, loaded, outputs, sheet_name=sheet_name, keep=show, explain=explain, **extra,
                           tick=lambda n: bar.advance(task, n))


def _print(result: RunResult, outputs: list[Path], show: int) -> None:
    head = result.criteria
    points = head["scheme"] == "points"
    notice = head.get("notice")  # example and draft sets: on the table, the summary and every explanation
    table = Table(title=f"Kết quả chấm theo {head['id']} — {head['title']}",
                  caption=notice, caption_style="bold yellow")
    for col in ("Dòng", "Mã", "Tên", "Địa bàn", "Tổng điểm" if points else "Mức độ",
                "Xếp loại" if points else "Tiêu chí chưa đạt", "Công nhận"):
        table.add_column(col)
    for s in result.shown[:show]:
        if points:
            value, extra = fmt(s["total"]), s["grade"]
        else:
            value = str(s["level"])
            nxt = s["level"] + 1
            missing = [c["code"] for c in s["criteria"] if nxt not in c["met"]]
            extra = ", ".join(missing) if nxt in head["levels"] else "—"
        table.add_row(str(s["row"]), s["id"], s["name"], s["area"], value, extra,
                      "[green]có[/]" if s["recognised"] else "[red]không[/]")
    out.print(table)
    summary = result.summary
    if summary["scored"] > len(result.shown[:show]):
        out.print(f"(in {len(result.shown[:show])} dòng đầu; xem đủ trong tệp kết quả)")
    if result.errors:
        errors = Table(title=f"Dòng bị loại ({summary['rejected']})", title_style="red")
        for col in ("Dòng", "Mã", "Cột", "Giá trị", "Lỗi"):
            errors.add_column(col)
        for e in result.errors[:200]:
            errors.add_row(str(e.row), e.ma, e.column, e.value, e.message)
        if len(result.errors) > 200:
            out.print(f"(in 200 lỗi đầu trong {len(result.errors)}; xem đủ trong tệp kết quả)")
        out.print(errors)
    outcomes = ", ".join(f"{k}: {v}" for k, v in summary["outcomes"].items())
    out.print(f"{notice}: " if notice else "", f"Đã chấm {summary['scored']} đối tượng, công nhận "
              f"{summary['recognised']}; loại {summary['rejected']} dòng lỗi. ({outcomes})", sep="", markup=False)
    for p in outputs:
        out.print(f"Đã ghi: {p}", markup=False)


def _print_explanation(result: RunResult, wanted: str) -> None:
    s = result.explained
    if s is None:
        rows = sorted({e.row for e in result.errors})
        out.print(f"Không có kết quả cho “{wanted}” (không có trong bảng điểm hoặc dòng bị loại: "
                  f"xem bảng lỗi{'' if not rows else ''}).", markup=False)
        return
    outcome = (f"{fmt(s['total'])}/{fmt(s['max_total'])} điểm, loại {s['grade']}"
               if s["grade"] is not None else f"mức độ {s['level']}")
    tree = Tree(f"[bold]{s['id']} — {s['name']}[/] ({s['area']}): {outcome}; "
                f"{'được' if s['recognised'] else 'không được'} công nhận")
    if result.criteria.get("notice"):
        tree.add(Text(result.criteria["notice"], style="bold yellow"))
    for c in s["criteria"]:
        label = (f"{fmt(c['points'])}/{fmt(c['max'])} điểm" if "points" in c
                 else f"đạt mức độ: {', '.join(map(str, c['met'])) or 'không'}")
        branch = tree.add(f"[bold]{c['code']}[/]: {label}")
        for ind in c["indicators"]:
            got = f"{fmt(ind['points'])}/{fmt(ind['max'])}" if "points" in ind else ind["result"]
            branch.add(f"[cyan]{ind['code']}[/] nhập “{ind['input']}” → {got}: {ind['reason']} "
                       f"[dim]({ind['source']})[/]")
    why = tree.add("[bold]Kết luận[/]")
    for r in s["reasons"]:
        why.add(r)
    out.print(tree)
