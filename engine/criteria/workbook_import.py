"""`recognise criteria import`: a province's criteria workbook (see workbook_layout.py) to a criteria set.

Each cell is read by what it holds (engine/criteria/workbook_cells.py: no formula is evaluated, a formula is
refused by name, sizes are bounded), parsed into the plain data of a criteria file while remembering the cell
each value came from, then validated by the model and by the same checks as any criteria file (sums of
maxima, grade bands, thresholds, exact numbers, the rules engine's limits). Every problem names the
worksheet, the row, the column and the value; nothing is written unless the whole workbook is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from engine.criteria import workbook_layout as L
from engine.criteria.checks import semantic_problems
from engine.criteria.derive import slug
from engine.criteria.dump import criteria_yaml
from engine.criteria.load import CriteriaFileInvalid, _clean_loc, _engine_limits, _pydantic_message, load_bytes
from engine.criteria.model import CriteriaSet
from engine.criteria.workbook_cells import Cell, WorkbookUnreadable, Worksheet, read_workbook
from engine.errors import RecogniseError, did_you_mean
from engine.vn.dates import parse_date
from engine.vn.numbers import fmt, parse_decimal
from engine.vn.text import fold

Path_ = tuple


@dataclass(frozen=True)
class Origin:
    """Where a value of the set came from: a worksheet, and in it a row and a column (a cell), or a form line."""

    sheet: str
    row: int | None = None
    column: int | None = None
    header: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class WorkbookProblem:
    origin: Origin
    message: str

    def __str__(self) -> str:
        o = self.origin
        where = f"trang “{o.sheet}”"
        if o.row is not None and o.column is not None:
            letter = get_column_letter(o.column)
            where += f", ô {letter}{o.row} (dòng {o.row}, cột {letter} “{o.header}”)"
        elif o.row is not None:
            where += f", dòng {o.row}"
        elif o.header:
            where += f", mục “{o.header}”"
        value = f", giá trị “{_short(o.value)}”" if o.value else ""
        return f"{where}{value}: {self.message}"


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"


class WorkbookInvalid(RecogniseError):
    def __init__(self, path: Path, problems: list[WorkbookProblem]):
        self.path, self.problems = path, problems
        lines = [f"{path}: {p}" for p in problems]
        super().__init__(f"{path}: bảng tiêu chí có {len(problems)} lỗi, chưa ghi gì:\n" + "\n".join(lines))


@dataclass
class Imported:
    criteria: CriteriaSet
    yaml_text: str
    notices: list[str] = field(default_factory=list)  # blanks read as the guide says (a cited document, a kind)


# --- reading tables ---------------------------------------------------------------------------

@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, Cell]
    headers: dict[str, tuple[int, str]]  # key → (column, header as written)

    def cell(self, key: str) -> Cell | None:
        return self.cells.get(key)

    def raw(self, key: str) -> str:
        c = self.cells.get(key)
        return c.text.strip() if c is not None else ""

    def origin(self, key: str | None = None) -> Origin:
        if key is None or key not in self.headers:
            return Origin(self.sheet, self.number)
        column, header = self.headers[key]
        return Origin(self.sheet, self.number, column, header, self.raw(key) or None)


class _Reader:
    """Parsing state: the problems found so far and the cell each path of the data came from."""

    def __init__(self, path: Path, sheets: dict[str, Worksheet]):
        self.path = path
        self.sheets = sheets
        self.problems: list[WorkbookProblem] = []
        self.origins: dict[Path_, Origin] = {}
        self.document: str | None = None  # the citation of a blank "Căn cứ": the set's own document
        self.cited: dict[str, list[Origin]] = {}
        self.notices: list[str] = []  # what was read in a way the table did not spell out

    def problem(self, origin: Origin, message: str) -> None:
        self.problems.append(WorkbookProblem(origin, message))

    def cite(self, row: _Row, key: str) -> str | None:
        """A "Căn cứ" cell; left blank, the province's document itself is cited (and the import says so)."""
        value = self.text(row, key)
        if value is None and self.document and row.cell(key) is None:
            self.cited.setdefault(row.sheet, []).append(row.origin(key))
            return self.document
        return value

    # --- cells

    def usable(self, row: _Row, key: str) -> str | None:
        """The cell's text, or None (and a problem) when the cell cannot be taken as typed."""
        c = row.cell(key)
        if c is None:
            return ""
        if c.formula:
            self.problem(row.origin(key), "ô có công thức: bảng tiêu chí chỉ nhận giá trị gõ vào (số hoặc chữ), không "
                                          "tính công thức; gõ giá trị thay cho công thức")
            return None
        if c.error:
            self.problem(row.origin(key), "ô có giá trị lỗi của Excel: gõ lại giá trị đúng")
            return None
        if c.flaw:
            self.problem(row.origin(key), c.flaw)
            return None
        return c.text.strip()

    def text(self, row: _Row, key: str) -> str | None:
        value = self.usable(row, key)
        return value or None

    def code(self, row: _Row, key: str) -> str | None:
        value = self.usable(row, key)
        if not value:
            return None
        c = row.cell(key)
        if (c is not None and c.number) or re.fullmatch(r"\d+,\d+", value):
            value = value.replace(",", ".")  # 1.1 typed in a number cell is stored as the number 1,1
        return value

    def number(self, row: _Row, key: str, unit: str = "") -> int | float | None:
        value = self.usable(row, key)
        if not value:
            return None
        d = _decimal(value)
        if d is None:
            self.problem(row.origin(key), f"cần một số{unit} (số lẻ viết 7,5 hoặc 7.5)")
            return None
        return _num(d)

    def integer(self, row: _Row, key: str) -> int | None:
        value = self.number(row, key)
        if value is None:
            return None
        if not float(value).is_integer():
            self.problem(row.origin(key), "cần một số nguyên")
            return None
        return int(value)

    def choice(self, row: _Row, key: str, choices: dict[str, str]) -> str | None:
        value = self.usable(row, key)
        if not value:
            return None
        found = L.choice_of(value, choices)
        if found is None:
            self.problem(row.origin(key), f"chọn một trong: {', '.join(f'“{v}”' for v in choices.values())}")
        return found

    # --- tables

    def table(self, sheet: str, columns: tuple[L.Column, ...], required: tuple[str, ...]) -> list[_Row]:
        ws = self.sheets.get(sheet)
        if ws is None:
            return []
        known = {fold(c.header): c for c in columns}
        for c in columns:  # a points table headed "Mã chỉ tiêu", a levels table headed "Mã chỉ số"
            for alias in L.ALIASES.get(c.header, ()):
                known.setdefault(fold(alias), c)
        header_at, headers = None, {}
        for number, cells in ws.rows[:10]:
            found = {}
            for column, c in cells.items():
                col = known.get(fold(c.text))
                if col is not None and col.key not in found:
                    found[col.key] = (column, c.text.strip())
            if len(found) >= min(2, len(columns)):
                header_at, headers = number, found
                break
        if header_at is None:
            first = ", ".join(f"“{c.header}”" for c in columns[:3])
            self.problem(Origin(sheet), f"không tìm thấy dòng tiêu đề (các cột {first}…): dùng bảng tạo bởi recognise "
                                        "criteria template, giữ nguyên dòng tiêu đề")
            return []
        for key in required:
            if key not in headers:
                header = next(c.header for c in columns if c.key == key)
                self.problem(Origin(sheet, header_at), f"thiếu cột “{header}”")
        if any(k not in headers for k in required):
            return []
        by_column = {column: key for key, (column, _) in headers.items()}
        hints = {key: fold(next(c.hint for c in columns if c.key == key)) for key in headers}
        rows = []
        for number, cells in ws.rows:
            if number <= header_at:
                continue
            mine = {by_column[c]: cell for c, cell in cells.items() if c in by_column and (cell.text or cell.formula)}
            if not mine:
                continue
            if all(not cell.formula and fold(cell.text) == hints[key] for key, cell in mine.items()):
                continue  # the line saying what each column takes
            rows.append(_Row(sheet, number, mine, headers))
        return rows


