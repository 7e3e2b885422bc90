"""The dashboard of recognition rates against the targets, for the user's area and the areas below it.

Rates are counted by engine.targets.report.build_report (as `recognise report`) over the registry of this server,
after the registry's rows have been narrowed to the user's area: a user never counts, nor sees, a row of an area
outside theirs, whatever the query string says. The registry knows a row's province, commune and village; the
districts come from the areas this server knows (accounts and scores place communes in their districts), and a
district's rate sums its communes' counts.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from engine.registry.store import Recognition
from engine.targets.plans import TITLE_KEYS, Plan, plan_for_year, shipped
from engine.targets.report import LEVEL_VI, Report, Row, build_report, write_csv, write_html
from engine.vn.numbers import fmt
from engine.vn.text import nfc
from web import areas
from web.store import places
from web.store.database import Database

SEP = areas.SEPARATOR
# words naming the kind of an area, dropped when a registry name is compared with an area of this server
_KIND_WORDS = ("thành phố ", "tỉnh ", "huyện ", "quận ", "thị xã ", "thị trấn ", "phường ", "xã ", "đặc khu ")
_DISTRICT_WORDS = ("huyện ", "quận ", "thị xã ", "thành phố ")
LEVEL_NAMES = {**LEVEL_VI, "": "toàn bộ"}
TOTALS_OPTION = "--totals"
CHART_LABEL = 230
CHART_BAR = 420
CHART_ROW = 26
CHART_TOP = 26


class AreaOutside(LookupError):
    """The area asked for is not the user's nor below it."""


def bare(name: str) -> str:
    """A name compared across the registry and this server: case and spacing ignored, diacritics kept
    ("Xã Tân An" and "Xã Tấn An" stay two communes), the word for its kind dropped ("Tỉnh Bắc Kạn" ~ "Bắc Kạn")."""
    folded = " ".join(nfc(name).split()).casefold()
    for word in _KIND_WORDS:
        if folded.startswith(word) and len(folded) > len(word):
            return folded[len(word):]
    return folded


def _parent(path: str) -> str:
    return path.rsplit(SEP, 1)[0] if SEP in path else ""


def _key(path: str) -> str:
    return path.casefold()


def _above(paths: Iterable[str]) -> dict[str, list[int]]:
    """Each key with areas below it: the positions of the paths below it, in order (one pass over the paths,
    instead of testing every pair)."""
    out: dict[str, list[int]] = {}
    for i, path in enumerate(paths):
        key = _key(path)
        while SEP in key:
            key = key.rsplit(SEP, 1)[0]
            out.setdefault(key, []).append(i)
    return out


def _within(path: str, root: str) -> bool:
    return not root or areas.within(_key(path), _key(root))


class Tree:
    """The areas this server knows, each with its level: a province first, then a district when the path says
    so (a name such as Huyện …, or areas below it), else a commune."""

    def __init__(self, paths: list[str]):
        self.shown: dict[str, str] = {}
        self.parents: set[str] = set()
        for path in paths:
            try:
                path = areas.clean(path)
            except areas.AreaError:
                continue
            names = path.split(SEP)
            for n in range(1, len(names) + 1):
                self.shown.setdefault(_key(SEP.join(names[:n])), SEP.join(names[:n]))
            for n in range(1, len(names)):
                self.parents.add(_key(SEP.join(names[:n])))

    @cached_property
    def provinces(self) -> dict[str, str]:
        return {bare(p): p for p in self.shown.values() if SEP not in p}

    @cached_property
    def communes(self) -> dict[tuple[str, str], str]:
        """(province, commune) as compared → the commune's name as written here."""
        out = {}
        for p in self.at("xa"):
            names = p.split(SEP)
            out.setdefault((bare(names[0]), bare(names[-1])), names[-1])
        return out

    def level(self, path: str) -> str:
        names = path.split(SEP)
        if len(names) == 1:
            return "tinh"
        if _key(path) in self.parents or names[-1].casefold().startswith(_DISTRICT_WORDS):
            return "huyen" if len(names) == 2 else "xa"
        return "xa"

    def at(self, level: str) -> list[str]:
        return [p for p in self.shown.values() if SEP in p and self.level(p) == level]


@dataclass
class Placed:
    """A row of the report with the area path of this server it belongs to."""

    path: str
    level: str
    row: Row


@dataclass
class Scope:
    root: str  # the user's area ("" for the administrator: every area)
    root_level: str
    province: str | None
    communes: set[str] | None  # bare names of the communes counted (None: every commune of the province)
    warnings: list[str] = field(default_factory=list)

    def holds(self, r: Recognition) -> bool:
        if self.province is None:
            return True
        if bare(r.province) != bare(self.province):
            return False
        return self.communes is None or bare(r.commune) in self.communes


