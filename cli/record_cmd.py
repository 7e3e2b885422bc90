"""`recognise record`: store a results file in the registry of recognitions under the configured decision.

Everything is checked before the registry is opened (the results, the configuration), so a bad file
leaves no trace; the registry then writes all subjects in one transaction or none
(engine/registry/recording.py, shared with the web application).
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
from engine.documents.guards import Refused
from engine.registry.recording import RecordingRefused, check, record_checked
from engine.registry.store import Registry, RegistryError, registry_url, shown_url

MAX_SHOWN = 20


def _fail(message: str, lines: Sequence[str] = ()) -> typer.Exit:
    err.print(Text.assemble(("Lỗi: ", "red"), message), soft_wrap=True)
    for line in lines[:MAX_SHOWN]:
        err.print(Text(f"  {line}"), soft_wrap=True)
    if len(lines) > MAX_SHOWN:
        err.print(Text(f"  … và {len(lines) - MAX_SHOWN} lỗi khác"), soft_wrap=True)
    return typer.Exit(2)


def record_results(results: Path, config: Path, registry: str | None,
                   criteria: LoadedSet | None = None, force: bool = False) -> tuple[int, int]:
    """Store the results under the configuration's decision: (added, already there). `criteria`: the set the
    results must have been produced by (else the shipped set they name). The guard rails of the documents
    (engine/documents/guards.py) hold here too, and subjects recorded for the year under another decision
    are refused; `force` goes past both and says what it went past.

    Raises typer.Exit(2) with the reason when nothing was written."""
    try:
        checked = check(results, config, criteria, force)
    except RecordingRefused as exc:
        raise _fail(exc.message, exc.lines) from None
    except Refused as exc:
        raise refused(exc, "không ghi gì vào sổ công nhận") from None
    url = registry_url(registry)
    try:
        book = Registry(url)  # opened only now: a refused file leaves no registry behind
    except RegistryError as exc:
        raise _fail(f"{exc}; không ghi gì.") from None
    try:
        done = record_checked(checked, book, force)
    except RecordingRefused as exc:
        raise _fail(exc.message, exc.lines) from None
    finally:
        book.engine.dispose()
    decision = done.decision
    out.print(f"Đã ghi {done.added}, đã có {done.already} vào sổ công nhận {shown_url(url)} "
              f"(quyết định số {decision.number} ngày {decision.day:%d/%m/%Y}, năm đánh giá {done.year}).",
              markup=False, soft_wrap=True)
    print_rejected(done.rejected, "sổ công nhận")
    print_overridden(done.crossed, "lưu thông báo này cùng hồ sơ quyết định")
    return done.added, done.already


def record(
    results: Path = typer.Argument(..., metavar="KET_QUA.json", help="Tệp kết quả JSON của recognise score."),
    config: Path = typer.Option(..., "--config", help="Cấu hình triển khai (YAML): số, ngày quyết định, tỉnh, xã."),
    registry: str = options.registry(),
    criteria: str = options.criteria(CRITERIA_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP + " Cũng cho ghi đối tượng đã có trong sổ năm đó "
                               "theo quyết định khác."),
) -> None:
    record_results(results, config, registry, options.criteria_set(criteria), force)
