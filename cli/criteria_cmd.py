"""`recognise criteria list|check|show`: the criteria sets, their validity, their content."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from cli.console import err, error, out, plain
from cli.usage_vi import examples
from engine.criteria.catalogue import UnknownCriteria, find, shipped
from engine.criteria.load import CriteriaFileInvalid, load_file
from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI, CriteriaSet
from engine.rules.compiler import show_threshold, variant_label, variant_values
from engine.vn.numbers import fmt

app = typer.Typer(help="Các bộ tiêu chí: liệt kê, kiểm tra tệp, xem nội dung.", no_args_is_help=True,
                  epilog=examples("recognise criteria list", "recognise criteria show cdht-xa-tt25-2023",
                                  "recognise criteria check tinh-x.yaml"))


def _dates(cs: CriteriaSet) -> str:
    until = cs.effective_until.strftime("%d/%m/%Y") if cs.effective_until else "nay"
    return f"{cs.effective_from.strftime('%d/%m/%Y')} – {until}"


@app.command("list", help="Liệt kê các bộ tiêu chí: mã, danh hiệu, căn cứ, tình trạng, thời gian hiệu lực.",
             epilog=examples("recognise criteria list"))
def list_sets() -> None:
    try:
        sets = shipped()
    except CriteriaFileInvalid as exc:
        error(f"bộ tiêu chí kèm theo bị lỗi:\n{exc}")
        raise typer.Exit(2) from None
    table = Table(title="Các bộ tiêu chí", show_lines=False)
    for col in ("Mã", "Danh hiệu", "Căn cứ", "Tình trạng", "Hiệu lực"):
        table.add_column(col)
    for s in sets:
        cs = s.criteria
        table.add_row(plain(cs.id), plain(cs.title), plain(cs.source.number), STATUS_VI[cs.status], _dates(cs))
    out.print(table)


@app.command("check", help="Kiểm tra tệp bộ tiêu chí; mỗi lỗi một dòng TỆP:DÒNG: khóa: lỗi. Mã thoát 1 nếu có lỗi.",
             epilog=examples("recognise criteria check criteria/*.yaml tinh-x.yaml"))
def check(files: list[Path] = typer.Argument(..., metavar="TEP.yaml", help="Các tệp YAML cần kiểm tra.",
                                             show_default=False)) -> None:
    bad = 0
    for f in files:
        try:
            loaded = load_file(f)
        except CriteriaFileInvalid as exc:
            bad += 1
            for e in exc.errors:
                typer.echo(str(e))  # one line per problem, never wrapped: other tools read these
            continue
        typer.echo(f"{f}: hợp lệ ({loaded.criteria.id}, {STATUS_VI[loaded.criteria.status]})")
    raise typer.Exit(1 if bad else 0)


@app.command("show", help="Xem một bộ tiêu chí dạng cây: tiêu chí, chỉ tiêu, điểm hoặc ngưỡng, căn cứ.",
             epilog=examples("recognise criteria show cdht-xa-tt25-2023", "recognise criteria show tinh-x.yaml"))
def show(ref: str = typer.Argument(..., metavar="MA", help="Mã bộ tiêu chí hoặc đường dẫn tệp.")) -> None:
    try:
        cs = find(ref).criteria
    except (UnknownCriteria, CriteriaFileInvalid) as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    out.print(render_tree(cs))


def render_tree(cs: CriteriaSet) -> Tree:
    """Everything from the criteria file reaches the terminal as Text: a province's file is user text."""
    tree = Tree(Text.assemble((cs.title, "bold"), f" ({cs.id}) — {cs.source.title}; {STATUS_VI[cs.status]}; "
                              f"hiệu lực {_dates(cs)}"))
    if cs.notice:
        tree.add(plain(cs.notice, "bold yellow"))
    tree.add(plain(f"Đối tượng: {SUBJECT_KIND_VI[cs.subject_kind]}; phạm vi: {cs.jurisdiction}"))
    for a in cs.attributes:
        tree.add(Text.assemble("Thuộc tính ", (a.key, "cyan"), f": {a.label} ({', '.join(a.values().values())})"))
    for c in cs.criteria:
        top = f" — tối đa {fmt(c.max)} điểm" if cs.scheme == "points" else ""
        branch = tree.add(Text.assemble((c.code, "bold"), f" {c.name}{top} ", (f"({c.source})", "dim")))
        for ind in c.indicators:
            branch.add(_indicator_line(cs, ind))
    if cs.scheme == "points" and cs.grades:
        grades = tree.add(plain(f"Xếp loại (tổng tối đa {fmt(cs.max_total)} điểm)"))
        for g in cs.grades:
            upper = f"{fmt(cs.max_total)}" if g.below is None else f"dưới {fmt(g.below)}"
            grades.add(Text.assemble(f"{g.name}: từ {fmt(g.min)} đến {upper} ", (f"({g.source})", "dim")))
        grades.add(plain(f"{cs.fail_grade}: các trường hợp còn lại"))
    for k in cs.knockouts:
        tree.add(Text.assemble(f"Điều kiện loại trừ: {k.text} ", (f"({k.source})", "dim")))
    for lv in cs.levels or []:
        tree.add(Text.assemble(f"{lv.name}: đạt tất cả tiêu chí của mức ", (f"({lv.source})", "dim")))
    for m in cs.missing:
        tree.add(Text.assemble(("Còn thiếu:", "yellow"), f" {m.what} ", (f"({m.source})", "dim")))
    for n in cs.notes:
        tree.add(plain(f"Ghi chú: {n}", "dim"))
    return tree


def _indicator_line(cs: CriteriaSet, ind) -> Text:
    line = Text.assemble((ind.code, "cyan"), f" {ind.text}")
    if cs.scheme == "points":
        line.append(f" — tối đa {fmt(ind.max)} điểm")
    inputs = {i.key: i for i in ind.input_list()}
    for lv, variants in (ind.levels or {}).items():
        parts = []
        for v, (attr, values) in zip(variants, variant_values(cs, variants), strict=True):
            cond = "; ".join(f"{k} ≥ {show_threshold(inputs[k], t)}" if not isinstance(t, bool) else f"{k} đạt"
                             for k, t in (v.require or {}).items()) or "không áp dụng"
            parts.append(cond + variant_label(cs, attr, values))
        line.append(f"\n    mức độ {lv}: " + " | ".join(parts))
    line.append(f" ({ind.source})", "dim")
    return line


# book, diff, test; template, import, derive: registered on `app`
from cli import criteria_book_cmd, criteria_workbook_cmd  # noqa: E402,F401
