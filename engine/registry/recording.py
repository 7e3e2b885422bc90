"""Recording a results file into the registry under the decision of a deployment configuration: one way for
`recognise record`, `recognise score --record` and the web application.

Everything is checked first (`check`: the results, the set that produced them, the configuration, the guard
rails of the documents), so a caller may open the registry only once nothing can be refused any more; the
registry then writes every subject in one transaction or none (`record_checked`). Subjects recorded for the year
under another decision are refused unless `force`, which goes past them and the guard rails and says so.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from engine.criteria.load import LoadedSet
from engine.criteria.model import EXAMPLE_NOTICE, STATUS_VI
from engine.documents.deployment import DeploymentError, load_deployment
from engine.documents.guards import enforce
from engine.errors import RecogniseError
from engine.registry.store import BATCH, AlreadyRecorded, Decision, Earlier, Entry, Registry, RegistryError
from engine.results.codec import ResultsStream, ResultsUnreadable
from engine.results.model import CriteriaHeader, RejectedRow, Results, Subject
from engine.results.provenance import NotProducedBy, deciding_set
from engine.vn.text import nfc

# the registry's column widths (engine/migrations/versions/0001_recognitions.py): checked here so SQLite,
# which does not enforce them, refuses what PostgreSQL would refuse
LIMITS = {"subject": 200, "name": 1000, "area": 1000, "grade": 100, "title": 300, "criteria_id": 100,
          "criteria_sha256": 64, "decision_number": 100, "province": 200, "commune": 200}


class RecordingRefused(RecogniseError):
    """Nothing was written. `message` says why in one sentence, `lines` list the details; `kind` tells callers
    which check held: ket-qua (unreadable or unfit results), mau (an example or draft set), bo-tieu-chi (not
    produced by the set), cau-hinh (configuration), da-co (recorded under another decision: `earlier`), so
    (the registry failed)."""

    def __init__(self, message: str, lines: Sequence[str] = (), *, kind: str = "ket-qua",
                 earlier: Sequence[Earlier] = ()):
        self.lines = list(lines)
        self.kind = kind
        self.earlier = list(earlier)
        super().__init__(message)

    def __str__(self) -> str:
        return "\n".join([self.message, *self.lines])


class Entries:
    """The registry's entries for the subjects of a results file, kept a batch at a time as compressed bytes (about
    25 bytes a subject): no temporary file, so a full disk fails only where the registry is written. Read back as
    often as needed (the guard rails, the look-up of earlier decisions, the insert), each time from the start."""

    def __init__(self) -> None:
        self.batch: list[tuple] = []
        self.parts: list[bytes] = []
        self.count = 0

    def add(self, s: Subject) -> None:
        # the total as its exact text: marshal has no Decimal
        self.batch.append((s.id, s.name, s.area, s.grade, s.level, s.recognised,
                           None if s.total is None else str(s.total)))
        self.count += 1
        if len(self.batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            self.parts.append(zlib.compress(marshal.dumps(self.batch), 1))
            self.batch = []

    def __len__(self) -> int:
        return self.count

    def batches(self) -> Iterator[list[tuple]]:
        """The entries a batch at a time, as stored: tuples in Entry's field order, the total as its exact text
        (what Registry.record_entries reads)."""
        self._flush()
        for part in self.parts:
            yield marshal.loads(zlib.decompress(part))

    def __iter__(self) -> Iterator[Entry]:
        for batch in self.batches():
            for code, name, area, grade, level, recognised, total in batch:
                yield Entry(code, name, area, grade, level, recognised, None if total is None else Decimal(total))

    def codes(self) -> Iterator[str]:
        return (e.id for e in self)


@dataclass(frozen=True)
class Checked:
    """A results file that may be recorded: what the registry stores and under which decision."""

    criteria: dict  # the header's id, title, sha256 and the evaluation year
    entries: Entries
    decision: Decision
    year: int
    crossed: list[str]  # the guard rails `force` went past
    rejected: tuple[RejectedRow, ...]  # sheet rows scoring rejected: in no record


@dataclass(frozen=True)
class Recorded:
    added: int
    already: int
    year: int
    decision: Decision
    crossed: tuple[str, ...] = ()
    rejected: tuple[RejectedRow, ...] = ()


def _too_long(value: str | None, key: str) -> str | None:
    if value is None or len(value) * 3 <= LIMITS[key]:  # NFC makes a text at most three times longer
        return None
    if len(nfc(value)) > LIMITS[key]:
        return f"dài {len(nfc(value))} ký tự, sổ công nhận chỉ nhận tối đa {LIMITS[key]}"
    return None


def header_problems(head: CriteriaHeader) -> list[str]:
    """What the registry's columns cannot hold of the header (the codec has checked everything else)."""
    return [f"criteria.{key}: {why}" for key, value, column in (
        ("id", head.id, "criteria_id"), ("title", head.title, "title"), ("sha256", head.sha256, "criteria_sha256"))
        if (why := _too_long(value, column))]


