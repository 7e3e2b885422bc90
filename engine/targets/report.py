"""Rates of recognition against the plans' targets, per title and area (thôn, xã, tỉnh).

For an evaluation year, every subject in the registry is counted once per title (several decisions or
criteria sets for one household count once; recognised if any of them recognised it). A rate is the
recognised subjects of an area over a denominator stated in words: by default the subjects of that title
evaluated in the area ("số được đánh giá"), or the real number of families, clans… given in a totals CSV
("theo số liệu tổng số"). The target is the plan's rate for the title, its difficult-area rate when the
totals mark the area (or, for a thôn, its commune) as difficult; the gap is target − rate in percentage
points. Nothing here decides recognition: it only counts what the registry holds.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from engine.documents.render import TemplateFailure, environment, render
from engine.errors import RecogniseError, os_reason
from engine.registry.lower import SHARE_TITLES, share_key
from engine.registry.store import Recognition, Registry, RegistryError, shown_url
from engine.results.atomic import atomic_text
from engine.targets.plans import TITLE_KEYS, TITLE_VI, Plan, area_name, title_key
from engine.vn.numbers import fmt
from engine.vn.text import fold, nfc

LEVELS = ("thon", "xa", "tinh")
LEVEL_VI = {"thon": "thôn", "xa": "xã", "huyen": "huyện", "tinh": "tỉnh"}
_DEPTH = {"thon": 3, "xa": 2, "huyen": 2, "tinh": 1}  # components of a full place: (thôn, xã, tỉnh), (xã, tỉnh), (tỉnh,)
# the finest level a title's rate is read at: families and clans live in a thôn; a thôn's community and the
# organisations of a commune are counted over the commune; other titles over communes and provinces
FINEST = {"gdht": "thon", "dhht": "thon", "cdht-thon": "xa", "dvht": "xa"}
BY_EVALUATED = "số được đánh giá"
BY_TOTALS = "theo số liệu tổng số"
MAX_TOTALS_BYTES = 20_000_000
OUTPUTS = (".csv", ".html")
TEMPLATE = "bao-cao-chi-tieu.html.j2"
EXAMPLE_NOTICE = "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
_YES = {"co", "x", "1", "dung", "yes", "true"}
_NO = {"khong", "0", "", "sai", "no", "false"}
_COUNT = re.compile(r"^(\d+|\d{1,3}(?:[. ]\d{3})+)$")
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


class ReportError(RecogniseError):
    """Nothing can be reported: a bad argument, an unreadable totals file, an unreachable registry."""


# ---------------------------------------------------------------- totals


@dataclass(frozen=True)
class TotalsRow:
    line: int
    level: str
    place: tuple[str, ...]  # as written: ("Thôn Nà Mò", "Xã Bằng Thành"), name first
    key: str
    total: int | None
    difficult: bool | None


TOTALS_COLUMNS = ("cap", "dia_ban", "danh_hieu", "tong_so", "kho_khan")
_LEVEL_WORDS = {"thon": "thon", "xa": "xa", "tinh": "tinh", "cap thon": "thon", "cap xa": "xa", "cap tinh": "tinh",
                "phuong": "xa", "thi tran": "xa", "thanh pho": "tinh", "ban": "thon", "ap": "thon",
                "to dan pho": "thon", "huyen": "huyen", "cap huyen": "huyen", "quan": "huyen", "thi xa": "huyen"}


def split_place(text: str) -> tuple[str, ...]:
    return tuple(p for p in (nfc(s).strip() for s in text.split(",")) if p)


def read_totals(path: Path) -> list[TotalsRow]:
    """The totals CSV (`cap;dia_ban;danh_hieu;tong_so[;kho_khan]`, `,` or `;`, UTF-8 with or without BOM).
    Every bad row is reported with its line; nothing is used unless the whole file is good. Rows of `cap` huyen,
    and of the titles in engine.registry.lower.SHARE_TITLES, give the communes of a district (districts of a
    province) for `score --totals`."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_TOTALS_BYTES + 1)
    except OSError as exc:
        raise ReportError(f"{name}: không đọc được tệp tổng số ({os_reason(exc)})") from None
    if len(raw) > MAX_TOTALS_BYTES:
        raise ReportError(f"{name}: tệp tổng số lớn hơn {MAX_TOTALS_BYTES} byte")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportError(f"{name}: tệp tổng số không phải UTF-8") from None
    if "\x00" in text:
        raise ReportError(f"{name}: tệp tổng số không phải tệp văn bản CSV")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ReportError(f"{name}: CSV không hợp lệ (dấu ngoặc kép không đóng hoặc ô quá dài)") from None
    if not rows:
        raise ReportError(f"{name}: tệp tổng số rỗng")
    header = [fold(h) for h in rows[0]]
    index = {}
    for col in TOTALS_COLUMNS:
        spelled = col.replace("_", " ")
        if spelled in header:
            index[col] = header.index(spelled)
    missing = [c for c in TOTALS_COLUMNS[:4] if c not in index]
    if missing:
        raise ReportError(f"{name}:1: thiếu cột {', '.join(missing)} (cần cap, dia_ban, danh_hieu, tong_so; "
                          f"tùy chọn kho_khan)")
    errors: list[str] = []
    out: list[TotalsRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(col: str, cells=cells) -> str:
            i = index.get(col)
            return nfc(cells[i]).strip() if i is not None and i < len(cells) else ""

        where = f"{name}:{number}"
        level = _LEVEL_WORDS.get(fold(cell("cap")))
        if level is None:
            errors.append(f"{where}: cột cap = “{cell('cap')}”: cần thon, xa, huyen hoặc tinh")
        place = split_place(cell("dia_ban"))
        if not place:
            errors.append(f"{where}: cột dia_ban trống")
        elif level and len(place) > _DEPTH[level]:
            errors.append(f"{where}: cột dia_ban = “{cell('dia_ban')}”: địa bàn cấp {LEVEL_VI[level]} ghi nhiều nhất "
                          f"{_DEPTH[level]} phần (tên, rồi xã, tỉnh, cách nhau bằng dấu phẩy)")
        key = (title_key(cell("danh_hieu")) or share_key(cell("danh_hieu"))) if cell("danh_hieu") else None
        if key is None:
            errors.append(f"{where}: cột danh_hieu = “{cell('danh_hieu')}”: cần {', '.join((*TITLE_KEYS, *SHARE_TITLES))} "
                          f"(hoặc tên danh hiệu)")
        elif key in SHARE_TITLES and level and level != SHARE_TITLES[key].parent_level:
            lower = SHARE_TITLES[key]
            errors.append(f"{where}: cột danh_hieu = “{cell('danh_hieu')}”: tổng số {lower.unit} ghi ở cap "
                          f"{lower.parent_level}, không phải cap {level}")
        elif level == "huyen" and key not in SHARE_TITLES:
            errors.append(f"{where}: cột cap = “{cell('cap')}”: cấp huyện chỉ dùng cho tổng số xã (danh_hieu cdht-xa)")
        total = None
        if cell("tong_so"):
            if _COUNT.match(cell("tong_so")):
                total = int(re.sub(r"[. ]", "", cell("tong_so")))
            else:
                errors.append(f"{where}: cột tong_so = “{cell('tong_so')}”: cần một số nguyên không âm")
        difficult = None
        if "kho_khan" in index:
            flag = fold(cell("kho_khan"))
            if flag in _YES:
                difficult = True
            elif flag in _NO:
                difficult = False if flag else None
            else:
                errors.append(f"{where}: cột kho_khan = “{cell('kho_khan')}”: cần có hoặc không")
        if total is None and difficult is None and not any(e.startswith(where + ":") for e in errors):
            errors.append(f"{where}: dòng không có tong_so cũng không có kho_khan")
        if not any(e.startswith(where + ":") for e in errors):
            out.append(TotalsRow(number, level, place, key, total, difficult))
        if len(errors) >= 200:
            errors.append(f"{name}: (dừng sau 200 lỗi)")
            break
    if errors:
        raise ReportError("\n".join(errors))
    return out


# ---------------------------------------------------------------- the report


@dataclass
class Row:
    key: str  # a title key, or the registry's title for titles without a target
    title: str
    level: str
    place: tuple[str, ...]  # full path as displayed, name first
    recognised: int = 0
    evaluated: int = 0
    total: int | None = None  # from the totals file
    difficult: bool = False
    target: Decimal | None = None
    target_kind: str = ""  # "chung" or "vùng khó khăn"
    target_denominator: str = ""
    source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.place[0] if self.place else ""

    @property
    def within(self) -> str:
        return ", ".join(p for p in self.place[1:] if p)

    @property
    def denominator(self) -> int:
        return self.total if self.total is not None else self.evaluated

    @property
    def denominator_text(self) -> str:
        return BY_TOTALS if self.total is not None else BY_EVALUATED

    @property
    def rate(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.recognised) * _HUNDRED / Decimal(self.denominator)).quantize(_CENT, ROUND_HALF_UP)

    @property
    def gap(self) -> Decimal | None:
        """Target − rate, in percentage points: positive is short of the target."""
        if self.target is None or self.rate is None:
            return None
        return self.target - self.rate

    @property
    def met(self) -> bool | None:
        if self.target is None or not self.denominator:
            return None
        return Decimal(self.recognised) * _HUNDRED >= self.target * Decimal(self.denominator)

    @property
    def short_by(self) -> int | None:
        """How many more subjects must be recognised to reach the target."""
        if self.target is None or not self.denominator:
            return None
        needed = (self.target * Decimal(self.denominator) / _HUNDRED).to_integral_value(ROUND_CEILING)
        return max(0, int(needed) - self.recognised)


