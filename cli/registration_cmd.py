"""`recognise registration`: the lists of the start of a household year, from the registry, by village:
registration with last year's result, recognitions due for renewal, who may apply for a higher level."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from cli import options
from cli.console import err, out
from engine.criteria.load import CriteriaFileInvalid
from engine.documents.render import TemplateFailure
from engine.documents.start_of_year import read_config, write_start_of_year
from engine.registry.store import Registry, RegistryError, registry_url
from engine.registry.year_lists import retention_of, year_lists
from engine.vn.text import fold

RETENTION_HELP = ("Thời hạn bảo lưu kết quả công nhận, tính bằng tháng tiếp theo năm được công nhận, khi văn bản của "
                  "tỉnh quy định (ví dụ 36); bội số của 12. Không ghi: danh hiệu công nhận cho từng năm.")


def _fail(message: str) -> typer.Exit:
    err.print(Text.assemble(("Lỗi: ", "red"), message), soft_wrap=True)
    return typer.Exit(2)


def _households(path: Path) -> list[tuple[str, str, str]]:
    """(ma, ten, dia_ban) of each row of a CSV list of households (header row with ma, ten, dia_ban)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"không đọc được danh sách {path}: {exc}") from None
    first = text.split("\n", 1)[0]
    rows = list(csv.reader(text.splitlines(), delimiter=";" if first.count(";") > first.count(",") else ","))
    if not rows:
        raise _fail(f"{path}: tệp trống")
    header = [fold(h).replace(" ", "_") for h in rows[0]]  # `dia_ban`, `Địa bàn`, `DIA BAN` alike
    if "ma" not in header or "ten" not in header:
        raise _fail(f"{path}: dòng tiêu đề cần các cột ma, ten (và dia_ban)")
    at = {k: header.index(k) for k in ("ma", "ten", "dia_ban") if k in header}
    return [(r[at["ma"]].strip(), r[at["ten"]].strip(), r[at["dia_ban"]].strip() if "dia_ban" in at else "")
            for r in rows[1:] if len(r) > at["ma"] and r[at["ma"]].strip()]


def registration(
    criteria: str = options.criteria("Bộ tiêu chí của danh hiệu (bắt buộc)."),
    year: int = options.year("Năm đăng ký; kết quả năm trước đọc từ sổ công nhận.", required=True),
    config: Path = typer.Option(..., "--config", help="Cấu hình triển khai (YAML): tỉnh, xã, cơ quan."),
    output: Path = options.output("Thư mục ghi dang-ky.pdf, den-han-cong-nhan-lai.pdf, nang-muc-do.pdf.", "THU_MUC"),
    registry: str = options.registry("Sổ đọc kết quả các năm trước."),
    households: Path = typer.Option(None, "--households", metavar="DANH_SACH.csv",
                                    help="Danh sách hộ (cột ma, ten, dia_ban); không ghi: mọi hộ có trong sổ."),
    retention_months: int = typer.Option(None, "--retention-months", metavar="THANG", help=RETENTION_HELP),
    retention_source: str = typer.Option(None, "--retention-source", metavar="CAN_CU",
                                         help="Văn bản quy định thời hạn bảo lưu (in trên danh sách)."),
    templates: Path = typer.Option(None, "--templates", help="Thư mục mẫu riêng của tỉnh (thay mẫu cùng tên)."),
) -> None:
    loaded = options.criteria_set(criteria)
    if loaded is None:
        raise options.usage_error("thiếu --criteria MA (bộ tiêu chí của danh hiệu)")
    if retention_months is not None and (retention_months < 0 or retention_months % 12):
        raise options.usage_error(f"--retention-months {retention_months}: cần số tháng là bội số của 12 (ví dụ 36)")
    if retention_months and not retention_source:
        raise options.usage_error("--retention-months cần --retention-source (văn bản quy định thời hạn bảo lưu)")
    url = registry_url(registry)
    options.must_exist(url)
    try:
        deployment = read_config(config)
    except CriteriaFileInvalid as exc:
        raise _fail("cấu hình không hợp lệ: " + "; ".join(str(e) for e in exc.errors)) from None
    subjects = _households(households) if households is not None else None
    try:
        book = Registry(url)
        try:
            lists = year_lists(book, loaded.criteria, year, retention_of(retention_months, retention_source),
                               province=deployment.tinh, commune=deployment.xa, subjects=subjects)
        finally:
            book.engine.dispose()
    except RegistryError as exc:
        raise _fail(str(exc)) from None
    columns = (TextColumn("In danh sách đầu năm"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("in", total=3)
            files = write_start_of_year(lists, loaded.criteria, deployment, output, templates,
                                        tick=lambda n: bar.advance(task, n))
    except TemplateFailure as exc:
        raise _fail(str(exc)) from None
    out.print(f"Năm {year}: {len(lists.entries)} đăng ký, {len(lists.due())} đến hạn công nhận lại, "
              f"{len(lists.higher())} được đăng ký mức độ cao hơn:", markup=False)
    for f in files:
        out.print(f"  {f}", markup=False)
