"""Scoring an uploaded sheet with the engine, exactly as `recognise score` does: the results stored are the
bytes of its JSON output. Run inline for the API and small sheets, in the job queue for large ones."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from engine.criteria.catalogue import UnknownCriteria, shipped_set
from engine.criteria.load import CriteriaFileInvalid, LoadedSet
from engine.errors import RecogniseError
from engine.registry.inputs import InputsRefused, registry_inputs, share_inputs, uses_registry
from engine.scoring.run import score_sheet
from engine.sheets.fit import choose_set
from engine.sheets.reader import SheetError
from web.jobs import Progress, handles
from web.store import audit, scores
from web.store.database import Database
from web.store.jobs import Job
from web.uploads import UploadRefused, sheet_suffix, shown_name

INLINE_BYTES = 1_000_000  # larger sheets go to the job queue from the pages


class ScoreRefused(RecogniseError):
    pass


def _readable(message: str, folder: Path, shown: str) -> str:
    """The engine names the file it read: the user knows it by the name they uploaded."""
    for suffix in (".xlsx", ".xls", ".ods", ".csv"):
        message = message.replace(str(folder / f"bang-diem{suffix}"), shown)
    return message.replace(str(folder), "")


def prepare(db: Database, user, filename: str | None, content: bytes, criteria: str | None, title: str | None,
            year: int | None) -> int:
    """Checks the upload and stores it: the id of a score waiting to be run (`run`)."""
    try:
        suffix = sheet_suffix(content)
    except UploadRefused as exc:
        raise ScoreRefused(str(exc)) from None
    if not criteria and not (title and year):
        raise ScoreRefused("cần chọn bộ tiêu chí, hoặc danh hiệu và năm đánh giá")
    if criteria:
        try:  # an id of the sets the server ships: what a user sends never names a file
            shipped_set(criteria)
        except UnknownCriteria as exc:
            raise ScoreRefused(str(exc)) from None
    name = shown_name(filename, suffix)
    score_id = scores.add(db, user, name, content, criteria, title, year)
    audit.write(db, user, "tai-bang-diem", f"bang-diem/{score_id} {name}", scores.get(db, score_id).sheet_sha256)
    return score_id


def run(db: Database, score_id: int, use_registry: bool = False,
        tick: Callable[[int], None] | None = None) -> None:
    """Score a stored upload; a sheet that cannot be scored leaves the score failed with the reason."""
    found = scores.get(db, score_id)
    assert found is not None
    content = scores.content(db, found.sheet_sha256)
    with tempfile.TemporaryDirectory(prefix="recognise-web-") as tmp:
        folder = Path(tmp)
        sheet = folder / f"bang-diem{Path(found.filename).suffix}"
        sheet.write_bytes(content)
        output = folder / "ket-qua.json"
        try:
            loaded = choose_set(sheet, found.criteria_id, found.title, found.year, None)
            if loaded.criteria.status == "draft":
                raise ScoreRefused(f"bộ tiêu chí {loaded.criteria.id} là dự thảo, chưa đủ số liệu chính thức "
                                   "để chấm")
            history, shares = _registry_inputs(db, loaded, found.year) if use_registry else (None, None)
            result = score_sheet(sheet, loaded, [output], keep=0, workers=1, year=found.year, history=history,
                                 shares=shares, tick=tick)
        except (UnknownCriteria, CriteriaFileInvalid, SheetError, InputsRefused, ScoreRefused) as exc:
            scores.fail(db, score_id, _readable(str(exc), folder, found.filename))
            return
        if result.summary["scored"] == 0:
            scores.fail(db, score_id, "không chấm được dòng nào: " + "; ".join(
                f"dòng {e.row}, cột {e.column}: {e.message}" for e in result.errors[:5]))
            return
        scores.finish(db, score_id, output.read_bytes(), result.summary, loaded.criteria.id, loaded.criteria.title)


def _registry_inputs(db: Database, loaded: LoadedSet, year: int | None) -> tuple[dict | None, object]:
    cs = loaded.criteria
    if not uses_registry(cs) or share_inputs(cs):  # shares need the totals of every area: the sheet's own columns
        return None, None
    if year is None:
        raise ScoreRefused("dùng sổ công nhận cần năm đánh giá")
    inputs = registry_inputs(db.registry, cs, year, None)
    return inputs.history, inputs.shares


def score_now(db: Database, user, filename: str | None, content: bytes, criteria: str | None, title: str | None,
              year: int | None, use_registry: bool = False) -> int:
    score_id = prepare(db, user, filename, content, criteria, title, year)
    run(db, score_id, use_registry)
    return score_id


@handles("cham")
def _score_job(db: Database, job: Job, progress: Progress) -> str:
    done = 0

    def tick(rows: int) -> None:
        nonlocal done
        done += rows
        progress(done, None)

    run(db, job.score_id, bool((job.params or {}).get("registry")), tick)
    found = scores.get(db, job.score_id)
    if found is None or found.state == "loi":
        raise ScoreRefused(found.error if found else "không còn bảng điểm")
    return f"Đã chấm {found.scored} đối tượng, công nhận {found.recognised}; loại {found.rejected} dòng lỗi."