def scope_of(user, tree: Tree) -> Scope:
    if user.role == "quan-tri":
        return Scope("", "", None, None)
    root = areas.clean(user.area)
    names = root.split(SEP)
    level = {"xa": "xa", "huyen": "huyen"}.get(user.role) or tree.level(root)
    if level == "tinh":
        return Scope(root, level, names[0], None)
    if level == "xa":
        return Scope(root, level, names[0], {bare(names[-1])})
    inside = {bare(p.rsplit(SEP, 1)[-1]) for p in tree.at("xa") if _within(p, root) and p != root}
    outside = {bare(p.rsplit(SEP, 1)[-1]) for p in tree.at("xa")
               if not _within(p, root) and bare(p.split(SEP)[0]) == bare(names[0])}
    scope = Scope(root, level, names[0], inside - outside)
    for name in sorted(inside & outside):
        scope.warnings.append(f"Xã “{name}” có ở hai huyện của tỉnh; sổ công nhận không ghi huyện nên chưa tính xã "
                              "này vào tỷ lệ của huyện.")
    return scope


def _respelled(r: Recognition, tree: Tree) -> Recognition:
    """The registry's province and commune as this server writes them ("Bắc Kạn" → "Tỉnh Bắc Kạn"), so that one
    place spelled two ways in decisions is one row of the report."""
    province = tree.provinces.get(bare(r.province), r.province)
    commune = tree.communes.get((bare(r.province), bare(r.commune)), r.commune)
    if (province, commune) == (r.province, r.commune):
        return r
    return replace(r, province=province, commune=commune)


def _place_rows(report: Report, tree: Tree, scope: Scope, plan: Plan | None) -> list[Placed]:
    """Each row of the report at the area path of this server it counts (rows above the user's area dropped: they
    would count only the user's part), plus a row per district summing its communes."""
    provinces = tree.provinces
    communes: dict[tuple[str, str], list[str]] = {}
    for p in tree.at("xa"):
        names = p.split(SEP)
        communes.setdefault((bare(names[0]), bare(names[-1])), []).append(p)
    placed: list[Placed] = []
    for row in report.rows:
        province = row.place[-1] if row.place else ""
        province_path = provinces.get(bare(province), province)
        if row.level == "tinh":
            path = province_path
        else:
            commune = row.place[1] if row.level == "thon" else row.place[0]
            known = communes.get((bare(province), bare(commune)), [])
            commune_path = known[0] if len(known) == 1 else f"{province_path}{SEP}{commune}"
            path = commune_path if row.level == "xa" else f"{commune_path}{SEP}{row.place[0]}"
        if not path or not _within(path, scope.root):
            continue
        placed.append(Placed(path, row.level, row))
    in_communes = [p for p in placed if p.level == "xa"]
    below = _above(p.path for p in in_communes)
    for district in tree.at("huyen"):
        if not _within(district, scope.root):  # a commune user does not see its district's sum
            continue
        sums: dict[str, Row] = {}
        for p in (in_communes[i] for i in below.get(_key(district), ())):
            names = district.split(SEP)
            row = sums.get(p.row.key)
            if row is None:
                row = sums[p.row.key] = Row(p.row.key, p.row.title, "huyen", (names[-1], names[0]))
                _target(row, plan, names[0])
            row.recognised += p.row.recognised
            row.evaluated += p.row.evaluated
        placed += [Placed(district, "huyen", row) for row in sums.values()]
    return placed


def _target(row: Row, plan: Plan | None, province: str) -> None:
    """A district's target: the plan's rate for the title (difficult areas are marked commune by commune)."""
    target = plan.target(row.key) if plan is not None and row.key in TITLE_KEYS else None
    if target is None or not plan.covers(province):
        return
    row.target, row.target_kind, row.target_denominator, row.source = (target.rate, "chung", target.denominator,
                                                                      target.source)


@dataclass
class View:
    """One line of the dashboard: an area's rate for a title."""

    path: str
    name: str
    level: str
    row: Row
    below: bool  # there are rows below it to drill into

    @property
    def met(self) -> bool | None:
        return self.row.met

    def cells(self) -> dict:
        r = self.row
        return {"ten": self.name, "duong_dan": self.path, "cap": LEVEL_VI[self.level], "co_duoi": self.below,
                "cong_nhan": r.recognised, "duoc_danh_gia": r.evaluated, "mau_so": r.denominator,
                "ty_le": "—" if r.rate is None else fmt(r.rate), "chi_tieu": "—" if r.target is None else fmt(r.target),
                "chenh_lech": "—" if r.gap is None else fmt(r.gap),
                "con_thieu": "—" if r.short_by is None else r.short_by, "dat": r.met,
                "ghi_chu": "; ".join(r.notes)}


