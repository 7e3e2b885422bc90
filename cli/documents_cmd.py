"""`recognise documents`: the decision, the attached list, certificates and notices of denial."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from cli import options
from cli.console import err, out
from engine.criteria.load import LoadedSet
from engine.documents.deployment import DeploymentError
from engine.documents.guards import OVERRIDES_FILE, Refused
from engine.documents.household import Extras
from engine.documents.writer import DocumentError, Written, write_documents
from engine.registry.store import Registry, RegistryError
from engine.results.model import RejectedRow

CRITERIA_HELP = ("Bộ tiêu chí đã dùng để chấm: kết quả phải do đúng tệp này chấm ra (cùng mã, cùng sha256); bắt buộc "
                 "khi kết quả chấm theo bộ tiêu chí riêng của tỉnh.")
FORCE_HELP = ("Vẫn làm khi kết quả không qua một kiểm tra (năm đánh giá, hiệu lực của bộ tiêu chí, thẩm quyền của cơ "
              "quan ban hành, tỉnh, không đối tượng nào được công nhận); các kiểm tra bỏ qua được in ra và ghi lại.")
SHOWN = 20


def refused(exc: Refused, nothing_done: str) -> typer.Exit:
    """A guard rail held: every reason, what to do, exit code 2."""
    err.print(Text.assemble(("Lỗi: ", "red"), f"{nothing_done}:"), soft_wrap=True)
    for line in exc.breaches:
        err.print(Text(f"  - {line}"), soft_wrap=True)
    if exc.forceable:
        err.print(Text("  Sửa kết quả hoặc cấu hình; nếu vẫn phải làm, thêm --force (các kiểm tra bỏ qua được ghi "
                       "lại)."), soft_wrap=True)
    return typer.Exit(2)


def print_rejected(rows: Sequence[RejectedRow], where: str) -> None:
    """Rows that scoring rejected are said again in every summary after it: they are in no decision or record."""
    if not rows:
        return
    out.print(Text(f"{len(rows)} dòng bị loại khi chấm, không có trong {where}:"), soft_wrap=True)
    for r in rows[:SHOWN]:
        who = f" ({r.id}{' – ' + r.name if r.name else ''})" if r.id else ""
        cell = f", cột {r.column} = “{r.value}”" if r.column else ""
        out.print(Text(f"  dòng {r.row}{who}{cell}: {r.message}"), soft_wrap=True)
    if len(rows) > SHOWN:
        out.print(Text(f"  … và {len(rows) - SHOWN} dòng khác (xem mục errors của tệp kết quả)"), soft_wrap=True)


def print_overridden(crossed: Sequence[str], kept: str) -> None:
    if not crossed:
        return
    out.print(Text(f"Đã bỏ qua {len(crossed)} kiểm tra theo --force ({kept}):"), soft_wrap=True)
    for line in crossed:
        out.print(Text(f"  - {line}"), soft_wrap=True)


def make_documents(results: Path, config: Path, out_dir: Path, templates: Path | None, split: bool,
                   criteria: LoadedSet | None = None, force: bool = False, extras: Extras = Extras(),
                   registry: str | None = None) -> Written:
    """Raises typer.Exit(2) with the reason when nothing could be written. `criteria`: the set the results
    must have been produced by (else the shipped set they name). `registry`: the URL the certificates' register
    numbers are read from."""
    label = "In văn bản (đối tượng)" if extras.any() else "In giấy công nhận"
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("in", total=None)
            written = write_documents(results, config, out_dir, templates=templates, split=split,
                                      tick=lambda n: bar.advance(task, n), criteria=criteria, force=force,
                                      extras=extras, registry=Registry(registry) if registry else None)
    except Refused as exc:
        raise refused(exc, "không ghi văn bản nào") from None
    except DeploymentError as exc:
        err.print("[red]Cấu hình không hợp lệ, không ghi văn bản nào:[/]")
        for line in exc.messages:
            err.print(line, markup=False, highlight=False)
        raise typer.Exit(2) from None
    except (DocumentError, RegistryError) as exc:
        err.print("[red]Không ghi văn bản nào:[/]")
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from None
    out.print(f"Đã in {written.recognised} giấy công nhận, {written.denied} thông báo không đạt:", markup=False)
    for f in written.files:
        out.print(f"  {f}", markup=False)
    print_rejected(written.rejected, "quyết định, danh sách hay thông báo")
    print_overridden(written.overridden, f"ghi trong {out_dir / OVERRIDES_FILE}")
    return written


def documents(
    results: Path = typer.Argument(..., metavar="KET_QUA.json", help="Tệp kết quả JSON của recognise score."),
    config: Path = typer.Option(..., "--config", help="Cấu hình triển khai (YAML): cơ quan, số, ngày, người ký."),
    output: Path = options.output("Thư mục ghi văn bản (bắt buộc; tạo nếu chưa có).", "THU_MUC", required=False),
    out_dir: Path = options.hidden_alias("--out"),
    templates: Path = typer.Option(None, "--templates", help="Thư mục mẫu riêng của tỉnh (thay mẫu cùng tên)."),
    split: bool = typer.Option(False, "--split", help="Thêm mỗi giấy công nhận một tệp PDF riêng."),
    criteria: str = options.criteria(CRITERIA_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    village_sheets: bool = typer.Option(False, "--village-sheets", help=(
        "Thêm danh sách bình xét của từng thôn, tổ dân phố cho hội nghị bình xét (binh-xet-thon.pdf và mỗi thôn một "
        "tệp trong binh-xet-thon/): các hộ của thôn với điểm, xếp loại và cột trống để biểu quyết, ký tên.")),
    result_sheets: bool = typer.Option(False, "--result-sheets", help=(
        "Thêm phiếu kết quả đánh giá của từng đối tượng, mỗi đối tượng một trang (phieu-ket-qua.pdf).")),
    consolidated_notice: bool = typer.Option(False, "--consolidated-notice", help=(
        "Một thông báo chung liệt kê mọi đối tượng chưa đạt theo thôn (thong-bao-chung.pdf) thay cho mỗi đối "
        "tượng một thông báo.")),
    registry: str = options.registry("Sổ công nhận để in số vào sổ trên giấy công nhận (đối tượng đã ghi sổ theo "
                                     "quyết định này; chưa ghi sổ thì để trống)."),
) -> None:
    if output is not None and out_dir is not None and output != out_dir:
        raise options.usage_error(f"--output {output} và --out {out_dir} khác nhau: chỉ dùng --output THU_MUC")
    folder = output or out_dir
    if folder is None:
        raise options.usage_error("thiếu --output THU_MUC (thư mục ghi văn bản)")
    if registry:
        options.must_exist(registry)  # read, not written
    make_documents(results, config, folder, templates, split, options.criteria_set(criteria), force,
                   Extras(village_sheets, result_sheets, consolidated_notice), registry)
