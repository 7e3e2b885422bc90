"""Review of the packages that communes and units send up (`recognise review`).

A package is a folder: `goi.yaml` (evaluation year, criteria set or title, area, sender), the score
sheet (`bang-diem.csv` or `bang-diem.xlsx`) and the claimed results (`ket-qua.json` as written by
`recognise score`, or `ket-qua.csv` / `ket-qua.xlsx` typed by hand). The sheet is scored again by the
real engine (engine.scoring.run.score_sheet) with the set in force for the year; every difference between
what the package claims and what its sheet supports is a finding, with the rule it breaks. Nothing
here decides a grade or a level: the compiled rules do, as for `recognise score`. With the registry, the
sheet is re-scored with the same inputs as `recognise score --registry [--totals]` (engine/registry/inputs.py:
the level-1 decision dates and, for districts and provinces, the shares of recognised communes or districts over
the totals file), and a claimed level the rules hold back for want of 12 months since the level-1 decision is
`nang_muc_som`.

Kinds of finding (spec/review.md): sai_tong, vuot_toi_da, sai_xep_loai, sai_bo_tieu_chi,
khong_co_trong_bang_diem, trung_lap, nang_muc_som.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from engine.criteria import catalogue
from engine.criteria.load import CriteriaFileInvalid, LoadedSet, read_model
from engine.criteria.model import CriteriaSet, Input
from engine.errors import os_reason
from engine.registry.inputs import InputsRefused, RuleInputs, Totals, registry_inputs
from engine.registry.store import Registry
from engine.review.claims import Claim, Claims, PackageUnreadable, read_claims
from engine.scoring.run import score_sheet
from engine.sheets.reader import RowError, Sheet, SheetError
from engine.vn.dates import year_end
from engine.vn.numbers import fmt, parse_decimal
from engine.vn.text import fold

KINDS = {  # kind → (label, meaning), in the order the report lists them
    "sai_tong": ("Sai tổng điểm", "tổng điểm kê khai khác tổng điểm các chỉ số trên bảng điểm"),
    "vuot_toi_da": ("Điểm vượt mức tối đa", "điểm (hoặc giá trị) trên bảng điểm lớn hơn mức tối đa của chỉ số"),
    "sai_xep_loai": ("Sai xếp loại, mức độ", "xếp loại hoặc mức độ kê khai khác kết quả bảng điểm cho phép"),
    "sai_bo_tieu_chi": ("Sai bộ tiêu chí", "bộ tiêu chí kê khai không có hiệu lực năm đánh giá "
                                           "hoặc không dùng cho danh hiệu"),
    "khong_co_trong_bang_diem": ("Không có trong bảng điểm", "đối tượng kê khai không có trong bảng điểm"),
    "trung_lap": ("Trùng lặp giữa các gói", "cùng một mã đối tượng có trong hai gói hồ sơ"),
    "nang_muc_som": ("Nâng mức độ sớm", "đề nghị mức độ 2 chưa đủ 12 tháng sau quyết định công nhận mức độ 1"),
}
PACKAGE_FILE = "goi.yaml"
SHEET_NAMES = ("bang-diem.csv", "bang-diem.xlsx")
CLAIM_NAMES = ("ket-qua.json", "ket-qua.csv", "ket-qua.xlsx")
MAX_NOTES = 200
_ORIGIN = {"so-cong-nhan": "sổ công nhận", "bang-diem": "bảng điểm, cột ngay_cong_nhan_muc_do_1"}

Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class Goi(BaseModel):
    """goi.yaml: what the package says about itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nam: Annotated[int, Field(ge=1990, le=2100)]
    bo_tieu_chi: Text | None = None
    danh_hieu: Text | None = None
    dia_ban: Text
    don_vi_gui: Text


@dataclass(frozen=True)
class Finding:
    package: str
    subject: str
    kind: str
    message: str
    source: str

    def as_dict(self) -> dict:
        return {"package": self.package, "subject": self.subject, "kind": self.kind,
                "label": KINDS[self.kind][0], "message": self.message, "source": self.source}


