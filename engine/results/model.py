"""The results of a scoring run, typed: what `recognise score` writes and every other command reads.

The JSON layout of this model (key names, order, `schema_version`) lives in engine/results/codec.py,
the only module that turns results into JSON text and back. Numbers read back are exact decimals:
`86.5` in the file is Decimal("86.5"), never a float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

# 1: the first versioned layout (`schema_version`, `criteria.year`, `notice` on every subject of an
# example or draft set). Files without `schema_version` come from before it and are refused.
SCHEMA_VERSION = 1

Status = Literal["official", "draft", "example"]
Scheme = Literal["points", "levels"]


@dataclass(frozen=True, slots=True)
class CriteriaHeader:
    """Which criteria file decided: its id and title, status, legal source and sha256."""

    id: str
    title: str
    status: Status
    source: str
    sha256: str
    scheme: Scheme
    year: int | None = None  # the evaluation year, when the run was given one
    levels: tuple[int, ...] = ()
    notice: str | None = None  # the illustrative notice of an example or draft set

    @property
    def official(self) -> bool:
        return self.status == "official"


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    code: str
    input: str
    reason: str
    source: str
    points: Decimal | None = None  # points schemes
    max: Decimal | None = None
    met: tuple[int, ...] | None = None  # levels schemes: the levels whose requirement the indicator meets
    result: str | None = None


@dataclass(frozen=True, slots=True)
class CriterionResult:
    code: str
    indicators: tuple[IndicatorResult, ...]
    points: Decimal | None = None
    max: Decimal | None = None
    met: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Pending:
    """A level whose criteria are met but which the history rule holds back, and why."""

    level: int
    reason: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class History:
    """The level-1 decision the history rule counted from (`source`: `so-cong-nhan` or `bang-diem`)."""

    level_1_decision: date | None
    months: int | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Subject:
    id: str
    name: str
    area: str
    row: int
    total: Decimal | None
    max_total: Decimal | None
    grade: str | None
    level: int | None
    recognised: bool
    criteria: tuple[CriterionResult, ...]
    reasons: tuple[str, ...]
    attributes: dict[str, str] = field(default_factory=dict)
    notice: str | None = None
    pending: tuple[Pending, ...] = ()
    history: History | None = None


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A sheet row that was not scored, and why."""

    row: int
    column: str
    value: str
    message: str
    id: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class Summary:
    scored: int
    recognised: int
    rejected: int
    outcomes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Results:
    criteria: CriteriaHeader
    subjects: tuple[Subject, ...]
    errors: tuple[RejectedRow, ...]
    summary: Summary
    schema_version: int = SCHEMA_VERSION
