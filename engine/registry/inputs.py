"""What the rules need from the registry for one criteria set and evaluation year: the level-1 decision dates
(waiting-time rule, engine/registry/history.py) and the shares of lower-level subjects recognised over the
totals file (TT 25/2023 indicator 4.1, engine/registry/lower.py). `score --registry` and `review --registry`
both call `registry_inputs`, so both hand the rules the same inputs; nothing here decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engine.criteria.model import CriteriaSet, Input
from engine.errors import RecogniseError
from engine.registry.history import level_one_dates, needs_history
from engine.registry.lower import SHARE_TITLES, Shares, TotalsLine, lower_records, share_key
from engine.registry.store import Registry, RegistryError
from engine.vn.dates import year_end

TOTALS_WITHOUT_REGISTRY = "--totals chỉ dùng cùng --registry: tỷ lệ được tính từ sổ công nhận"
_TOTALS_EXAMPLE = {"huyen": "Huyện Phú Lương, Tỉnh Thái Nguyên", "tinh": "Tỉnh Thái Nguyên"}


class InputsRefused(RecogniseError):
    """The registry's inputs cannot be gathered: totals missing or unreadable, registry unreadable."""


@dataclass(frozen=True)
class Totals:
    """The totals file (`cap;dia_ban;danh_hieu;tong_so`): the denominators of the shares."""

    lines: list[TotalsLine]
    name: str  # as the explanation names the source of the denominator


@dataclass(frozen=True)
class RuleInputs:
    history: dict[str, date] | None  # subject code → its first level-1 decision (sets with a waiting time)
    shares: Shares | None  # sets with inputs computed from the registry


def share_inputs(cs: CriteriaSet) -> list[Input]:
    """The inputs a set computes from the registry instead of reading them from the sheet."""
    return [i for _, ind in cs.indicators() for i in ind.input_list() if i.registry_share]


def uses_registry(cs: CriteriaSet) -> bool:
    """Whether the registry changes how this set is scored (history or shares)."""
    return needs_history(cs) or bool(share_inputs(cs))


def load_totals(path: Path) -> Totals:
    from engine.targets.report import ReportError, read_totals  # the one reader, shared with `report --totals`

    try:
        return Totals(read_totals(path), path.name)
    except ReportError as exc:
        raise InputsRefused(str(exc)) from None


def totals_needed(cs: CriteriaSet) -> str:
    """The refusal when registry shares are asked for without their denominator."""
    inputs = share_inputs(cs)
    key = next((k for k in (share_key(i.registry_share.title) for i in inputs if i.registry_share) if k), None)
    unit, example = "đối tượng cấp dưới", ""
    if key is not None:
        lower = SHARE_TITLES[key]
        unit = lower.unit
        example = f" (ví dụ dòng: {lower.parent_level};{_TOTALS_EXAMPLE[lower.parent_level]};{key};20)"
    return (f"bộ tiêu chí {cs.id} tính chỉ tiêu {', '.join(i.key for i in inputs)} (tỷ lệ {unit} được công nhận) "
            f"từ sổ công nhận; mẫu số là mọi {unit} trên địa bàn, không chỉ các {unit} có trong sổ. Cần --totals "
            f"TONG_SO.csv ghi tổng số {unit} (cột cap;dia_ban;danh_hieu;tong_so){example}. Chưa chấm gì.")


def registry_inputs(registry: Registry, cs: CriteriaSet, year: int, totals: Totals | None) -> RuleInputs:
    """The history and the shares of `cs` for the evaluation `year`, read from `registry`. A set with shares
    needs `totals` (every lower-level subject of the area, not only those in the registry): refused without."""
    rules = [i.registry_share for i in share_inputs(cs) if i.registry_share]
    if rules and totals is None:
        raise InputsRefused(totals_needed(cs))
    try:
        history = level_one_dates(registry, cs.title, year_end(year)) if needs_history(cs) else None
        shares = Shares({r.title: lower_records(registry, r.title) for r in rules}, year, totals.lines,
                        totals.name) if rules and totals is not None else None
    except RegistryError as exc:
        raise InputsRefused(str(exc)) from None
    return RuleInputs(history, shares)