@dataclass(frozen=True)
class Rescored:
    """What the re-scoring says about one subject, kept small."""

    ma: str
    ten: str
    row: int
    total: Decimal | None
    grade: str | None
    level: int | None
    criteria: tuple[tuple[str, object, tuple[int, ...]], ...]  # (code, points or None, levels met)
    reasons: tuple[str, ...]
    pending: tuple[tuple[int, str, str], ...] = ()  # (level, why the rules hold it back, source)
    history: dict | None = None  # the level-1 decision the rules counted from


@dataclass
class PackageReview:
    path: Path
    name: str
    goi: Goi | None = None
    criteria: LoadedSet | None = None
    subjects: int = 0
    claimed: int = 0
    codes: list[str] = field(default_factory=list)  # every subject code of the package, for trung_lap
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    def note(self, text: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)
        elif len(self.notes) == MAX_NOTES:
            self.notes.append("… (còn các ghi chú khác, không liệt kê hết)")

    def find(self, subject: str, kind: str, message: str, source: str) -> None:
        self.findings.append(Finding(self.name, subject, kind, message, source))

    def as_dict(self) -> dict:
        cs = self.criteria.criteria if self.criteria else None
        return {
            "package": self.name,
            "dia_ban": self.goi.dia_ban if self.goi else None,
            "don_vi_gui": self.goi.don_vi_gui if self.goi else None,
            "nam": self.goi.nam if self.goi else None,
            "criteria": None if cs is None else {"id": cs.id, "title": cs.title, "status": cs.status,
                                                 "sha256": self.criteria.sha256 if self.criteria else None},
            "subjects": self.subjects, "claimed": self.claimed, "findings": len(self.findings),
            "error": self.error, "notes": list(self.notes),
        }


@dataclass
class Review:
    packages: list[PackageReview]

    @property
    def findings(self) -> list[Finding]:
        return [f for p in self.packages for f in p.findings]

    @property
    def reviewed(self) -> list[PackageReview]:
        return [p for p in self.packages if p.error is None]

    @property
    def unreadable(self) -> list[PackageReview]:
        return [p for p in self.packages if p.error is not None]

    def summary(self) -> dict:
        by_kind = dict.fromkeys(KINDS, 0)
        for f in self.findings:
            by_kind[f.kind] += 1
        return {"packages": len(self.reviewed), "unreadable": len(self.unreadable),
                "subjects": sum(p.subjects for p in self.reviewed), "claimed": sum(p.claimed for p in self.reviewed),
                "findings": len(self.findings), "by_kind": by_kind}

    def exit_code(self) -> int:
        """0 nothing found, 1 findings (or some package unreadable), 2 nothing reviewed."""
        if not self.reviewed:
            return 2
        return 1 if self.findings or self.unreadable else 0

    def as_dict(self) -> dict:
        return {"summary": self.summary(), "packages": [p.as_dict() for p in self.packages],
                "findings": [f.as_dict() for f in self.findings]}


# --- citations ----------------------------------------------------------------------------------

_TT = re.compile(r"^(\d+)/(\d{4})/TT-")
_ARTICLE = re.compile(r"Điều \d+")


def doc(cs: CriteriaSet) -> str:
    """`22/2020/TT-BGDĐT` → `TT 22/2020`; other documents by their number."""
    m = _TT.match(cs.source.number)
    return f"TT {m.group(1)}/{m.group(2)}" if m else cs.source.number


def cite(cs: CriteriaSet, clause: str) -> str:
    return f"{doc(cs)} {clause}".strip()


def articles(cs: CriteriaSet, texts: Iterable[str]) -> str:
    """The articles named in `texts`, once each in order (`Điều 5, Điều 6`), else the set's articles."""
    seen: list[str] = []
    for t in texts:
        for a in _ARTICLE.findall(t):
            if a not in seen:
                seen.append(a)
    return cite(cs, ", ".join(seen) if seen else cs.source.articles)


def in_force_text(cs: CriteriaSet) -> str:
    start = cs.effective_from.strftime("%d/%m/%Y")
    if cs.effective_until is None:
        return f"hiệu lực từ {start}"
    return f"hiệu lực {start}–{cs.effective_until.strftime('%d/%m/%Y')}"


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


# --- reading a package ----------------------------------------------------------------------------

