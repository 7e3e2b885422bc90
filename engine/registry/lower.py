"""Shares of lower-level subjects recognised (TT 25/2023 Art. 11.4.a, 12.4.a, 16.4.a, 17.4.a): the inputs
gathered for the rules, deciding nothing.

A district needs ≥ 90% of its communes recognised at the level asked for (a province, of its districts).
With the registry the share is computed instead of typed:
- the denominator is every commune of the district (district of the province), from the totals file the
  user gives (`score --totals`, the format of `report --totals`), never only those found in the registry;
- the numerator is the communes of the district whose recognition still counts, as the rules compiled from
  the criteria file's `registry_share` decide (engine/rules/retention.py).
A district (province) is matched exactly: its code, or its full name with case, spacing and Unicode form
normalised (“Huyện Phú” is not “Huyện Phú Lương”, nor “Phú Lương”). The province a district lies in only
tells apart districts of the same name, and is compared as provinces are written (“Tỉnh Thái Nguyên”,
“Thái Nguyên”).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from engine.criteria.model import RegistryShare
from engine.errors import RecogniseError
from engine.rules.retention import RetentionRules
from engine.targets.plans import area_name
from engine.vn.text import fold, nfc

if TYPE_CHECKING:
    from engine.registry.store import Registry


@dataclass(frozen=True)
class LowerTitle:
    title: str
    parent_level: str  # the totals file's `cap` of the area counted over: huyen (communes), tinh (districts)
    unit: str  # what is counted, as the explanation says it


# the titles whose shares a totals file can give, by the key its `danh_hieu` column uses
SHARE_TITLES: dict[str, LowerTitle] = {
    "cdht-xa": LowerTitle("Cộng đồng học tập cấp xã", "huyen", "xã"),
    "cdht-huyen": LowerTitle("Cộng đồng học tập cấp huyện", "tinh", "huyện"),
}


def share_key(title: str) -> str | None:
    """The key of a title whose share a totals file gives: the key itself or the title, spelled exactly."""
    folded = fold(title)
    return next((k for k, t in SHARE_TITLES.items() if folded in (k, fold(t.title))), None)


def area_key(text: str) -> str:
    """A code or a full area name as compared: case, spacing and Unicode form aside, nothing dropped."""
    return " ".join(nfc(text).casefold().split())


class ShareError(RecogniseError):
    """A share cannot be computed for this subject (reported as an error of its row)."""


class TotalsLine(Protocol):  # engine.targets.report.TotalsRow
    line: int
    level: str
    place: tuple[str, ...]
    key: str
    total: int | None


@dataclass(frozen=True)
class LowerRecord:
    subject: str
    province: str
    issuing_area: str  # the decision's area (the `commune` column of the registry)
    area: str  # the subject's own area as scored ("Xã X, Huyện A, Tỉnh B")
    year: int
    level: int
    recognised: bool


def lower_records(registry: Registry, title: str) -> list[LowerRecord]:
    """Every recognition of `title` in the registry, as the shares read it."""
    return [LowerRecord(r.subject, r.province, r.commune, r.area, r.year, r.level or 0, bool(r.recognised))
            for r in registry.query(title=title)]


@dataclass(frozen=True)
class Share:
    recognised: int
    total: int
    unit: str
    source: str  # where the total comes from (the totals file's name)

    @property
    def percent(self) -> Decimal:
        """100 · recognised / total, unrounded: the rules compare it with the threshold exactly."""
        with decimal.localcontext() as ctx:
            ctx.prec = 60
            return Decimal(100 * self.recognised) / Decimal(self.total)

    def shown(self) -> str:
        return f"{self.recognised}/{self.total} {self.unit} (sổ công nhận; tổng số {self.unit}: {self.source})"


def _names(record: LowerRecord, parent_level: str) -> set[str]:
    """The areas a recognition lies in: its decision's area and the parts of its own area (and, for
    districts counted over a province, the province)."""
    names = {area_key(record.issuing_area), *(area_key(p) for p in record.area.split(","))}
    if parent_level == "tinh":
        names.add(area_key(record.province))
    names.discard("")
    return names


@dataclass
class Shares:
    """The registry's records of lower-level subjects and the totals file, for inputs with a `registry_share`."""

    records: dict[str, list[LowerRecord]]  # by the lower level's title
    year: int
    totals: list[TotalsLine]
    totals_name: str
    _kept: dict[tuple, dict[str, list[tuple[str, str]]]] = field(default_factory=dict, repr=False)

    def of(self, ma: str, ten: str, dia_ban: str, rule: RegistryShare) -> Share:
        key = share_key(rule.title)
        if key is None:
            raise ShareError(f"tệp tổng số không ghi được tổng số cho danh hiệu “{rule.title}” "
                             f"(danh_hieu dùng được: {', '.join(SHARE_TITLES)})")
        lower = SHARE_TITLES[key]
        line = self._total(key, lower, ma, ten, dia_ban)
        province = area_name(line.place[-1]) if len(line.place) > 1 else None
        wanted = {area_key(ma), area_key(ten)} - {""}
        index = self._index(rule, lower)
        counted = {subject for name in wanted for subject, prov in index.get(name, [])
                   if province is None or not prov or prov == province}
        total = line.total or 0
        if total == 0:
            raise ShareError(f"{self.totals_name} dòng {line.line}: tổng số {lower.unit} của “{line.place[0]}” "
                             "bằng 0, không tính được tỷ lệ")
        if len(counted) > total:
            raise ShareError(f"sổ công nhận có {len(counted)} {lower.unit} được công nhận, nhiều hơn tổng số "
                             f"{total} {lower.unit} ở {self.totals_name} dòng {line.line}: kiểm tra lại tệp tổng số")
        return Share(len(counted), total, lower.unit, self.totals_name)

    def _total(self, key: str, lower: LowerTitle, ma: str, ten: str, dia_ban: str) -> TotalsLine:
        """The one totals line of this district (province): by its code or full name, within its province."""
        names = {area_key(ma), area_key(ten)} - {""}
        parents = {area_name(p) for p in dia_ban.split(",")} - {""}
        named = [t for t in self.totals if t.key == key and t.level == lower.parent_level and t.total is not None
                 and area_key(t.place[0]) in names]
        found = [t for t in named if not parents or all(area_name(p) in parents for p in t.place[1:])]
        if len(found) == 1:
            return found[0]
        who = f"“{ten}” (mã {ma})"
        if found:
            lines = ", ".join(str(t.line) for t in found)
            raise ShareError(f"{who} khớp nhiều dòng của tệp tổng số {self.totals_name} (dòng {lines}): "
                             "ghi thêm tỉnh sau dấu phẩy ở cột dia_ban, hoặc bỏ dòng trùng")
        if named:
            where = "; ".join(f"dòng {t.line}: {', '.join(t.place)}" for t in named[:5])
            raise ShareError(f"{who} ở “{dia_ban}”, nhưng tệp tổng số {self.totals_name} ghi ở nơi khác ({where})")
        raise ShareError(f"{who} không có trong tệp tổng số {self.totals_name}: cần một dòng cap "
                         f"{lower.parent_level}, danh_hieu {key}, dia_ban là mã hoặc tên đầy đủ "
                         f"(tổng số {lower.unit})")

    def _index(self, rule: RegistryShare, lower: LowerTitle) -> dict[str, list[tuple[str, str]]]:
        """Area → (subject, its province) of every recognition that counts, as the rules decide."""
        ident = (rule.title, rule.min_level, rule.valid_years)
        if ident not in self._kept:
            rules = RetentionRules(rule)
            index: dict[str, list[tuple[str, str]]] = {}
            for r in self.records.get(rule.title, []):
                if rules.counts(r.recognised, r.level, self.year - r.year).counts:
                    for name in _names(r, lower.parent_level):
                        index.setdefault(name, []).append((r.subject, area_name(r.province)))
            self._kept[ident] = index
        return self._kept[ident]

