"""`recognise review`: check the packages communes and units send up against their own score sheets."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import options
from cli.console import err, error, out, plain
from engine.documents.render import TemplateFailure
from engine.registry.inputs import TOTALS_WITHOUT_REGISTRY, InputsRefused, Totals, load_totals
from engine.registry.store import Registry, RegistryError
from engine.results.atomic import OutputError, check_target
from engine.review.packages import KINDS, Review, review_packages, write_html, write_json

SHOWN = 200
WRITERS = {".html": write_html, ".htm": write_html, ".json": write_json}


def _fail(message: str) -> typer.Exit:
    error(message)
    return typer.Exit(2)


def review(
    packages: list[Path] = typer.Argument(..., metavar="GOI", show_default=False,
                                          help="Thư mục hồ sơ: goi.yaml, bang-diem.csv|xlsx, "
                                               "ket-qua.json|csv|xlsx."),
    output: list[Path] = options.outputs("Báo cáo rà soát .html, hoặc các phát hiện .json.", "TEP.html|TEP.json"),
    json_out: Path = options.hidden_alias("--json"),
    registry: str = options.registry("Dùng để xét đề nghị mức độ 2 chưa đủ 12 tháng sau quyết định mức độ 1, và "
                                     "(với --totals) tính tỷ lệ xã, huyện được công nhận như score --registry."),
    totals: Path = options.totals(),
) -> None:
    targets = [(p, WRITERS.get(p.suffix.lower())) for p in output or []]
    if json_out is not None:
        targets.append((json_out, write_json))  # the older spelling: JSON whatever the extension
    for target, writer in targets:
        if writer is None:
            raise _fail(f"{target}: chỉ ghi được .html (báo cáo) hoặc .json (phát hiện)")
        try:  # a folder, a missing folder: refused before anything is reviewed
            check_target(target)
        except OutputError as exc:
            raise _fail(str(exc)) from None
    if totals is not None and registry is None:
        raise _fail(TOTALS_WITHOUT_REGISTRY)
    counted: Totals | None = None
    if totals is not None:
        try:
            counted = load_totals(totals)
        except InputsRefused as exc:
            raise _fail(str(exc)) from None
    book = None
    if registry is not None:
        options.must_exist(registry)
        try:
            book = Registry(registry)
        except RegistryError as exc:
            raise _fail(str(exc)) from None
    columns = (TextColumn("Rà soát"), BarColumn(), MofNCompleteColumn(), TextColumn("gói"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=len(packages) < 3 or not err.is_terminal) as bar:
        task = bar.add_task("rà soát", total=len(packages))
        result = review_packages(list(packages), book, tick=lambda _: bar.advance(task), totals=counted)
    for p in result.unreadable:
        err.print(plain(f"Không rà soát được gói {p.name}:", "red"))
        err.print(p.error or "", markup=False, highlight=False)
    if not result.reviewed:
        err.print("[red]Không rà soát được gói nào.[/]")
        raise typer.Exit(2)
    try:
        for target, writer in targets:
            writer(result, target)
    except TemplateFailure as exc:
        raise _fail(str(exc)) from None
    except OutputError as exc:
        raise _fail(str(exc)) from None
    _print(result, [target for target, _ in targets])
    raise typer.Exit(result.exit_code())


def _print(result: Review, written: list[Path]) -> None:
    findings = result.findings
    if findings:
        table = Table(title=f"Các phát hiện ({len(findings)})", title_style="red")
        for col in ("Gói", "Đối tượng", "Loại", "Nội dung", "Căn cứ"):
            table.add_column(col)
        for f in findings[:SHOWN]:
            table.add_row(plain(f.package), plain(f.subject or "(cả gói)"), plain(f.kind), plain(f.message),
                          plain(f.source))
        out.print(table)
        if len(findings) > SHOWN:
            out.print(f"(in {SHOWN} phát hiện đầu trong {len(findings)}; xem đủ trong báo cáo)", markup=False)
    summary = result.summary()
    kinds = Table(title="Tổng hợp rà soát")
    kinds.add_column("Loại phát hiện")
    kinds.add_column("Mã")
    kinds.add_column("Số", justify="right")
    for kind, (label, _) in KINDS.items():
        kinds.add_row(label, kind, str(summary["by_kind"][kind]))
    out.print(kinds)
    out.print(f"Đã rà soát {summary['packages']} gói ({summary['subjects']} đối tượng trên bảng điểm, "
              f"{summary['claimed']} đối tượng kê khai): {summary['findings']} phát hiện"
              + (f"; {summary['unreadable']} gói không đọc được" if summary["unreadable"] else "") + ".",
              markup=False)
    if not findings:
        out.print("Không có phát hiện nào: kết quả kê khai khớp với bảng điểm.", markup=False)
    for p in written:
        out.print(f"Đã ghi: {p}", markup=False)