def _one_of(folder: Path, names: tuple[str, ...], what: str) -> Path:
    present = {fold(p.name): p for p in folder.iterdir() if p.is_file()}
    found = [present[fold(n)] for n in names if fold(n) in present]
    if not found:
        raise PackageUnreadable(f"{folder}: thiếu {what} ({' hoặc '.join(names)})")
    if len(found) > 1:
        raise PackageUnreadable(f"{folder}: có cả {' và '.join(p.name for p in found)}; chỉ để một tệp {what}")
    return inside(folder, found[0], what)


def inside(folder: Path, path: Path, what: str) -> Path:
    """A package is read only from inside its folder: a symbolic link to a file elsewhere (another package,
    /etc/passwd) is refused before anything is opened, and its target is neither read nor named."""
    try:
        real = path.resolve(strict=True)
        home = folder.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop of links
        raise PackageUnreadable(f"{path}: {what} là liên kết không trỏ tới tệp nào") from None
    if not real.is_relative_to(home):
        raise PackageUnreadable(f"{path}: {what} là liên kết tới tệp ngoài thư mục gói, không đọc; "
                                "hãy chép chính tệp đó vào gói")
    if not real.is_file():
        raise PackageUnreadable(f"{path}: {what} không phải tệp thông thường, không đọc")
    return folder / real.relative_to(home)  # the file itself, as the user names the folder: no link left to follow


def read_goi(path: Path) -> Goi:
    try:
        goi, _, _ = read_model(path, Goi)
    except CriteriaFileInvalid as exc:
        raise PackageUnreadable("\n".join(map(str, exc.errors))) from None
    if goi.bo_tieu_chi is None and goi.danh_hieu is None:
        raise PackageUnreadable(f"{path}:1: (gốc): cần bo_tieu_chi (mã bộ tiêu chí) hoặc danh_hieu (tên danh hiệu)")
    return goi


# --- choosing the criteria set --------------------------------------------------------------------

def _title_fits(cs: CriteriaSet, title: str) -> bool:
    return fold(cs.title) == fold(title) or fold(cs.title).startswith(fold(title))


def _sheet_fits(sheet: Path, loaded: LoadedSet) -> bool:
    try:
        Sheet(sheet, loaded.criteria)
    except SheetError:
        return False
    return True