def _decimal(text: str) -> Decimal | None:
    """`7,5`, `≥ 60`, `từ 60% trở lên`, `10 điểm`: the number."""
    folded = re.sub(r"^(>=|≥|tu|toi thieu|it nhat|dat)\s*", "", fold(text))
    while (shorter := re.sub(r"\s*(%|diem|tro len)$", "", folded).strip()) != folded:
        folded = shorter
    return parse_decimal(folded)


_DAY_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")


def _day(text: str):
    """dd/mm/yyyy (or yyyy-mm-dd), also as a decision prints it: `ngày 15 tháng 3 năm 2025`."""
    m = _DAY_WORDS.match(fold(text))
    return parse_date(f"{m.group(1)}/{m.group(2)}/{m.group(3)}" if m else text)


def _num(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _set(data: dict, dotted: str, value) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


# --- the set's form -----------------------------------------------------------------------------

def _form(r: _Reader, data: dict) -> str | None:
    """The set's worksheet: each labelled line's value into `data`; returns the scheme."""
    ws = r.sheets[L.SET_SHEET]
    labels = {fold(f.label): f for f in L.SET_FIELDS}
    seen: dict[str, _Row] = {}
    for number, cells in ws.rows:
        label = cells.get(1)
        if label is None or (f := labels.get(fold(label.text))) is None or f.key in seen:
            continue
        row = _Row(L.SET_SHEET, number, {"value": cells[2]} if 2 in cells else {}, {"value": (2, f.label)})
        seen[f.key] = row
    scheme = None
    data.update(source={}, authority={})  # so that each missing line is named, not the whole group
    for f in L.SET_FIELDS:
        path = tuple(f.key.split("."))
        row = seen.get(f.key)
        if row is None:
            r.origins[path] = Origin(L.SET_SHEET, header=f.label)
            continue
        r.origins[path] = row.origin("value")
        value = _form_value(r, row, f)
        if f.key == "scheme":
            scheme = value
        if value is not None:
            _set(data, f.key, value)
    if scheme is None and not (seen.get("scheme") and seen["scheme"].raw("value")):
        scheme = _scheme_of_sheets(r)  # the line was deleted or left blank: the worksheets say which
        if scheme is not None:
            data["scheme"] = scheme
            r.notices.append(f"trang “{L.SET_SHEET}”: cách đánh giá để trống, đọc là “{L.SCHEMES[scheme]}” theo các "
                             "trang có dữ liệu")
    if scheme is None and "scheme" in seen:
        r.problem(seen["scheme"].origin("value"), "chọn “tính điểm” hoặc “theo mức độ”")
    elif scheme is None:
        r.problem(Origin(L.SET_SHEET, header="Cách đánh giá"), "thiếu dòng “Cách đánh giá”")
    return scheme


def _scheme_of_sheets(r: _Reader) -> str | None:
    def filled(name: str) -> bool:
        ws = r.sheets.get(name)
        return ws is not None and len(ws.rows) > 2

    points, levels = filled(L.GRADES_SHEET), filled(L.LEVELS_SHEET)
    return "points" if points and not levels else "levels" if levels and not points else None


def _form_value(r: _Reader, row: _Row, f: L.Field):
    if f.kind == "choice":
        assert f.choices is not None
        return r.choice(row, "value", f.choices)
    if f.kind == "number":
        return r.number(row, "value", " điểm")
    if f.kind == "date":
        text = r.usable(row, "value")
        if not text:
            return None
        day = _day(text)
        if day is None:
            r.problem(row.origin("value"), "cần một ngày có thật, dạng dd/mm/yyyy")
        return day
    value = r.text(row, "value")
    if f.kind == "id" and value is not None:
        written, value = value, value.lower()
        if not _ID.fullmatch(value) and _ID.fullmatch(made := slug(value)):
            value = made  # "GĐHT Tỉnh X 2025" → gdht-tinh-x-2025, said on import
            r.notices.append(f"trang “{row.sheet}”, ô B{row.number}: {f.label.lower()} “{written}” đọc là {value}")
        if not _ID.fullmatch(value):
            r.problem(row.origin("value"), "mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang (2–64 ký tự), ví dụ "
                                           "gdht-tinh-x-2025")
            return None
    return value


_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")


# --- criteria and indicators ----------------------------------------------------------------------

@dataclass
class _Input:
    row: _Row
    key: str | None
    label: str | None
    kind: str | None
    max: int | float | None
    at_most: str | None
    thresholds: dict[int, object] = field(default_factory=dict)  # level → Decimal-ish, True, NA or None
    sources: dict[int, str] = field(default_factory=dict)
    share: dict | None = None
    share_row: _Row | None = None


@dataclass
class _Indicator:
    data: dict
    path: Path_
    row: _Row
    inputs: list[_Input] = field(default_factory=list)
    variants: list[tuple[str, tuple[str, ...], list[tuple[_Row, _Input]]]] = field(default_factory=list)


NA = object()


def _criteria(r: _Reader, data: dict, scheme: str, levels: list[int]) -> dict[str, _Indicator]:
    columns = L.POINTS_CRITERIA if scheme == "points" else L.levels_criteria(L.MAX_LEVELS)
    rows = r.table(L.CRITERIA_SHEET, columns, ("criterion", "name", "indicator", "text", "source", "kind"))
    kinds = L.POINTS_KINDS if scheme == "points" else L.LEVELS_KINDS
    criteria: list[dict] = []
    indicators: dict[str, _Indicator] = {}
    current: _Indicator | None = None
    r.origins[("criteria",)] = Origin(L.CRITERIA_SHEET)
    for row in rows:
        ccode, icode = r.code(row, "criterion"), r.code(row, "indicator")
        if icode is None and (ccode is not None or row.raw("name")):
            ci = len(criteria)
            path = ("criteria", ci)
            crit = {"code": ccode, "name": r.text(row, "name"), "source": r.cite(row, "source"),
                    "note": r.text(row, "note"), "indicators": []}
            if scheme == "points":
                crit["max"] = r.number(row, "max", " điểm")
            elif row.raw("max"):
                r.problem(row.origin("max"), "dòng tiêu chí của bộ theo mức độ không có giá trị ở cột này")
            criteria.append({k: v for k, v in crit.items() if v is not None})
            _origins(r, path, row, ("code", "criterion"), ("name", "name"), ("source", "source"), ("max", "max"),
                     ("note", "note"), ("indicators", "indicator"))
            current = None
            continue
        if icode is None:
            if scheme == "levels" and current is not None and _has_input(row):
                current.inputs.append(_input(r, row, kinds, levels))
                continue
            what = "mã chỉ tiêu" if scheme == "levels" else "mã chỉ số"
            r.problem(row.origin(), f"dòng không có mã tiêu chí, {what} hay mã cột số liệu: không biết dòng này là gì")
            continue
        if not criteria:
            r.problem(row.origin("indicator"), "chưa có dòng tiêu chí nào phía trên: ghi dòng tiêu chí (mã, tên, không "
                                               "có mã chỉ số) trước các chỉ số của nó")
            continue
        crit = criteria[-1]
        if ccode is not None and ccode != crit.get("code"):
            r.problem(row.origin("criterion"), f"dòng tiêu chí gần nhất phía trên là “{crit.get('code')}”: ghi một dòng "
                                               f"tiêu chí “{ccode}” (mã, tên, không có mã chỉ số) trước các chỉ số của "
                                               "nó, hoặc để trống ô này")
            continue
        ci, ii = len(criteria) - 1, len(crit["indicators"])
        path = ("criteria", ci, "indicators", ii)
        ind = {"code": icode, "text": r.text(row, "text"), "source": r.cite(row, "source"), "note": r.text(row, "note")}
        crit["indicators"].append(ind)
        current = _Indicator(ind, path, row)
        _origins(r, path, row, ("code", "indicator"), ("text", "text"), ("source", "source"), ("note", "note"),
                 ("kind", "kind"), ("max", "max"), ("levels", "indicator"), ("bands", "indicator"))
        if icode in indicators:
            pass  # the checks name the duplicate code, with its row
        else:
            indicators[icode] = current
        if scheme == "points":
            ind["kind"] = r.choice(row, "kind", kinds)
            ind["max"] = r.number(row, "max", " điểm")
            if ind["kind"] is None and row.cell("kind") is None:
                ind["kind"] = "points"  # a points table's indicator: points from 0 to its maximum
                r.notices.append(f"trang “{row.sheet}”, ô {_ref(row, 'kind')}: “{kinds['points']}” (để trống)")
        elif _has_input(row) or row.raw("kind"):
            current.inputs.append(_input(r, row, kinds, levels))
        for k in [k for k, v in ind.items() if v is None]:
            del ind[k]
    data["criteria"] = criteria
    return indicators


def _ref(row: _Row, key: str) -> str:
    return f"{get_column_letter(row.headers[key][0])}{row.number}"


def _has_input(row: _Row) -> bool:
    return any(row.raw(k) for k in ("input_key", "input_label", "kind", "max", "at_most")) or any(
        row.raw(k) for k in row.cells if k.startswith("level:"))


def _origins(r: _Reader, path: Path_, row: _Row, *pairs: tuple[str, str]) -> None:
    r.origins[path] = row.origin()
    for key, column in pairs:
        r.origins[path + (key,)] = row.origin(column)


def _input(r: _Reader, row: _Row, kinds: dict[str, str], levels: list[int]) -> _Input:
    kind = r.choice(row, "kind", kinds)
    if kind is None and row.cell("kind") is None and any(k.startswith("level:") for k in row.cells) and all(
            fold(c.text) in _PASS_WORDS | _NA_WORDS for k, c in row.cells.items() if k.startswith("level:")):
        kind = "boolean"  # every level asks "đạt": a pass/fail indicator
        r.notices.append(f"trang “{row.sheet}”, ô {_ref(row, 'kind')}: “{kinds['boolean']}” (để trống, các mức độ "
                         f"ghi “{L.PASS}”)")
    inp = _Input(row, r.code(row, "input_key"), r.text(row, "input_label"), kind, r.number(row, "max"),
                 r.code(row, "at_most"))
    for key in row.headers:
        if key.startswith("level:"):
            level = int(key.split(":")[1])
            value = _threshold(r, row, key, kind)
            if value is not None:
                inp.thresholds[level] = value
        elif key.startswith("level_source:"):
            text = r.text(row, key)
            if text:
                inp.sources[int(key.split(":")[1])] = text
    return inp


_PASS_WORDS = {"dat", "co", "x", "phai dat", "yeu cau dat"}
_NA_WORDS = {"khong ap dung", "k/a", "ka", "khong xet", "khong ap dung cho muc nay"}


def _threshold(r: _Reader, row: _Row, key: str, kind: str | None):
    text = r.usable(row, key)
    if not text:
        return None
    folded = fold(text)
    if folded in _NA_WORDS:
        return NA
    if folded in _PASS_WORDS:
        if kind not in (None, "boolean"):
            r.problem(row.origin(key), f"cột cách ghi “{L.LEVELS_KINDS[kind]}” cần một ngưỡng số, không phải “{text}”")
            return None
        return True
    folded = re.sub(r"^(muc do|muc)\s*", "", folded)
    d = _decimal(folded)
    if d is None:
        r.problem(row.origin(key), f"cần một ngưỡng số, “{L.PASS}” hoặc “{L.NOT_APPLICABLE}”")
        return None
    if kind == "boolean":
        r.problem(row.origin(key), f"chỉ tiêu đạt/không đạt: ghi “{L.PASS}” hoặc “{L.NOT_APPLICABLE}”, không ghi số")
        return None
    return d


# --- levels: inputs and requirements --------------------------------------------------------------

def _finish_levels(r: _Reader, indicators: dict[str, _Indicator], levels: list[int], draft: bool) -> None:
    for code, ind in indicators.items():
        if not ind.inputs:
            continue  # the checks say what is missing
        single = (len(ind.inputs) == 1 and ind.inputs[0].key in (None, code) and ind.inputs[0].at_most is None
                  and ind.inputs[0].share is None and ind.inputs[0].label is None)
        if single:
            inp = ind.inputs[0]
            ind.data["kind"] = inp.kind
            if inp.max is not None:
                ind.data["max"] = inp.max
            r.origins[ind.path + ("kind",)] = inp.row.origin("kind")
            r.origins[ind.path + ("max",)] = inp.row.origin("max")
        else:
            ind.data["inputs"] = []
            for k, inp in enumerate(ind.inputs):
                key = inp.key or code
                item = {"key": key, "label": inp.label or ind.data.get("text"), "kind": inp.kind, "max": inp.max,
                        "at_most": inp.at_most, "registry_share": inp.share}
                ind.data["inputs"].append({k2: v for k2, v in item.items() if v is not None})
                here = ind.path + ("inputs", k)
                _origins(r, here, inp.row, ("key", "input_key"), ("label", "input_label"), ("kind", "kind"),
                         ("max", "max"), ("at_most", "at_most"))
                if inp.share_row is not None:
                    r.origins[here + ("registry_share",)] = inp.share_row.origin()
        for k in [k for k, v in ind.data.items() if v is None]:
            del ind.data[k]
        chosen: dict[int, list[dict]] = {}
        for level in levels:
            variants = _variant_list(r, ind, code, level)
            if variants is not None:
                chosen[level] = variants
        if chosen or not draft:
            ind.data["levels"] = chosen


def _variant_list(r: _Reader, ind: _Indicator, code: str, level: int) -> list[dict] | None:
    """The variants of one level: the special cases in the order written, then the general case."""
    out = []
    path = ind.path + ("levels", level)
    for attribute, values, rows in ind.variants:
        variant = _variant(r, rows, level, code, path + (len(out),))
        if variant is not None:
            variant = {"when": {attribute: list(values)}, **variant}
            r.origins[path + (len(out), "when")] = rows[0][0].origin("attribute")
            r.origins[path + (len(out), "when", attribute)] = rows[0][0].origin("values")
            out.append(variant)
    general = _variant(r, [(inp.row, inp) for inp in ind.inputs], level, code, path + (len(out),),
                       source_row=ind.row)
    if general is None:
        first = ind.inputs[0].row
        origin = first.origin(f"level:{level}") if f"level:{level}" in first.headers else first.origin()
        if out or any(inp.thresholds for inp in ind.inputs):
            r.problem(origin, f"thiếu yêu cầu mức độ {level}: ghi ngưỡng, “{L.PASS}” hoặc “{L.NOT_APPLICABLE}”")
            return None
        r.origins[path] = origin
        return None
    out.append(general)
    r.origins[path] = ind.row.origin()
    return out


def _variant(r: _Reader, rows: list[tuple[_Row, _Input]], level: int, code: str, path: Path_,
             source_row: _Row | None = None) -> dict | None:
    """One variant of one level from the rows of its inputs (blank: that input is not asked for at this level)."""
    require: dict[str, object] = {}
    not_applicable = False
    source = None
    for row, inp in rows:
        key = inp.key or code
        value = inp.thresholds.get(level)
        origin = row.origin(f"level:{level}")
        if value is NA:
            not_applicable = True
            r.origins.setdefault(path, origin)
        elif value is not None:
            require[key] = value if value is True else _num(value)
            r.origins[path + ("require", key)] = origin
            r.origins.setdefault(path, origin)
            r.origins.setdefault(path + ("require",), origin)
        source = source or inp.sources.get(level)
    if source_row is not None and source_row is not rows[0][0]:
        source = r.text(source_row, f"level_source:{level}") or source
    if not_applicable and require:
        r.problem(r.origins[path], f"mức độ {level}: ghi ngưỡng hoặc “{L.NOT_APPLICABLE}”, không cả hai")
        return None
    if not not_applicable and not require:
        return None
    out: dict = {"not_applicable": True} if not_applicable else {"require": require}
    if source:
        out["source"] = source
    return out


def _variants_sheet(r: _Reader, indicators: dict[str, _Indicator]) -> None:
    rows = r.table(L.VARIANTS_SHEET, L.variants_columns(L.MAX_LEVELS), ("indicator", "attribute", "values"))
    for row in rows:
        code = r.code(row, "indicator")
        ind = indicators.get(code or "")
        if ind is None:
            r.problem(row.origin("indicator"), "không có chỉ tiêu này ở trang Tiêu chí" if code else "chưa ghi mã chỉ tiêu")
            continue
        attribute = r.code(row, "attribute")
        values_text = r.usable(row, "values")
        if not attribute or not values_text:
            r.problem(row.origin("attribute" if not attribute else "values"), "chưa điền (bắt buộc)")
            continue
        key = r.code(row, "input_key")
        if key:
            inp = next((i for i in ind.inputs if (i.key or code) == key), None)
        else:
            inp = ind.inputs[0] if len(ind.inputs) == 1 else None
        if inp is None:
            r.problem(row.origin("input_key"), f"chỉ tiêu {code} không có cột số liệu “{key}”" if key else
                      f"chỉ tiêu {code} có nhiều cột số liệu: ghi mã cột")
            continue
        values = tuple(v.strip() for v in re.split(r"[;\n]", values_text) if v.strip())
        case = _Input(row, inp.key, None, inp.kind, None, None)
        for column in row.headers:
            if column.startswith("level:"):
                value = _threshold(r, row, column, inp.kind)
                if value is not None:
                    case.thresholds[int(column.split(":")[1])] = value
            elif column.startswith("level_source:") and (text := r.text(row, column)):
                case.sources[int(column.split(":")[1])] = text
        group = next((g for g in ind.variants if g[0] == attribute and g[1] == values), None)
        if group is None:
            ind.variants.append((attribute, values, [(row, case)]))
        else:
            group[2].append((row, case))


def _attribute_values(r: _Reader, data: dict, indicators: dict[str, _Indicator]) -> None:
    """The values of a special case as the attribute's codes (a label or its code may be written)."""
    attributes = {a.get("key"): a for a in data.get("attributes", [])}
    for ind in indicators.values():
        fixed = []
        for attribute, values, rows in ind.variants:
            attr = attributes.get(attribute)
            if attr is None:
                r.problem(rows[0][0].origin("attribute"), "không có thuộc tính này ở trang Thuộc tính" +
                          _hint(attribute, list(attributes)))
                continue
            choices = {"co": L.YES, "khong": L.NO} if attr.get("kind") == "boolean" else attr.get("choices", {})
            codes = []
            for value in values:
                found = L.choice_of(value, choices, synonyms=False)
                if found is None:
                    r.problem(rows[0][0].origin("values"), f"“{value}” không phải giá trị của thuộc tính {attribute}; "
                                                           f"có: {', '.join(choices)}")
                    break
                codes.append(found)
            else:
                fixed.append((attribute, tuple(codes), rows))
        ind.variants = fixed


def _hint(word: str, choices: list[str]) -> str:
    close = did_you_mean(word, [c for c in choices if c])
    return f" (có phải “{close}” không?)" if close else ""


# --- points: bands, grades, knock-outs ---------------------------------------------------------------

def _sums(r: _Reader, data: dict) -> None:
    """A criterion's maximum left blank is the sum of its indicators' maxima, and the total the sum of the criteria's:
    the only values a consistent table can have (a draft, which may lack maxima, keeps its blanks)."""
    if data.get("status") == "draft":
        return

    def blank(path: Path_) -> bool:
        origin = r.origins.get(path)
        return origin is not None and origin.value is None

    def total(values: list) -> int | float | None:
        if not values or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return None
        return _num(sum((Decimal(str(v)) for v in values), Decimal(0)))

    for ci, crit in enumerate(data.get("criteria", [])):
        found = total([i.get("max") for i in crit["indicators"]])
        if crit.get("max") is None and found is not None and blank(("criteria", ci, "max")):
            crit["max"] = found
            origin = r.origins[("criteria", ci, "max")]
            r.notices.append(f"trang “{origin.sheet}”, ô {get_column_letter(origin.column or 1)}{origin.row}: điểm tối "
                             f"đa tiêu chí {crit.get('code')} để trống, là tổng các chỉ số: {fmt(found)}")
    found = total([c.get("max") for c in data.get("criteria", [])])
    if data.get("max_total") is None and found is not None and blank(("max_total",)):
        data["max_total"] = found
        r.notices.append(f"trang “{L.SET_SHEET}”: tổng điểm tối đa để trống, là tổng các tiêu chí: {fmt(found)}")

def _bands(r: _Reader, indicators: dict[str, _Indicator]) -> None:
    found: dict[str, list[tuple[float, float, _Row]]] = {}
    for row in r.table(L.BANDS_SHEET, L.BANDS, ("indicator", "min", "points")):
        code = r.code(row, "indicator")
        if code not in indicators:
            r.problem(row.origin("indicator"), ("không có chỉ số này ở trang Tiêu chí" +
                                                _hint(code, list(indicators))) if code else "chưa ghi mã chỉ số")
            continue
        low, points = r.number(row, "min"), r.number(row, "points", " điểm")
        if low is None or points is None:
            if row.raw("min") == "" or row.raw("points") == "":
                r.problem(row.origin("min" if not row.raw("min") else "points"), "chưa điền (bắt buộc)")
            continue
        found.setdefault(code, []).append((low, points, row))
    for code, bands in found.items():
        ind = indicators[code]
        bands.sort(key=lambda b: -b[0])  # the table may list them from the lowest: the order does not change them
        ind.data["bands"] = [{"min": low, "points": points} for low, points, _ in bands]
        r.origins[ind.path + ("bands",)] = bands[0][2].origin("indicator")
        for bi, (_, _, row) in enumerate(bands):
            _origins(r, ind.path + ("bands", bi), row, ("min", "min"), ("points", "points"))


def _grades(r: _Reader, data: dict) -> None:
    rows = r.table(L.GRADES_SHEET, L.GRADES, ("name", "min", "recognised"))
    r.origins[("grades",)] = Origin(L.GRADES_SHEET)
    r.origins[("fail_grade",)] = Origin(L.GRADES_SHEET)
    graded: list[tuple[float, _Row, dict]] = []
    fails: list[_Row] = []
    for row in rows:
        low = r.number(row, "min", " điểm")
        if low is None and row.raw("min"):
            continue
        if low is None:
            fails.append(row)
            continue
        grade = {"name": r.text(row, "name"), "min": low, "below": r.number(row, "below", " điểm"),
                 "recognised": _yes_no(r, row, "recognised"), "source": r.cite(row, "source")}
        graded.append((low, row, grade))
    graded.sort(key=lambda g: -g[0])
    if not fails and len(graded) > 1 and graded[-1][0] == 0 and graded[-1][2]["recognised"] is False:
        fails.append(graded.pop()[1])  # "Chưa đạt: từ 0 điểm", the same as "các trường hợp còn lại"
    for extra in fails[1:]:
        r.problem(extra.origin("min"), "chỉ một loại không đạt (dòng để trống “Từ điểm”): ghi ngưỡng cho loại này "
                                       "hoặc xóa dòng")
    if not fails and graded:
        data["fail_grade"] = FAIL_GRADE  # the words every circular uses for "all other cases"
        r.notices.append(f"trang “{L.GRADES_SHEET}”: không có dòng loại không đạt (để trống “Từ điểm”): các trường hợp "
                         f"còn lại là “{FAIL_GRADE}”")
    if fails:
        fail = fails[0]
        if _yes_no(r, fail, "recognised") is True:
            r.problem(fail.origin("recognised"), "loại không đạt (để trống “Từ điểm”) không được công nhận: ghi “không”")
        if (name := r.text(fail, "name")) is not None:
            data["fail_grade"] = name
        if (source := r.text(fail, "source")) is not None:
            data["fail_grade_source"] = source
        r.origins[("fail_grade",)] = fail.origin("name")
        r.origins[("fail_grade_source",)] = fail.origin("source")
    top = data.get("max_total")
    grades = []
    for gi, (_, row, grade) in enumerate(graded):
        if grade["below"] is None and gi > 0:
            grade["below"] = graded[gi - 1][0]  # up to the grade above, as the table leaves it
        elif gi == 0 and grade["below"] is not None and top is not None and grade["below"] == top:
            grade["below"] = None  # "Tốt: từ 85 đến 100": up to the maximum, 100 included
        grades.append({k: v for k, v in grade.items() if v is not None})
        _origins(r, ("grades", gi), row, ("name", "name"), ("min", "min"), ("below", "below"),
                 ("recognised", "recognised"), ("source", "source"))
    if grades:
        data["grades"] = grades


FAIL_GRADE = "Chưa đạt"


def _yes_no(r: _Reader, row: _Row, key: str) -> bool | None:
    found = r.choice(row, key, L.YES_NO)
    return None if found is None else found == "yes"


def _knockouts(r: _Reader, data: dict) -> None:
    out = []
    for row in r.table(L.KNOCKOUTS_SHEET, L.KNOCKOUTS, ("kind", "text")):
        kind = r.choice(row, "kind", L.KNOCKOUT_KINDS)
        if kind is None and not row.raw("kind"):
            r.problem(row.origin("kind"), f"chọn loại điều kiện; chỉ hỗ trợ “{L.KNOCKOUT_KINDS['criterion_zero']}” "
                                          "(điều kiện khác: xem trang Hướng dẫn)")
        item = {"kind": kind, "text": r.text(row, "text"), "source": r.cite(row, "source")}
        if L.KNOCKOUT_BELOW:
            item["below"] = r.number(row, "below", " điểm")
        _origins(r, ("knockouts", len(out)), row, ("kind", "kind"), ("text", "text"), ("source", "source"),
                 ("below", "below"))
        out.append({k: v for k, v in item.items() if v is not None})
    if out:
        data["knockouts"] = out


# --- levels, attributes, shares, notes -------------------------------------------------------------------

def _levels(r: _Reader, data: dict) -> list[int]:
    out = []
    r.origins[("levels",)] = Origin(L.LEVELS_SHEET)
    for row in r.table(L.LEVELS_SHEET, L.LEVELS, ("level", "name", "source")):
        level = r.integer(row, "level")
        item = {"level": level, "name": r.text(row, "name"), "source": r.cite(row, "source"),
                "months_after_lower": r.integer(row, "months_after_lower"),
                "months_after_lower_source": r.text(row, "months_after_lower_source")}
        lower = _yes_no(r, row, "requires_lower")
        if lower is not None:
            item["requires_lower"] = lower
        _origins(r, ("levels", len(out)), row, ("level", "level"), ("name", "name"), ("source", "source"),
                 ("requires_lower", "requires_lower"), ("months_after_lower", "months_after_lower"),
                 ("months_after_lower_source", "months_after_lower_source"))
        out.append({k: v for k, v in item.items() if v is not None})
    if out:
        data["levels"] = out
    numbers = [lv["level"] for lv in out if isinstance(lv.get("level"), int)]
    wanted = [n for n in numbers if 1 <= n <= L.MAX_LEVELS]
    ws = r.sheets.get(L.CRITERIA_SHEET)
    if ws is not None:
        present = {x[0] for _, cells in ws.rows[:10] for c in cells.values() if (x := L.level_of_header(fold(c.text)))}
        for n in wanted:
            if n not in present:
                r.problem(Origin(L.CRITERIA_SHEET), f"trang Mức độ có mức độ {n} nhưng trang này thiếu cột “Mức độ {n}: "
                                                    "yêu cầu”")
    for n in numbers:
        if not 1 <= n <= L.MAX_LEVELS:
            r.problem(Origin(L.LEVELS_SHEET), f"mức độ {n}: chỉ nhận 1 đến {L.MAX_LEVELS}")
    return sorted(set(wanted))


def _attributes(r: _Reader, data: dict) -> None:
    out: list[dict] = []
    for row in r.table(L.ATTRIBUTES_SHEET, L.ATTRIBUTES, ("key", "label", "kind")):
        key = r.code(row, "key")
        choice_key, choice_label = r.code(row, "choice_key"), r.text(row, "choice_label")
        if key is not None:
            kind = r.choice(row, "kind", L.ATTRIBUTE_KINDS)
            item = {"key": key, "label": r.text(row, "label"), "kind": kind, "default": r.usable(row, "default") or None,
                    "source": r.text(row, "source")}
            _origins(r, ("attributes", len(out)), row, ("key", "key"), ("label", "label"), ("kind", "kind"),
                     ("default", "default"), ("source", "source"), ("choices", "choice_key"))
            out.append(item)
        elif not out or not (choice_key or choice_label):
            r.problem(row.origin("key"), "dòng không có mã thuộc tính hay lựa chọn: ghi mã thuộc tính")
            continue
        if choice_key or choice_label:
            if not choice_key or not choice_label:
                r.problem(row.origin("choice_key" if not choice_key else "choice_label"), "mỗi lựa chọn cần cả mã và "
                                                                                           "nội dung")
                continue
            here = ("attributes", len(out) - 1, "choices", choice_key)
            choices = out[-1].setdefault("choices", {})
            if choice_key in choices:
                r.problem(row.origin("choice_key"), f"mã lựa chọn “{choice_key}” bị trùng")
            choices[choice_key] = choice_label
            r.origins[here] = row.origin("choice_key")
    for attr in out:
        default = attr.get("default")
        if default is not None:
            values = {"co": L.YES, "khong": L.NO} if attr.get("kind") == "boolean" else attr.get("choices", {})
            attr["default"] = L.choice_of(default, values, synonyms=False) or default
    if out:
        data["attributes"] = [{k: v for k, v in a.items() if v is not None} for a in out]


def _shares(r: _Reader, indicators: dict[str, _Indicator]) -> None:
    inputs = {(inp.key or code): inp for code, ind in indicators.items() for inp in ind.inputs}
    for row in r.table(L.SHARES_SHEET, L.SHARES, ("input_key", "title", "min_level", "valid_years")):
        key = r.code(row, "input_key")
        inp = inputs.get(key or "")
        if inp is None:
            r.problem(row.origin("input_key"), "không có cột số liệu này ở trang Tiêu chí" + _hint(key or "", list(inputs))
                      if key else "chưa ghi mã cột số liệu")
            continue
        share = {"title": r.text(row, "title"), "min_level": r.integer(row, "min_level"),
                 "valid_years": r.integer(row, "valid_years"), "source": r.text(row, "source")}
        inp.share = {k: v for k, v in share.items() if v is not None}
        inp.key = key
        inp.share_row = row


def _notes(r: _Reader, data: dict) -> None:
    notes, missing = [], []
    r.origins[("missing",)] = Origin(L.NOTES_SHEET)
    for row in r.table(L.NOTES_SHEET, L.NOTES, ("kind", "text")):
        kind = r.choice(row, "kind", L.NOTE_KINDS) if row.raw("kind") else "note"
        text = r.text(row, "text")
        if kind == "missing":
            _origins(r, ("missing", len(missing)), row, ("what", "text"), ("source", "source"))
            missing.append({k: v for k, v in {"what": text, "source": r.text(row, "source")}.items() if v is not None})
        elif kind == "note":
            _origins(r, ("notes", len(notes)), row)
            if text is None:
                r.problem(row.origin("text"), "chưa điền nội dung ghi chú")
                continue
            notes.append(text)
    if notes:
        data["notes"] = notes
    if missing:
        data["missing"] = missing


# --- the whole workbook -----------------------------------------------------------------------------------

def import_workbook(path: Path) -> Imported:
    """The criteria set a workbook describes, validated, and the text of its criteria file."""
    try:
        sheets = read_workbook(path, skip=frozenset({L.GUIDE_SHEET, L.LISTS_SHEET}))
    except WorkbookUnreadable:
        raise
    r = _Reader(path, sheets)
    missing_sheets = [s for s in (L.SET_SHEET, L.CRITERIA_SHEET) if s not in sheets]
    if missing_sheets:
        for s in missing_sheets:
            hint = did_you_mean(s, list(sheets))
            r.problem(Origin(s), "thiếu trang tính này" + (f" (có phải “{hint}” không?)" if hint else "") +
                      f"; các trang có: {', '.join(sheets) or 'không có'}")
        raise WorkbookInvalid(path, r.problems)
    data: dict = {}
    scheme = _form(r, data)
    if scheme is None:
        raise WorkbookInvalid(path, r.problems)
    for sheet in L.REQUIRED[scheme]:
        if sheet not in sheets:
            r.problem(Origin(sheet), f"thiếu trang tính này (bộ tiêu chí {L.SCHEMES[scheme]} cần trang “{sheet}”)")
    other = set(L.LEVELS_SHEETS if scheme == "points" else L.POINTS_SHEETS) - set(
        L.POINTS_SHEETS if scheme == "points" else L.LEVELS_SHEETS)
    for sheet in sorted(other):
        ws = sheets.get(sheet)
        if ws is not None and len(ws.rows) > 2:
            r.problem(Origin(sheet), f"bộ tiêu chí {L.SCHEMES[scheme]} không dùng trang này: xóa dữ liệu ở đây, hoặc "
                                     "sửa “Cách đánh giá” ở trang Bộ tiêu chí")
    draft = data.get("status") == "draft"
    number, articles = data["source"].get("number"), data["source"].get("articles")
    r.document = f"{number} ({articles})" if number and articles else number
    if scheme == "points":
        indicators = _criteria(r, data, scheme, [])
        _sums(r, data)
        _bands(r, indicators)
        _grades(r, data)
        _knockouts(r, data)
    else:
        levels = _levels(r, data)
        _attributes(r, data)
        indicators = _criteria(r, data, scheme, levels)
        _variants_sheet(r, indicators)
        _attribute_values(r, data, indicators)
        _shares(r, indicators)
        _finish_levels(r, indicators, levels, draft)
    _notes(r, data)
    cs = _validated(r, data, scheme)
    if r.problems or cs is None:
        raise WorkbookInvalid(path, _ordered(r.problems, list(sheets)))
    text = criteria_yaml(cs, [f"{cs.title} — {cs.source.number}: bộ tiêu chí nhập từ bảng tính {path.name} bằng "
                              "recognise criteria import.",
                              "Muốn sửa: sửa bảng tính rồi nhập lại (recognise criteria import), hoặc sửa tệp này rồi "
                              "kiểm tra (recognise criteria check)."])
    try:
        loaded = load_bytes(text.encode("utf-8"), path.with_suffix(".yaml").name)
    except CriteriaFileInvalid as exc:  # the workbook's checks are the loader's: this would be a fault of ours
        raise WorkbookInvalid(path, [WorkbookProblem(Origin(L.SET_SHEET), str(e)) for e in exc.errors]) from None
    assert loaded.criteria == cs
    for sheet, cells in r.cited.items():
        refs = ", ".join(f"{get_column_letter(o.column or 1)}{o.row}" for o in cells[:8]) + (
            "…" if len(cells) > 8 else "")
        r.notices.append(f"trang “{sheet}”: {len(cells)} ô “Căn cứ” để trống ({refs}), ghi theo văn bản {r.document}")
    return Imported(cs, text, r.notices)


def _validated(r: _Reader, data: dict, scheme: str) -> CriteriaSet | None:
    reported = {(p.origin.sheet, p.origin.row, p.origin.column) for p in r.problems}

    def add(path: Path_, message: str) -> None:
        origin = _origin_of(r, path)
        if (origin.sheet, origin.row, origin.column) in reported and origin.row is not None:
            return  # that cell's problem is already said
        reported.add((origin.sheet, origin.row, origin.column))
        r.problem(origin, _in_workbook_words(message, scheme))

    try:
        cs = CriteriaSet.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = _clean_loc(err["loc"])
            message = "chưa điền (bắt buộc)" if err["type"] == "missing" else _pydantic_message(err)
            if err["type"] == "string_pattern_mismatch":
                message = ("mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 32 ký tự), ví dụ "
                           "TC1 hoặc 1.1")
            add(loc, message)
        return None
    if r.problems:
        return cs
    for p in semantic_problems(cs) or _engine_limits(cs):
        add(p.path, p.message)
    return cs


def _origin_of(r: _Reader, path: Path_) -> Origin:
    path = tuple(path)
    while path:
        if path in r.origins:
            return r.origins[path]
        path = path[:-1]
    return Origin(L.SET_SHEET)


# the checks speak of the criteria file's keys; in the workbook the same things have these names
_WORDS = [
    ("thiếu 'kind' hoặc 'inputs'", "thiếu “Cách ghi”"),
    ("thiếu 'kind' (points, boolean, percent, number)", "thiếu “Cách cho điểm”"),
    ("dùng 'kind' hoặc 'inputs', không dùng cả hai", "ghi “Cách ghi” ở dòng chỉ tiêu hoặc ở các dòng cột số liệu, "
                                                     "không cả hai"),
    ("chỉ số tính điểm đọc một cột duy nhất; dùng 'kind'", "chỉ số tính điểm đọc một cột duy nhất"),
    ("'bands' (khoảng điểm)", "khoảng điểm ở trang Khoảng điểm"),
    ("'bands'", "khoảng điểm (trang Khoảng điểm)"),
    ("bỏ 'below'", "để trống “Đến dưới”"),
    ("thiếu 'below' (cận trên, không kể cận)", "thiếu “Đến dưới”"),
    ("'choices'", "các dòng “Mã lựa chọn”"),
    ("trong 'missing'", "ở trang Ghi chú, loại “còn thiếu”"),
    ("(status: draft)", "(tình trạng: dự thảo)"),
    ("(scheme: points) ", ""),
    ("(scheme: levels) ", ""),
    ("thiếu 'levels' (yêu cầu của từng mức độ)", "thiếu yêu cầu của từng mức độ"),
    ("'levels'", "mức độ"),
    ("cần 'max' (mức cao nhất của chuẩn)", "cần “Mức chuẩn cao nhất”"),
    ("'attributes'", "trang Thuộc tính"),
    ("'at_most' phải là một đầu vào khác, cùng kiểu, của chỉ tiêu này",
     "“Là một phần của cột” phải là một cột số liệu khác, cùng cách ghi, của chỉ tiêu này"),
    ("mỗi trường hợp có đúng một trong 'require' hoặc 'not_applicable: true'",
     f"mỗi trường hợp có ngưỡng hoặc “{L.NOT_APPLICABLE}”, không cả hai"),
    ("'require' rỗng: cần ít nhất một ngưỡng", "chưa có ngưỡng nào"),
    ("trường hợp không có 'when' (mặc định) phải đứng cuối", "trường hợp chung phải đứng cuối"),
    ("chỉ yêu cầu 'true'", f"chỉ ghi “{L.PASS}”"),
    ("không phải true/false", f"không phải “{L.PASS}”"),
    ("'grades'", "xếp loại"),
    ("'max_total'", "tổng điểm tối đa"),
    ("kiểu 'level'", "cách ghi “mức chuẩn”"),
    ("dùng boolean, percent, number hoặc level", "dùng đạt/không đạt, tỷ lệ %, số hoặc mức chuẩn"),
    ("kiểu percent", "kiểu tỷ lệ %"),
    ("kiểu number", "kiểu số"),
    ("kiểu points", "kiểu chấm điểm"),
    ("kiểu boolean", "kiểu đạt/không đạt"),
]


def _in_workbook_words(message: str, scheme: str) -> str:
    for old, new in _WORDS:
        message = message.replace(old, new)
    if message.startswith("hở khoảng"):
        message += " (“Đến dưới” không kể cận: loại từ 70 đến dưới 85 thì ghi 85, hoặc để trống)"
    if message.startswith("mã chỉ tiêu") and message.endswith("bị trùng"):
        message += (" (mã phải khác nhau trong cả bộ tiêu chí, kể cả với mã tiêu chí; chỉ số đánh a, b, c trong từng "
                    "tiêu chí thì ghi kèm số tiêu chí: 1.a, 2.a)")
    return message


def _ordered(problems: list[WorkbookProblem], order: list[str]) -> list[WorkbookProblem]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(problems, key=lambda p: (rank.get(p.origin.sheet, -1), p.origin.row or 0, p.origin.column or 0))


__all__ = ["Imported", "Origin", "WorkbookInvalid", "WorkbookProblem", "WorkbookUnreadable", "fmt",
           "import_workbook"]
