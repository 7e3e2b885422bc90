"""The schema of a criteria set: the only description of what a criteria file may say.

Pydantic checks the shape (keys, types); `semantic_problems` checks what shape cannot say
(sums of maxima, grade bands, thresholds inside their range). Both report paths into the file
so that the loader can name the line.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from engine.vn.dates import Day

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
InputKind = Literal["points", "boolean", "percent", "number", "level"]
SubjectKind = Literal["household", "clan", "village", "commune", "district", "province", "unit", "person"]

SUBJECT_KIND_VI = {
    "household": "hộ gia đình",
    "clan": "dòng họ",
    "village": "thôn, bản, tổ dân phố",
    "commune": "xã, phường, thị trấn",
    "district": "huyện",
    "province": "tỉnh",
    "unit": "đơn vị",
    "person": "công dân",
}
STATUS_VI = {"official": "chính thức", "draft": "dự thảo", "example": "minh họa"}
EXAMPLE_NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Document(Data):
    number: Text
    title: Text
    issuer: Text
    signed: Day | None = None
    articles: Text
    note: Text | None = None


class Attribute(Data):
    """An attribute of the subject that changes the rules (vùng khó khăn, loại đơn vị)."""

    key: Code
    label: Text
    kind: Literal["boolean", "choice"]
    choices: dict[Code, Text] | None = None
    default: Code | None = None
    source: Text | None = None

    def values(self) -> dict[str, str]:
        if self.kind == "boolean":
            return {"co": "có", "khong": "không"}
        return dict(self.choices or {})


class RegistryShare(Data):
    """The input is the share of lower-level subjects recognised at `min_level` or above, which the
    registry can compute (a recognition counts for `valid_years` evaluation years from its own)."""

    title: Text
    min_level: int
    valid_years: int
    source: Text


class Input(Data):
    """One column of the score sheet that an indicator reads."""

    key: Code
    label: Text
    kind: InputKind
    max: float | None = None
    at_most: Code | None = None  # another input this one is part of ("trong đó"): never larger than it
    registry_share: RegistryShare | None = None


class Variant(Data):
    """What an indicator needs at one level, for subjects whose attribute is in `when`."""

    when: dict[Code, list[Code]] | None = None
    require: dict[Code, float | bool] | None = None
    not_applicable: bool = False
    source: Text | None = None


class Band(Data):
    min: float
    points: float


class Indicator(Data):
    code: Code
    text: Text
    source: Text
    kind: InputKind | None = None
    max: float | None = None
    inputs: list[Input] | None = None
    bands: list[Band] | None = None
    levels: dict[int, Annotated[list[Variant], Field(min_length=1)]] | None = None
    note: Text | None = None

    def input_list(self) -> list[Input]:
        if self.inputs:
            return list(self.inputs)
        input_max = self.max if self.kind in ("points", "level", "number") else None
        return [Input(key=self.code, label=self.text, kind=self.kind or "points", max=input_max)]


class Criterion(Data):
    code: Code
    name: Text
    source: Text
    max: float | None = None
    indicators: list[Indicator] = Field(min_length=1)
    note: Text | None = None


class Grade(Data):
    name: Text
    min: float
    below: float | None = None
    recognised: bool
    source: Text


class Knockout(Data):
    """`criterion_zero`: a criterion scored 0 (TT 44/2014); `indicator_below`: an indicator scored under `below`
    points (Công dân học tập: no indicator under 5). Either denies the title whatever the total."""

    kind: Literal["criterion_zero", "indicator_below"]
    text: Text
    source: Text
    below: float | None = None


class Level(Data):
    level: int
    name: Text
    source: Text
    requires_lower: bool = True
    # granted only this many months after the decision recognising the level below (needs the registry)
    months_after_lower: int | None = None
    months_after_lower_source: Text | None = None


class Authority(Data):
    recognised_by: Text
    issuing_body: Text | None = None
    decision_title: Text
    source: Text | None = None


class Missing(Data):
    what: Text
    source: Text


class CriteriaSet(Data):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]
    title: Text
    subject_kind: SubjectKind
    jurisdiction: Text = "Toàn quốc"
    derives_from: Text | None = None
    status: Literal["official", "draft", "example"]
    source: Document
    effective_from: Day
    effective_until: Day | None = None
    scheme: Literal["points", "levels"]
    max_total: float | None = None
    attributes: list[Attribute] = []
    criteria: list[Criterion] = Field(min_length=1)
    grades: Annotated[list[Grade], Field(min_length=1)] | None = None
    fail_grade: Text | None = None
    fail_grade_source: Text | None = None
    knockouts: list[Knockout] = []
    levels: Annotated[list[Level], Field(min_length=1)] | None = None
    authority: Authority
    missing: list[Missing] = []
    notes: list[Text] = []

    def indicators(self) -> list[tuple[Criterion, Indicator]]:
        return [(c, i) for c in self.criteria for i in c.indicators]

    def attribute(self, key: str) -> Attribute | None:
        return next((a for a in self.attributes if a.key == key), None)

    def in_force(self, year: int) -> bool:
        """In force for an evaluation year: in force on its last day, when the year's data is closed."""
        day = date(year, 12, 31)
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)

    @property
    def notice(self) -> str | None:
        return EXAMPLE_NOTICE if self.status != "official" else None
