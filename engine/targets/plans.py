"""Target rates of the lifelong-learning movement ("chỉ tiêu"): the plans in `targets/`, chosen by id or by year.

A plan file says, for each title (gdht, dhht, cdht-thon, dvht), the share of subjects that should hold it by
the plan's target year, over which subjects (the denominator, in words), the lower rate for difficult areas
when the plan gives one, and where each number comes from. Plans are read like criteria files: safe YAML,
unknown keys refused, every error with its file and line.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from engine.criteria.load import CriteriaError, CriteriaFileInvalid, _key, read_model
from engine.criteria.model import Data, Text
from engine.errors import RecogniseError
from engine.vn.dates import Day
from engine.vn.text import fold

TARGETS_DIR = Path(__file__).resolve().parents[2] / "targets"
MAX_PLAN_BYTES = 200_000

TitleKey = Literal["gdht", "dhht", "cdht-thon", "dvht"]
TITLE_KEYS: tuple[str, ...] = ("gdht", "dhht", "cdht-thon", "dvht")
TITLE_VI = {
    "gdht": "Gia đình học tập",
    "dhht": "Dòng họ học tập",
    "cdht-thon": "Cộng đồng học tập cấp thôn",
    "dvht": "Đơn vị học tập",
}
# registry titles are the criteria sets' titles ("Gia đình học tập (bộ minh họa)", "Đơn vị học tập cấp cơ sở"):
# a folded prefix names the title a target counts
_PREFIXES = (
    ("gia dinh hoc tap", "gdht"),
    ("dong ho hoc tap", "dhht"),
    ("cong dong hoc tap cap thon", "cdht-thon"),
    ("don vi hoc tap", "dvht"),
)


@lru_cache(maxsize=4096)
def title_key(title: str) -> str | None:
    """The target key of a criteria title or of a key itself (`gdht`); None for titles without a target."""
    folded = fold(title)
    if folded in TITLE_KEYS:
        return folded
    return next((key for prefix, key in _PREFIXES if folded.startswith(prefix)), None)


def _number(value):
    """Rates are numbers in the file: `70` or `62.5`, never a string or true/false."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("float_type", "cần một số")
    if isinstance(value, int | float):
        return Decimal(str(value))
    return value


Percent = Annotated[Decimal, BeforeValidator(_number)]


class PlanDocument(Data):
    number: Text
    title: Text
    issuer: Text
    signed: Day | None = None
    note: Text | None = None


class Target(Data):
    title: TitleKey
    rate: Percent
    denominator: Text
    source: Text
    difficult_rate: Percent | None = None
    difficult_source: Text | None = None
    note: Text | None = None


class Plan(Data):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]
    title: Text
    document: PlanDocument
    scope: Literal["national", "province"]
    province: Text | None = None
    implements: Text | None = None
    target_year: int
    difficult_areas: Text | None = None
    targets: list[Target] = Field(min_length=1)
    notes: list[Text] = []

    def target(self, key: str) -> Target | None:
        return next((t for t in self.targets if t.title == key), None)

    @property
    def jurisdiction(self) -> str:
        return self.province if self.scope == "province" and self.province else "Toàn quốc"

    def covers(self, province: str) -> bool:
        """A provincial plan counts only in its province (names compared folded, `Tỉnh` ignored)."""
        return self.scope == "national" or area_name(province) == area_name(self.province or "")


_AREA_PREFIXES = ("thanh pho ", "thi tran ", "to dan pho ", "tinh ", "xa ", "phuong ", "thon ", "ban ", "ap ",
                  "khu pho ", "to ", "lang ", "xom ", "buon ", "soc ", "khom ", "dac khu ")


@lru_cache(maxsize=65536)
def area_name(text: str) -> str:
    """`Tỉnh Bắc Kạn`, `bac kan`, `Bắc  Kạn` alike: folded, without the word naming the kind of area."""
    folded = fold(text)
    for prefix in _AREA_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix):]
    return folded


def _problems(plan: Plan) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    if plan.scope == "province" and not plan.province:
        out.append((("scope",), "kế hoạch của tỉnh phải ghi province (tên tỉnh)"))
    if plan.scope == "national" and plan.province:
        out.append((("province",), "kế hoạch toàn quốc không ghi province"))
    if not 2000 <= plan.target_year <= 2100:
        out.append((("target_year",), f"năm mục tiêu {plan.target_year} không hợp lệ (cần từ 2000 đến 2100)"))
    seen: dict[str, int] = {}
    for i, t in enumerate(plan.targets):
        for name in ("rate", "difficult_rate"):
            value = getattr(t, name)
            if value is not None and not 0 < value <= 100:
                out.append((("targets", i, name), f"tỷ lệ {value}% không hợp lệ: cần lớn hơn 0 và không quá 100"))
        if t.title in seen:
            out.append((("targets", i, "title"), f"danh hiệu {t.title} đã có chỉ tiêu ở mục targets[{seen[t.title]}]"))
        seen.setdefault(t.title, i)
        if t.difficult_rate is not None:
            if t.difficult_rate > t.rate:
                out.append((("targets", i, "difficult_rate"),
                            f"tỷ lệ vùng khó khăn {t.difficult_rate}% cao hơn tỷ lệ chung {t.rate}%"))
            if not t.difficult_source:
                out.append((("targets", i, "difficult_source"), "tỷ lệ vùng khó khăn cần ghi căn cứ (difficult_source)"))
            if not plan.difficult_areas:
                out.append((("difficult_areas",), "có tỷ lệ vùng khó khăn thì phải ghi vùng nào (difficult_areas)"))
        elif t.difficult_source:
            out.append((("targets", i, "difficult_source"), "có căn cứ mà không có difficult_rate"))
    return out


def load_plan(path: Path | str) -> Plan:
    plan, tree, _raw = read_model(path, Plan, max_bytes=MAX_PLAN_BYTES)
    problems = _problems(plan)
    if problems:
        raise CriteriaFileInvalid([CriteriaError(str(path), tree.line_of(p), _key(p), msg) for p, msg in problems])
    return plan


class UnknownPlan(RecogniseError, LookupError):
    pass


@cache
def shipped() -> tuple[Plan, ...]:
    plans = [load_plan(p) for p in sorted(TARGETS_DIR.glob("*.yaml"))]
    ids = [p.id for p in plans]
    if len(set(ids)) != len(ids):
        raise UnknownPlan(f"trùng mã kế hoạch trong {TARGETS_DIR}: {ids}")
    return tuple(sorted(plans, key=lambda p: (p.target_year, p.id)))


def find_plan(ref: str) -> Plan:
    """An id of a shipped plan, or the path of a plan file (a province's own plan)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return load_plan(ref)
    for p in shipped():
        if p.id == ref:
            return p
    known = ", ".join(p.id for p in shipped())
    raise UnknownPlan(f"không có kế hoạch chỉ tiêu {ref!r}; các kế hoạch hiện có: {known}")


def plan_for_year(year: int) -> Plan | None:
    """The national plan for an evaluation year: the one whose target year is the nearest at or after it."""
    national = [p for p in shipped() if p.scope == "national" and p.target_year >= year]
    return min(national, key=lambda p: (p.target_year, p.id), default=None)


__all__ = ["TARGETS_DIR", "TITLE_KEYS", "TITLE_VI", "CriteriaFileInvalid", "Plan", "Target", "UnknownPlan",
           "area_name", "find_plan", "load_plan", "plan_for_year", "shipped", "title_key"]
