"""Example subjects with expected results, checked against a criteria set by the real engine.

In the spirit of OpenFisca's YAML tests: each case gives a subject's values by column code and what the
set must decide for it (total, grade, level, recognised, and optionally criterion and indicator results).
The cases become a score sheet that `engine.scoring.run.score_sheet` reads and scores like any board's
sheet, so what is proved is what `recognise score` would decide; nothing here decides anything.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from engine.criteria.load import LoadedSet, read_model
from engine.scoring.run import score_sheet
from engine.sheets.reader import layout

Scalar = int | float | bool | str
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
MAX_CASES = 5000
MAX_BYTES = 2_000_000


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Expect(_Data):
    total: float | None = None
    grade: Text | None = None
    level: int | None = None
    recognised: bool | None = None
    criteria: dict[str, float | list[int]] | None = None  # points (points scheme) or levels met (levels scheme)
    indicators: dict[str, float | list[int]] | None = None


class Case(_Data):
    name: Text
    inputs: dict[str, Scalar | None]
    expect: Expect


class CasesFile(_Data):
    criteria: Text | None = None  # the set the cases are written for (an id or a file); --criteria overrides
    year: int | None = None
    cases: Annotated[list[Case], Field(min_length=1, max_length=MAX_CASES)]


def read_cases(path: Path | str) -> CasesFile:
    """Safe YAML (no tags, no aliases), unknown keys refused; errors name the file, line and key
    (raises engine.criteria.load.CriteriaFileInvalid)."""
    model, _, _ = read_model(path, CasesFile, MAX_BYTES)
    return model


@dataclass(frozen=True)
class Failure:
    case: str
    field: str
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.case}: {self.field}: cần {self.expected}, được {self.got}"


def _shown(x) -> str:
    if x is None:
        return "không có"
    if isinstance(x, bool):
        return "có" if x else "không"
    if isinstance(x, list):
        return "mức độ " + ", ".join(map(str, x)) if x else "không đạt mức nào"
    if isinstance(x, float | Decimal | int):
        return format(Decimal(str(x)).normalize(), "f").replace(".", ",")
    return str(x)


def _same(expected, got) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool) or isinstance(expected, str | list):
        return expected == got
    return got is not None and Decimal(str(expected)) == Decimal(str(got))


def _cell(value: Scalar | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "đạt" if value else "không đạt"
    if isinstance(value, float):
        return format(Decimal(str(value)), "f")
    return str(value)


def unknown_columns(loaded: LoadedSet, cases: CasesFile) -> list[str]:
    keys = {c.key for c in layout(loaded.criteria)} - {"ma", "ten"}
    return [f"{c.name}: cột {k!r} không có trong bộ tiêu chí {loaded.criteria.id}"
            for c in cases.cases for k in c.inputs if k not in keys]


def run_cases(loaded: LoadedSet, cases: CasesFile) -> list[Failure]:
    """Score every case through the engine; every difference from what is expected, named."""
    columns = layout(loaded.criteria)
    with tempfile.TemporaryDirectory(prefix="recognise-cases-") as scratch:
        sheet = Path(scratch) / "truong-hop.csv"
        with sheet.open("w", encoding="utf-8", newline="") as handle:
            w = csv.writer(handle)
            w.writerow([c.header for c in columns])
            for i, case in enumerate(cases.cases):
                cells = {"ma": f"TH-{i + 1}", "ten": case.name}
                cells.update({k: _cell(v) for k, v in case.inputs.items()})
                w.writerow([cells.get(c.key, "") for c in columns])
        result = score_sheet(sheet, loaded, [Path(scratch) / "ket-qua.json"], keep=len(cases.cases),
                             workers=1, year=cases.year)
    by_id = {s["id"]: s for s in result.shown}
    errors: dict[str, list[str]] = {}
    for e in result.errors:
        errors.setdefault(f"TH-{e.row - 1}", []).append(f"{e.column}: {e.message}")
    failures: list[Failure] = []
    for i, case in enumerate(cases.cases):
        subject = by_id.get(f"TH-{i + 1}")
        if subject is None:
            why = "; ".join(errors.get(f"TH-{i + 1}", ["không chấm được"]))
            failures.append(Failure(case.name, "chấm", "một kết quả", f"dòng bị từ chối ({why})"))
            continue
        failures += _compare(case, subject, loaded.criteria.scheme)
    return failures


def _compare(case: Case, subject: dict, scheme: str) -> list[Failure]:
    exp = case.expect
    out: list[Failure] = []
    for name, label in (("total", "tổng điểm"), ("grade", "xếp loại"), ("level", "mức độ"),
                        ("recognised", "được công nhận")):
        want = getattr(exp, name)
        if want is not None and not _same(want, subject.get(name)):
            out.append(Failure(case.name, label, _shown(want), _shown(subject.get(name))))
    crits = {c["code"]: c for c in subject["criteria"]}
    parts = {i["code"]: i for c in subject["criteria"] for i in c["indicators"]}
    for what, wanted, found in (("tiêu chí", exp.criteria or {}, crits), ("chỉ tiêu", exp.indicators or {}, parts)):
        for code, want in wanted.items():
            item = found.get(code)
            if item is None:
                out.append(Failure(case.name, f"{what} {code}", _shown(want), "không có trong bộ tiêu chí"))
                continue
            got = item.get("points") if scheme == "points" else item.get("met")
            if scheme != "points" and not isinstance(want, list):
                out.append(Failure(case.name, f"{what} {code}", _shown(want), "bộ theo mức độ: ghi danh sách mức "
                                                                           "độ đạt, ví dụ [1, 2]"))
            elif not _same(want, got):
                out.append(Failure(case.name, f"{what} {code}", _shown(want), _shown(got)))
    return out
