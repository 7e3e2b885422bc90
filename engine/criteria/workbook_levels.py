"""The levels workbook: levels, attributes, the special cases of an indicator, shares from the registry, and each
indicator's inputs and requirements per level (a threshold, "đạt", "không áp dụng", or nothing asked)."""

from __future__ import annotations

import re

from engine.criteria import workbook_layout as L
from engine.criteria.workbook_reader import (
    NA,
    IndicatorRows,
    InputRow,
    Origin,
    Path_,
    Reader,
    Row,
    decimal_of,
    hint,
    note_origins,
    num,
    ref,
    yes_no,
)
from engine.vn.text import fold


def has_input(row: Row) -> bool:
    return any(row.raw(k) for k in ("input_key", "input_label", "kind", "max", "at_most")) or any(
        row.raw(k) for k in row.cells if k.startswith("level:"))


def input_row(r: Reader, row: Row, kinds: dict[str, str], levels: list[int]) -> InputRow:
    kind = r.choice(row, "kind", kinds)
    if kind is None and row.cell("kind") is None and any(k.startswith("level:") for k in row.cells) and all(
            fold(c.text) in PASS_WORDS | NA_WORDS for k, c in row.cells.items() if k.startswith("level:")):
        kind = "boolean"  # every level asks "đạt": a pass/fail indicator
        r.notices.append(f"trang “{row.sheet}”, ô {ref(row, 'kind')}: “{kinds['boolean']}” (để trống, các mức độ "
                         f"ghi “{L.PASS}”)")
    inp = InputRow(row, r.code(row, "input_key"), r.text(row, "input_label"), kind, r.number(row, "max"),
                 r.code(row, "at_most"))
    for key in row.headers:
        if key.startswith("level:"):
            level = int(key.split(":")[1])
            value = threshold(r, row, key, kind)
            if value is not None:
                inp.thresholds[level] = value
        elif key.startswith("level_source:"):
            text = r.text(row, key)
            if text:
                inp.sources[int(key.split(":")[1])] = text
    return inp


PASS_WORDS = {"dat", "co", "x", "phai dat", "yeu cau dat"}


NA_WORDS = {"khong ap dung", "k/a", "ka", "khong xet", "khong ap dung cho muc nay"}


def threshold(r: Reader, row: Row, key: str, kind: str | None):
    text = r.usable(row, key)
    if not text:
        return None
    folded = fold(text)
    if folded in NA_WORDS:
        return NA
    if folded in PASS_WORDS:
        if kind not in (None, "boolean"):
            r.problem(row.origin(key), f"cột cách ghi “{L.LEVELS_KINDS[kind]}” cần một ngưỡng số, không phải “{text}”")
            return None
        return True
    folded = re.sub(r"^(muc do|muc)\s*", "", folded)
    d = decimal_of(folded)
    if d is None:
        r.problem(row.origin(key), f"cần một ngưỡng số, “{L.PASS}” hoặc “{L.NOT_APPLICABLE}”")
        return None
    if kind == "boolean":
        r.problem(row.origin(key), f"chỉ tiêu đạt/không đạt: ghi “{L.PASS}” hoặc “{L.NOT_APPLICABLE}”, không ghi số")
        return None
    return d


def finish_levels(r: Reader, indicators: dict[str, IndicatorRows], levels: list[int], draft: bool) -> None:
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
                note_origins(r, here, inp.row, ("key", "input_key"), ("label", "input_label"), ("kind", "kind"),
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


def _variant_list(r: Reader, ind: IndicatorRows, code: str, level: int) -> list[dict] | None:
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


def _variant(r: Reader, rows: list[tuple[Row, InputRow]], level: int, code: str, path: Path_,
             source_row: Row | None = None) -> dict | None:
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
            require[key] = value if value is True else num(value)
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


def variants_sheet(r: Reader, indicators: dict[str, IndicatorRows]) -> None:
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
        case = InputRow(row, inp.key, None, inp.kind, None, None)
        for column in row.headers:
            if column.startswith("level:"):
                value = threshold(r, row, column, inp.kind)
                if value is not None:
                    case.thresholds[int(column.split(":")[1])] = value
            elif column.startswith("level_source:") and (text := r.text(row, column)):
                case.sources[int(column.split(":")[1])] = text
        group = next((g for g in ind.variants if g[0] == attribute and g[1] == values), None)
        if group is None:
            ind.variants.append((attribute, values, [(row, case)]))
        else:
            group[2].append((row, case))


def attribute_values(r: Reader, data: dict, indicators: dict[str, IndicatorRows]) -> None:
    """The values of a special case as the attribute's codes (a label or its code may be written)."""
    attributes = {a.get("key"): a for a in data.get("attributes", [])}
    for ind in indicators.values():
        fixed = []
        for attribute, values, rows in ind.variants:
            attr = attributes.get(attribute)
            if attr is None:
                r.problem(rows[0][0].origin("attribute"), "không có thuộc tính này ở trang Thuộc tính" +
                          hint(attribute, list(attributes)))
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


def levels_sheet(r: Reader, data: dict) -> list[int]:
    out = []
    r.origins[("levels",)] = Origin(L.LEVELS_SHEET)
    for row in r.table(L.LEVELS_SHEET, L.LEVELS, ("level", "name", "source")):
        level = r.integer(row, "level")
        item = {"level": level, "name": r.text(row, "name"), "source": r.cite(row, "source"),
                "months_after_lower": r.integer(row, "months_after_lower"),
                "months_after_lower_source": r.text(row, "months_after_lower_source")}
        lower = yes_no(r, row, "requires_lower")
        if lower is not None:
            item["requires_lower"] = lower
        note_origins(r, ("levels", len(out)), row, ("level", "level"), ("name", "name"), ("source", "source"),
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


def attributes_sheet(r: Reader, data: dict) -> None:
    out: list[dict] = []
    for row in r.table(L.ATTRIBUTES_SHEET, L.ATTRIBUTES, ("key", "label", "kind")):
        key = r.code(row, "key")
        choice_key, choice_label = r.code(row, "choice_key"), r.text(row, "choice_label")
        if key is not None:
            kind = r.choice(row, "kind", L.ATTRIBUTE_KINDS)
            item = {"key": key, "label": r.text(row, "label"), "kind": kind, "default": r.usable(row, "default") or None,
                    "source": r.text(row, "source")}
            note_origins(r, ("attributes", len(out)), row, ("key", "key"), ("label", "label"), ("kind", "kind"),
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


def shares_sheet(r: Reader, indicators: dict[str, IndicatorRows]) -> None:
    inputs = {(inp.key or code): inp for code, ind in indicators.items() for inp in ind.inputs}
    for row in r.table(L.SHARES_SHEET, L.SHARES, ("input_key", "title", "min_level", "valid_years")):
        key = r.code(row, "input_key")
        inp = inputs.get(key or "")
        if inp is None:
            r.problem(row.origin("input_key"), "không có cột số liệu này ở trang Tiêu chí" + hint(key or "", list(inputs))
                      if key else "chưa ghi mã cột số liệu")
            continue
        share = {"title": r.text(row, "title"), "min_level": r.integer(row, "min_level"),
                 "valid_years": r.integer(row, "valid_years"), "source": r.text(row, "source")}
        inp.share = {k: v for k, v in share.items() if v is not None}
        inp.key = key
        inp.share_row = row