@dataclass
class Group:
    key: str
    title: str
    own: View | None
    children: list[View]

    def chart(self) -> dict:
        """Bars of rate against target, laid out here so the template only writes attributes."""
        lines = ([self.own] if self.own else []) + self.children
        height = CHART_TOP + len(lines) * CHART_ROW + 8
        bars = []
        for i, v in enumerate(lines):
            rate = v.row.rate
            y = CHART_TOP + i * CHART_ROW
            width = 0 if rate is None else round(min(float(rate), 100.0) * CHART_BAR / 100, 1)
            target = v.row.target
            bars.append({
                "y": y, "ty": y + 15, "width": width, "ten": v.name[:40] + ("…" if len(v.name) > 40 else ""),
                "nhan": ("—" if rate is None else fmt(rate) + "%"),
                "vx": CHART_LABEL + width + 6,
                "tx": None if target is None else round(CHART_LABEL + float(target) * CHART_BAR / 100, 1),
                "lop": "bar" if v.row.met is None else ("bar dat" if v.row.met else "bar chua-dat"),
                "goi_y": f"{v.name}: {'—' if rate is None else fmt(rate)}%"
                         + ("" if target is None else f", chỉ tiêu {fmt(target)}%"),
            })
        ticks = [{"x": CHART_LABEL + t * CHART_BAR // 100, "nhan": f"{t}%"} for t in (0, 25, 50, 75, 100)]
        return {"width": CHART_LABEL + CHART_BAR + 70, "height": height, "bars": bars, "ticks": ticks,
                "y1": CHART_TOP - 6, "y2": height - 4, "label_x": CHART_LABEL - 6, "bar_x": CHART_LABEL,
                "tick_y": CHART_TOP - 10}


@dataclass
class Dashboard:
    year: int
    years: list[int]
    plan: Plan | None
    plan_note: str
    plans: list[Plan]
    focus: str
    focus_level: str
    crumbs: list[tuple[str, str]]
    titles: list[tuple[str, str]]
    title: str
    groups: list[Group]
    notices: list[str]
    warnings: list[str]
    report: Report  # the focus area and every area below it, for the exports


def plans_for(scope: Scope) -> list[Plan]:
    return [p for p in shipped() if scope.province is None or p.covers(scope.province)]


def choose_plan(scope: Scope, year: int, wanted: str | None) -> tuple[Plan | None, str]:
    chosen = next((p for p in plans_for(scope) if p.id == wanted), None) if wanted else None
    if chosen is None:
        chosen = plan_for_year(year)
    if chosen is None:
        return None, (f"Không có kế hoạch toàn quốc nào có mục tiêu cho năm {year} hoặc sau đó; chọn kế hoạch chỉ "
                      "tiêu để so sánh.")
    if chosen.target_year < year:
        return chosen, f"Kế hoạch {chosen.id} đặt mục tiêu đến năm {chosen.target_year}, trước năm đánh giá {year}."
    return chosen, ""


def build(db: Database, user, year: int | None, title: str | None, area: str | None,
          plan_id: str | None) -> Dashboard:
    tree = Tree([*places.known_areas(db), user.area])
    scope = scope_of(user, tree)
    focus = scope.root
    if area and area.strip():
        try:
            focus = areas.clean(area)
        except areas.AreaError:
            raise AreaOutside(area) from None
        if not _within(focus, scope.root):
            raise AreaOutside(area)
    years = places.registry_years(db)
    year = year or (years[0] if years else date.today().year)
    plan, plan_note = choose_plan(scope, year, plan_id)
    held = [_respelled(r, tree) for r in db.registry.query(year=year) if scope.holds(r)]
    report = build_report(held, year, plan, plan_note, registry=db.shown)
    placed = _place_rows(report, tree, scope, plan)
    titles = list(dict.fromkeys((p.row.key, p.row.title) for p in sorted(
        placed, key=lambda p: TITLE_KEYS.index(p.row.key) if p.row.key in TITLE_KEYS else len(TITLE_KEYS))))
    title = title if title in {k for k, _ in titles} else ""
    chosen = [p for p in placed if not title or p.row.key == title]
    focus_key = _key(focus)
    groups = []
    for key, label in titles:
        if title and key != title:
            continue
        mine = [p for p in chosen if p.row.key == key]
        above = _above(p.path for p in mine)
        views = [View(p.path, p.path.rsplit(SEP, 1)[-1], p.level, p.row, _key(p.path) in above) for p in mine]
        own = next((v for v in views if _key(v.path) == focus_key), None)
        children = sorted((v for v in views if _key(_parent(v.path)) == focus_key and _key(v.path) != focus_key),
                          key=lambda v: (["huyen", "xa", "thon"].index(v.level) if v.level in ("huyen", "xa", "thon")
                                         else 0, bare(v.name)))
        if own or children:
            groups.append(Group(key, label, own, children))
    exported = [p.row for p in chosen if _within(p.path, focus)]
    exported.sort(key=lambda r: (TITLE_KEYS.index(r.key) if r.key in TITLE_KEYS else len(TITLE_KEYS), r.key,
                                 tuple(reversed([bare(n) for n in r.place])), ["tinh", "huyen", "xa", "thon"].index(
                                     r.level)))
    shown_focus = focus or "toàn bộ các địa bàn"
    scoped = Report(year, plan, plan_note, shown_focus, db.shown, None, exported, list(report.notices),
                    list(report.warnings) + scope.warnings)
    # the command line's advice (--totals) means nothing on a page: the notice stops before it
    notices = [n.replace(f"; dùng {TOTALS_OPTION} để tính theo tổng số.", ".") for n in report.notices]
    return Dashboard(year, years, plan, plan_note, plans_for(scope), focus,
                     tree.level(focus) if focus else "", _crumbs(scope.root, focus), titles, title, groups,
                     notices, scope.warnings, scoped)


def _crumbs(root: str, focus: str) -> list[tuple[str, str]]:
    """From the user's own area down to the one shown: (name, path) for the links."""
    out = [] if root else [("Toàn bộ", "")]
    names = focus.split(SEP) if focus else []
    for n in range(len(root.split(SEP)) if root else 1, len(names) + 1):
        out.append((names[n - 1], SEP.join(names[:n])))
    return out


# ---------------------------------------------------------------- exports


def _through_file(report: Report, suffix: str, writer: Callable[[Report, Path], None]) -> bytes:
    """The engine's own writers write files (atomically): written in a temporary folder, read back."""
    with tempfile.TemporaryDirectory(prefix="recognise-thong-ke-") as tmp:
        path = Path(tmp) / f"bao-cao{suffix}"
        writer(report, path)
        return path.read_bytes()


def as_csv(report: Report) -> bytes:
    return _through_file(report, ".csv", write_csv)


def as_html(report: Report) -> bytes:
    return _through_file(report, ".html", write_html)


XLSX_COLUMNS = ("Năm", "Kế hoạch", "Danh hiệu", "Cấp", "Địa bàn", "Thuộc", "Công nhận", "Số được đánh giá",
                "Mẫu số", "Mẫu số tính theo", "Tỷ lệ (%)", "Chỉ tiêu (%)", "Chênh lệch (điểm %)", "Còn thiếu",
                "Đạt chỉ tiêu", "Căn cứ", "Ghi chú")


def _text_cell(cell, value: str) -> None:
    """Text stays text: a name beginning with = is never a formula Excel would run."""
    cell.value = value
    cell.data_type = "s"


def as_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tỷ lệ công nhận"
    sheet.append(XLSX_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    plan = report.plan.id if report.plan else ""
    for row, r in enumerate(report.rows, start=2):  # (sheet.max_row would count every cell on every row)
        values = [report.year, plan, r.title, LEVEL_VI[r.level], r.name, r.within, r.recognised, r.evaluated,
                  r.denominator, r.denominator_text, None if r.rate is None else float(r.rate),
                  None if r.target is None else float(r.target), None if r.gap is None else float(r.gap),
                  r.short_by, None if r.met is None else ("đạt" if r.met else "chưa đạt"), r.source,
                  "; ".join(r.notes)]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, str):
                _text_cell(cell, value)
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMNOPQ", (6, 14, 28, 7, 28, 30, 10, 10, 9, 18, 9, 10, 12, 9, 10, 40, 40),
                             strict=True):
        sheet.column_dimensions[column].width = width
    info = book.create_sheet("Ghi chú")
    lines = [f"Năm đánh giá: {report.year}", f"Địa bàn: {report.area}",
             f"Kế hoạch chỉ tiêu: {report.plan.title} ({report.plan.id}), mục tiêu đến năm {report.plan.target_year}"
             if report.plan else "Kế hoạch chỉ tiêu: không có", *([report.plan_note] if report.plan_note else []),
             "Tỷ lệ = số được công nhận / mẫu số; chênh lệch = chỉ tiêu − tỷ lệ (điểm phần trăm).",
             *report.notices, *report.warnings]
    for row, line in enumerate(lines, start=1):
        _text_cell(info.cell(row=row, column=1), line)
    info.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
