"""`recognise record`: store a results file in the registry of recognitions under the configured decision.

Everything is checked before the registry is opened (the results, the configuration), so a bad file
leaves no trace; the registry then writes all subjects in one transaction or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer
from rich.text import Text

from cli import options
from cli.console import err, out
from cli.documents_cmd import CRITERIA_HELP, FORCE_HELP, print_overridden, print_rejected, refused
from engine.criteria.load import LoadedSet
from engine.criteria.model import EXAMPLE_NOTICE, STATUS_VI
from engine.documents.deployment import DeploymentError, load_deployment
from engine.documents.guards import Refused, enforce
from engine.registry.store import AlreadyRecorded, Decision, Registry, RegistryError, registry_url, shown_url
from engine.results.codec import ResultsUnreadable, read_results
from engine.results.model import Results
from engine.results.provenance import NotProducedBy, deciding_set
from engine.vn.text import nfc

MAX_SHOWN = 20
# the registry's column widths (engine/migrations/versions/0001_recognitions.py): checked here so SQLite,
# which does not enforce them, refuses what PostgreSQL would refuse
_LIMITS = {"subject": 200, "name": 1000, "area": 1000, "grade": 100, "title": 300, "criteria_id": 100,
           "criteria_sha256": 64, "decision_number": 100, "province": 200, "commune": 200}


def _fail(message: str, lines: Sequence[str] = ()) -> typer.Exit:
    err.print(Text.assemble(("Lỗi: ", "red"), message), soft_wrap=True)
    for line in lines[:MAX_SHOWN]:
        err.print(Text(f"  {line}"), soft_wrap=True)
    if len(lines) > MAX_SHOWN:
        err.print(Text(f"  … và {len(lines) - MAX_SHOWN} lỗi khác"), soft_wrap=True)
    return typer.Exit(2)


def _too_long(value: str | None, key: str) -> str | None:
    if value is not None and len(nfc(value)) > _LIMITS[key]:
        return f"dài {len(nfc(value))} ký tự, sổ công nhận chỉ nhận tối đa {_LIMITS[key]}"
    return None


def check_results(data: Results) -> list[str]:
    """What the registry's columns cannot hold (the codec has checked everything else): empty, it can be recorded."""
    head = data.criteria
    problems = [f"criteria.{key}: {why}" for key, value, column in (
        ("id", head.id, "criteria_id"), ("title", head.title, "title"), ("sha256", head.sha256, "criteria_sha256"))
        if (why := _too_long(value, column))]
    for n, s in enumerate(data.subjects):
        for key, value, column in (("id", s.id, "subject"), ("name", s.name, "name"), ("area", s.area, "area"),
                                   ("grade", s.grade, "grade")):
            if why := _too_long(value, column):
                problems.append(f"subjects[{n}].{key}: {why} (mã {s.id[:40]})")
    return problems


def _rows(data: Results, year: int) -> dict:
    """What the registry stores of each subject."""
    head = data.criteria
    return {"criteria": {"id": head.id, "title": head.title, "sha256": head.sha256, "year": year},
            "subjects": [{"id": s.id, "name": s.name, "area": s.area, "grade": s.grade, "level": s.level,
                          "recognised": s.recognised, "total": s.total} for s in data.subjects]}


def record_results(results: Path, config: Path, registry: str | None,
                   criteria: LoadedSet | None = None, force: bool = False) -> tuple[int, int]:
    """Store the results under the configuration's decision: (added, already there). `criteria`: the set the
    results must have been produced by (else the shipped set they name). The guard rails of the documents
    (engine/documents/guards.py) hold here too, and subjects recorded for the year under another decision
    are refused; `force` goes past both and says what it went past.

    Raises typer.Exit(2) with the reason when nothing was written."""
    try:
        data = read_results(results)
    except ResultsUnreadable as exc:
        raise _fail(f"{results}: tệp kết quả không đọc được, không ghi gì vào sổ công nhận:",
                    str(exc).splitlines()) from None
    head = data.criteria
    if not head.official:
        raise _fail(f"{results}: kết quả chấm theo bộ tiêu chí {STATUS_VI[head.status]} {head.id} "
                    f"({EXAMPLE_NOTICE}); sổ công nhận chỉ nhận kết quả theo bộ tiêu chí chính thức, không ghi gì.")
    try:
        loaded = deciding_set(results, head, criteria)
    except NotProducedBy as exc:
        raise _fail(f"{exc}; không ghi gì vào sổ công nhận.") from None
    problems = check_results(data)
    if problems:
        raise _fail(f"{results}: tệp kết quả không ghi được vào sổ công nhận, không ghi gì:", problems)
    cs = loaded.criteria
    try:
        deployment, _ = load_deployment(config, cs.authority if cs else None, head.year)
    except DeploymentError as exc:
        raise _fail("cấu hình không hợp lệ, không ghi gì vào sổ công nhận:", exc.messages) from None
    try:
        year, crossed = enforce(data, cs, deployment, results, config, force)
    except Refused as exc:
        raise refused(exc, "không ghi gì vào sổ công nhận") from None
    decision = Decision(deployment.so_quyet_dinh or "", deployment.ngay_quyet_dinh, deployment.tinh or "",
                        deployment.xa or "")
    fields = (("so_quyet_dinh", decision.number, "decision_number"), ("tinh", decision.province, "province"),
              ("xa", decision.commune, "commune"))
    too_long = [f"{config}: {key}: {why}" for key, value, column in fields if (why := _too_long(value, column))]
    if too_long:
        raise _fail("cấu hình không hợp lệ, không ghi gì vào sổ công nhận:", too_long)
    url = registry_url(registry)
    try:
        book = Registry(url)
    except RegistryError as exc:
        raise _fail(f"{exc}; không ghi gì.") from None
    rows = _rows(data, year)  # the evaluation year the documents use: the results' (the configuration's only forced)
    try:
        if force:  # what the registry already holds under other decisions, said before it is recorded again
            crossed += [f"đã có trong sổ theo {e}; ghi thêm theo quyết định số {decision.number}"
                        for e in book.earlier(rows, decision)]
        added, already = book.record(rows, decision, force=force)
    except AlreadyRecorded as exc:
        raise _fail(f"{exc}.") from None
    except RegistryError as exc:
        raise _fail(f"{exc}; sổ công nhận giữ nguyên như trước.") from None
    finally:
        book.engine.dispose()
    out.print(f"Đã ghi {added}, đã có {already} vào sổ công nhận {shown_url(url)} "
              f"(quyết định số {decision.number} ngày {decision.day:%d/%m/%Y}, năm đánh giá {year}).",
              markup=False, soft_wrap=True)
    print_rejected(data.errors, "sổ công nhận")
    print_overridden(crossed, "lưu thông báo này cùng hồ sơ quyết định")
    return added, already


def record(
    results: Path = typer.Argument(..., metavar="KET_QUA.json", help="Tệp kết quả JSON của recognise score."),
    config: Path = typer.Option(..., "--config", help="Cấu hình triển khai (YAML): số, ngày quyết định, tỉnh, xã."),
    registry: str = options.registry(),
    criteria: str = options.criteria(CRITERIA_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP + " Cũng cho ghi đối tượng đã có trong sổ năm đó "
                               "theo quyết định khác."),
) -> None:
    record_results(results, config, registry, options.criteria_set(criteria), force)