def subject_problems(s: Subject, n: int) -> list[str]:
    """What the registry's columns cannot hold of subject `n`."""
    return [f"subjects[{n}].{key}: {why} (mã {s.id[:40]})"
            for key, value, column in (("id", s.id, "subject"), ("name", s.name, "name"), ("area", s.area, "area"),
                                       ("grade", s.grade, "grade"))
            if (why := _too_long(value, column))]


def _read(results: Path) -> tuple[Results, Entries, list[str]]:
    """The results file read once, as a stream: its header, rejected rows and summary (a Results whose subjects
    are the registry's entries, which the guard rails read), the entries, and what the registry cannot hold."""
    entries = Entries()
    problems: list[str] = []
    try:
        with ResultsStream(results) as stream:
            for s in stream.subjects():
                problems += subject_problems(s, len(entries))
                entries.add(s)
            head = stream.header
    except ResultsUnreadable as exc:
        raise RecordingRefused(f"{results}: tệp kết quả không đọc được, không ghi gì vào sổ công nhận:",
                               str(exc).splitlines()) from None
    assert stream.summary is not None and stream.schema_version is not None
    # the guard rails read each subject's id, area and recognised, and their number: the entries have them
    data = Results(head, entries, stream.errors, stream.summary, stream.schema_version)  # type: ignore[arg-type]
    return data, entries, header_problems(head) + problems


def check(results: Path, config: Path, criteria: LoadedSet | None = None, force: bool = False) -> Checked:
    """Everything that can refuse a recording before the registry is opened. `criteria`: the set the results
    must have been produced by (else the shipped set they name). Raises RecordingRefused, or
    engine.documents.guards.Refused when a guard rail holds (not raised with `force`)."""
    data, entries, problems = _read(results)
    head = data.criteria
    if not head.official:
        raise RecordingRefused(
            f"{results}: kết quả chấm theo bộ tiêu chí {STATUS_VI[head.status]} {head.id} ({EXAMPLE_NOTICE}); sổ "
            "công nhận chỉ nhận kết quả theo bộ tiêu chí chính thức, không ghi gì.", kind="mau")
    try:
        loaded = deciding_set(results, head, criteria)
    except NotProducedBy as exc:
        raise RecordingRefused(f"{exc}; không ghi gì vào sổ công nhận.", kind="bo-tieu-chi") from None
    if problems:
        raise RecordingRefused(f"{results}: tệp kết quả không ghi được vào sổ công nhận, không ghi gì:", problems)
    cs = loaded.criteria
    try:
        deployment, _ = load_deployment(config, cs.authority if cs else None, head.year)
    except DeploymentError as exc:
        raise RecordingRefused("cấu hình không hợp lệ, không ghi gì vào sổ công nhận:", exc.messages,
                               kind="cau-hinh") from None
    year, crossed = enforce(data, cs, deployment, results, config, force)  # Refused goes to the caller
    decision = Decision(deployment.so_quyet_dinh or "", deployment.ngay_quyet_dinh, deployment.tinh or "",
                        deployment.xa or "")
    fields = (("so_quyet_dinh", decision.number, "decision_number"), ("tinh", decision.province, "province"),
              ("xa", decision.commune, "commune"))
    too_long = [f"{config}: {key}: {why}" for key, value, column in fields if (why := _too_long(value, column))]
    if too_long:
        raise RecordingRefused("cấu hình không hợp lệ, không ghi gì vào sổ công nhận:", too_long, kind="cau-hinh")
    # the evaluation year the documents use: the results' (the configuration's only forced)
    criteria_row = {"id": head.id, "title": head.title, "sha256": head.sha256, "year": year}
    return Checked(criteria_row, entries, decision, year, crossed, data.errors)


def record_checked(checked: Checked, registry: Registry, force: bool = False) -> Recorded:
    """Write what `check` accepted: (added, already there) and what `force` went past. Raises RecordingRefused
    (kind da-co with the earlier decisions, or so) with the registry unchanged."""
    crossed = list(checked.crossed)
    decision = checked.decision
    try:
        if force:  # what the registry already holds under other decisions, said before it is recorded again
            crossed += [f"đã có trong sổ theo {e}; ghi thêm theo quyết định số {decision.number}"
                        for e in registry.earlier_entries(checked.criteria, checked.entries.codes(), decision)]
        added, already = registry.record_entries(checked.criteria, checked.entries.batches(), decision,
                                                 force=force)
    except AlreadyRecorded as exc:
        try:
            earlier = registry.earlier_entries(checked.criteria, checked.entries.codes(), decision)
        except RegistryError:
            earlier = []
        raise RecordingRefused(f"{exc}.", kind="da-co", earlier=earlier) from None
    except RegistryError as exc:
        raise RecordingRefused(f"{exc}; sổ công nhận giữ nguyên như trước.", kind="so") from None
    return Recorded(added, already, checked.year, decision, tuple(crossed), checked.rejected)


def record_results(results: Path, config: Path, registry: Registry, criteria: LoadedSet | None = None,
                   force: bool = False) -> Recorded:
    """Store the results under the configuration's decision (`check`, then `record_checked`)."""
    return record_checked(check(results, config, criteria, force), registry, force)
