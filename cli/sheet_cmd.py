"""`recognise sheet`: the blank score sheet of a criteria set."""

from __future__ import annotations

import csv
from pathlib import Path

import typer

from cli import options
from cli.console import out
from engine.criteria.catalogue import UnknownCriteria, find
from engine.criteria.load import CriteriaFileInvalid
from engine.results.atomic import atomic_save_workbook, atomic_text
from engine.sheets.reader import layout


def sheet(
    ref: str = typer.Argument(..., metavar="MA", help="Mã bộ tiêu chí (xem: recognise criteria list)."),
    output: Path = options.output("Tệp bảng điểm cần ghi: .csv hoặc .xlsx.", "TEP.csv|TEP.xlsx"),
    force: bool = typer.Option(False, "--force", help="Ghi đè khi tệp --output đã có (mặc định: không ghi đè, vì đó "
                               "có thể là bảng điểm đã điền)."),
) -> None:
    options.check_output_files([output], (".csv", ".xlsx"))
    if output.exists() and not force:
        raise options.usage_error(f"{output} đã có (có thể là bảng điểm đã điền): không ghi đè. Chọn tên tệp khác, "
                                  "hoặc thêm --force nếu thật sự muốn thay bằng bảng trống.")
    try:
        cs = find(ref).criteria
    except (UnknownCriteria, CriteriaFileInvalid) as exc:
        raise options.usage_error(str(exc)) from None
    header = [c.header for c in layout(cs)]
    suffix = output.suffix.lower()
    if suffix == ".csv":
        with atomic_text(output) as handle:
            handle.write("\ufeff")
            csv.writer(handle, delimiter=";", lineterminator="\r\n").writerow(header)
    else:
        from engine.sheets.template import build  # openpyxl: for a workbook only

        atomic_save_workbook(build(cs), output)  # label, requirement and code rows, validations, guide sheet
    out.print(f"Đã ghi bảng điểm trống của {cs.id} ({len(header)} cột): {output}", markup=False)