@dataclass
class Report:
    year: int
    plan: Plan | None
    plan_note: str
    area: str | None
    registry: str
    totals_file: str | None
    rows: list[Row]
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=65536)
def _norm(place: tuple[str, ...]) -> tuple[str, ...]:
    """A place's identity: its names folded (`Tổ 1` and `Thôn 1` of one commune stay two places)."""
    return tuple(fold(p) for p in place)


@lru_cache(maxsize=65536)
def _loose(place: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(area_name(p) for p in place)


def _names(written: str, name: str) -> bool:
    """A name as a user writes it names a place: spelled the same (folded), or written without the word for its
    kind (`Bằng Thành` names `Xã Bằng Thành`; `Thôn 1` never names `Tổ 1`)."""
    w, n = fold(written), fold(name)
    return w == n or (w == area_name(written) and w == area_name(name))


def _begins(place: tuple[str, ...], written: tuple[str, ...]) -> bool:
    return len(written) <= len(place) and all(_names(w, p) for w, p in zip(written, place, strict=False))


def _trim(place: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in place if p) or ("(không rõ)",)


@dataclass
class _Subject:
    key: str
    title: str
    province: str
    commune: str
    area: str
    recognised: bool
    example: bool


@lru_cache(maxsize=1024)
def _is_example(title: str, criteria_id: str) -> bool:
    return "minh hoa" in fold(title) or criteria_id.endswith("-vidu")


def _subjects(recognitions: Iterable[Recognition]) -> list[_Subject]:
    """One entry per (title, province, commune, subject): decisions in date order, the last one's area kept."""
    found: dict[tuple, _Subject] = {}
    for r in recognitions:
        key = title_key(r.title) or r.title
        ident = (key, area_name(r.province), area_name(r.commune), r.subject)
        example = _is_example(r.title, r.criteria_id)
        s = found.get(ident)
        if s is None:
            found[ident] = _Subject(key, r.title, r.province, r.commune, r.area, bool(r.recognised), example)
        else:
            s.recognised = s.recognised or bool(r.recognised)
            s.area = r.area or s.area
            s.example = s.example or example
    return list(found.values())


def _places(s: _Subject) -> list[tuple[str, tuple[str, ...]]]:
    finest = FINEST.get(s.key, "xa")  # a title without a target: what its `area` means is not known
    out = []
    if finest == "thon" and s.area.strip():
        out.append(("thon", (s.area.strip(), s.commune, s.province)))
    if s.commune.strip():
        out.append(("xa", (s.commune, s.province)))
    if s.province.strip():
        out.append(("tinh", (s.province,)))
    return out


def _title_label(key: str) -> str:
    return TITLE_VI.get(key, key)


def _order(row: Row) -> tuple:
    title_rank = TITLE_KEYS.index(row.key) if row.key in TITLE_KEYS else len(TITLE_KEYS)
    path = tuple(reversed(_norm(row.place)))
    return (title_rank, fold(row.key), path + ("",) * (3 - len(path)), LEVELS.index(row.level) * -1)


def _contains(place: tuple[str, ...], written: tuple[str, ...]) -> bool:
    """`written` (a filter, name first) names `place` or a place it lies in."""
    return any(_begins(place[i:], written) for i in range(len(place) - len(written) + 1))


def place_within(place: tuple[str, ...], written: tuple[str, ...]) -> bool:
    """Whether a filter (name first) names `place` or a place it lies in: the matching of `--area` everywhere."""
    return _contains(place, written)


def build_report(recognitions: Iterable[Recognition], year: int, plan: Plan | None, plan_note: str = "",
                 totals: list[TotalsRow] | None = None, area: str | None = None, registry: str = "",
                 totals_file: str | None = None) -> Report:
    rows: dict[tuple, Row] = {}
    places = _Places()
    notices: list[str] = []
    warnings: list[str] = []
    titles: dict[str, str] = {}
    example = False
    for s in _subjects(recognitions):
        titles.setdefault(s.key, _title_label(s.key) if s.key in TITLE_KEYS else s.title)
        example = example or s.example
        for level, place in _places(s):
            norm = _norm(place)
            places.add(level, place)
            row = rows.get((s.key, level, norm))
            if row is None:
                row = rows[(s.key, level, norm)] = Row(s.key, titles[s.key], level, places.shown[(level, norm)])
            row.evaluated += 1
            row.recognised += s.recognised
    if example:
        notices.append(f"{EXAMPLE_NOTICE}: sổ công nhận có kết quả chấm theo bộ tiêu chí minh họa, đã được tính "
                       "vào các tỷ lệ.")

    difficult: dict[tuple, bool] = {}
    for t in totals or []:
        if t.key in SHARE_TITLES:  # the communes of a district, the districts of a province: for score --totals
            warnings.append(f"{totals_file}:{t.line}: tổng số {t.key} cấp {LEVEL_VI[t.level]} dùng cho recognise score "
                            "--totals; báo cáo bỏ qua")
            continue
        norm = places.add(t.level, _resolve(t, places, totals_file))
        if t.difficult is not None:
            before = difficult.get((t.level, norm))
            if before is not None and before != t.difficult:
                raise ReportError(f"{totals_file}:{t.line}: địa bàn “{', '.join(t.place)}” được ghi vừa có vừa không "
                                  "thuộc vùng khó khăn")
            difficult[(t.level, norm)] = t.difficult
        if t.level == "thon" and FINEST.get(t.key) == "xa":
            warnings.append(f"{totals_file}:{t.line}: chỉ tiêu {t.key} tính theo xã, tỉnh; bỏ qua tổng số cấp thôn")
            continue
        if t.total is None:
            continue
        row = rows.get((t.key, t.level, norm))
        if row is None:
            row = rows[(t.key, t.level, norm)] = Row(t.key, _title_label(t.key), t.level, places.shown[(t.level, norm)])
            row.notes.append("không có đối tượng nào trong sổ công nhận năm này")
        if row.total is not None:
            raise ReportError(f"{totals_file}:{t.line}: tổng số {t.key} của “{', '.join(t.place)}” đã có ở dòng trước")
        row.total = t.total
        if t.total < row.recognised:
            message = f"tổng số ({t.total}) nhỏ hơn số được công nhận ({row.recognised})"
            row.notes.append(message)
            warnings.append(f"{totals_file}:{t.line}: {', '.join(t.place)}: {message}")

    selected = list(rows.values())
    if area:
        wanted = split_place(area)
        selected = [r for r in selected if wanted and _contains(r.place, wanted)]
        if not selected:
            raise ReportError(f"không có địa bàn “{area}” trong sổ công nhận năm {year}"
                              + (" hoặc tệp tổng số" if totals else "") + _known(rows.values()))

    for row in selected:
        norm = _norm(row.place)
        row.difficult = difficult.get((row.level, norm), False) or (
            row.level == "thon" and difficult.get(("xa", norm[1:]), False))
        _apply_target(row, plan)
    if any(r.total is None and r.target is not None for r in selected):
        notices.append(f"Ở các dòng có mẫu số “{BY_EVALUATED}”, mẫu số là số đối tượng có trong sổ công nhận năm {year}, "
                       "thường nhỏ hơn tổng số (số gia đình, dòng họ…) mà chỉ tiêu tính trên: tỷ lệ có thể cao hơn thực "
                       "tế; dùng --totals để tính theo tổng số.")
    if plan is not None and any(r.difficult and r.target_kind != "vùng khó khăn" and r.target is not None
                                for r in selected):
        notices.append(f"Kế hoạch {plan.id} không có tỷ lệ riêng cho vùng khó khăn ở một số danh hiệu: "
                       "các địa bàn khó khăn ấy dùng tỷ lệ chung.")
    selected.sort(key=_order)
    return Report(year, plan, plan_note, area, registry, totals_file, selected, notices, warnings)


class _Places:
    """Every place met, by level: its spelling as first met, and an index by the start of its path (name first)."""

    def __init__(self) -> None:
        self.shown: dict[tuple, tuple[str, ...]] = {}
        self._loose: dict[tuple, list[tuple[str, ...]]] = defaultdict(list)

    def add(self, level: str, place: tuple[str, ...]) -> tuple[str, ...]:
        norm = _norm(place)
        if (level, norm) not in self.shown:
            self.shown[(level, norm)] = place
            loose = _loose(place)
            for n in range(1, len(norm) + 1):
                self._loose[(level, loose[:n])].append(norm)
        return norm

    def starting(self, level: str, written: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The places of a level whose path begins with the names written (see `_names`)."""
        found = self._loose.get((level, _loose(written)), [])
        return [n for n in found if _begins(self.shown[(level, n)], written)]


def _resolve(t: TotalsRow, places: _Places, name: str | None) -> tuple[str, ...]:
    """The full place a totals row names: its name, then as many parents as written must match."""
    shown = places.shown
    hits = places.starting(t.level, t.place)
    if len(hits) == 1:
        return shown[(t.level, hits[0])]
    if len(hits) > 1:
        options = "; ".join(", ".join(_trim(shown[(t.level, h)])) for h in hits[:5])
        raise ReportError(f"{name}:{t.line}: địa bàn “{', '.join(t.place)}” không rõ, có ở nhiều nơi ({options}): "
                          "ghi thêm xã, tỉnh sau dấu phẩy")
    if len(t.place) > 1 and t.level != "tinh":  # a place not in the registry: complete it from its parent
        parent_level = LEVELS[LEVELS.index(t.level) + 1]
        parents = places.starting(parent_level, t.place[1:])
        if len(parents) == 1:
            return (t.place[0], *shown[(parent_level, parents[0])])
    return t.place


def _province(row: Row) -> str | None:
    """The province of a row when its place is complete (a place only in the totals may not say it)."""
    if len(row.place) == _DEPTH[row.level] and row.place[-1]:
        return row.place[-1]
    return None


def _apply_target(row: Row, plan: Plan | None) -> None:
    row.target, row.target_kind, row.target_denominator, row.source = None, "", "", ""
    if plan is None or row.key not in TITLE_KEYS:
        return
    target = plan.target(row.key)
    if target is None:
        return
    province = _province(row)
    if province is not None and not plan.covers(province):
        row.notes.append(f"ngoài phạm vi kế hoạch {plan.id} ({plan.jurisdiction})")
        return
    if row.difficult and target.difficult_rate is not None:
        row.target, row.target_kind, row.source = target.difficult_rate, "vùng khó khăn", target.difficult_source or ""
    else:
        row.target, row.target_kind, row.source = target.rate, "chung", target.source
    row.target_denominator = target.denominator


def _known(rows: Iterable[Row]) -> str:
    names = sorted({r.name for r in rows if r.level in ("xa", "tinh")}, key=fold)
    if not names:
        return ""
    more = "…" if len(names) > 12 else ""
    return f"; các địa bàn cấp xã, tỉnh có: {', '.join(names[:12])}{more}"


# ---------------------------------------------------------------- reading the registry


def make_report(year: int, *, area: str | None = None, plan: Plan | None = None, plan_note: str = "",
                registry: str | None = None, totals: Path | None = None) -> Report:
    totals_rows = read_totals(totals) if totals is not None else None
    from engine.registry.changes import changed_counts

    try:
        reg = Registry(registry)
        try:
            recognitions = reg.query(year=year)  # corrected values; revoked: evaluated, not recognised
            revoked, corrected = changed_counts(reg, year, area)
        finally:
            reg.engine.dispose()
    except RegistryError as exc:
        raise ReportError(exc.message) from None
    shown = shown_url(reg.url)
    report = build_report(recognitions, year, plan, plan_note, totals_rows, area, shown,
                          str(totals) if totals is not None else None)
    if revoked or corrected:
        report.notices.append(changes_notice(year, revoked, corrected))
    return report


def changes_notice(year: int, revoked: int, corrected: int) -> str:
    parts = ([f"{revoked} công nhận đã bị thu hồi (tính là không được công nhận)"] if revoked else []) + (
        [f"{corrected} công nhận đã được đính chính (tính theo giá trị đã đính chính)"] if corrected else [])
    return f"Sổ công nhận năm {year}: {' và '.join(parts)}; xem recognise so list --year {year}."


# ---------------------------------------------------------------- writing


CSV_HEADER = ["nam", "ke_hoach", "danh_hieu", "ten_danh_hieu", "cap", "dia_ban", "thuoc", "cong_nhan",
              "so_duoc_danh_gia", "mau_so", "mau_so_tinh_theo", "ty_le", "vung_kho_khan", "chi_tieu",
              "chi_tieu_ap_dung", "chi_tieu_tinh_tren", "chenh_lech", "con_thieu", "dat_chi_tieu", "can_cu", "ghi_chu"]


def _text(value: str) -> str:
    """Text from the registry stays text in a spreadsheet: never a formula that Excel would run."""
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def _num(value: Decimal | int | None) -> str:
    return "" if value is None else fmt(value)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("có" if value else "không")


def csv_rows(report: Report) -> list[list[str]]:
    plan = report.plan.id if report.plan else ""
    out = []
    for r in report.rows:
        notes = list(r.notes) + [n for n in report.notices if n.startswith(EXAMPLE_NOTICE)]
        out.append([str(report.year), plan, r.key if r.key in TITLE_KEYS else "", _text(r.title), LEVEL_VI[r.level],
                    _text(r.name), _text(r.within), str(r.recognised), str(r.evaluated), str(r.denominator),
                    r.denominator_text, _num(r.rate), _yes_no(r.difficult), _num(r.target), r.target_kind,
                    r.target_denominator, _num(r.gap), _num(r.short_by), _yes_no(r.met), r.source,
                    _text("; ".join(notes))])
    return out


def write_csv(report: Report, path: Path) -> None:
    """Semicolons, decimal commas and a BOM, like the results CSV of `recognise score`."""
    with atomic_text(path) as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_rows(report))


def html_context(report: Report) -> dict:
    groups = []
    for key in dict.fromkeys(r.key for r in report.rows):
        rows = [r for r in report.rows if r.key == key]
        levels = []
        for level in ("tinh", "xa", "thon"):
            at = [r for r in rows if r.level == level]
            if at:
                levels.append({"cap": LEVEL_VI[level], "dong": [_html_row(r) for r in at]})
        groups.append({"ma": key if key in TITLE_KEYS else "", "ten": rows[0].title, "cap": levels})
    plan = report.plan
    return {
        "nam": report.year,
        "dia_ban": report.area or "",
        "so_cong_nhan": report.registry,
        "tep_tong_so": report.totals_file or "",
        "ke_hoach": None if plan is None else {
            "ma": plan.id, "ten": plan.title, "so": plan.document.number, "co_quan": plan.document.issuer,
            "ngay": plan.document.signed, "pham_vi": plan.jurisdiction, "nam_muc_tieu": plan.target_year,
            "vung_kho_khan": plan.difficult_areas or "", "ghi_chu": list(plan.notes),
            "chi_tieu": [{"ma": t.title, "ten": TITLE_VI[t.title], "ty_le": fmt(t.rate),
                          "ty_le_kho_khan": _num(t.difficult_rate), "mau_so": t.denominator, "can_cu": t.source,
                          "can_cu_kho_khan": t.difficult_source or "", "ghi_chu": t.note or ""}
                         for t in plan.targets],
        },
        "ke_hoach_ghi_chu": report.plan_note,
        "thong_bao": list(report.notices),
        "canh_bao": list(report.warnings),
        "nhom": groups,
    }


def _html_row(r: Row) -> dict:
    rate = r.rate
    return {
        "dia_ban": r.name, "thuoc": r.within, "cong_nhan": r.recognised, "duoc_danh_gia": r.evaluated,
        "mau_so": r.denominator, "mau_so_tinh_theo": r.denominator_text,
        "ty_le": _num(rate), "chi_tieu": _num(r.target), "chi_tieu_ap_dung": r.target_kind,
        "chi_tieu_tinh_tren": r.target_denominator, "chenh_lech": _num(r.gap), "con_thieu": _num(r.short_by),
        "dat": r.met, "kho_khan": r.difficult, "can_cu": r.source, "ghi_chu": "; ".join(r.notes),
        # plain numbers for the chart, drawn by the template
        "ty_le_so": float(rate) if rate is not None else 0.0,
        "chi_tieu_so": float(r.target) if r.target is not None else None,
    }


def render_html(report: Report) -> str:
    return render(environment(), TEMPLATE, html_context(report))


def write_html(report: Report, path: Path) -> None:
    try:
        text = render_html(report)
    except TemplateFailure as exc:
        raise ReportError(str(exc)) from None
    with atomic_text(path) as handle:
        handle.write(text)


def write(report: Report, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(report, path)
    elif suffix == ".html":
        write_html(report, path)
    else:
        raise ReportError(f"{path}: chỉ ghi được {', '.join(OUTPUTS)}")
