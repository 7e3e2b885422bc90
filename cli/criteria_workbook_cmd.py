"""`recognise criteria template|import|derive`: a province's criteria set written in a workbook, not in YAML."""

from __future__ import annotations

from pathlib import Path

import typer

from cli import options
from cli.console import error, out
from cli.criteria_cmd import app
from cli.usage_vi import examples
from engine.criteria.catalogue import UnknownCriteria, find
from engine.criteria.load import CriteriaFileInvalid
from engine.criteria.model import STATUS_VI
from engine.criteria.workbook_layout import MAX_LEVELS, SCHEMES
from engine.results.atomic import OutputError, atomic_save_workbook, atomic_text
from engine.vn.numbers import fmt


def _not_over(paths: list[Path], force: bool, what: str) -> None:
    for path in paths:
        if path.exists() and not force:
            raise options.usage_error(f"{path} đã có ({what}): không ghi đè. Chọn tên tệp khác, hoặc thêm --force nếu "
                                      "thật sự muốn thay.")


def _save_workbook(book, path: Path) -> None:
    try:
        atomic_save_workbook(book, path)
    except OutputError as exc:
        error(str(exc))
        raise typer.Exit(2) from None


def _save_text(text: str, path: Path) -> None:
    try:
        with atomic_text(path) as handle:
            handle.write(text)
    except OutputError as exc:
        error(str(exc))
        raise typer.Exit(2) from None


@app.command("template", help="Tạo bảng tính (XLSX) để tỉnh điền bộ tiêu chí của mình như quyết định in ra: thông tin "
                              "bộ tiêu chí, tiêu chí và chỉ số, khoảng điểm, xếp loại, điều kiện loại trừ (tính điểm) "
                              "hoặc mức độ, trường hợp riêng, thuộc tính (theo mức độ), ghi chú, hướng dẫn có ví dụ. "
                              "Điền xong: recognise criteria import.",
             epilog=examples("recognise criteria template --scheme points --output tieu-chi.xlsx",
                             "recognise criteria template --scheme levels --levels 2 --output tieu-chi.xlsx"))
def template(
    scheme: str = typer.Option(..., "--scheme", metavar="points|levels", show_default=False,
                               help="points: tính điểm, xếp loại (Gia đình học tập, Dòng họ học tập…); levels: theo "
                                    "mức độ, mỗi chỉ tiêu đạt hoặc không (Cộng đồng học tập cấp xã…)."),
    output: Path = options.output("Tệp bảng tính cần ghi (.xlsx).", "TEP.xlsx"),
    levels: int = typer.Option(2, "--levels", metavar="1-5", help="Số mức độ (chỉ với --scheme levels)."),
    force: bool = typer.Option(False, "--force", help="Ghi đè khi tệp --output đã có (mặc định: không ghi đè, vì đó có "
                               "thể là bảng đã điền)."),
) -> None:
    from engine.criteria.workbook_writer import build_workbook

    if scheme not in SCHEMES:
        raise options.usage_error(f"--scheme {scheme!r}: chọn points (tính điểm) hoặc levels (theo mức độ)")
    if not 1 <= levels <= MAX_LEVELS:
        raise options.usage_error(f"--levels {levels}: từ 1 đến {MAX_LEVELS} mức độ")
    options.check_output_files([output], (".xlsx",))
    _not_over([output], force, "có thể là bảng đã điền")
    _save_workbook(build_workbook(scheme, levels), output)
    out.print(f"Đã ghi bảng tiêu chí trống ({SCHEMES[scheme]}): {output}. Điền theo trang “Hướng dẫn”, rồi: "
              f"recognise criteria import {output} --output tinh-x.yaml", markup=False, soft_wrap=True)


@app.command("import", help="Đọc bảng tiêu chí tỉnh đã điền (tạo bởi recognise criteria template hoặc derive), kiểm "
                            "tra như mọi tệp bộ tiêu chí (tổng điểm tối đa, xếp loại, ngưỡng…) và ghi tệp YAML dùng "
                            "được cho recognise score --criteria. Mỗi lỗi một dòng: trang, ô (dòng, cột), giá trị, lỗi; "
                            "còn lỗi thì không ghi gì (mã thoát 1).",
             epilog=examples("recognise criteria import tieu-chi.xlsx --output tinh-x.yaml",
                             "recognise score bang-diem.xlsx --criteria tinh-x.yaml --output ket-qua.json"))
def import_(
    workbook: Path = typer.Argument(..., metavar="BANG_TIEU_CHI.xlsx", show_default=False,
                                    help="Bảng tiêu chí đã điền (.xlsx)."),
    output: Path = options.output("Tệp bộ tiêu chí cần ghi (.yaml).", "TEP.yaml"),
    force: bool = typer.Option(False, "--force", help="Ghi đè khi tệp --output đã có."),
) -> None:
    from engine.criteria.workbook_import import WorkbookInvalid, WorkbookUnreadable, import_workbook

    options.check_output_files([output], (".yaml", ".yml"))
    _not_over([output], force, "một bộ tiêu chí khác có thể mất")
    if workbook.suffix.lower() != ".xlsx":
        raise options.usage_error(f"{workbook}: cần bảng tính .xlsx (tạo bằng recognise criteria template); tệp .xls "
                                  "hoặc .ods thì mở bằng Excel hay LibreOffice rồi lưu dạng .xlsx")
    try:
        imported = import_workbook(workbook)
    except WorkbookUnreadable as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    except WorkbookInvalid as exc:
        error(f"{workbook}: bảng tiêu chí có {len(exc.problems)} lỗi, chưa ghi gì; sửa rồi nhập lại:")
        for problem in exc.problems:
            typer.echo(f"{workbook}: {problem}", err=True)  # one line per problem, never wrapped
        raise typer.Exit(1) from None
    _save_text(imported.yaml_text, output)
    for notice in imported.notices:
        out.print(f"Lưu ý: {notice}.", markup=False, soft_wrap=True)
    cs = imported.criteria
    size = (f"tổng tối đa {fmt(cs.max_total)} điểm, {len(cs.grades or [])} loại được xếp"
            if cs.scheme == "points" else f"{len(cs.levels or [])} mức độ")
    out.print(f"Đã ghi {output}: bộ tiêu chí {cs.id} ({cs.title}, {STATUS_VI[cs.status]}), {len(cs.criteria)} tiêu chí, "
              f"{len(cs.indicators())} chỉ số, {size}.", markup=False, soft_wrap=True)
    if cs.status == "draft":
        out.print("Bộ dự thảo: xem, kiểm tra, in được, nhưng không dùng để chấm cho đến khi đủ số liệu chính thức.",
                  markup=False, soft_wrap=True)
    else:
        out.print(f"Bảng điểm trống: recognise sheet {output} --output bang-diem.xlsx; chấm: recognise score "
                  f"bang-diem.xlsx --criteria {output}", markup=False, soft_wrap=True)


