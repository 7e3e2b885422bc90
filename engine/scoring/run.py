"""One scoring run: read a sheet, decide every row, stream the results to every output.

The main process reads the file, checks codes for duplicates and writes; chunks of rows are
parsed, decided and encoded by a ChunkJob, in this process or, when RECOGNISE_WORKERS asks for
more, in worker processes (each with its own durable-rules host). Chunks come back in order, at
most a few in flight, so memory stays flat whatever the size of the sheet.

One process is the default at any size: with the rows answered from caches, reading and writing
are most of the work, and they stay in the main process; measured on two cores (200,000 rows, CSV
out), two workers took 1.6 times the CPU and 1.8 times the wall time of one process.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from engine.criteria.load import LoadedSet
from engine.results.codec import criteria_header
from engine.results.writers import ENCODERS, JsonWriter, outcome_label, writer_for
from engine.scoring.board import differences
from engine.scoring.fast import Block, FastRows
from engine.scoring.scorer import Scorer, Tally
from engine.sheets.reader import HISTORY_COLUMN, Column, Found, RowError, RowParser, Sheet, SheetError
from engine.workers import requested_workers, worker_pool

if TYPE_CHECKING:
    from engine.registry.lower import Shares

CHUNK_ROWS = 1000

Chunk = tuple[int, list[tuple[int, list[str], int | None]]]  # index of its first row, rows


@dataclass
class RunResult:
    criteria: dict
    summary: dict
    shown: list = field(default_factory=list)  # the subjects kept (`keep`, `kept`)
    errors: list[RowError] = field(default_factory=list)
    explained: dict | None = None
    differences: list[dict] = field(default_factory=list)  # the board's own totals, grades, levels that differ
    sheet: dict = field(default_factory=dict)  # how the sheet was read: worksheet, header rows, parts left out


class Scored(NamedTuple):
    encoded: tuple
    recognised: bool
    outcome: str
    subject: dict | None  # kept only for the terminal table and --explain
    differences: tuple[dict, ...] = ()


class ChunkJob:
    """Parse, decide and encode a chunk of rows; the parser and scorer are built in the process that runs it.

    `fast=False` takes every row by the general path (engine/scoring/fast.py is not used): the reference the
    fast path is tested against."""

    def __init__(self, loaded: LoadedSet, columns: list[Column | None], suffixes: tuple[str, ...],
                 keep: int, explain: str | None, history: dict[str, date] | None = None,
                 shares: Shares | None = None, year: int | None = None, fast: bool = True):
        self.loaded, self.columns, self.suffixes = loaded, columns, suffixes
        self.keep, self.explain, self.history, self.shares, self.year = keep, explain, history, shares, year
        self.fast = fast and shares is None and history is None
        self._ready: tuple[RowParser, Scorer, FastRows | None] | None = None

    def __call__(self, chunk: Chunk) -> list[Scored | Block | list[RowError]]:
        if self._ready is None:
            parser = RowParser(self.loaded.criteria, self.columns, self.shares)
            scorer = Scorer(self.loaded, self.history, self.year)
            fast = FastRows(parser, scorer, self.columns, self.loaded.criteria.notice, self.explain, self.suffixes) \
                if self.fast else None
            self._ready = (parser, scorer, fast)
        fast = self._ready[2]
        start, rows = chunk
        if fast is not None:
            return fast.chunk(start, rows, self.keep, self._general)
        return [self._general(i, number, cells, note) for i, (number, cells, note) in enumerate(rows, start)]

    def _general(self, i: int, number: int, cells: list[str], note: int | Found | None) -> Scored | list[RowError]:
        assert self._ready is not None
        parser, scorer, _ = self._ready
        row, errors = parser.parse(number, cells, note)
        if errors:
            return errors + scorer.missing(row)
        subject = scorer.score(row)
        if isinstance(subject, list):
            return subject
        keep = i < self.keep or subject["id"] == self.explain
        return Scored(tuple(ENCODERS[s](subject) for s in self.suffixes), subject["recognised"],
                      outcome_label(subject), subject if keep else None,
                      tuple(differences(row, subject)) if row.board else ())


_job: ChunkJob | None = None


def _init_worker(job: ChunkJob) -> None:
    global _job
    _job = job


def _run_chunk(chunk: Chunk) -> list[Scored | list[RowError]]:
    assert _job is not None
    return _job(chunk)


def _numbered(chunks: Iterable[list]) -> Iterator[Chunk]:
    start = 0
    for rows in chunks:
        yield start, rows
        start += len(rows)


def _in_workers(job: ChunkJob, chunks: Iterator[Chunk], workers: int) -> Iterator[list]:
    # fork: workers start from this process's imports; the rules engine is built inside each worker
    with worker_pool(workers, _init_worker, (job,)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_run_chunk, (chunk,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def score_sheet(path: Path, loaded: LoadedSet, outputs: list[Path], *, sheet_name: str | None = None,
                keep: int = 100, explain: str | None = None, workers: int | None = None, year: int | None = None,
                history: dict[str, date] | None = None, shares: Shares | None = None,
                tick: Callable[[int], None] | None = None, fast: bool = True,
                kept: Callable[[dict], object] | None = None) -> RunResult:
    """Raises SheetError before anything is written when the sheet cannot be read at all.

    `keep` subjects are kept in `shown`, each as `kept` makes it from the subject (the subject itself by default:
    a caller keeping every subject keeps only what it needs, and memory stays flat).

    `history` (level-1 decision dates by subject code) and `shares` come from the registry when it is
    consulted; the waiting times of the history rule are counted to 31/12 of `year`. `fast=False`: every
    cell read and every row scored and encoded on its own (the general path; the same bytes, slower)."""
    supplied = frozenset(i.key for _, ind in loaded.criteria.indicators() for i in ind.input_list()
                         if i.registry_share) if shares is not None else frozenset()
    sheet = Sheet(path, loaded.criteria, sheet_name, supplied, fast)
    if year is None and any(c is not None and c.key == HISTORY_COLUMN for c in sheet.columns):
        raise SheetError(f"{path}: cột {HISTORY_COLUMN} cần năm đánh giá (--year) để tính thời gian "
                         f"kể từ quyết định công nhận mức độ 1")
    head = criteria_header(loaded)
    if year is not None:
        head["year"] = year  # the evaluation year, for the documents
    codes = [ind.code for _, ind in loaded.criteria.indicators()]
    job = ChunkJob(loaded, sheet.columns, tuple(p.suffix.lower() for p in outputs), keep, explain, history, shares,
                   year, fast)
    workers = workers or requested_workers() or 1  # one process unless RECOGNISE_WORKERS asks for more
    chunks = _numbered(sheet.chunks(CHUNK_ROWS))
    writers: list = []
    tally = Tally()
    result = RunResult(head, {})
    results = _in_workers(job, chunks, workers) if workers > 1 else map(job, chunks)
    try:
        for p in outputs:  # each writer is in the list as soon as it holds a temporary file
            writers.append(writer_for(p, head, codes))
        for chunk in results:
            for item in chunk:
                if isinstance(item, Block):
                    tally.scored += sum(item.outcomes.values())
                    tally.recognised += item.recognised
                    tally.outcomes.update(item.outcomes)
                    for w, encoded in zip(writers, item.encoded, strict=True):
                        if isinstance(encoded, (str, bytes)):
                            w.write_block(encoded)
                        else:
                            for values in encoded:
                                w.write(values)
                    continue
                if isinstance(item, list):
                    tally.reject(item)
                    result.errors.extend(item)
                    for w in writers:
                        w.reject(item)
                    continue
                tally.add(item.recognised, item.outcome)
                result.differences.extend(item.differences)
                for w, encoded in zip(writers, item.encoded, strict=True):
                    w.write(encoded)
                if item.subject is not None:
                    if len(result.shown) < keep:
                        result.shown.append(item.subject if kept is None else kept(item.subject))
                    if item.subject["id"] == explain:
                        result.explained = item.subject
            if tick is not None:  # rows, not items: a Block holds many
                tick(sum(sum(item.outcomes.values()) if isinstance(item, Block) else 1 for item in chunk))
        result.summary = tally.summary()
        result.sheet = sheet.describe()
        for w in writers:
            if isinstance(w, JsonWriter):
                w.extra = {"differences": result.differences, "sheet": result.sheet}
            w.close(result.summary)
    except BaseException:
        for w in writers:
            w.abort()
        raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:  # the worker pool ends here, whatever stopped the run
            close()
    return result
