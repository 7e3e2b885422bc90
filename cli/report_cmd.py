"""`recognise report`: recognition rates per title and area against the targets of a plan."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from cli import options
from cli.console import err, error, out, plain
from engine.criteria.load import CriteriaFileInvalid
from engine.targets.plans import UnknownPlan, find_plan, plan_for_year
from engine.targets.report import BY_EVALUATED, BY_TOTALS, LEVEL_VI, OUTPUTS, Report, ReportError, make_report, write
from engine.vn.numbers import fmt


def _fail(message: str) -> typer.Exit:
    error(message)
    return typer.Exit(2)


def report(
    year: int = options.year(required=True),
    area: str = typer.Option(None, "--area", "-a", metavar="DIA_BAN",
                             help="Chỉ báo cáo địa bàn này và các địa bàn bên trong (tỉnh, xã hoặc “thôn, xã”)."),
    plan: str = typer.Option(None, "--plan", "-p", metavar="MA",
                             help="Mã kế hoạch chỉ tiêu (vd. bac-kan-1150-2014) hoặc tệp YAML; mặc định kế hoạch "
                                  "toàn quốc có năm mục tiêu gần nhất từ năm đánh giá trở đi."),
    registry: str = options.registry(),
    totals: Path = typer.Option(None, "--totals", metavar="TONG_SO.csv",
                                help="Tổng số thật (cột cap, dia_ban, danh_hieu, tong_so, kho_khan) thay cho "
                                     "số được đánh giá."),
    output: list[Path] = options.outputs("Tệp báo cáo .csv hoặc .html.", "TEP.csv|TEP.html"),
    show: int = typer.Option(300, "--show", help="Số dòng in ra màn hình."),
) -> None:
    outputs = list(output or [])
    options.check_output_files(outputs, OUTPUTS)
    try:
        chosen = find_plan(plan) if plan else plan_for_year(year)
    except (UnknownPlan, CriteriaFileInvalid) as exc:
        raise _fail(str(exc)) from None
    note = ""
    if chosen is None:
        note = (f"Không có kế hoạch toàn quốc nào có mục tiêu cho năm {year} hoặc sau đó (chỉ tiêu năm 2030 chưa có "
                "văn bản); chọn kế hoạch bằng --plan.")
    elif chosen.target_year < year:
        note = f"Kế hoạch {chosen.id} đặt mục tiêu đến năm {chosen.target_year}, trước năm đánh giá {year}."
    url = options.registry_or_default(registry)
    options.must_exist(url)  # a report reads the registry: a missing file is a mistake, not an empty registry
    try:
        result = make_report(year, area=area, plan=chosen, plan_note=note, registry=url, totals=totals)
        for p in outputs:
            write(result, p)
    except ReportError as exc:
        raise _fail(str(exc)) from None
    _print(result, show)
    for p in outputs:
        out.print(f"Đã ghi: {p}", markup=False)


def _print(report: Report, show: int) -> None:
    plan = report.plan
    if plan is not None:
        out.print(f"Chỉ tiêu theo {plan.title} (Quyết định số {plan.document.number}, mục tiêu đến năm "
                  f"{plan.target_year}; {plan.jurisdiction}; mã {plan.id})", markup=False)
    if report.plan_note:
        err.print(Text(report.plan_note, style="yellow"))
    for n in report.notices:
        out.print(Text(n, style="bold yellow"))
    out.print(f"Mẫu số: “đánh giá” = {BY_EVALUATED} trong sổ công nhận; “tổng số” = {BY_TOTALS} (--totals). "
              "Chênh lệch = chỉ tiêu − tỷ lệ (điểm phần trăm).", markup=False)
    if not report.rows:
        out.print(f"Không có đối tượng nào trong sổ công nhận năm {report.year}.", markup=False)
    printed = 0
    for key in dict.fromkeys(r.key for r in report.rows):
        rows = [r for r in report.rows if r.key == key]
        if printed >= show:
            break
        table = Table(title=plain(f"{rows[0].title} — năm {report.year}"), title_justify="left")
        table.add_column("Cấp")
        table.add_column("Địa bàn", overflow="fold", ratio=3)
        for col in ("Công nhận", "Mẫu số", "Tỷ lệ %", "Chỉ tiêu %", "Chênh lệch", "Còn thiếu"):
            table.add_column(col, justify="right")
        table.add_column("Đạt")
        for r in rows[:max(0, show - printed)]:
            hard = r.target_kind == "vùng khó khăn"
            target = "—" if r.target is None else fmt(r.target) + ("\n[dim](khó khăn)[/]" if hard else "")
            met = "—" if r.met is None else ("[green]đạt[/]" if r.met else "[red]chưa đạt[/]")
            place = Text.assemble(r.name, (" (vùng khó khăn)" if r.difficult else "", "dim"),
                                  (f"\n{r.within}" if r.within else "", "dim"))
            denominator = f"{r.denominator}\n[dim]{'tổng số' if r.total is not None else 'đánh giá'}[/]"
            table.add_row(LEVEL_VI[r.level], place, str(r.recognised), denominator,
                          "—" if r.rate is None else fmt(r.rate), target,
                          "—" if r.gap is None else fmt(r.gap), "—" if r.short_by is None else str(r.short_by), met)
            printed += 1
        out.print(table)
    if printed < len(report.rows):
        out.print(f"(in {printed} trong {len(report.rows)} dòng; xem đủ trong tệp báo cáo --output)", markup=False)
    for w in report.warnings:
        err.print(Text.assemble(("Cảnh báo: ", "yellow"), w), soft_wrap=True)

