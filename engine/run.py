"""One scoring run: read a sheet, decide every row, stream the results to every output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.loader import LoadedSet
from engine.output import writer_for
from engine.scoring import Scorer, Tally, criteria_header
from engine.sheets import RowError, Sheet


@dataclass
class RunResult:
    criteria: dict
    summary: dict
    shown: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    explained: dict | None = None


def score_sheet(path: Path, loaded: LoadedSet, outputs: list[Path], *, sheet_name: str | None = None,
                keep: int = 100, explain: str | None = None,
                tick: Callable[[int], None] | None = None) -> RunResult:
    """Raises SheetError before anything is written when the sheet cannot be read at all."""
    sheet = Sheet(path, loaded.criteria, sheet_name)
    scorer = Scorer(loaded)
    head = criteria_header(loaded)
    codes = [ind.code for _, ind in loaded.criteria.indicators()]
    writers = [writer_for(p, head, codes) for p in outputs]
    tally = Tally()
    result = RunResult(head, {})
    try:
        for item in sheet.rows():
            if isinstance(item, list):
                tally.reject(item)
                result.errors.extend(item)
                for w in writers:
                    w.reject(item)
            else:
                subject = scorer.score(item)
                tally.add(subject)
                if len(result.shown) < keep:
                    result.shown.append(subject)
                if explain is not None and subject["id"] == explain:
                    result.explained = subject
                for w in writers:
                    w.subject(subject)
            if tick is not None:
                tick(1)
        result.summary = tally.summary()
        for w in writers:
            w.close(result.summary)
    except BaseException:
        for w in writers:
            w.abort()
        raise
    return result
