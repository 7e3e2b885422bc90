"""The points workbook: maxima left blank, bands of points, grades and the fail grade, knock-outs."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.utils import get_column_letter

from engine.criteria import workbook_layout as L
from engine.criteria.workbook_reader import IndicatorRows, Origin, Path_, Reader, Row, hint, note_origins, num, yes_no
from engine.vn.numbers import fmt


def sums(r: Reader, data: dict) -> None:
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
        return num(sum((Decimal(str(v)) for v in values), Decimal(0)))

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


def bands_sheet(r: Reader, indicators: dict[str, IndicatorRows]) -> None:
    found: dict[str, list[tuple[float, float, Row]]] = {}
    for row in r.table(L.BANDS_SHEET, L.BANDS, ("indicator", "min", "points")):
        code = r.code(row, "indicator")
        if code not in indicators:
            r.problem(row.origin("indicator"), ("không có chỉ số này ở trang Tiêu chí" +
                                                hint(code, list(indicators))) if code else "chưa ghi mã chỉ số")
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
            note_origins(r, ind.path + ("bands", bi), row, ("min", "min"), ("points", "points"))


def grades_sheet(r: Reader, data: dict) -> None:
    rows = r.table(L.GRADES_SHEET, L.GRADES, ("name", "min", "recognised"))
    r.origins[("grades",)] = Origin(L.GRADES_SHEET)
    r.origins[("fail_grade",)] = Origin(L.GRADES_SHEET)
    graded: list[tuple[float, Row, dict]] = []
    fails: list[Row] = []
    for row in rows:
        low = r.number(row, "min", " điểm")
        if low is None and row.raw("min"):
            continue
        if low is None:
            fails.append(row)
            continue
        grade = {"name": r.text(row, "name"), "min": low, "below": r.number(row, "below", " điểm"),
                 "recognised": yes_no(r, row, "recognised"), "source": r.cite(row, "source")}
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
        if yes_no(r, fail, "recognised") is True:
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
        note_origins(r, ("grades", gi), row, ("name", "name"), ("min", "min"), ("below", "below"),
                 ("recognised", "recognised"), ("source", "source"))
    if grades:
        data["grades"] = grades


FAIL_GRADE = "Chưa đạt"


def knockouts_sheet(r: Reader, data: dict) -> None:
    out = []
    for row in r.table(L.KNOCKOUTS_SHEET, L.KNOCKOUTS, ("kind", "text")):
        kind = r.choice(row, "kind", L.KNOCKOUT_KINDS)
        if kind is None and not row.raw("kind"):
            r.problem(row.origin("kind"), f"chọn loại điều kiện; chỉ hỗ trợ “{L.KNOCKOUT_KINDS['criterion_zero']}” "
                                          "(điều kiện khác: xem trang Hướng dẫn)")
        item = {"kind": kind, "text": r.text(row, "text"), "source": r.cite(row, "source")}
        if L.KNOCKOUT_BELOW:
            item["below"] = r.number(row, "below", " điểm")
        note_origins(r, ("knockouts", len(out)), row, ("kind", "kind"), ("text", "text"), ("source", "source"),
                 ("below", "below"))
        out.append({k: v for k, v in item.items() if v is not None})
    if out:
        data["knockouts"] = out
