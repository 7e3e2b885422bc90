"""`recognise criteria import`: a province's criteria workbook (see workbook_layout.py) to a criteria set.

Each cell is read by what it holds (engine/criteria/workbook_cells.py: no formula is evaluated, a formula is
refused by name, sizes are bounded), parsed into the plain data of a criteria file while remembering the cell
each value came from, then validated by the model and by the same checks as any criteria file (sums of
maxima, grade bands, thresholds, exact numbers, the rules engine's limits). Every problem names the
worksheet, the row, the column and the value; nothing is written unless the whole workbook is right.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from engine.criteria import workbook_layout as L
from engine.criteria.checks import semantic_problems
from engine.criteria.derive import slug
from engine.criteria.dump import criteria_yaml
from engine.criteria.load import CriteriaFileInvalid, _clean_loc, _engine_limits, _pydantic_message, load_bytes
from engine.criteria.model import CriteriaSet
from engine.criteria.workbook_cells import WorkbookUnreadable, read_workbook
from engine.criteria.workbook_levels import (
    attribute_values,
    attributes_sheet,
    finish_levels,
    has_input,
    input_row,
    levels_sheet,
    shares_sheet,
    variants_sheet,
)
from engine.criteria.workbook_points import bands_sheet, grades_sheet, knockouts_sheet, sums
from engine.criteria.workbook_reader import (
    Imported,
    IndicatorRows,
    Origin,
    Path_,
    Reader,
    Row,
    WorkbookInvalid,
    WorkbookProblem,
    day_of,
    note_origins,
    ref,
    set_path,
)
from engine.errors import did_you_mean
from engine.vn.text import fold


def _form(r: Reader, data: dict) -> str | None:
    """The set's worksheet: each labelled line's value into `data`; returns the scheme."""
    ws = r.sheets[L.SET_SHEET]
    labels = {fold(f.label): f for f in L.SET_FIELDS}
    seen: dict[str, Row] = {}
    for number, cells in ws.rows:
        label = cells.get(1)
        if label is None or (f := labels.get(fold(label.text))) is None or f.key in seen:
            continue
        row = Row(L.SET_SHEET, number, {"value": cells[2]} if 2 in cells else {}, {"value": (2, f.label)})
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
            set_path(data, f.key, value)
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


def _scheme_of_sheets(r: Reader) -> str | None:
    def filled(name: str) -> bool:
        ws = r.sheets.get(name)
        return ws is not None and len(ws.rows) > 2

    points, levels = filled(L.GRADES_SHEET), filled(L.LEVELS_SHEET)
    return "points" if points and not levels else "levels" if levels and not points else None


def _form_value(r: Reader, row: Row, f: L.Field):
    if f.kind == "choice":
        assert f.choices is not None
        return r.choice(row, "value", f.choices)
    if f.kind == "number":
        return r.number(row, "value", " điểm")
    if f.kind == "date":
        text = r.usable(row, "value")
        if not text:
            return None
        day = day_of(text)
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


def _criteria(r: Reader, data: dict, scheme: str, levels: list[int]) -> dict[str, IndicatorRows]:
    columns = L.POINTS_CRITERIA if scheme == "points" else L.levels_criteria(L.MAX_LEVELS)
    rows = r.table(L.CRITERIA_SHEET, columns, ("criterion", "name", "indicator", "text", "source", "kind"))
    kinds = L.POINTS_KINDS if scheme == "points" else L.LEVELS_KINDS
    criteria: list[dict] = []
    indicators: dict[str, IndicatorRows] = {}
    current: IndicatorRows | None = None
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
            note_origins(r, path, row, ("code", "criterion"), ("name", "name"), ("source", "source"), ("max", "max"),
                     ("note", "note"), ("indicators", "indicator"))
            current = None
            continue
        if icode is None:
            if scheme == "levels" and current is not None and has_input(row):
                current.inputs.append(input_row(r, row, kinds, levels))
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
        current = IndicatorRows(ind, path, row)
        note_origins(r, path, row, ("code", "indicator"), ("text", "text"), ("source", "source"), ("note", "note"),
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
                r.notices.append(f"trang “{row.sheet}”, ô {ref(row, 'kind')}: “{kinds['points']}” (để trống)")
        elif has_input(row) or row.raw("kind"):
            current.inputs.append(input_row(r, row, kinds, levels))
        for k in [k for k, v in ind.items() if v is None]:
            del ind[k]
    data["criteria"] = criteria
    return indicators


def _notes(r: Reader, data: dict) -> None:
    notes, missing = [], []
    r.origins[("missing",)] = Origin(L.NOTES_SHEET)
    for row in r.table(L.NOTES_SHEET, L.NOTES, ("kind", "text")):
        kind = r.choice(row, "kind", L.NOTE_KINDS) if row.raw("kind") else "note"
        text = r.text(row, "text")
        if kind == "missing":
            note_origins(r, ("missing", len(missing)), row, ("what", "text"), ("source", "source"))
            missing.append({k: v for k, v in {"what": text, "source": r.text(row, "source")}.items() if v is not None})
        elif kind == "note":
            note_origins(r, ("notes", len(notes)), row)
            if text is None:
                r.problem(row.origin("text"), "chưa điền nội dung ghi chú")
                continue
            notes.append(text)
    if notes:
        data["notes"] = notes
    if missing:
        data["missing"] = missing


def import_workbook(path: Path) -> Imported:
    """The criteria set a workbook describes, validated, and the text of its criteria file."""
    try:
        sheets = read_workbook(path, skip=frozenset({L.GUIDE_SHEET, L.LISTS_SHEET}))
    except WorkbookUnreadable:
        raise
    known = {fold(name): name for name in (*L.POINTS_SHEETS, *L.LEVELS_SHEETS)}
    sheets = {known.get(fold(name), name): ws for name, ws in sheets.items()}  # "TIÊU CHÍ", "Tieu chi": the same
    r = Reader(path, sheets)
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
        sums(r, data)
        bands_sheet(r, indicators)
        grades_sheet(r, data)
        knockouts_sheet(r, data)
    else:
        levels = levels_sheet(r, data)
        attributes_sheet(r, data)
        indicators = _criteria(r, data, scheme, levels)
        variants_sheet(r, indicators)
        attribute_values(r, data, indicators)
        shares_sheet(r, indicators)
        finish_levels(r, indicators, levels, draft)
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


def _validated(r: Reader, data: dict, scheme: str) -> CriteriaSet | None:
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


def _origin_of(r: Reader, path: Path_) -> Origin:
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


__all__ = ["Imported", "Origin", "WorkbookInvalid", "WorkbookProblem", "WorkbookUnreadable", "import_workbook"]
