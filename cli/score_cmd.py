"""`recognise score`: score a sheet, print the results, write them, explain one subject."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from cli import options
from cli.console import err, error, out, plain
from engine.criteria.catalogue import UnknownCriteria
from engine.criteria.load import CriteriaFileInvalid, LoadedSet
from engine.criteria.model import STATUS_VI
from engine.results.writers import FORMATS
from engine.scoring.run import RunResult, score_sheet
from engine.sheets.fit import HeaderError, choose_set, fits_instead
from engine.sheets.reader import Sheet, SheetError
from engine.vn.numbers import fmt
from engine.vn.text import fold

if TYPE_CHECKING:
    from engine.registry.lower import Shares

PROGRESS_FROM_BYTES = 256_000
GC_YOUNG = 200_000  # allocations between two passes of the youngest generation while scoring


def _fail(message: str) -> typer.Exit:
    error(message)
    return typer.Exit(2)


def json_instead_of_sheet(sheet: Path) -> str | None:
    """A JSON file (a results file, most often) given where a score sheet is expected: one sentence saying so."""
    if sheet.suffix.lower() != ".json":
        if not sheet.is_file():  # a FIFO or a device is the reader's to refuse, never opened here
            return None
        try:
            with sheet.open("rb") as handle:
                start = handle.read(64).removeprefix(b"\xef\xbb\xbf").lstrip()
        except OSError:
            return None  # the reader says why it cannot be read
        if not start.startswith(b"{"):
            return None
    return (f"{sheet}: đây là tệp JSON (thường là tệp kết quả của recognise score), không phải bảng điểm. Bảng điểm là "
            "tệp .csv hoặc .xlsx hội đồng điền (bảng trống: recognise sheet MA --output bang-diem.xlsx); tệp kết quả "
            f"thì dùng cho recognise documents {sheet} --config TRIEN_KHAI.yaml hoặc recognise record.")


def overwritten_inputs(outputs: list[Path], inputs: dict[str, Path | None]) -> list[str]:
    """Each output that is one of the files the command reads (`score x.xlsx --output x.xlsx`)."""
    clashes = []
    for target in outputs:
        for what, source in inputs.items():
            if source is not None and target.exists() and source.exists() and os.path.samefile(target, source):
                clashes.append(f"--output {target} là chính {what} {source} đang đọc")
    return clashes


def score(
    sheet: Path = typer.Argument(..., metavar="BANG_DIEM", help="Bảng điểm .csv, .xlsx hoặc .xls (cả bảng tổng hợp có "
                               "dòng tiêu đề, tiêu đề hai dòng, chữ ký).", show_default=False),
    criteria: str = options.criteria(),
    title: str = typer.Option(None, "--title", "-t", help="Tên danh hiệu, thay cho --criteria (cùng --year)."),
    year: int = options.year("Chọn bộ tiêu chí có hiệu lực năm đó; cần khi dùng sổ công nhận."),
    output: list[Path] = options.outputs("Tệp kết quả .json, .csv hoặc .xlsx.", "TEP.json|TEP.csv|TEP.xlsx"),
    explain: str = typer.Option(None, "--explain", "-e", metavar="MA_DOI_TUONG",
                                help="Giải thích chi tiết kết quả của một đối tượng (mã không có trong bảng "
                                     "điểm: mã thoát 2, không chấm, không ghi gì)."),
    sheet_name: str = typer.Option(None, "--sheet", help="Tên trang tính (XLSX, XLS); mặc định trang tính có bảng điểm."),
    show: int = typer.Option(100, "--show", help="Số dòng kết quả in ra màn hình."),
    documents: Path = typer.Option(None, "--documents", metavar="THU_MUC",
                                   help="In luôn quyết định, danh sách, giấy công nhận vào thư mục này (cần --config)."),
    config: Path = typer.Option(None, "--config", help="Cấu hình triển khai (YAML), dùng với --documents, --record."),
    record: bool = typer.Option(False, "--record", help="Ghi luôn kết quả vào sổ công nhận (cần --config)."),
    registry: str = options.registry("Với bộ tiêu chí cần lịch sử công nhận (mức độ 2 sau 12 tháng) hoặc tỷ lệ "
                                     "xã, huyện được công nhận: lấy từ sổ (cần --year)."),
    totals: Path = options.totals(),
    force: bool = typer.Option(False, "--force", help="Cho ghi đè tệp đầu vào khi --output trùng tên (bảng điểm, "
                               "cấu hình, tệp tổng số); với --documents, --record: vẫn làm khi kết quả không qua một "
                               "kiểm tra (năm, hiệu lực, thẩm quyền, tỉnh, không ai được công nhận, đã có trong sổ). "
                               "Các kiểm tra bỏ qua được in ra và ghi lại."),
) -> None:
    if (why := json_instead_of_sheet(sheet)) is not None:
        raise _fail(why)
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
    options.check_output_files(outputs, FORMATS)
    clashes = overwritten_inputs(outputs, {"bảng điểm": sheet, "cấu hình triển khai": config, "tệp tổng số": totals})
    if clashes and not force:
        raise _fail(f"{'; '.join(clashes)}: không ghi đè tệp đầu vào (bảng đã điền sẽ mất). Chọn tên tệp khác cho "
                    "--output, hoặc thêm --force nếu thật sự muốn ghi đè.")
    for clash in clashes:
        out.print(f"Ghi đè theo --force: {clash}.", markup=False, soft_wrap=True)
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
        status = STATUS_VI[cs.status]
        out.print(Panel(Text.assemble((cs.notice, "bold yellow"),
                                      f"\nBộ tiêu chí {cs.id} ({status}) chỉ dùng để minh họa."), expand=False))
    if registry is not None and not record and _registry_inputs().uses_registry(cs):
        options.must_exist(registry)  # read, not written: a missing file is a mistake, not an empty registry
    if explain is not None:
        _explain_on_sheet(sheet, loaded, sheet_name, explain)
    try:
        history, shares = _from_registry(loaded, _registry_url(registry) if (registry or record) else None, year,
                                         totals)
        result = _run(sheet, loaded, outputs, sheet_name, show, explain,
                      dict(year=year, history=history, shares=shares))
    except HeaderError as exc:
        raise _fail(str(exc) + fits_instead(sheet, sheet_name, loaded, year)) from None
    except SheetError as exc:
        raise _fail(str(exc)) from None
    _print(result, [p for p in outputs if scratch is None or p.parent != scratch], show)
    if explain is not None:
        _print_explanation(result, explain)
    if result.summary["scored"] == 0:
        err.print("[red]Không chấm được dòng nào.[/]")
        raise typer.Exit(2)
    if record:  # recorded first: the certificates printed next carry their register numbers
        from cli.record_cmd import record_results

        record_results(next(p for p in outputs if p.suffix.lower() == ".json"), config, registry, loaded, force)
    if documents is not None:
        from cli.documents_cmd import make_documents

        json_out = next(p for p in outputs if p.suffix.lower() == ".json")
        make_documents(json_out, config, documents, None, False, loaded, force,
                       registry=_registry_url(registry) if record else None)
    raise typer.Exit(1 if result.errors else 0)


def _registry_inputs():
    """engine.registry.inputs, imported only by a run that uses the registry or its totals (it brings SQLAlchemy)."""
    from engine.registry import inputs

    return inputs


def _registry_url(url: str | None) -> str:
    from engine.registry.store import registry_url

    return registry_url(url)


def _from_registry(loaded: LoadedSet, url: str | None, year: int | None,
                   totals: Path | None) -> tuple[dict | None, Shares | None]:
    """With the registry in use, what the history rules and the shares of lower levels need from it."""
    cs = loaded.criteria
    if totals is None and url is None:
        return None, None
    from engine.registry.inputs import (
        TOTALS_WITHOUT_REGISTRY,
        InputsRefused,
        load_totals,
        registry_inputs,
        share_inputs,
        totals_needed,
        uses_registry,
    )
    from engine.registry.store import Registry, RegistryError

    if totals is not None and not share_inputs(cs):
        raise _fail(f"bộ tiêu chí {cs.id} không có chỉ tiêu tính tỷ lệ từ sổ công nhận: không dùng --totals")
    if url is None:
        if totals is not None:
            raise _fail(TOTALS_WITHOUT_REGISTRY)
        return None, None
    if not uses_registry(cs):
        return None, None
    if share_inputs(cs) and totals is None:
        raise _fail(totals_needed(cs))
    if year is None:
        raise _fail("dùng sổ công nhận cần --year (năm đánh giá)")
    try:
        counted = load_totals(totals) if totals is not None else None
        inputs = registry_inputs(Registry(url), cs, year, counted)
    except (InputsRefused, RegistryError) as exc:
        raise _fail(str(exc)) from None
    return inputs.history, inputs.shares


def _explain_on_sheet(sheet: Path, loaded: LoadedSet, sheet_name: str | None, wanted: str) -> None:
    """`--explain` must name a code of the sheet: otherwise a usage error (exit 2) before anything is scored or
    written. A code whose row is rejected is on the sheet: its errors are listed after scoring."""
    cs = loaded.criteria
    supplied = frozenset(i.key for i in _registry_inputs().share_inputs(cs))
    try:
        opened = Sheet(sheet, cs, sheet_name, supplied)
    except HeaderError as exc:
        raise _fail(str(exc) + fits_instead(sheet, sheet_name, loaded, None)) from None
    except SheetError as exc:
        raise _fail(str(exc)) from None
    ma = next(i for i, c in enumerate(opened.columns) if c is not None and c.key == "ma")
    codes: list[str] = []
    for chunk in opened.chunks(5000):
        for _, cells, _ in chunk:
            code = cells[ma] if ma < len(cells) else ""
            if code == wanted:
                return
            codes.append(code)
    near = [c for c in dict.fromkeys(codes) if c and fold(c) == fold(wanted)]
    near = near or get_close_matches(wanted, list(dict.fromkeys(codes))[:20_000], n=3, cutoff=0.75)
    hint = f" Có phải: {', '.join(near)}?" if near else ""
    raise _fail(f"--explain {wanted}: không có đối tượng mã “{wanted}” trong bảng điểm {sheet}; chưa chấm, "
                f"không ghi tệp nào.{hint}")


def _run(sheet: Path, loaded: LoadedSet, outputs: list[Path], sheet_name: str | None, show: int,
         explain: str | None, extra: dict) -> RunResult:
    with _few_collections():
        return _scored(sheet, loaded, outputs, sheet_name, show, explain, extra)


@contextmanager
def _few_collections() -> Iterator[None]:
    """The objects loaded so far (criteria, rules, imports) left out of the cyclic collector's passes, and
    fewer passes while a sheet is scored: a run makes millions of short-lived rows, none of them in a cycle.
    Here, not in score_sheet: the thresholds are the whole process's (the web server scores in threads)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], GC_YOUNG), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _scored(sheet: Path, loaded: LoadedSet, outputs: list[Path], sheet_name: str | None, show: int,
            explain: str | None, extra: dict) -> RunResult:
    size = sheet.stat().st_size if sheet.exists() else 0
    if size < PROGRESS_FROM_BYTES:
        return score_sheet(sheet, loaded, outputs, sheet_name=sheet_name, keep=show, explain=explain, **extra)
    columns = (TextColumn("Đang chấm"), BarColumn(), MofNCompleteColumn(), TextColumn("dòng"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("chấm", total=None)
        return score_sheet(sheet, loaded, outputs, sheet_name=sheet_name, keep=show, explain=explain, **extra,
                           tick=lambda n: bar.advance(task, n))


def _print(result: RunResult, outputs: list[Path], show: int) -> None:
    head = result.criteria
    points = head["scheme"] == "points"
    notice = head.get("notice")  # example and draft sets: on the table, the summary and every explanation
    table = Table(title=plain(f"Kết quả chấm theo {head['id']} — {head['title']}"),
                  caption=plain(notice) if notice else None, caption_style="bold yellow")
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
            if any(p["level"] == nxt for p in s.get("pending", [])):  # criteria met, the waiting time not yet
                extra = f"đủ tiêu chí mức độ {nxt}, chờ đủ thời gian"
        table.add_row(str(s["row"]), plain(s["id"]), plain(s["name"]), plain(s["area"]), value, plain(extra),
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
            errors.add_row(str(e.row), plain(e.ma), plain(e.column), plain(e.value), plain(e.message))
        if len(result.errors) > 200:
            out.print(f"(in 200 lỗi đầu trong {len(result.errors)}; xem đủ trong tệp kết quả)")
        out.print(errors)
    for note in result.sheet.get("notes", []):
        out.print(f"Bảng điểm: {note}.", markup=False, soft_wrap=True)
    if result.differences:
        _print_differences(result.differences)
    outcomes = ", ".join(f"{k}: {v}" for k, v in summary["outcomes"].items())
    out.print(f"{notice}: " if notice else "", f"Đã chấm {summary['scored']} đối tượng, công nhận "
              f"{summary['recognised']}; loại {summary['rejected']} dòng lỗi. ({outcomes})", sep="", markup=False)
    if result.differences:
        out.print(f"Bảng điểm tự ghi khác kết quả chấm ở {len(result.differences)} ô (bảng “Bảng điểm ghi khác kết quả "
                  "chấm”); kết quả theo quy định là kết quả chấm.", markup=False)
    for p in outputs:
        out.print(f"Đã ghi: {p}", markup=False)


BOARD_COLUMNS_VI = {"tong_diem": "Tổng điểm", "xep_loai": "Xếp loại", "muc_do": "Mức độ", "cong_nhan": "Công nhận"}


def _decided_text(value: object, column: str) -> str:
    if value is None:
        return "—"
    if column == "muc_do":
        return f"mức độ {value}" if value else "chưa đạt mức độ nào"
    return value if isinstance(value, str) else fmt(value)  # type: ignore[arg-type]


def _print_differences(differences: list[dict]) -> None:
    table = Table(title=f"Bảng điểm ghi khác kết quả chấm ({len(differences)})", title_style="yellow")
    for col in ("Dòng", "Mã", "Tên", "Cột", "Bảng điểm ghi", "Kết quả chấm"):
        table.add_column(col)
    for d in differences[:200]:
        column = BOARD_COLUMNS_VI.get(d["column"], f"Điểm {d['column']}")  # a criterion's points: "Điểm TC1"
        table.add_row(str(d["row"]), plain(d["id"]), plain(d["name"]), column, plain(d["board"]),
                      plain(_decided_text(d["decided"], d["column"])))
    if len(differences) > 200:
        out.print(f"(in 200 ô đầu trong {len(differences)}; xem đủ trong tệp kết quả JSON)")
    out.print(table)


def _print_explanation(result: RunResult, wanted: str) -> None:
    s = result.explained
    if s is None:  # the code is on the sheet (checked before scoring): its row was rejected
        rows = sorted({e.row for e in result.errors if e.ma == wanted})
        out.print(f"Không chấm “{wanted}”: dòng {', '.join(map(str, rows)) or '?'} bị loại vì lỗi (xem bảng "
                  "Dòng bị loại).", markup=False)
        return
    outcome = (f"{fmt(s['total'])}/{fmt(s['max_total'])} điểm, loại {s['grade']}"
               if s["grade"] is not None else f"mức độ {s['level']}")
    tree = Tree(Text.assemble((f"{s['id']} — {s['name']}", "bold"), f" ({s['area']}): {outcome}; "
                              f"{'được' if s['recognised'] else 'không được'} công nhận"))
    if result.criteria.get("notice"):
        tree.add(Text(result.criteria["notice"], style="bold yellow"))
    for c in s["criteria"]:
        label = (f"{fmt(c['points'])}/{fmt(c['max'])} điểm" if "points" in c
                 else f"đạt mức độ: {', '.join(map(str, c['met'])) or 'không'}")
        branch = tree.add(Text.assemble((c["code"], "bold"), f": {label}"))
        for ind in c["indicators"]:
            got = f"{fmt(ind['points'])}/{fmt(ind['max'])}" if "points" in ind else ind["result"]
            branch.add(Text.assemble((ind["code"], "cyan"), f" nhập “{ind['input']}” → {got}: {ind['reason']} ",
                                     (f"({ind['source']})", "dim")))
    why = tree.add(plain("Kết luận", "bold"))
    for r in s["reasons"]:
        why.add(plain(r))
    out.print(tree)