def _load_claimed(ref: str, folder: Path) -> LoadedSet:
    """A shipped set by id, or a province's criteria file inside the package folder."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
        path = (folder / ref).resolve()
        if not path.is_relative_to(folder.resolve()):
            raise catalogue.UnknownCriteria(f"tệp bộ tiêu chí {ref!r} nằm ngoài thư mục gói")
        if path.exists() and not path.is_file():  # a FIFO or a device would be waited on, not read
            raise catalogue.UnknownCriteria(f"tệp bộ tiêu chí {ref!r} không phải tệp thông thường")
        return catalogue.find(str(path))
    return catalogue.find(ref)


@dataclass
class _Choice:
    right: LoadedSet | None
    claimed: list[tuple[str, str, LoadedSet | None, str]]  # (reference, where it is claimed, set, load error)

    def wrong(self) -> bool:
        return any(loaded is None or self.right is None or loaded.criteria.id != self.right.criteria.id
                   for _, _, loaded, _ in self.claimed)


def _choose(goi: Goi, folder: Path, sheet: Path, claims: Claims) -> _Choice:
    refs: list[tuple[str, str]] = []
    if goi.bo_tieu_chi:
        refs.append((goi.bo_tieu_chi, f"{PACKAGE_FILE} (bo_tieu_chi)"))
    if claims.criteria_id and claims.criteria_id not in [r for r, _ in refs]:
        refs.append((claims.criteria_id, f"{claims.path.name} (criteria.id)"))
    claimed = []
    for ref, where in refs:
        try:
            claimed.append((ref, where, _load_claimed(ref, folder), ""))
        except (catalogue.UnknownCriteria, CriteriaFileInvalid) as exc:
            claimed.append((ref, where, None, str(exc).splitlines()[0]))
    loaded = [c[2] for c in claimed if c[2] is not None]
    fits_title = [s for s in loaded if s.criteria.in_force(goi.nam)
                  and (goi.danh_hieu is None or _title_fits(s.criteria, goi.danh_hieu))]
    candidates = [s for s in fits_title if s.criteria.status != "draft"]
    title = goi.danh_hieu or (loaded[0].criteria.title if loaded and not fits_title else None)
    if title:
        with contextlib.suppress(catalogue.UnknownCriteria):  # none in force: the claimed sets decide
            candidates += [s for s in catalogue.for_title(title, goi.nam)
                           if s.criteria.id not in {c.criteria.id for c in candidates}]
    if not candidates:
        draft = next((s.criteria for s in fits_title if s.criteria.status == "draft"), None)
        if draft is not None:  # the set in force, but this project has no official numbers for it
            raise PackageUnreadable(f"bộ tiêu chí {draft.id} ({doc(draft)}) là dự thảo, chưa đủ số liệu chính thức "
                                    "để chấm lại; dùng bộ tiêu chí đầy đủ của tỉnh (tệp YAML trong gói, ghi ở "
                                    "bo_tieu_chi)")
        return _Choice(None, claimed)
    if candidates[0] in loaded or len(candidates) == 1:
        return _Choice(candidates[0], claimed)
    fitting = [c for c in candidates if _sheet_fits(sheet, c)]
    return _Choice(fitting[0] if len(fitting) == 1 else None, claimed)


def _wrong_set(review: PackageReview, choice: _Choice, used: LoadedSet | None, why_not: str) -> None:
    goi = review.goi
    assert goi is not None
    right = choice.right
    for ref, where, loaded, error in choice.claimed:
        if loaded is not None and right is not None and loaded.criteria.id == right.criteria.id:
            continue
        if loaded is None:
            reason = f"bộ tiêu chí “{ref}” ghi ở {where} không dùng được: {error}"
            source = "Danh mục bộ tiêu chí (recognise criteria list)"
        else:
            cs = loaded.criteria
            if not cs.in_force(goi.nam):
                reason = (f"bộ tiêu chí {cs.id} ghi ở {where} ({doc(cs)}, {in_force_text(cs)}) không có hiệu lực "
                          f"cho năm đánh giá {goi.nam} (xét theo ngày 31/12/{goi.nam})")
                source = f"{doc(cs)} ({in_force_text(cs)})"
            elif goi.danh_hieu and not _title_fits(cs, goi.danh_hieu):
                reason = f"bộ tiêu chí {cs.id} ghi ở {where} dùng cho danh hiệu “{cs.title}”, không phải “{goi.danh_hieu}”"
                source = cite(cs, cs.source.articles)
            elif cs.status == "draft":
                reason = f"bộ tiêu chí {cs.id} ghi ở {where} là dự thảo, không dùng để chấm"
                source = f"{doc(cs)} (bộ dự thảo)"
            else:
                reason = (f"bộ tiêu chí {cs.id} ghi ở {where} khác bộ {right.criteria.id} dùng cho danh hiệu năm "
                          f"{goi.nam}" if right else f"bộ tiêu chí {cs.id} ghi ở {where} không xác định được là bộ đúng")
                source = cite(cs, cs.source.articles)
        if right is not None:
            rc = right.criteria
            reason += f"; bộ có hiệu lực: {rc.id} ({rc.title}, {doc(rc)}, {in_force_text(rc)})"
            source += f"; {doc(rc)} ({in_force_text(rc)})"
        else:
            reason += "; không xác định được bộ tiêu chí đúng cho danh hiệu và năm đánh giá"
        if used is not None:
            reason += f". Đã chấm lại bảng điểm theo bộ {used.criteria.id}"
            if right is None or used.criteria.id != right.criteria.id:
                reason += " (bộ đã kê khai, chỉ để kiểm tra số liệu)"
        reason += f"{why_not}."
        review.find("", "sai_bo_tieu_chi", reason[0].upper() + reason[1:], source)


# --- re-scoring -----------------------------------------------------------------------------------

def _rescore(sheet: Path, loaded: LoadedSet, nam: int,
             inputs: RuleInputs | None) -> tuple[dict[str, Rescored], list[RowError]]:
    result = score_sheet(sheet, loaded, [], keep=sys.maxsize, year=nam, kept=_rescored,
                         history=inputs.history if inputs else None, shares=inputs.shares if inputs else None)
    return {r.ma: r for r in result.shown}, result.errors


def _rescored(s: dict) -> Rescored:
    """A subject as scored, kept small as it goes by (a package may hold a province's sheets)."""
    total = None if s["total"] is None else Decimal(str(s["total"]))
    crits = tuple((c["code"], c.get("points"), tuple(c.get("met") or ())) for c in s["criteria"])
    pending = tuple((p["level"], p["reason"], p.get("source") or "") for p in s.get("pending") or ())
    return Rescored(s["id"], s["name"], s["row"], total, s["grade"], s["level"], crits, tuple(s["reasons"]), pending,
                    s.get("history"))


def _inputs(cs: CriteriaSet) -> dict[str, tuple[Input, str]]:
    """Each sheet column of an indicator → (input, the indicator's source)."""
    return {inp.key: (inp, ind.source) for _, ind in cs.indicators() for inp in ind.input_list()}


def over_maximum(inp: Input, text: str) -> tuple[Decimal, Decimal] | None:
    """(value, maximum) when the cell holds a number above what the input allows, else None."""
    folded = fold(text)
    if inp.kind == "level":
        for prefix in ("muc do", "muc"):
            if folded.startswith(prefix):
                folded = folded[len(prefix):].strip()
                break
    elif inp.kind == "percent":
        folded = folded.removesuffix("%").strip()
    elif inp.kind == "boolean":
        return None
    value = parse_decimal(folded)
    top = Decimal(100) if inp.kind == "percent" else (None if inp.max is None else Decimal(str(inp.max)))
    if value is None or top is None or value <= top:
        return None
    return value, top


def _over_text(inp: Input, value: Decimal, top: Decimal) -> str:
    if inp.kind == "points":
        return f"ghi {fmt(value)} điểm, vượt điểm tối đa {fmt(top)} điểm của chỉ số"
    if inp.kind == "percent":
        return f"ghi {fmt(value)}%, vượt 100%"
    if inp.kind == "level":
        return f"ghi mức độ {fmt(value)}, vượt mức cao nhất {fmt(top)}"
    return f"ghi {fmt(value)}, vượt giá trị tối đa {fmt(top)}"


def _check_sheet(review: PackageReview, cs: CriteriaSet, sheet: Path, errors: list[RowError]) -> None:
    inputs = _inputs(cs)
    rejected: dict[int, list[RowError]] = {}
    for e in errors:
        rejected.setdefault(e.row, []).append(e)
    for row, errs in rejected.items():
        ma = errs[0].ma
        over = False
        for e in errs:
            if e.column not in inputs:
                continue
            inp, source = inputs[e.column]
            found = over_maximum(inp, e.value)
            if found is None:
                continue
            over = True
            who = f"{ma} ({errs[0].ten})" if errs[0].ten else (ma or f"dòng {row}")
            review.find(ma or f"dòng {row}", "vuot_toi_da",
                        f"{who}, {sheet.name} dòng {row}, chỉ số {e.column}: {_over_text(inp, *found)}; "
                        f"dòng bị loại, không được chấm", cite(cs, source))
        if not over:
            said = "; ".join(f"cột {e.column}: {e.message}" for e in errs)
            review.note(f"{sheet.name} dòng {row}{f' ({ma})' if ma else ''} bị loại khi chấm lại: {said}")


def _points_detail(s: Rescored) -> str:
    return " + ".join(f"{code} {fmt(points)}" for code, points, _ in s.criteria if points is not None)


def _compare_points(review: PackageReview, cs: CriteriaSet, claim: Claim, s: Rescored) -> None:
    who = f"{s.ma} ({s.ten})"
    if claim.total is not None and s.total is not None and claim.total != s.total:
        review.find(s.ma, "sai_tong",
                    f"{who}: tổng điểm kê khai {fmt(claim.total)}, nhưng cộng điểm các chỉ số trên bảng điểm "
                    f"(dòng {s.row}) được {fmt(s.total)} ({_points_detail(s)})",
                    articles(cs, [c.source for c in cs.criteria]))
    if claim.grade is not None and s.grade is not None and fold(claim.grade) != fold(s.grade):
        knocked = bool(cs.knockouts) and any(p == 0 for _, p, _ in s.criteria)
        if knocked:
            source = cite(cs, "; ".join(k.source for k in cs.knockouts))
        else:
            grade = next((g for g in cs.grades or [] if g.name == s.grade), None)
            source = cite(cs, grade.source if grade else (cs.fail_grade_source or cs.source.articles))
        review.find(s.ma, "sai_xep_loai",
                    f"{who}: kê khai xếp loại “{claim.grade}”, nhưng bảng điểm được {fmt(s.total)}/"
                    f"{fmt(cs.max_total)} điểm, xếp loại “{s.grade}”. {' '.join(s.reasons)}", source)


def _compare_levels(review: PackageReview, cs: CriteriaSet, claim: Claim, s: Rescored) -> None:
    if claim.level is None or s.level is None or claim.level == s.level:
        return
    held = next((p for p in s.pending if p[0] == claim.level), None)
    if claim.level > s.level and held is not None:
        _too_early(review, cs, claim, s, held)
        return
    levels = {lv.level: lv for lv in cs.levels or []}
    claimed = f"mức độ {claim.level}" if claim.level else "không đạt mức độ nào"
    message = f"{s.ma} ({s.ten}): kê khai {claimed}, nhưng theo bảng điểm (dòng {s.row})"
    if claim.level > s.level:
        message += f" chỉ đạt mức độ {s.level}" if s.level else " không đạt mức độ nào"
        rule = levels.get(claim.level)
        if rule is None:
            message += f"; bộ tiêu chí {cs.id} chỉ có {', '.join(f'mức độ {n}' for n in levels)}"
            rule = levels[max(levels)] if levels else None
        else:
            failed = [code for code, _, met in s.criteria if claim.level not in met]
            if failed:
                message += f": tiêu chí {', '.join(failed)} chưa đạt mức độ {claim.level}"
    else:
        message += f" đạt mức độ {s.level}"
        rule = levels.get(s.level)
    if s.reasons:
        message += f". {s.reasons[-1]}"
    review.find(s.ma, "sai_xep_loai", message, cite(cs, rule.source if rule else cs.source.articles))


def _too_early(review: PackageReview, cs: CriteriaSet, claim: Claim, s: Rescored,
               held: tuple[int, str, str]) -> None:
    """The claimed level's criteria hold on the sheet, but the rules hold it back: too soon after level 1."""
    assert review.goi is not None
    level, why, source = held
    message = f"{s.ma} ({s.ten}): kê khai mức độ {level} năm {review.goi.nam}, nhưng chưa được công nhận mức độ đó. {why}"
    history = s.history or {}
    if history.get("level_1_decision"):
        day = date.fromisoformat(history["level_1_decision"])
        message += (f" Quyết định công nhận mức độ 1 ngày {_day(day)} ({_ORIGIN.get(history.get('from'), '')}), "
                    f"đến {_day(year_end(review.goi.nam))} được {history.get('months')} tháng.")
    if not source:
        rule = next((lv for lv in cs.levels or [] if lv.level == level), None)
        source = (rule.months_after_lower_source or rule.source) if rule else cs.source.articles
    review.find(s.ma, "nang_muc_som", message, source if source.startswith(doc(cs)) else cite(cs, source))


class _FromRegistry:
    """What the rules need from the registry (engine/registry/inputs.py, as for `score --registry`), gathered
    once per criteria file and year in a review."""

    def __init__(self, registry: Registry, totals: Totals | None):
        self.registry = registry
        self.totals = totals
        self.cache: dict[tuple[str, str, int], RuleInputs] = {}

    def inputs(self, loaded: LoadedSet, year: int) -> RuleInputs:
        key = (loaded.criteria.id, loaded.sha256, year)
        if key not in self.cache:
            try:
                self.cache[key] = registry_inputs(self.registry, loaded.criteria, year, self.totals)
            except InputsRefused as exc:  # as score refuses it: the package is not re-scored at all
                raise PackageUnreadable(str(exc)) from None
        return self.cache[key]


def _check_claims(review: PackageReview, cs: CriteriaSet, claims: Claims, scored: dict[str, Rescored],
                  errors: list[RowError], sheet: Path) -> None:
    rejected = {e.ma: e.row for e in errors if e.ma}
    seen: dict[str, str] = {}
    blank: list[str] = []
    for claim in claims.items:
        if claim.ma in seen:
            review.note(f"{claims.path.name} {claim.where}: mã {claim.ma} đã kê khai ở {seen[claim.ma]}")
            continue
        seen[claim.ma] = claim.where
        s = scored.get(claim.ma)
        if s is None:
            if claim.ma in rejected:
                review.note(f"{claim.ma}: dòng {rejected[claim.ma]} của {sheet.name} bị loại khi chấm lại, "
                            "không đối chiếu được kết quả kê khai")
            else:
                named = f" ({claim.ten})" if claim.ten else ""
                review.find(claim.ma, "khong_co_trong_bang_diem",
                            f"{claim.ma}{named} có trong kết quả kê khai ({claims.path.name} {claim.where}) nhưng "
                            f"không có trong bảng điểm {sheet.name}: kết quả phải căn cứ bảng điểm các tiêu chí",
                            articles(cs, [c.source for c in cs.criteria]
                                     + [g.source for g in cs.grades or []] + [lv.source for lv in cs.levels or []]))
            continue
        if cs.scheme == "points":
            if claim.total is None and claim.grade is None:
                blank.append(claim.ma)
            _compare_points(review, cs, claim, s)
        else:
            if claim.level is None:
                blank.append(claim.ma)
            _compare_levels(review, cs, claim, s)
    if blank:
        what = "tổng điểm, xếp loại" if cs.scheme == "points" else "mức độ"
        review.note(f"{len(blank)} đối tượng kê khai không ghi {what} (bộ {cs.id}), không đối chiếu được: "
                    + ", ".join(blank[:20]) + (" …" if len(blank) > 20 else ""))
    unclaimed = [ma for ma in scored if ma not in seen]
    if unclaimed:
        shown = ", ".join(unclaimed[:20]) + (" …" if len(unclaimed) > 20 else "")
        review.note(f"{len(unclaimed)} đối tượng trên bảng điểm không có trong kết quả kê khai: {shown}")


def review_package(path: Path, registry: _FromRegistry | None = None) -> PackageReview:
    review = PackageReview(path, str(path))
    try:
        _review(review, registry)
    except PackageUnreadable as exc:
        review.error = str(exc)
        review.findings.clear()
    return review


def _review(review: PackageReview, registry: _FromRegistry | None) -> None:
    folder = review.path
    if not folder.is_dir():
        raise PackageUnreadable(f"{folder}: không phải thư mục hồ sơ" if folder.exists()
                                else f"{folder}: không tìm thấy thư mục")
    try:
        goi_path = _one_of(folder, (PACKAGE_FILE,), "tệp mô tả gói")
        goi = review.goi = read_goi(goi_path)
        sheet = _one_of(folder, SHEET_NAMES, "bảng điểm")
        claims = read_claims(_one_of(folder, CLAIM_NAMES, "kết quả kê khai"))
    except OSError as exc:
        raise PackageUnreadable(f"{folder}: không đọc được ({os_reason(exc)})") from None
    for n in claims.notes:
        review.note(n)
    review.claimed = len(claims.items)
    choice = _choose(goi, folder, sheet, claims)
    wrong = choice.wrong()
    tries = [choice.right] if choice.right is not None else []
    if wrong:  # the sheet may follow the set the sender claimed: its numbers can still be checked with it
        tries += [c[2] for c in choice.claimed if c[2] is not None and c[2] not in tries
                  and c[2].criteria.status != "draft"]
    used, scored, errors, problems = None, {}, [], []
    for loaded in tries:
        inputs = registry.inputs(loaded, goi.nam) if registry is not None else None
        try:
            scored, errors = _rescore(sheet, loaded, goi.nam, inputs)
        except SheetError as exc:
            problems.append(f"theo bộ {loaded.criteria.id}: {exc}")
            continue
        used = loaded
        break
    why_not = ""
    if used is None:
        if not wrong:
            if problems:
                raise PackageUnreadable("; ".join(problems))
            what = f"danh hiệu “{goi.danh_hieu}”" if goi.danh_hieu else f"bộ {goi.bo_tieu_chi}"
            raise PackageUnreadable(f"{folder}: không xác định được bộ tiêu chí cho {what} năm {goi.nam}")
        why_not = f"; không chấm lại được bảng điểm ({'; '.join(problems) or 'không có bộ tiêu chí nào để chấm'})"
    elif choice.right is not None and used is not choice.right:
        why_not = f"; bảng điểm không đọc được {problems[0]}" if problems else ""
    review.criteria = used
    _wrong_set(review, choice, used, why_not)
    if used is not None and claims.criteria_id == used.criteria.id and claims.criteria_sha256 \
            and claims.criteria_sha256 != used.sha256:
        review.note(f"{claims.path.name}: tệp bộ tiêu chí {used.criteria.id} dùng để chấm (sha256 "
                    f"{claims.criteria_sha256[:12]}…) khác tệp hiện hành ({used.sha256[:12]}…)")
    review.codes = list(dict.fromkeys([*scored, *(e.ma for e in errors if e.ma), *(c.ma for c in claims.items)]))
    if used is None:
        return
    review.subjects = len(scored)
    _check_sheet(review, used.criteria, sheet, errors)
    _check_claims(review, used.criteria, claims, scored, errors, sheet)


def _scope(p: PackageReview) -> tuple[str, int]:
    """Packages compete for the same subject only for the same title and year."""
    assert p.goi is not None
    title = p.criteria.criteria.title if p.criteria else (p.goi.danh_hieu or p.goi.bo_tieu_chi or "")
    return fold(title), p.goi.nam


def _duplicates(packages: list[PackageReview]) -> None:
    first: dict[tuple[tuple[str, int], str], PackageReview] = {}
    for p in packages:
        if p.error is not None:
            continue
        scope = _scope(p)
        for code in p.codes:
            earlier = first.setdefault((scope, code), p)
            if earlier is p:
                continue
            assert earlier.goi is not None and p.goi is not None
            p.find(code, "trung_lap",
                   f"mã {code} có trong cả gói {earlier.name} ({earlier.goi.don_vi_gui}, {earlier.goi.dia_ban}) "
                   f"và gói {p.name} ({p.goi.don_vi_gui}, {p.goi.dia_ban}) cùng năm đánh giá {p.goi.nam}",
                   "Quy tắc rà soát: mỗi đối tượng chỉ có một hồ sơ đề nghị công nhận một danh hiệu trong một năm "
                   "đánh giá")


def review_packages(paths: list[Path], registry: Registry | None = None,
                    tick: Callable[[PackageReview], None] | None = None, totals: Totals | None = None) -> Review:
    """With `registry`, each sheet is re-scored with its history and, for district and province sets, the
    shares over `totals` (refused for such a package without them, as `score --registry` refuses)."""
    from_registry = _FromRegistry(registry, totals) if registry is not None else None
    packages = []
    seen: set[Path] = set()
    for path in paths:
        if path.resolve() in seen:  # the same folder named twice is one package, not a duplicate of itself
            continue
        seen.add(path.resolve())
        p = review_package(path, from_registry)
        packages.append(p)
        if tick is not None:
            tick(p)
    _duplicates(packages)
    return Review(packages)


# --- output ---------------------------------------------------------------------------------------

def report_context(review: Review) -> dict:
    notices = sorted({p.criteria.criteria.notice for p in review.reviewed
                      if p.criteria is not None and p.criteria.criteria.notice})
    summary = review.summary()
    return {
        "summary": summary,
        "kinds": [{"kind": k, "label": label, "meaning": meaning, "count": summary["by_kind"][k]}
                  for k, (label, meaning) in KINDS.items()],
        "packages": [{**p.as_dict(), "entries": [f.as_dict() for f in p.findings]} for p in review.packages],
        "notices": notices,
    }


def write_json(review: Review, path: Path) -> None:
    from engine.results.atomic import atomic_text

    with atomic_text(path) as handle:
        json.dump(review.as_dict(), handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def write_html(review: Review, path: Path, templates: Path | None = None) -> None:
    from engine.documents.render import environment, render
    from engine.results.atomic import atomic_text

    html = render(environment(templates), "bao-cao-ra-soat.html.j2", report_context(review))
    with atomic_text(path) as handle:
        handle.write(html)


__all__ = ["KINDS", "Claim", "Claims", "Finding", "Goi", "PackageReview", "PackageUnreadable", "Review",
           "over_maximum", "read_claims", "read_goi", "report_context", "review_package",
           "review_packages", "write_html", "write_json"]
