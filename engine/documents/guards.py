"""Guard rails before a decision is printed or recorded: what `documents` and `record` refuse unless `--force`.

The evaluation year is the one the scoring run carried (`criteria.year`, from `score --year`); it is never guessed
from the decision's date. With it, the results are checked against the criteria set that decided them (in force
that year; who is competent to recognise under it, the 2025 reform included) and against the deployment
configuration (the issuing body, the province of the subjects, the decision's date); and a decision that would
recognise nobody is refused. Each breach is one Vietnamese sentence; `--force` goes ahead and the sentences are
kept with the output (documents: `kiem-tra-bo-qua.txt`; both commands print them).

The issuing body is compared by kind and level (Ủy ban nhân dân xã/huyện/tỉnh, Phòng, Sở, Bộ Giáo dục và Đào
tạo), read from its name. From 01/07/2025 the district level no longer exists (domain README §5): for an
evaluation year from 2025, or a decision signed from that day, a district body is refused unless the
configuration says `cap_huyen: true`; a set whose authority was a district body then accepts the commune's or
the province's Ủy ban nhân dân or the Sở Giáo dục và Đào tạo, as the province assigns it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from engine.criteria.catalogue import UnknownCriteria, for_title
from engine.criteria.load import CriteriaFileInvalid
from engine.criteria.model import Authority, CriteriaSet
from engine.documents.deployment import REFORM_DAY, REFORM_YEAR, Deployment, reform_applies
from engine.errors import RecogniseError
from engine.results.model import Results
from engine.vn.text import fold

OVERRIDES_FILE = "kiem-tra-bo-qua.txt"
SHOWN = 5  # subject codes named in one sentence

# the provinces that are cities ("thành phố trực thuộc trung ương"): another "thành phố" is a district-level city
_MUNICIPALITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
_LEVEL_VI = {"xa": "cấp xã", "huyen": "cấp huyện", "tinh": "cấp tỉnh", "trung-uong": "trung ương"}
_KIND_VI = {"ubnd": "Ủy ban nhân dân", "phong": "Phòng Giáo dục và Đào tạo", "so": "Sở Giáo dục và Đào tạo",
            "bo": "Bộ Giáo dục và Đào tạo"}
_KINDS = [("phong", re.compile(r"\bphong (giao duc|gd)")), ("so", re.compile(r"\bso (giao duc|gd)")),
          ("bo", re.compile(r"\bbo (giao duc|gd)")), ("ubnd", re.compile(r"\b(uy ban nhan dan|ubnd)\b"))]
_LEVEL_OF_KIND = {"phong": "huyen", "so": "tinh", "bo": "trung-uong"}
# a level named after "cấp", or by the kind of area after the body's name (earliest in the text wins)
_AREA_WORDS = re.compile(r"\b(?:cap (?P<cap>xa|huyen|tinh)|(?P<huyen>thi xa|huyen|quan)|(?P<xa>xa|phuong|thi tran|"
                         r"dac khu)|(?P<tinh>tinh)|thanh pho (?P<city>[\w ]+))\b")


class Refused(RecogniseError):
    """A guard rail holds: nothing is printed or recorded. `forceable`: `--force` would go ahead."""

    def __init__(self, breaches: list[str], forceable: bool):
        self.breaches = breaches
        self.forceable = forceable
        super().__init__("\n".join(breaches))


@dataclass(frozen=True)
class Body:
    """An issuing body as the rules see it: its kind and the levels it may stand at."""

    kind: str
    levels: frozenset[str]

    def words(self) -> str:
        return f"{_KIND_VI[self.kind]} {' hoặc '.join(_LEVEL_VI[lv] for lv in sorted(self.levels))}"


def body(text: str) -> Body | None:
    """The kind and level of a body from its name (`Ủy ban nhân dân xã Tân Lập`: commune People's Committee;
    `Chủ tịch Ủy ban nhân dân cấp tỉnh … hoặc cấp huyện`: province or district); None when not recognised."""
    folded = fold(text)
    found = [(m.start(), kind, m.end()) for kind, pattern in _KINDS if (m := pattern.search(folded))]
    if not found:
        return None
    _, kind, end = min(found)
    if kind in _LEVEL_OF_KIND:
        return Body(kind, frozenset({_LEVEL_OF_KIND[kind]}))
    rest = folded[end:]
    levels = {m["cap"] for m in _AREA_WORDS.finditer(rest) if m["cap"]}
    if not levels:
        first = _AREA_WORDS.search(rest)
        if first is None:
            return None
        if first["city"] is not None:
            levels = {"tinh" if _city(first["city"]) in _MUNICIPALITIES else "huyen"}
        else:
            levels = {next(k for k in ("huyen", "xa", "tinh") if first[k])}
    return Body(kind, frozenset(levels))


def _city(name: str) -> str:
    return " ".join(name.split()[:3]) if name.startswith("ho chi minh") else " ".join(name.split()[:2])


def competence(authority: Authority, issuer: str, year: int, decided: date | None, cap_huyen: bool) -> str | None:
    """Why `issuer` may not issue the decision under `authority` for `year`, or None when it may."""
    wanted = body(authority.issuing_body or authority.recognised_by)
    if wanted is None:  # a province's own wording the rules cannot read: its configuration is taken as written
        return None
    given = body(issuer)
    shown = f"cơ quan ban hành “{issuer}”"
    if given is None:
        return (f"{shown} không xác định được là cơ quan có thẩm quyền công nhận theo bộ tiêu chí "
                f"({authority.recognised_by})")
    reformed = reform_applies(year, decided) and not cap_huyen
    if reformed and "huyen" in given.levels:
        when = (f"năm đánh giá {year}" if year >= REFORM_YEAR
                else f"quyết định ký ngày {decided:%d/%m/%Y}")
        return (f"{shown} thuộc cấp huyện, không còn từ ngày {REFORM_DAY:%d/%m/%Y} ({when}); ghi cơ quan được giao "
                "thẩm quyền (cấp xã hoặc cấp tỉnh), hoặc cap_huyen: true nếu tỉnh vẫn giao cho cấp huyện")
    allowed = {(wanted.kind, level) for level in wanted.levels}
    if reformed:
        allowed = {(k, lv) for k, lv in allowed if lv != "huyen"} or {("ubnd", "xa"), ("ubnd", "tinh"), ("so", "tinh")}
    if any((given.kind, level) in allowed for level in given.levels):
        return None
    return (f"{shown} ({given.words()}) không phải cơ quan có thẩm quyền công nhận theo bộ tiêu chí năm {year}: "
            f"{authority.recognised_by}" + (f" ({authority.source})" if authority.source else ""))


@lru_cache(maxsize=4096)  # areas repeat: a commune's subjects share a handful of villages
def province_of(area: str) -> str | None:
    """The province an area names, folded without its prefix (`Huyện Minh Hòa, tỉnh Thanh Sơn` → `thanh son`)."""
    for part in reversed(area.split(",")):
        folded = fold(part)
        if folded.startswith("tinh "):
            return folded.removeprefix("tinh ").strip()
        for prefix in ("thanh pho ", "tp. ", "tp "):
            if folded.startswith(prefix) and _city(folded.removeprefix(prefix).strip()) in _MUNICIPALITIES:
                return folded.removeprefix(prefix).strip()
    return None


def _province(name: str) -> str:
    folded = fold(name)
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        if folded.startswith(prefix):
            return folded.removeprefix(prefix).strip()
    return folded


def _codes(codes: list[str]) -> str:
    shown = ", ".join(codes[:SHOWN])
    return shown + (f" và {len(codes) - SHOWN} đối tượng khác" if len(codes) > SHOWN else "")


def _years(cs: CriteriaSet) -> str:
    until = f"đến hết ngày {cs.effective_until:%d/%m/%Y}" if cs.effective_until else "đến nay"
    return f"hiệu lực từ ngày {cs.effective_from:%d/%m/%Y} {until}"


def _in_force_instead(cs: CriteriaSet, year: int) -> str:
    try:
        ids = [s.criteria.id for s in for_title(cs.title, year)]
    except (UnknownCriteria, CriteriaFileInvalid):
        return ""
    return f"; bộ có hiệu lực năm {year}: {', '.join(ids)}" if ids else ""


def evaluation_year(results: Results, config: Deployment, results_path: Path, config_path: Path) -> tuple[int, list[str]]:
    """The evaluation year (the results'), and the breach when the results carry none (the configuration's
    `nam` then stands in, so that every other check is still made). Refused outright when `nam` contradicts
    the results, or when there is no year at all to go on with."""
    carried = results.criteria.year
    if carried is not None:
        if config.nam is not None and config.nam != carried:
            raise Refused([f"{config_path}: nam: năm đánh giá {config.nam} khác năm {carried} của kết quả "
                           f"{results_path} (chấm với --year {carried}); sửa nam: trong cấu hình hoặc chấm lại"],
                          forceable=False)
        return carried, []
    breach = (f"{results_path}: kết quả không ghi năm đánh giá (đã chấm không có --year); năm đánh giá không được "
              "đoán từ ngày ký quyết định: hãy chấm lại bảng điểm với --year NĂM")
    if config.nam is None:
        raise Refused([breach + " (hoặc ghi nam: trong cấu hình và thêm --force)"], forceable=False)
    return config.nam, [f"{breach} (--force: dùng nam: {config.nam} của cấu hình {config_path})"]


def breaches(results: Results, cs: CriteriaSet, config: Deployment, year: int) -> list[str]:
    """Every guard rail the decision would cross (empty: it may be printed and recorded)."""
    found = []
    if not cs.in_force(year):
        found.append(f"bộ tiêu chí {cs.id} ({cs.source.number}) không có hiệu lực cho năm đánh giá {year} "
                     f"({_years(cs)}){_in_force_instead(cs, year)}")
    if config.co_quan_ban_hanh:
        why = competence(cs.authority, config.co_quan_ban_hanh, year, config.ngay_quyet_dinh, config.cap_huyen)
        if why:
            found.append(why)
    if config.ngay_quyet_dinh is not None and config.ngay_quyet_dinh < date(year, 1, 1):
        found.append(f"ngay_quyet_dinh: ngày {config.ngay_quyet_dinh:%d/%m/%Y} trước năm đánh giá {year}: quyết "
                     "định không thể công nhận kết quả của một năm chưa bắt đầu")
    if config.tinh:
        wanted = _province(config.tinh)
        elsewhere: dict[str, list[str]] = {}
        for s in results.subjects:
            where = province_of(s.area)
            if where is not None and where != wanted:
                elsewhere.setdefault(s.area.split(",")[-1].strip(), []).append(s.id)
        for where, codes in elsewhere.items():
            found.append(f"tinh: cấu hình ghi “{config.tinh}” nhưng {len(codes)} đối tượng thuộc {where} "
                         f"({_codes(codes)})")
    if not any(s.recognised for s in results.subjects):
        found.append(f"không có đối tượng nào được công nhận trong {len(results.subjects)} đối tượng đã chấm: "
                     "không ra quyết định công nhận 0 đối tượng")
    return found


def enforce(results: Results, cs: CriteriaSet, config: Deployment, results_path: Path, config_path: Path,
            force: bool) -> tuple[int, list[str]]:
    """The evaluation year and the breaches `--force` went past (empty without --force: any breach is
    Refused)."""
    year, crossed = evaluation_year(results, config, results_path, config_path)
    crossed += breaches(results, cs, config, year)
    if crossed and not force:
        raise Refused(crossed, forceable=True)
    return year, crossed


def overrides_text(crossed: list[str], command: str) -> str:
    """What `--force` went past, kept beside the documents."""
    lines = [f"Các kiểm tra đã bỏ qua theo yêu cầu (recognise {command} --force):", ""]
    lines += [f"- {c}" for c in crossed]
    return "\n".join(lines) + "\n"