@app.command("derive", help="Bắt đầu bộ tiêu chí của tỉnh từ một bộ có sẵn: giữ mọi tiêu chí, con số, căn cứ của bộ "
                            "gốc; mã mới, derives_from bộ gốc, tình trạng dự thảo; văn bản của tỉnh để điền. Ghi tệp "
                            ".yaml, hoặc bảng tính .xlsx để điền rồi recognise criteria import.",
             epilog=examples("recognise criteria derive gdht-448-2015 --output tieu-chi.xlsx --id gdht-tinh-x-2025",
                             "recognise criteria derive dvht-tt22-2020 --output tinh-x.yaml --jurisdiction \"Tỉnh X\""))
def derive_(
    base: str = typer.Argument(..., metavar="MA_GOC", help="Mã bộ tiêu chí có sẵn (recognise criteria list) hoặc tệp "
                               "YAML.", show_default=False),
    output: list[Path] = options.outputs("Tệp cần ghi: .yaml (bộ tiêu chí dự thảo) hoặc .xlsx (bảng tiêu chí điền "
                                         "sẵn).", "TEP.yaml|TEP.xlsx"),
    xlsx: Path = typer.Option(None, "--xlsx", metavar="TEP.xlsx", help="Cũng ghi bảng tiêu chí điền sẵn (như --output "
                              "TEP.xlsx)."),
    set_id: str = typer.Option(None, "--id", metavar="MA", help="Mã bộ tiêu chí mới (chữ thường không dấu, số, gạch "
                               "ngang); mặc định lấy từ tên tệp --output."),
    jurisdiction: str = typer.Option(None, "--jurisdiction", metavar="TINH", help="Phạm vi áp dụng, ví dụ \"Tỉnh X\"."),
    title: str = typer.Option(None, "--title", help="Tên danh hiệu, nếu khác bộ gốc."),
    force: bool = typer.Option(False, "--force", help="Ghi đè khi tệp --output đã có."),
) -> None:
    import re

    from engine.criteria.derive import BLANK_IN_WORKBOOK, derive, slug
    from engine.criteria.dump import criteria_yaml
    from engine.criteria.load import load_bytes
    from engine.criteria.workbook_writer import build_workbook

    targets = list(output or []) + ([xlsx] if xlsx is not None else [])
    if not targets:
        raise options.usage_error("cần --output TEP.yaml hoặc --output TEP.xlsx")
    options.check_output_files(targets, (".yaml", ".yml", ".xlsx"))
    _not_over(targets, force, "có thể là bộ tiêu chí hoặc bảng đã điền")
    try:
        loaded = find(base)
    except (UnknownCriteria, CriteriaFileInvalid) as exc:
        raise options.usage_error(str(exc)) from None
    new_id = (set_id or slug(targets[0].stem)).lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,63}", new_id):
        raise options.usage_error(f"--id {new_id!r}: mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ "
                                  "gdht-tinh-x-2025")
    if new_id == loaded.criteria.id:
        raise options.usage_error(f"mã bộ mới trùng mã bộ gốc {new_id}: chọn mã khác (--id)")
    derived = derive(loaded.criteria, new_id, jurisdiction, title)
    for target in targets:
        if target.suffix.lower() == ".xlsx":
            blank = tuple(k for k in BLANK_IN_WORKBOOK if not (k == "jurisdiction" and jurisdiction))
            _save_workbook(build_workbook(derived.scheme, cs=derived, blank=blank), target)
            out.print(f"Đã ghi {target}: bảng tiêu chí {new_id} điền sẵn từ {loaded.criteria.id}. Điền văn bản của "
                      f"tỉnh ở trang “Bộ tiêu chí”, sửa các tiêu chí nếu cần, rồi: recognise criteria import {target} "
                      f"--output {new_id}.yaml", markup=False, soft_wrap=True)
            continue
        text = criteria_yaml(derived, [f"{derived.title} — bộ tiêu chí của tỉnh, phỏng theo {loaded.criteria.id} "
                                       "(recognise criteria derive).",
                                       "Dự thảo: điền các giá trị “(chưa điền)” và những gì còn thiếu (missing), đổi "
                                       "status thành official, bỏ missing, rồi kiểm tra: recognise criteria check."])
        load_bytes(text.encode("utf-8"), str(target))  # the file written loads as it is (a draft)
        _save_text(text, target)
        out.print(f"Đã ghi {target}: bộ tiêu chí dự thảo {new_id}, phỏng theo {loaded.criteria.id} "
                  f"({len(derived.missing)} mục còn thiếu).", markup=False, soft_wrap=True)
