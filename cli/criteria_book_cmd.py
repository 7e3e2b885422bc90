"""`recognise criteria book|diff|test`: a set printed as a decision's annex, two versions compared, a set proved
against example subjects with expected results."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from cli import options
from cli.console import err, error, out
from cli.criteria_cmd import app
from cli.usage_vi import examples
from engine.criteria.catalogue import UnknownCriteria, find
from engine.criteria.load import CriteriaFileInvalid, LoadedSet
from engine.vn.dates import parse_date

BOOK_FORMATS = (".pdf", ".docx")


def _load(ref: str) -> LoadedSet:
    try:
        return find(ref)
    except (UnknownCriteria, CriteriaFileInvalid) as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None


@app.command("book", help="In bộ tiêu chí thành phụ lục kèm theo văn bản ban hành (thể thức Nghị định 30/2020/NĐ-CP): "
                          "bảng tiêu chí, chỉ số, điểm tối đa hoặc yêu cầu từng mức độ, căn cứ; xếp loại hoặc mức độ; "
                          "điều kiện loại trừ; tình trạng và nguồn. Tệp .pdf hoặc .docx.",
             epilog=examples("recognise criteria book dvht-tt22-2020 --output bo-tieu-chi.pdf",
                             "recognise criteria book tinh-x.yaml --output bo-tieu-chi.docx "
                             "--decision-number 123/QĐ-UBND --decision-date 15/01/2025 "
                             "--issuer \"Ủy ban nhân dân tỉnh X\""))
def book(ref: str = typer.Argument(..., metavar="MA|TEP", help="Mã bộ tiêu chí hoặc đường dẫn tệp YAML."),
         output: Path = options.output("Tệp phụ lục: .pdf hoặc .docx.", "TEP"),
         decision_number: str | None = typer.Option(None, "--decision-number", metavar="SO",
                                                    help="Số, ký hiệu quyết định ban hành bộ tiêu chí (nếu khác văn "
                                                         "bản nguồn của bộ), ví dụ 123/QĐ-UBND."),
         decision_date: str | None = typer.Option(None, "--decision-date", metavar="NGAY",
                                                  help="Ngày ký quyết định ban hành, dd/mm/yyyy."),
         issuer: str | None = typer.Option(None, "--issuer", metavar="CO_QUAN",
                                           help="Cơ quan ban hành quyết định (mặc định: cơ quan ban hành văn bản "
                                                "nguồn của bộ).")) -> None:
    from engine.criteria.book import build, write_docx, write_pdf
    from engine.documents.render import TemplateFailure

    options.check_output_files([output], BOOK_FORMATS)
    signed: date | None = None
    if decision_date is not None:
        signed = parse_date(decision_date)
        if signed is None:
            raise options.usage_error(f"--decision-date {decision_date!r}: cần một ngày có thật, dạng dd/mm/yyyy")
    cs = _load(ref).criteria
    bo = build(cs, decision_number, signed, issuer)
    watermark = "DỰ THẢO" if cs.status == "draft" else cs.notice
    try:
        (write_pdf if output.suffix.lower() == ".pdf" else write_docx)(bo, output, watermark)
    except TemplateFailure as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    out.print(f"Đã ghi {output}: phụ lục bộ tiêu chí {cs.id}, {len(cs.criteria)} tiêu chí, "
              f"{len(cs.indicators())} chỉ số ({bo.notice or 'bản chính thức'}).", markup=False, soft_wrap=True)


@app.command("diff", help="So sánh hai phiên bản bộ tiêu chí, từng tiêu chí: tiêu chí và chỉ số thêm, bỏ, sửa; điểm tối "
                          "đa, yêu cầu từng mức độ, xếp loại, điều kiện loại trừ, căn cứ. Mã thoát 0 nếu giống nhau, "
                          "1 nếu khác nhau, 2 nếu không đọc được một bộ.",
             epilog=examples("recognise criteria diff gdht-448-2015 tinh-x.yaml",
                             "recognise criteria diff tinh-x-2024.yaml tinh-x-2025.yaml"))
def diff(a: str = typer.Argument(..., metavar="A", help="Bộ tiêu chí cũ: mã hoặc tệp YAML."),
         b: str = typer.Argument(..., metavar="B", help="Bộ tiêu chí mới: mã hoặc tệp YAML.")) -> None:
    from engine.criteria.diff import changes, report

    old, new = _load(a).criteria, _load(b).criteria
    for line in report(old, new, a, b):
        typer.echo(line)  # one line per change, never wrapped: other tools read these
    raise typer.Exit(1 if changes(old, new) else 0)


@app.command("test", help="Kiểm tra bộ tiêu chí bằng các trường hợp mẫu có kết quả cần có (tệp YAML): mỗi trường hợp "
                          "được chấm như một dòng bảng điểm. Mã thoát 0 nếu mọi trường hợp đúng, 1 nếu có trường hợp "
                          "sai, 2 nếu không đọc được tệp.",
             epilog=examples("recognise criteria test samples/dvht-tt22-truong-hop.yaml",
                             "recognise criteria test truong-hop.yaml --criteria tinh-x.yaml"))
def test(cases_file: Path = typer.Argument(..., metavar="TRUONG_HOP.yaml", help="Tệp các trường hợp mẫu."),
         criteria: str | None = typer.Option(None, "--criteria", "-c", metavar="MA|TEP",
                                             help="Bộ tiêu chí cần kiểm tra (mặc định: khóa 'criteria' trong tệp).")
         ) -> None:
    from engine.criteria.cases import read_cases, run_cases, unknown_columns
    from engine.sheets.reader import SheetError

    try:
        cases = read_cases(cases_file)
    except CriteriaFileInvalid as exc:
        for e in exc.errors:
            typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    ref = criteria or cases.criteria
    if ref is None:
        raise options.usage_error(f"{cases_file}: không rõ bộ tiêu chí; ghi khóa 'criteria' trong tệp hoặc dùng --criteria")
    loaded = _load(ref)
    cs = loaded.criteria
    if cs.status == "draft":
        error(f"bộ tiêu chí {cs.id} là dự thảo, không dùng để chấm: còn thiếu {len(cs.missing)} nội dung "
              f"(xem: recognise criteria show {ref})")
        raise typer.Exit(2)
    unknown = unknown_columns(loaded, cases)
    if unknown:
        for line in unknown:
            typer.echo(f"{cases_file}: {line}", err=True)
        raise typer.Exit(2)
    try:
        failures = run_cases(loaded, cases)
    except SheetError as exc:
        error(str(exc))
        raise typer.Exit(2) from None
    for f in failures:
        typer.echo(f"SAI {f}")
    failed = len({f.case for f in failures})
    total = len(cases.cases)
    typer.echo(f"{total - failed}/{total} trường hợp đúng với bộ tiêu chí {cs.id}"
               + (f"; {failed} trường hợp sai." if failed else "."))
    raise typer.Exit(1 if failed else 0)
