"""Which criteria file decided a results file. `documents` and `record` print and store only results produced by
the file they are checked against: the set the user names (`--criteria`: a shipped set's id or a province's own
file), else the shipped set of the id the results name. Results naming a set that is not shipped cannot be checked
without the file, so they are refused until it is given: a hand-edited results file cannot pass for a province's.
"""

from __future__ import annotations

from pathlib import Path

from engine.criteria.catalogue import UnknownCriteria, shipped_set
from engine.criteria.load import CriteriaFileInvalid, LoadedSet
from engine.errors import RecogniseError
from engine.results.codec import mismatch
from engine.results.model import CriteriaHeader


class NotProducedBy(RecogniseError):
    """The results were not produced by the criteria file they are checked against, or there is none to check."""


def shipped_for(head: CriteriaHeader) -> LoadedSet | None:
    """The shipped set the results name by id (never a path taken from the results file); None for a set
    the catalogue does not ship, such as a province's own file."""
    try:
        return shipped_set(head.id)  # its own file only, found by the catalogue's ids
    except (UnknownCriteria, CriteriaFileInvalid):
        return None


def deciding_set(path: Path, head: CriteriaHeader, given: LoadedSet | None = None) -> LoadedSet:
    """The criteria set that produced the results at `path` (sha256, id, status, title, source and levels all
    alike), checked against `given` when the user names one; raises NotProducedBy otherwise, whose message is one
    sentence without its full stop (the caller says what it did not do)."""
    if given is not None:
        why = mismatch(head, given)
        if why:
            raise NotProducedBy(f"{path}: --criteria {given.path.name}: {why}")
        return given
    loaded = shipped_for(head)
    if loaded is None:
        raise NotProducedBy(f"{path}: kết quả chấm theo bộ tiêu chí “{head.id}” không phải bộ có sẵn, nên chỉ kiểm "
                            "tra được với chính tệp đã dùng để chấm: hãy thêm --criteria TỆP.yaml (tệp bộ tiêu chí "
                            "của tỉnh)")
    why = mismatch(head, loaded)
    if why:
        raise NotProducedBy(f"{path}: {why}")
    return loaded
